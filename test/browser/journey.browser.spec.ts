import { randomUUID } from 'node:crypto';
import path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { repositoryRoot } from '@plancycle/devstack';
import { startBrowserStack, type BrowserStack } from './support/browser-stack';
import { eventually } from '../support/test-stack';

jest.setTimeout(600_000);

/**
 * One year of a plan in the console, end to end, as issue 8 tells it: a coordinator imports a
 * real published document, fixes a flagged line and publishes; a department finds its
 * assignment in the inbox, acknowledges and reports; the coordinator returns it with a
 * comment; the department sees the comment and resubmits; the coordinator approves. The
 * other unit never reports: it shows red, and its 督办 appears on the board and on its
 * leader's page. The cycle is evaluated and the ranking chart and summary show. An auditor
 * opens the assignment's timeline (each step with its person and rule version, no write
 * control), and a department cannot open the other unit's assignment by URL. Everything
 * through the real API, PostgreSQL, Temporal and the OIDC provider, in Debian's Chromium.
 * Screenshots go to tmp/screenshots/journey-*.png.
 */
const DOCUMENT = path.join(repositoryRoot, 'libs', 'plan-import', 'corpus', 'huarong-2017-checklist.txt');
/** One reporting period, long enough for the report, return, resubmission and approval. */
const PERIOD_SECONDS = 150;

