import { randomUUID } from 'node:crypto';
import path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { repositoryRoot } from '@plancycle/devstack';
import { startBrowserStack, type BrowserStack } from './support/browser-stack';
import { eventually, testStack } from '../support/test-stack';

jest.setTimeout(300_000);

/**
 * The coordinator's import journey in Debian's Chromium against the whole system (the API
 * serving the console built from apps/web, real PostgreSQL and Temporal, sign-in through the
 * embedded OIDC provider's page): a real published document (华容县科技局 2017 checklist, from the
 * importer's corpus) becomes a draft whose flagged lines are shown with their reasons; the
 * coordinator fixes them, saves, settles a unit the directory does not hold, publishes on a
 * compressed calendar and watches decomposition finish. Screenshots go to tmp/screenshots/.
 */
const DOCUMENT = path.join(repositoryRoot, 'libs', 'plan-import', 'corpus', 'huarong-2017-checklist.txt');

describe('the coordinator imports a document, fixes the draft and publishes it', () => {
  const run = randomUUID().slice(0, 6);
  const scienceBureau = `华容县科技局${run}`;
  const statistics = `华容县统计局${run}`;
  /** How the coordinator first writes the statistics bureau: a name the directory does not hold. */
  const statisticsAsTyped = `县统计局${run}`;
  const email = `coordinator-import-${run}@test.plancycle.local`;
  let stack: BrowserStack;
  let base: string;

  const shoot = (page: Page, name: string) => stack.shoot(page, name, { fullPage: false });
  const call = (method: string, url: string, body?: unknown) => stack.call(email, method, url, body);
  /** Picks an option of an antd Select by its label text. */
  const choose = async (page: Page, select: Locator, option: string) => {
    await select.click();
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: option }).first().click();
  };
  /** Types a unit into a tags Select (a name the directory may not hold) and confirms it. */
  const addUnit = async (select: Locator, name: string) => {
    await select.click();
    await select.pressSequentially(name);
    await select.press('Enter');
    await select.press('Escape');
  };

  beforeAll(async () => {
    stack = await startBrowserStack({ name: 'browser-import' });
    base = stack.base;
    const api = stack.api;
    const seed = { id: 'test:seed', role: 'system' as const, name: 'test seed' };
    await api.repositories.directory.ensureActiveUnits(seed, [scienceBureau, statistics]);
    await api.repositories.directory.createPerson(seed, { name: '李协调', email, role: 'coordinator' });
  });

  afterAll(async () => {
    await stack?.close();
  });

  it('upload → flagged draft → a refused save at its field → fixed and saved → unknown unit mapped → published → running', async () => {
    const context = await stack.browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'zh-CN' });
    const page = await context.newPage();
    const consoleErrors: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error' && !/^Failed to load resource: .*status of 4\d\d/.test(message.text()))
        consoleErrors.push(message.text());
    });

    // Sign in through the console's and the provider's pages; the menu offers 计划.
    await page.goto(`${base}/inbox`);
    await page.getByRole('button', { name: '通过统一身份认证登录' }).click();
    await page.getByLabel('电子邮箱').fill(email);
    await page.getByLabel('密码').fill(testStack().demoPassword);
    await page.getByRole('button', { name: '登录' }).click();
    await page.waitForURL(`${base}/inbox`);
    await page.getByRole('menuitem', { name: '计划' }).click();
    await page.waitForURL(`${base}/plan-drafts`);
    await page.getByRole('button', { name: /导入计划文件/ }).click();
    await page.waitForURL(`${base}/plan-drafts/new`);

    // A file that is no document: the API's reason in words, nothing saved.
    await page
      .locator('input[type=file]')
      .setInputFiles({ name: 'scan.txt', mimeType: 'text/plain', buffer: Buffer.from([0, 1, 2, 3, 0, 0, 255]) });
    await page.getByRole('button', { name: /导\s?入/ }).click();
    await page.getByRole('alert').filter({ hasText: '文件未能导入' }).waitFor();

    // The real document; the answer is held back a moment so the progress can be seen.
    await page.route('**/plans/import', async (route) => {
      await new Promise((resolve) => setTimeout(resolve, 1500));
      await route.continue();
    });
    await page.locator('input[type=file]').setInputFiles(DOCUMENT);
    await page.getByRole('button', { name: /导\s?入/ }).click();
    await page.getByTestId('import-progress').waitFor();
    await shoot(page, 'import-upload');
    await page.waitForURL(/\/plan-drafts\/[0-9a-f-]{36}$/);
    const planId = page.url().split('/').pop() as string;

    // Every flagged line with its reason, and the tasks they concern marked.
    await page.getByTestId('pd-flag-list').waitFor();
    expect(await page.getByTestId('pd-flag-list').locator('li').count()).toBe(3);
    await page.getByText('导入时有 3 处不确定，请逐条核对', { exact: false }).waitFor();
    const tasks = page.getByTestId('pd-task');
    expect(await tasks.count()).toBe(3);
    expect(await page.locator('[data-testid=pd-task][data-flagged=true]').count()).toBe(3);
    expect(await tasks.nth(0).getByTestId('pd-flag').textContent()).toContain('没有找到责任单位');
    await shoot(page, 'import-draft-flagged');
    // At a phone's width the same draft, one column.
    await page.setViewportSize({ width: 390, height: 844 });
    await tasks.nth(0).scrollIntoViewIfNeeded();
    await shoot(page, 'import-draft-phone');
    await page.setViewportSize({ width: 1366, height: 768 });

    // A range without its upper bound: the API's message at that field; the draft is unchanged.
    const first = tasks.nth(0);
    await choose(page, first.getByLabel('要求').first(), '介于');
    await page.getByRole('button', { name: /保存草稿|保 存 草 稿/ }).click();
    await first.getByText('“介于”须填写上限').waitFor();
    await first.getByText('“介于”须填写上限').scrollIntoViewIfNeeded();
    await shoot(page, 'import-draft-field-error');
    const unchanged = await call('GET', `/plans/${planId}`);
    expect(unchanged['revision']).toBe(1);
    expect(JSON.stringify(unchanged['tasks'])).toContain('"comparator":"gte"');
    await choose(page, first.getByLabel('要求').first(), '不低于');

    // The first fixes: the patent target becomes 130, and task 1 gets its unit.
    await first.getByLabel('目标值').first().fill('130');
    await addUnit(first.getByLabel('牵头单位').first(), scienceBureau);
    await page.getByRole('button', { name: /保存草稿|保 存 草 稿/ }).click();
    await page.getByText('草稿已保存（第 2 版）').waitFor();

    // Reopened later: what the import was unsure of is kept with the draft, not in the browser.
    await page.reload();
    await page.getByTestId('pd-flag-list').waitFor();
    expect(await page.getByTestId('pd-flag-list').locator('li').count()).toBe(3);

    // Someone else saves meanwhile: the stale save is explained, and reloading brings their revision.
    type Stored = { title: string; year: number; jurisdiction: string; tasks: { targets: { indicators: { id?: string }[] }[] }[] };
    const stored = (await call('GET', `/plans/${planId}`)) as unknown as Stored;
    await call('PUT', `/plans/${planId}`, {
      revision: 2,
      document: {
        title: stored.title,
        year: stored.year,
        jurisdiction: stored.jurisdiction,
        tasks: stored.tasks.map(({ id: _task, ...task }: { id?: string } & Stored['tasks'][number]) => ({
          ...task,
          targets: task.targets.map(({ id: _target, ...target }: { id?: string } & Stored['tasks'][number]['targets'][number]) => ({
            ...target,
            indicators: target.indicators.map(({ id: _indicator, ...indicator }) => indicator),
          })),
        })),
      },
    });
    await page.getByLabel('地区').fill('华容县（岳阳市）');
    await page.getByRole('button', { name: /保存草稿|保 存 草 稿/ }).click();
    await page.getByText('草稿已被他人修改').waitFor();
    await page.getByRole('button', { name: /重新加载|重 新 加 载/ }).click();
    await page.getByText('第 3 版').waitFor();
    expect(await page.getByLabel('地区').inputValue()).toBe('华容县');

    // Publishing while tasks 2 and 3 name no unit: the API's issue at each of those targets' units.
    const publish = page.getByRole('form', { name: '发布并启动年度周期' });
    await publish.getByText('压缩日历（演示、测试：以秒计）').click();
    await publish.getByLabel('期数').fill('2');
    await publish.getByLabel('每期时长（秒）').fill('300');
    await publish.getByRole('button', { name: /发\s?布/ }).click();
    await page.getByRole('button', { name: /确\s?定|OK/ }).click();
    const noUnit = '发布前须填写牵头单位';
    await tasks.nth(1).getByText(noUnit).first().waitFor();
    expect(await tasks.nth(1).getByText(noUnit).count()).toBe(2);
    expect(await tasks.nth(2).getByText(noUnit).count()).toBe(1);
    expect(await tasks.nth(0).getByText(noUnit).count()).toBe(0);
    expect((await call('GET', `/plans/${planId}`))['status']).toBe('draft');

    // Every target gets its units (one typed as the document's office calls it, which the directory does not hold).
    const second = tasks.nth(1);
    await addUnit(second.getByLabel('牵头单位').nth(0), scienceBureau);
    await addUnit(second.getByLabel('牵头单位').nth(1), scienceBureau);
    await addUnit(second.getByLabel('配合单位').nth(1), statisticsAsTyped);
    await addUnit(tasks.nth(2).getByLabel('牵头单位').first(), scienceBureau);
    await page.getByRole('button', { name: /保存草稿|保 存 草 稿/ }).click();
    await page.getByText('草稿已保存（第 4 版）').waitFor();

    // Published again: the unknown unit is named; mapped to the directory's unit.
    await publish.getByRole('button', { name: /发\s?布/ }).click();
    await page.getByRole('button', { name: /确\s?定|OK/ }).click();
    const unknown = page.getByTestId('pd-unknown-unit').filter({ hasText: statisticsAsTyped });
    await unknown.waitFor();
    await unknown.scrollIntoViewIfNeeded();
    await shoot(page, 'import-unknown-units');
    await choose(page, unknown.getByRole('combobox'), statistics);
    await unknown.getByRole('button', { name: /对\s?应/ }).click();
    await page.getByText(`“${statisticsAsTyped}”已对应到“${statistics}”`).waitFor();
    // The draft now names the directory's unit; the calendar entered is kept.
    await second.getByText(statistics).first().waitFor();
    expect(await publish.getByLabel('每期时长（秒）').inputValue()).toBe('300');

    await publish.getByRole('button', { name: /发\s?布/ }).click();
    await page.getByRole('button', { name: /确\s?定|OK/ }).click();
    await page.getByTestId('pd-cycle-progress').waitFor();
    await shoot(page, 'import-publish-progress');
    await page.getByText('年度周期已启动，正在报送中').waitFor({ timeout: 90_000 });
    expect(await page.getByTestId('pd-progress-counts').textContent()).toBe('已启动 5 / 5 项责任单位任务');
    await shoot(page, 'import-published');

    // The API agrees: published, one assignment per target and unit, the fixed figure in it.
    const plan = await call('GET', `/plans/${planId}`);
    expect(plan['status']).toBe('published');
    const cycleId = String(plan['cycleId']);
    const assignments = await eventually(async () => {
      const items = (await call('GET', `/cycles/${cycleId}/assignments?limit=50`))['items'] as {
        unit: string;
        role: string;
        indicators: { value: number | null }[];
        status: unknown;
      }[];
      return items.length === 5 && items.every((a) => a.status !== null) ? items : undefined;
    }, 60_000);
    expect(assignments.filter((a) => a.unit === statistics).map((a) => a.role)).toEqual(['cooperating']);
    expect(assignments.some((a) => a.unit === scienceBureau && a.indicators.some((i) => i.value === 130))).toBe(true);

    // The way on: the cycle board and the plan list, where the plan is published.
    await page.getByRole('button', { name: '返回计划列表' }).click();
    await page.waitForURL(`${base}/plan-drafts`);
    const row = page.getByRole('row').filter({ hasText: '华容县科技局2017年重点工作' }).first();
    await row.getByText('已发布').waitFor();
    await row.getByRole('link', { name: '周期看板' }).waitFor();
    expect(await row.getByRole('link', { name: '周期看板' }).getAttribute('href')).toBe(`/cycle-board/${cycleId}`);
    await shoot(page, 'import-plan-list');

    expect(consoleErrors).toEqual([]);
    await context.close();
  });
});
