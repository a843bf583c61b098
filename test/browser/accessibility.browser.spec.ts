import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import type { PlanDocument } from '@plancycle/contracts';
import { accessibilityFindings, startBrowserStack, type BrowserStack } from './support/browser-stack';
import { eventually } from '../support/test-stack';

jest.setTimeout(300_000);

/**
 * Basic accessibility of the console's pages, as each role sees them, checked by axe-core
 * (WCAG 2.1 A and AA) in Debian's Chromium: every input labelled, every control named,
 * text contrast, landmarks; at 1366×768 and at a phone's width. A serious or critical
 * finding fails the test with the rule and the elements it concerns.
 */
describe('the console is accessible (axe-core, WCAG 2.1 AA)', () => {
  const run = randomUUID().slice(0, 6);
  const unitA = `科工局${run}`;
  const email = (who: string) => `${who}-${run}@test.plancycle.local`;
  const target = `入库科技型中小企业500家以上（无障碍${run}）`;
  let stack: BrowserStack;
  let assignmentId: string;
  let cycleId: string;
  let planId: string;

  beforeAll(async () => {
    stack = await startBrowserStack({ name: 'browser-a11y' });
    const seed = { id: 'test:seed', role: 'system' as const, name: 'test seed' };
    const directory = stack.repositories.directory;
    await directory.ensureActiveUnits(seed, [unitA]);
    await directory.createPerson(seed, { name: '周协调', email: email('coordinator'), role: 'coordinator' });
    await directory.createPerson(seed, { name: '王芳', email: email('clerk'), role: 'department', unit: unitA });
    await directory.createPerson(seed, { name: '钱审计', email: email('auditor'), role: 'auditor' });
    await directory.createPerson(seed, { name: '李局长', email: email('leader'), role: 'leader', leaderOf: [unitA] });
    const plan: PlanDocument = {
      jurisdiction: '沅江市',
      year: 2026,
      title: `科技创新工作要点（无障碍${run}）`,
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
              text: target,
              units: { lead: [unitA], cooperating: [] },
              indicators: [
                { metric: '入库科技型中小企业', kind: 'count', comparator: 'gte', value: 500, unit: '家', stretch: false },
                { metric: '建成省级科技企业孵化器', kind: 'milestone', comparator: 'done', value: null, unit: null, stretch: false },
              ],
            },
          ],
        },
      ],
    };
    const created = await stack.call(email('coordinator'), 'POST', '/plans', { document: plan });
    planId = String(created['id']);
    cycleId = String(created['cycleId']);
    await stack.call(email('coordinator'), 'POST', `/plans/${planId}/publish`, {
      calendar: {
        kind: 'compressed',
        periodCount: 2,
        periodSeconds: 600,
        reminderSeconds: 60,
        graceSeconds: 60,
        evaluationAfterSeconds: 600,
      },
    });
    assignmentId = await eventually(
      async () => {
        const items = (await stack.call(email('coordinator'), 'GET', `/cycles/${cycleId}/assignments?limit=10`))['items'] as {
          id: string;
          status: unknown;
        }[];
        return items.length === 1 && items[0]?.status ? items[0].id : undefined;
      },
      60_000,
      'the assignment workflow',
    );
    await stack.call(email('clerk'), 'POST', `/assignments/${assignmentId}/acknowledge`, {});
  });

  afterAll(async () => {
    await stack?.close();
  });

  /** Opens each page, waits for what shows it is drawn, and collects axe's findings by page. */
  const audit = async (page: Page, pages: { name: string; url: string; ready: (page: Page) => Promise<unknown> }[]) => {
    const findings: Record<string, unknown[]> = {};
    for (const { name, url, ready } of pages) {
      await page.goto(stack.base + url);
      await ready(page);
      // Let entrance animations (tags, cards fading in) settle: axe reads the colours as drawn.
      await page.waitForTimeout(600);
      const found = await accessibilityFindings(page);
      if (found.length > 0) {
        findings[name] = found;
        await stack.shoot(page, `a11y-${name}-${String(page.viewportSize()?.width ?? 0)}`);
      }
    }
    return findings;
  };

  it('a department’s inbox, assignment and report form, wide and at a phone’s width', async () => {
    const { context, page } = await stack.signInInBrowser(email('clerk'), `王芳 · ${unitA}`);
    const pages = [
      { name: 'inbox', url: '/inbox', ready: (p: Page) => p.getByRole('link', { name: target }).waitFor() },
      { name: 'assignment', url: `/tasks/${assignmentId}`, ready: (p: Page) => p.getByRole('form', { name: '报送' }).waitFor() },
    ];
    expect(await audit(page, pages)).toEqual({});
    await page.setViewportSize({ width: 390, height: 844 });
    expect(await audit(page, pages)).toEqual({});
    await context.close();
  });

  it('the coordinator’s review queue and plan pages, the leader’s page, the auditor’s timelines', async () => {
    const coordinator = await stack.signInInBrowser(email('coordinator'), '周协调');
    expect(
      await audit(coordinator.page, [
        { name: 'reviews', url: '/reviews', ready: (p) => p.getByRole('heading', { name: '审核' }).waitFor() },
        {
          name: 'plans',
          url: '/plan-drafts',
          ready: (p) =>
            p
              .getByRole('row')
              .filter({ hasText: `无障碍${run}` })
              .first()
              .waitFor(),
        },
        { name: 'upload', url: '/plan-drafts/new', ready: (p) => p.locator('input[type=file]').waitFor({ state: 'attached' }) },
        { name: 'published plan', url: `/plan-drafts/${planId}`, ready: (p) => p.getByTestId('pd-cycle-progress').waitFor() },
      ]),
    ).toEqual({});
    await coordinator.context.close();

    const leader = await stack.signInInBrowser(email('leader'), '李局长');
    expect(await audit(leader.page, [{ name: 'leader', url: '/leader', ready: (p) => p.getByTestId('leader-units').waitFor() }])).toEqual(
      {},
    );
    await leader.context.close();

    const auditor = await stack.signInInBrowser(email('auditor'), '钱审计');
    expect(
      await audit(auditor.page, [
        {
          name: 'assignment timeline',
          url: `/audit-trail/tasks/${assignmentId}`,
          ready: (p) => p.locator('[data-testid="timeline-step"][data-action="assignment.acknowledged"]').waitFor(),
        },
        { name: 'cycle timeline', url: `/audit-trail/cycles/${cycleId}`, ready: (p) => p.getByTestId('chain-verdict').waitFor() },
      ]),
    ).toEqual({});
    await auditor.context.close();
  });
});
