import { randomUUID } from 'node:crypto';
import { accessibilityFindings, startBrowserStack, type BrowserStack } from './support/browser-stack';

jest.setTimeout(240_000);

/**
 * The coordinator's rule sets in the console: a published version with its golden cases run,
 * a draft made from it, a bad field refused with its path, a golden case added, the diff,
 * publishing; a department reads and changes nothing. The rule content published is the
 * base's (only a golden case is added), so cycles other specs publish later decide as before.
 */
describe('rule sets in the console', () => {
  const run = randomUUID().slice(0, 6);
  const email = (who: string) => `${who}-rules-${run}@test.plancycle.local`;
  const unit = `科工局规则${run}`;
  let stack: BrowserStack;

  beforeAll(async () => {
    stack = await startBrowserStack({ name: 'browser-rules' });
    const seed = { id: 'test:seed', role: 'system' as const, name: 'test seed' };
    await stack.repositories.directory.ensureActiveUnits(seed, [unit]);
    await stack.repositories.directory.createPerson(seed, { name: '周协调', email: email('coordinator'), role: 'coordinator' });
    await stack.repositories.directory.createPerson(seed, { name: '王芳', email: email('clerk'), role: 'department', unit });
  });

  afterAll(async () => {
    await stack?.close();
  });

  it('a coordinator drafts, is told the bad field, adds a golden case, sees the diff and publishes; a department only reads', async () => {
    const { context, page } = await stack.signInInBrowser(email('coordinator'), '周协调');
    await page.getByRole('menuitem', { name: '规则' }).click();
    await page.waitForURL(`${stack.base}/rules`);
    // Every kind is listed with its Chinese name, the year-end scoring included.
    await page.getByTestId('rule-set-scoring').getByText('年终计分与排名', { exact: false }).waitFor();
    const escalation = page.getByTestId('rule-set-escalation');
    const latest = String((await stack.call(email('coordinator'), 'GET', '/rule-sets/escalation'))['latestPublished']);
    await escalation.getByRole('link', { name: `v${latest}` }).click();
    await page.waitForURL(`${stack.base}/rules/escalation/${latest}`);
    await page
      .getByTestId('golden-run')
      .getByText(/全部 \d+ 个样例通过/)
      .waitFor();

    // A draft from the published version.
    await page.getByLabel('修改说明（必填）').fill(`浏览器测试：补充样例（${run}）`);
    await page.getByRole('button', { name: /新\s?建/ }).click();
    await page.waitForURL((url) => url.pathname.startsWith('/rules/escalation/') && !url.pathname.endsWith(`/${latest}`));
    const draftVersion = page.url().split('/').pop() as string;
    await page.getByRole('form', { name: '编辑草稿' }).waitFor();
    const draft = await stack.call(email('coordinator'), 'GET', `/rule-sets/escalation/versions/${draftVersion}`);
    const ruleFile = draft['ruleFile'] as { rules: { conditions: { all: { operator: string }[] } }[] };
    const goldenCases = draft['goldenCases'] as { name: string }[];

    // A misspelt operator: refused, with the path of the field, and nothing stored.
    const broken = structuredClone(ruleFile);
    (broken.rules[0]?.conditions.all[0] as { operator: string }).operator = 'greaterThen';
    const editor = page.getByRole('form', { name: '编辑草稿' });
    await editor.getByLabel('规则文件（JSON）').fill(JSON.stringify(broken, null, 2));
    await editor.getByRole('button', { name: /保存草稿|保 存 草 稿/ }).click();
    await page.getByTestId('rule-set-issues').getByText('ruleFile.rules.0.conditions.all.0.operator').waitFor();
    await stack.shoot(page, 'rules-draft-refused', { fullPage: false });
    expect((await stack.call(email('coordinator'), 'GET', `/rule-sets/escalation/versions/${draftVersion}`))['revision']).toBe(1);

    // The rules as they were, and one golden case more.
    const added = { ...structuredClone(goldenCases[0] as Record<string, unknown>), name: `浏览器测试样例${run}` };
    await editor.getByLabel('规则文件（JSON）').fill(JSON.stringify(ruleFile, null, 2));
    await editor.getByLabel('样例（JSON）').fill(JSON.stringify([...goldenCases, added], null, 2));
    await editor.getByRole('button', { name: /保存草稿|保 存 草 稿/ }).click();
    await page.getByText('草稿已保存（第 2 版）').waitFor();
    await page
      .getByTestId('golden-run')
      .getByText(`全部 ${goldenCases.length + 1} 个样例通过`)
      .waitFor();
    const diff = page.getByTestId('rule-set-diff');
    await diff
      .getByRole('row')
      .filter({ hasText: `浏览器测试样例${run}` })
      .filter({ hasText: '新增' })
      .waitFor();
    await stack.shoot(page, 'rules-draft-diff');
    expect(await accessibilityFindings(page)).toEqual([]);

    // Published: it is the current version now, and read-only.
    await editor.getByRole('button', { name: /发布此版本|发 布 此 版 本/ }).click();
    await page.getByRole('button', { name: /确\s?定|OK/ }).click();
    await page.getByText('已发布', { exact: true }).first().waitFor();
    expect((await stack.call(email('coordinator'), 'GET', '/rule-sets/escalation'))['latestPublished']).toBe(draftVersion);
    await context.close();

    // A department reads the rules and is offered nothing to change.
    const clerk = await stack.signInInBrowser(email('clerk'), `王芳 · ${unit}`);
    await clerk.page.goto(`${stack.base}/rules/escalation/${draftVersion}`);
    await clerk.page.getByText('只读：只有协调员和管理员可以编辑和发布规则。').waitFor();
    expect(await clerk.page.getByRole('form', { name: '编辑草稿' }).count()).toBe(0);
    expect(await clerk.page.getByRole('button', { name: /新\s?建|发布此版本/ }).count()).toBe(0);
    await clerk.context.close();
  });
});
