import { randomUUID } from 'node:crypto';
import type { PlanDocument } from '@plancycle/contracts';
import type { Locator } from 'playwright-core';
import { eventually } from '../support/test-stack';
import { accessibilityFindings, startBrowserStack, type BrowserStack } from './support/browser-stack';

jest.setTimeout(240_000);

/**
 * The coordinator tries a stricter escalation ladder on a real cycle in the console: a draft
 * with 督办 raised to two grace units, simulated over a cycle whose unit never reported; the
 * table shows the decision that would change, both sentences and the condition that flipped.
 * The amendment panel on the published version refuses, in words, a version that is not newer.
 * Nothing is published, so cycles other specs publish decide as before.
 */
describe('what-if and amendment in the console', () => {
  const run = randomUUID().slice(0, 6);
  const email = (who: string) => `${who}-whatif-${run}@test.plancycle.local`;
  const unit = `科工局试算${run}`;
  const planTitle = `科技创新工作要点（试算测试${run}）`;
  let stack: BrowserStack;
  let cycleId: string;

  beforeAll(async () => {
    stack = await startBrowserStack({ name: 'browser-what-if' });
    const seed = { id: 'test:seed', role: 'system' as const, name: 'test seed' };
    await stack.repositories.directory.ensureActiveUnits(seed, [unit]);
    await stack.repositories.directory.createPerson(seed, { name: '周协调', email: email('coordinator'), role: 'coordinator' });
    const plan: PlanDocument = {
      jurisdiction: '沅江市',
      year: 2026,
      title: planTitle,
      goals: [],
      tasks: [
        {
          number: '一',
          category: null,
          title: '培育壮大科技型企业',
          content: null,
          leader: null,
          targets: [
            {
              text: '新增入库科技型中小企业50家',
              units: { lead: [unit], cooperating: [] },
              indicators: [{ metric: '新增入库科技型中小企业', kind: 'count', comparator: 'gte', value: 50, unit: '家', stretch: false }],
            },
          ],
        },
      ],
    };
    const created = await stack.call(email('coordinator'), 'POST', '/plans', { document: plan });
    cycleId = String(created['cycleId']);
    await stack.call(email('coordinator'), 'POST', `/plans/${String(created['id'])}/publish`, {
      calendar: {
        kind: 'compressed',
        periodCount: 1,
        periodSeconds: 8,
        reminderSeconds: 3,
        graceSeconds: 2,
        escalationChecks: 2,
        evaluationAfterSeconds: 900,
      },
    });
    // The unit never reports: 提醒 at the deadline, 督办 one grace unit later.
    await eventually(
      async () => (await stack.repositories.decisions.listDecisions({ cycleId, kind: 'escalation' })).length === 2,
      60_000,
      'two escalation decisions',
    );
  });

  afterAll(async () => {
    await stack?.close();
  });

  it('simulates a stricter draft on the cycle and shows the changed decision; the amendment panel explains a refusal', async () => {
    const cycle = await stack.call(email('coordinator'), 'GET', `/cycles/${cycleId}`);
    const pinned = (cycle['ruleSets'] as { id: string; version: string }[]).find((p) => p.id === 'escalation')?.version as string;
    const draft = await stack.call(email('coordinator'), 'POST', `/rule-sets/escalation/versions/${pinned}/drafts`, {
      changeNote: `浏览器测试：督办门槛提高（${run}）`,
    });
    const ruleFile = structuredClone(draft['ruleFile']) as {
      rules: { name: string; conditions: { all: { fact: string; value: unknown }[] } }[];
    };
    const leaf = ruleFile.rules.find((r) => r.name === 'overdue: supervision')?.conditions.all.find((c) => c.fact === 'overdueGraceUnits');
    if (!leaf) throw new Error('the shipped ladder changed');
    leaf.value = 2;
    await stack.call(email('coordinator'), 'PUT', `/rule-sets/escalation/versions/${String(draft['version'])}`, {
      revision: draft['revision'],
      ruleFile,
      goldenCases: draft['goldenCases'],
    });

    const { context, page } = await stack.signInInBrowser(email('coordinator'), '周协调');
    // antd's visible option (its accessible twin in the list box is hidden). On a loaded
    // machine a click can land while the list opens; the choice is checked and made again.
    const chooseCycle = async (within: Locator) => {
      for (let attempt = 1; ; attempt += 1) {
        await within.getByLabel('周期').click();
        const chosen = within.locator('.ant-select').getByText(planTitle);
        try {
          // The list may close under the click (CI saw the option go hidden and the click wait
          // out the test): a bounded click, then open the list again.
          await page
            .locator('.ant-select-dropdown:visible .ant-select-item-option')
            .filter({ hasText: planTitle })
            .first()
            .click({ timeout: 10_000 });
          await chosen.waitFor({ timeout: 10_000 });
          return;
        } catch (error) {
          if (attempt === 3) throw error;
        }
      }
    };
    await page.goto(`${stack.base}/rules/escalation/${String(draft['version'])}`);
    const panel = page.getByTestId('rule-set-simulation');
    await chooseCycle(panel);
    await panel.getByRole('button', { name: /试\s?算/ }).click();
    const row = panel.getByRole('row').filter({ hasText: unit });
    await row.waitFor();
    await row.getByText('督办').first().waitFor();
    await row.getByText('提醒').first().waitFor();
    await row.getByText(`按规则集 escalation v${pinned} 第2条「overdue: supervision」升级为督办。`, { exact: false }).waitFor();
    await row.getByText('不再触发').waitFor();
    await panel.getByText('督办 → 提醒：1').waitFor();
    await panel.getByText('试算结果仅供参考，未写入任何数据。').waitFor();
    await stack.shoot(page, 'rules-what-if');
    await panel.scrollIntoViewIfNeeded();
    await stack.shoot(page, 'rules-what-if-panel', { fullPage: false });
    expect(await accessibilityFindings(page)).toEqual([]);
    expect(await stack.repositories.decisions.listDecisions({ cycleId, kind: 'escalation' })).toHaveLength(2);

    // The published version the cycle already decides with: amending to it is refused, in words.
    await page.goto(`${stack.base}/rules/escalation/${pinned}`);
    const amend = page.getByTestId('rule-set-amend');
    await chooseCycle(amend);
    await amend.getByText(`该周期现行版本：v${pinned}`).waitFor();
    await amend.getByLabel('修订理由').fill('浏览器测试：重复修订');
    await amend.getByRole('button', { name: /修订为此版本/ }).click();
    await page.getByRole('button', { name: /确\s?定|OK/ }).click();
    await amend.getByRole('alert').getByText(`须为比 v${pinned} 更新的版本`).waitFor();
    await stack.shoot(page, 'rules-amend-refused', { fullPage: false });
    await context.close();
  });
});
