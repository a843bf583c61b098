import { randomUUID } from 'node:crypto';
import type { PlanDocument } from '@plancycle/contracts';
import { accessibilityFindings, startBrowserStack, type BrowserStack } from './support/browser-stack';
import { eventually } from '../support/test-stack';

jest.setTimeout(240_000);

/**
 * The header's bell (issue 10) in Debian's Chromium: a unit is reminded before its due date
 * (a cycle on a calendar of seconds); its clerk sees the unread count on the bell, opens the
 * list (what happened, when in Beijing time, the task), follows the link to the task (read),
 * and marks the rest read with 全部已读. Screenshots go to tmp/screenshots/; axe-core finds
 * nothing serious with the list open.
 */
describe('the notification bell in a real browser', () => {
  const run = randomUUID().slice(0, 6);
  const unit = `提醒科工局${run}`;
  const targets = [`入库科技型中小企业500家以上（${run}）`, `新增省级以上创新平台2家（${run}）`];
  const email = (who: string) => `${who}-${run}@bell.plancycle.local`;
  let stack: BrowserStack;
  let assignmentIds: string[] = [];

  const call = (who: string, method: string, url: string, body?: unknown) => stack.call(email(who), method, url, body);

  beforeAll(async () => {
    stack = await startBrowserStack({ name: 'browser-bell' });
    const seed = { id: 'test:seed', role: 'system' as const, name: 'test seed' };
    await stack.repositories.directory.ensureActiveUnits(seed, [unit]);
    await stack.repositories.directory.createPerson(seed, { name: '周协调', email: email('coordinator'), role: 'coordinator' });
    await stack.repositories.directory.createPerson(seed, { name: '王芳', email: email('clerk'), role: 'department', unit });
    const plan: PlanDocument = {
      jurisdiction: '沅江市',
      year: 2026,
      title: `科技创新工作要点（通知测试${run}）`,
      goals: [],
      tasks: [
        {
          number: '一',
          category: null,
          title: '培育壮大科技型企业',
          content: null,
          leader: null,
          targets: targets.map((text) => ({
            text,
            units: { lead: [unit], cooperating: [] },
            indicators: [{ metric: '入库科技型中小企业', kind: 'count', comparator: 'gte', value: 500, unit: '家', stretch: false }],
          })),
        },
      ],
    };
    const created = await call('coordinator', 'POST', '/plans', { document: plan });
    // One long period whose reminder (295 s before the due date) comes a few seconds after publishing.
    await call('coordinator', 'POST', `/plans/${String(created['id'])}/publish`, {
      calendar: {
        kind: 'compressed',
        periodCount: 1,
        periodSeconds: 300,
        reminderSeconds: 295,
        graceSeconds: 60,
        evaluationAfterSeconds: 900,
      },
    });
    const reminded = await eventually(
      async () => {
        const page = await call('clerk', 'GET', '/me/notifications?limit=50');
        const items = page['items'] as { event: string; assignmentId: string }[];
        return items.filter((n) => n.event === 'reminder').length === 2 ? items : undefined;
      },
      90_000,
      'the reminders of both targets',
    );
    assignmentIds = reminded.map((n) => n.assignmentId);
  });

  afterAll(async () => {
    await stack?.close();
  });

  it('shows the unread count and the reminders; a link opens the task and reads it; 全部已读 reads the rest', async () => {
    const { context, page } = await stack.signInInBrowser(email('clerk'), '王芳');
    const consoleErrors: string[] = [];
    page.on('pageerror', (error) => consoleErrors.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(message.text());
    });

    const bell = page.getByTestId('notification-bell');
    await page.getByRole('button', { name: '通知，2 条未读' }).waitFor();
    await page.locator('.ant-badge-count').filter({ hasText: '2' }).waitFor();
    await stack.shoot(page, 'bell-unread', { fullPage: false });

    await bell.click();
    const panel = page.getByTestId('notification-panel');
    await panel.waitFor();
    const items = panel.getByTestId('notification-item');
    await items.nth(1).waitFor();
    expect(await items.count()).toBe(2);
    for (const target of targets) await panel.getByRole('link', { name: new RegExp(target.replace(/[()（）]/g, '.')) }).waitFor();
    const texts = await items.allInnerTexts();
    expect(texts.every((text) => text.includes('报送提醒') && text.includes(unit) && text.includes('标为已读'))).toBe(true);
    // When, in Beijing time: 2026年…月…日 hh:mm.
    expect(texts.every((text) => /\d{4}年\d{1,2}月\d{1,2}日 \d{2}:\d{2}/.test(text))).toBe(true);
    expect(await panel.getByText('2 条未读').count()).toBe(1);
    await page.waitForTimeout(600);
    await stack.shoot(page, 'bell-list', { fullPage: false });
    expect(await accessibilityFindings(page)).toEqual([]);

    // The link of the first goes to its task and reads it.
    const first = panel.getByRole('link').first();
    const href = await first.getAttribute('href');
    expect(assignmentIds.map((id) => `/tasks/${id}`)).toContain(href);
    await first.click();
    await page.waitForURL(`${stack.base}${String(href)}`);
    await page.getByRole('button', { name: '通知，1 条未读' }).waitFor();

    // 全部已读 reads the other; the count goes.
    await bell.click();
    await panel.getByRole('button', { name: '全部已读' }).click();
    await page.getByRole('button', { name: '通知', exact: true }).waitFor();
    // The count leaves with an animation.
    await page.locator('.ant-badge-count').waitFor({ state: 'detached' });
    await eventually(
      async () => ((await items.allInnerTexts()).every((text) => text.includes('已读') && !text.includes('标为已读')) ? true : undefined),
      10_000,
      'both read',
    );
    const after = await call('clerk', 'GET', '/me/notifications?unread=true');
    expect(after['unread']).toBe(0);
    await page.keyboard.press('Escape');
    await page.evaluate('window.scrollTo(0, 0)');
    await page.waitForTimeout(3_000);
    await stack.shoot(page, 'bell-read', { fullPage: false });
    expect(consoleErrors).toEqual([]);
    await context.close();
  });
});