describe('a year of a plan in the console, from the imported document to the ranking', () => {
  const run = randomUUID().slice(0, 6);
  const science = `华容县科技局${run}`;
  const statistics = `华容县统计局${run}`;
  const email = (who: string) => `${who}-journey-${run}@test.plancycle.local`;
  let stack: BrowserStack;

  const save = (page: Page) => page.getByRole('button', { name: /保存草稿|保 存 草 稿/ }).click();
  /** Types a unit into a tags Select and confirms it. */
  const addUnit = async (select: Locator, name: string) => {
    await select.click();
    await select.pressSequentially(name);
    await select.press('Enter');
    await select.press('Escape');
  };

  beforeAll(async () => {
    stack = await startBrowserStack({ name: 'browser-journey' });
    const seed = { id: 'test:seed', role: 'system' as const, name: 'test seed' };
    const directory = stack.repositories.directory;
    await directory.ensureActiveUnits(seed, [science, statistics]);
    await directory.createPerson(seed, { name: '周协调', email: email('coordinator'), role: 'coordinator' });
    await directory.createPerson(seed, { name: '王芳', email: email('clerk-science'), role: 'department', unit: science });
    await directory.createPerson(seed, { name: '赵磊', email: email('clerk-statistics'), role: 'department', unit: statistics });
    await directory.createPerson(seed, { name: '李局长', email: email('leader'), role: 'leader', leaderOf: [statistics] });
    await directory.createPerson(seed, { name: '钱审计', email: email('auditor'), role: 'auditor' });
  });

  afterAll(async () => {
    await stack?.close();
  });

  it('import → fix → publish → report → return → resubmit → approve → late unit red and 督办 → evaluation → audit', async () => {
    // ── The coordinator imports the county's published checklist and fixes what was flagged.
    const coordinator = await stack.signInInBrowser(email('coordinator'), '周协调');
    const page = coordinator.page;
    await page.getByRole('menuitem', { name: '计划' }).click();
    await page.getByRole('button', { name: /导入计划文件/ }).click();
    await page.locator('input[type=file]').setInputFiles(DOCUMENT);
    await page.getByRole('button', { name: /导\s?入/ }).click();
    await page.waitForURL(/\/plan-drafts\/[0-9a-f-]{36}$/);
    const planId = page.url().split('/').pop() as string;
    await page.getByTestId('pd-flag-list').waitFor();
    const tasks = page.getByTestId('pd-task');
    expect(await tasks.nth(0).getByTestId('pd-flag').textContent()).toContain('没有找到责任单位');
    await stack.shoot(page, 'journey-1-flagged-draft', { fullPage: false });

    // The flagged first task: its figure corrected and its unit named; the others get theirs.
    await tasks.nth(0).getByLabel('目标值').first().fill('130');
    await addUnit(tasks.nth(0).getByLabel('牵头单位').first(), science);
    const second = tasks.nth(1);
    for (let target = 0; target < (await second.getByLabel('牵头单位').count()); target += 1) {
      await addUnit(second.getByLabel('牵头单位').nth(target), science);
    }
    for (let target = 0; target < (await tasks.nth(2).getByLabel('牵头单位').count()); target += 1) {
      await addUnit(tasks.nth(2).getByLabel('牵头单位').nth(target), statistics);
    }
    await save(page);
    await page.getByText(/草稿已保存（第 2 版）/).waitFor();

    // Published on a compressed calendar of one period; decomposition shows its progress.
    const publish = page.getByRole('form', { name: '发布并启动年度周期' });
    await publish.getByText('压缩日历（演示、测试：以秒计）').click();
    await publish.getByLabel('期数').fill('1');
    await publish.getByLabel('每期时长（秒）').fill(String(PERIOD_SECONDS));
    await publish.getByLabel('截止前提醒（秒）').fill('10');
    await publish.getByLabel('逾期宽限（秒）').fill('2');
    await publish.getByLabel('督办检查次数').fill('2');
    await publish.getByLabel('末期截止后自动考核（秒）').fill('3600');
    await publish.getByRole('button', { name: /发\s?布/ }).click();
    await page.getByRole('button', { name: /确\s?定|OK/ }).click();
    await page.getByTestId('pd-cycle-progress').waitFor();
    await page.getByText('年度周期已启动，正在报送中').waitFor({ timeout: 90_000 });
    const plan = await stack.call(email('coordinator'), 'GET', `/plans/${planId}`);
    const cycleId = String(plan['cycleId']);
    type Listed = { id: string; unit: string; target: { text: string }; indicators: { id: string; kind: string }[]; status: unknown };
    const assignments = await eventually(async () => {
      const items = (await stack.call(email('coordinator'), 'GET', `/cycles/${cycleId}/assignments?limit=50`))['items'] as Listed[];
      return items.length > 0 && items.every((a) => a.status !== null) ? items : undefined;
    }, 60_000);
    const ofScience = assignments.filter((a) => a.unit === science);
    const late = assignments.find((a) => a.unit === statistics) as Listed;
    const patent = ofScience.find((a) => a.target.text.includes('120件')) ?? (ofScience[0] as Listed);

    // ── The science bureau's clerk finds the patent target in the inbox, acknowledges and reports.
    const clerk = await stack.signInInBrowser(email('clerk-science'), `王芳 · ${science}`);
    const row = clerk.page.getByRole('row').filter({ hasText: patent.target.text.slice(0, 20) });
    await row.waitFor();
    await stack.shoot(clerk.page, 'journey-2-inbox', { fullPage: false });
    await row.getByRole('link').first().click();
    await clerk.page.waitForURL(`${stack.base}/tasks/${patent.id}`);
    await clerk.page.getByRole('button', { name: /签\s?收/ }).click();
    await clerk.page.getByText('已签收', { exact: true }).first().waitFor();
    const form = clerk.page.getByRole('form', { name: '报送' });
    const fillReport = async (narrative: string, figure: string) => {
      for (const input of await form.locator('input.ant-input-number-input').all()) await input.fill(figure);
      for (const done of await form.getByRole('radio', { name: '已完成' }).all()) await done.check();
      await form.getByLabel('进展情况').fill(narrative);
    };
    await fillReport('上半年新增有效发明专利68件，下半年继续推进。', '68');
    await form.getByRole('button', { name: /提交报送|提 交 报 送/ }).click();
    await clerk.page.getByTestId('report-history-item').filter({ hasText: '上半年新增有效发明专利68件' }).waitFor();
    // Its other assignments are reported through the API, so only the statistics bureau is late.
    for (const assignment of ofScience.filter((a) => a.id !== patent.id)) {
      await stack.call(email('clerk-science'), 'POST', `/assignments/${assignment.id}/acknowledge`, {});
      await stack.call(email('clerk-science'), 'POST', `/assignments/${assignment.id}/reports`, {
        periodKey: 'P1',
        idempotencyKey: `journey-${assignment.id}`,
        narrative: '按计划推进，附工作台账。',
        values: assignment.indicators.map((i) =>
          i.kind === 'milestone' ? { indicatorId: i.id, done: true } : { indicatorId: i.id, value: 100 },
        ),
      });
    }

    // ── The coordinator returns it with a comment; the clerk sees it and resubmits; approved.
    const review = page.getByRole('form', { name: '审核' });
    await page.getByRole('menuitem', { name: '审核' }).click();
    await page.getByRole('link', { name: patent.target.text }).click();
    await review.getByLabel('审核意见').fill('请补充专利授权清单');
    await review.getByRole('button', { name: '退回修改' }).click();
    await page.getByTestId('report-history-item').filter({ hasText: '请补充专利授权清单' }).waitFor();
    await clerk.page.reload();
    await clerk.page.getByTestId('return-comment').filter({ hasText: '请补充专利授权清单' }).waitFor();
    await fillReport('已补充专利授权清单：上半年新增有效发明专利70件。', '70');
    await stack.shoot(clerk.page, 'journey-3-resubmit', { fullPage: false });
    await form.getByRole('button', { name: '重新提交' }).click();
    await clerk.page.getByTestId('report-history-item').filter({ hasText: '已补充专利授权清单' }).waitFor();
    await page.reload();
    await review.getByRole('button', { name: '审核通过' }).click();
    await page.getByTestId('report-history-item').first().filter({ hasText: '审核通过' }).waitFor();

    // ── The statistics bureau never reports: after the due date and its grace, 督办.
    await eventually(
      async () => {
        const page = await stack.call(email('coordinator'), 'GET', `/cycles/${cycleId}/escalations?limit=50`);
        return (page['items'] as { assignmentId: string; level: string }[]).some(
          (e) => e.assignmentId === late.id && e.level === 'supervision',
        );
      },
      (PERIOD_SECONDS + 120) * 1000,
      'the 督办 of the statistics bureau',
    );
    // Red on the board, with the 督办 counted by level.
    await page.goto(`${stack.base}/cycle-board/${cycleId}`);
    await page.getByTestId(`board-cell-${statistics}-P1`).locator('[data-light="red"]').waitFor();
    await page
      .getByTestId('escalations-supervision')
      .filter({ hasText: /督办\s*1/ })
      .waitFor();
    await stack.shoot(page, 'journey-4-board', { fullPage: false });
    // On the leader's page, as the leader of the statistics bureau.
    const leader = await stack.signInInBrowser(email('leader'), '李局长');
    await leader.page.getByRole('menuitem', { name: '我分管的工作' }).click();
    await leader.page
      .getByTestId('leader-escalations')
      .getByRole('row')
      .filter({ hasText: '督办' })
      .filter({ hasText: statistics })
      .waitFor();
    await leader.page
      .getByRole('row')
      .filter({ hasText: late.target.text.slice(0, 20) })
      .locator('[data-light="red"]')
      .first()
      .waitFor();
    await stack.shoot(leader.page, 'journey-5-leader', { fullPage: false });
    await leader.context.close();

    // ── The year-end evaluation: ranking table and chart, and the summary.
    await page.getByRole('link', { name: '年终考核' }).click();
    await page.getByRole('button', { name: '开始年终考核' }).click();
    await page.locator('.ant-popconfirm').getByRole('button', { name: '开始年终考核' }).click();
    await page.getByTestId('ranking-table').getByRole('row').filter({ hasText: science }).waitFor({ timeout: 90_000 });
    await page.getByTestId('unit-score-chart').locator('svg').waitFor();
    expect(await page.getByTestId('evaluation-summary').textContent()).toContain('年终考核');
    const ranks = await page.getByTestId('ranking-table').getByRole('row').allTextContents();
    expect(ranks.findIndex((r) => r.includes(science))).toBeLessThan(ranks.findIndex((r) => r.includes(statistics)));
    await stack.shoot(page, 'journey-6-evaluation');

    // ── The auditor: the assignment as a timeline, each step with its person and rule version.
    const auditor = await stack.signInInBrowser(email('auditor'), '钱审计');
    await auditor.page.goto(`${stack.base}/audit-trail/tasks/${patent.id}`);
    const step = (action: string) => auditor.page.locator(`[data-testid="timeline-step"][data-action="${action}"]`);
    await step('assignment.acknowledged')
      .filter({ hasText: `王芳 · ${science}` })
      .waitFor();
    await step('report.returned').filter({ hasText: '周协调' }).waitFor();
    await step('report.resubmitted').filter({ hasText: '王芳' }).waitFor();
    await step('report.approved').filter({ hasText: '周协调' }).waitFor();
    // The rule decision the approval led to, with the rule set and version that took it.
    expect(await step('trajectory').first().textContent()).toMatch(/规则集：trajectory v\d+\.\d+\.\d+/);
    expect(await step('report.approved').getByTestId('temporal-event').textContent()).toMatch(/#\d+ MARKER_RECORDED/);
    expect(await auditor.page.getByRole('button', { name: /签\s?收|提交|审核通过|退回|保存/ }).count()).toBe(0);
    await stack.shoot(auditor.page, 'journey-7-audit-timeline');
    await auditor.context.close();

    // ── The science clerk cannot open the statistics bureau's assignment by URL.
    const refused = clerk.page.waitForResponse((response) => response.url().endsWith(`/assignments/${late.id}`));
    await clerk.page.goto(`${stack.base}/tasks/${late.id}`);
    expect((await refused).status()).toBe(403);
    await clerk.page.getByText('无权查看').waitFor();
    await clerk.context.close();
    await coordinator.context.close();
  });
});
