import { randomUUID } from 'node:crypto';
import type { PlanDocument } from '@plancycle/contracts';
import { startBrowserStack, type BrowserStack } from './support/browser-stack';
import { eventually, testStack } from '../support/test-stack';

jest.setTimeout(240_000);

/**
 * The web console in Debian's Chromium against the whole system: the API (serving the
 * console built from apps/web) on real PostgreSQL and Temporal, people signed in through
 * the embedded OIDC provider's login page (authorization code + PKCE). Screenshots go to
 * tmp/screenshots/ (1366×768 and a phone's 390×844).
 */

describe('the web console in a real browser', () => {
  const run = randomUUID().slice(0, 6);
  const unitA = `科工局${run}`;
  const unitB = `财政局${run}`;
  const email = (who: string) => `${who}-${run}@test.plancycle.local`;
  let stack: BrowserStack;
  let assignmentOfA: string;
  let cycleId: string;
  let assignmentOfB: string;
  const targetOfA = `入库科技型中小企业500家以上（${run}）`;

  const shoot = (page: Parameters<BrowserStack['shoot']>[0], name: string) => stack.shoot(page, name);
  const call = (who: string, method: string, url: string, body?: unknown) => stack.call(email(who), method, url, body);
  const signInInBrowser = (who: string, expected: string) => stack.signInInBrowser(email(who), expected);

  beforeAll(async () => {
    stack = await startBrowserStack({ name: 'browser-console' });
    const api = stack.api;
    const seed = { id: 'test:seed', role: 'system' as const, name: 'test seed' };
    await api.repositories.directory.ensureActiveUnits(seed, [unitA, unitB]);
    await api.repositories.directory.createPerson(seed, { name: '周协调', email: email('coordinator'), role: 'coordinator' });
    await api.repositories.directory.createPerson(seed, { name: '王芳', email: email('clerk-a'), role: 'department', unit: unitA });
    await api.repositories.directory.createPerson(seed, { name: '赵磊', email: email('clerk-b'), role: 'department', unit: unitB });
    await api.repositories.directory.createPerson(seed, { name: '钱审计', email: email('auditor'), role: 'auditor' });
    await api.repositories.directory.createPerson(seed, { name: '李局长', email: email('leader'), role: 'leader', leaderOf: [unitA] });

    const coordinator = 'coordinator';
    const plan: PlanDocument = {
      jurisdiction: '沅江市',
      year: 2026,
      title: `科技创新工作要点（浏览器测试${run}）`,
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
              text: targetOfA,
              units: { lead: [unitA], cooperating: [] },
              indicators: [
                { metric: '入库科技型中小企业', kind: 'count', comparator: 'gte', value: 500, unit: '家', stretch: false },
                { metric: '建成省级科技企业孵化器', kind: 'milestone', comparator: 'done', value: null, unit: null, stretch: false },
              ],
            },
            {
              text: `技术合同交易额达30亿元（${run}）`,
              units: { lead: [unitB], cooperating: [] },
              indicators: [{ metric: '技术合同交易额', kind: 'amount', comparator: 'gte', value: 30, unit: '亿元', stretch: false }],
            },
          ],
        },
      ],
    };
    const created = await call(coordinator, 'POST', '/plans', { document: plan });
    // Periods long enough that nothing falls due while the test runs.
    await call(coordinator, 'POST', `/plans/${String(created['id'])}/publish`, {
      calendar: {
        kind: 'compressed',
        periodCount: 2,
        periodSeconds: 600,
        reminderSeconds: 60,
        graceSeconds: 60,
        evaluationAfterSeconds: 600,
      },
    });
    cycleId = String(created['cycleId']);
    const assignments = await eventually(
      async () => {
        const page = await call(coordinator, 'GET', `/cycles/${cycleId}/assignments?limit=50`);
        const items = page['items'] as { id: string; unit: string; status: unknown }[];
        return items.length === 2 && items.every((a) => a.status !== null) ? items : undefined;
      },
      60_000,
      'both assignment workflows',
    );
    assignmentOfA = assignments.find((a) => a.unit === unitA)?.id as string;
    assignmentOfB = assignments.find((a) => a.unit === unitB)?.id as string;
  });

  afterAll(async () => {
    await stack?.close();
  });

  it('a department signs in, finds its assignment in the inbox, acknowledges and reports; another unit’s assignment is refused', async () => {
    const context = await stack.browser.newContext({
      viewport: { width: 1366, height: 768 },
      locale: 'zh-CN',
      timezoneId: 'Europe/London',
    });
    const page = await context.newPage();
    // Any error in the page's console fails the test (React and antd warnings included),
    // except the browser's notes of the 4xx and 503 answers this test provokes.
    const consoleErrors: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error' && !/^Failed to load resource: .*status of (4\d\d|503)/.test(message.text()))
        consoleErrors.push(message.text());
    });

    const tokenOfA = 'clerk-a';

    // Not signed in: the console's login page, then the identity provider's.
    await page.goto(`${stack.base}/inbox`);
    await page.getByRole('button', { name: '通过统一身份认证登录' }).click();
    await page.waitForURL(`${stack.identity.issuer}/**`);
    await page.getByLabel('电子邮箱').fill(email('clerk-a'));
    await page.getByLabel('密码').fill(testStack().demoPassword);
    await shoot(page, 'login-provider');
    await page.getByRole('button', { name: '登录' }).click();

    // Back through /auth/callback to the inbox, signed in as 王芳 of unit A.
    await page.waitForURL(`${stack.base}/inbox`);
    await page
      .getByTestId('signed-in-as')
      .filter({ hasText: `王芳 · ${unitA}` })
      .waitFor();
    const row = page.getByRole('row').filter({ hasText: targetOfA });
    await row.waitFor();
    expect(await row.textContent()).toContain('待签收');
    expect(await page.getByText(`技术合同交易额达30亿元（${run}）`).count()).toBe(0);
    await row.locator('[data-light]').waitFor();
    await shoot(page, 'inbox');

    // A 503 (here injected at the network, as a proxy in front of a restarting API would answer)
    // is said in words with a retry; retrying loads the inbox.
    await page.route('**/me/assignments?**', (route) =>
      route.fulfill({
        status: 503,
        contentType: 'application/json',
        body: JSON.stringify({ error: { code: 'WORKFLOW_UNAVAILABLE', message: 'unavailable', issues: [], retryable: true } }),
      }),
    );
    await page.getByText('被退回', { exact: true }).click();
    await page.getByText('服务暂时不可用，请稍后重试。').waitFor();
    await shoot(page, 'inbox-unavailable');
    await page.unroute('**/me/assignments?**');
    await page.getByRole('button', { name: /重\s?试/ }).click();
    await page.getByText('暂无待办').first().waitFor();
    await page.getByText('全部', { exact: true }).click();
    await row.waitFor();

    // The filters are the API's: nothing of A's is overdue.
    await page.getByText('已逾期', { exact: true }).click();
    await page.waitForURL(`${stack.base}/inbox?filter=overdue`);
    await page.getByText('暂无待办').first().waitFor();
    await page.getByText('全部', { exact: true }).click();

    // The assignment: target as written, indicators with comparator and unit.
    await page.getByRole('link', { name: targetOfA }).click();
    await page.waitForURL(`${stack.base}/tasks/${assignmentOfA}`);
    await page.getByTestId('target-text').filter({ hasText: targetOfA }).waitFor();
    const indicatorRow = page.getByRole('row').filter({ hasText: '入库科技型中小企业' }).first();
    expect(await indicatorRow.getByRole('cell').allTextContents()).toEqual(['入库科技型中小企业', '数量', '不低于', '500', '家']);
    expect(await page.getByRole('row').filter({ hasText: '建成省级科技企业孵化器' }).getByRole('cell').allTextContents()).toEqual([
      '建成省级科技企业孵化器',
      '节点任务',
      '完成',
      '—',
      '—',
    ]);
    await page.getByText('请先签收本任务，再进行报送。').waitFor();

    await page
      .getByRole('button', { name: '签 收' })
      .or(page.getByRole('button', { name: '签收' }))
      .click();
    await page.getByText('已签收', { exact: true }).first().waitFor();
    // Instants in Beijing time, whatever the browser's zone (this one runs on London time).
    const acknowledgedAt = await eventually(async () => {
      const detail = await call(tokenOfA, 'GET', `/assignments/${assignmentOfA}`);
      return typeof detail['acknowledgedAt'] === 'string' ? detail['acknowledgedAt'] : undefined;
    });
    const beijing = new Intl.DateTimeFormat('zh-CN', {
      timeZone: 'Asia/Shanghai',
      year: 'numeric',
      month: 'short',
      day: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    }).format(new Date(acknowledgedAt));
    await page.getByText(beijing).waitFor();

    // A report without a narrative: the API's issue is shown at the field.
    const form = page.getByRole('form', { name: '报送' });
    await form.getByLabel(/入库科技型中小企业/).fill('120');
    await form.getByRole('radio', { name: '未完成' }).check();
    await form.getByRole('button', { name: /提交报送|提 交 报 送/ }).click();
    await form.getByText('此项为必填项').waitFor();
    await shoot(page, 'report-field-error');

    await form.getByLabel('进展情况').fill('一季度新增入库科技型中小企业120家，孵化器建设完成主体工程。');
    await form.getByRole('button', { name: '添加佐证材料' }).click();
    await form.getByLabel('材料名称').fill('科技型中小企业入库名单（一季度）');
    await form.getByLabel(/存放位置/).fill('oa://kgj/2026/q1-001');
    await form.getByRole('button', { name: /提交报送|提 交 报 送/ }).click();
    await page.getByTestId('report-history-item').filter({ hasText: '一季度新增入库科技型中小企业120家' }).waitFor();
    expect(await page.getByTestId('report-history-item').first().textContent()).toContain('入库科技型中小企业：120 家');
    await page.getByText('已报送待审核').first().waitFor();
    await shoot(page, 'assignment-reported');

    // The API agrees: the report is recorded once.
    const detail = await call(tokenOfA, 'GET', `/assignments/${assignmentOfA}`);
    expect(detail['reports']).toEqual([
      expect.objectContaining({ status: 'submitted', narrative: '一季度新增入库科技型中小企业120家，孵化器建设完成主体工程。' }),
    ]);

    // Another unit's assignment by URL: the API answers 403 and the page says so.
    const refused = page.waitForResponse((response) => response.url().endsWith(`/assignments/${assignmentOfB}`));
    await page.goto(`${stack.base}/tasks/${assignmentOfB}`);
    expect((await refused).status()).toBe(403);
    await page.getByText('无权查看').waitFor();
    await page.getByText('该任务不属于您所在的单位').waitFor();
    await shoot(page, 'forbidden');

    // A phone's width: the inbox as cards, the report form in one column.
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${stack.base}/inbox`);
    await page.getByRole('link', { name: targetOfA }).waitFor();
    await shoot(page, 'inbox-phone');
    await page.goto(`${stack.base}/tasks/${assignmentOfA}`);
    await page.getByTestId('target-text').waitFor();
    await shoot(page, 'assignment-phone');

    // English on request; times stay in Beijing time whatever the browser's zone.
    await page.setViewportSize({ width: 1366, height: 768 });
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByText('Reports and reviews').waitFor();
    await shoot(page, 'assignment-english');

    expect(consoleErrors).toEqual([]);
    await context.close();
  });

  it('the coordinator returns the report with a comment; the department sees it and resubmits; the coordinator approves', async () => {
    const coordinator = await signInInBrowser('coordinator', '周协调');
    const clerk = await signInInBrowser('clerk-a', `王芳 · ${unitA}`);
    const review = coordinator.page.getByRole('form', { name: '审核' });

    // The coordinator's review queue (审核) lists the assignment whose report waits.
    await coordinator.page.getByRole('menuitem', { name: '审核' }).click();
    await coordinator.page.waitForURL(`${stack.base}/reviews`);
    await coordinator.page.getByRole('link', { name: targetOfA }).click();
    await coordinator.page.waitForURL(`${stack.base}/tasks/${assignmentOfA}`);

    // A return without a comment: the API's issue at the comment field.
    await review.getByRole('button', { name: '退回修改' }).click();
    await review.getByText('退回修改时须填写审核意见，说明需要修改的内容').waitFor();
    await review.getByLabel('审核意见').fill('请补充入库企业名单的附表');
    await shoot(coordinator.page, 'review');
    await review.getByRole('button', { name: '退回修改' }).click();
    await coordinator.page.getByTestId('report-history-item').filter({ hasText: '请补充入库企业名单的附表' }).waitFor();

    // The department sees the comment and resubmits.
    await clerk.page.goto(`${stack.base}/tasks/${assignmentOfA}`);
    await clerk.page.getByTestId('return-comment').filter({ hasText: '请补充入库企业名单的附表' }).waitFor();
    const form = clerk.page.getByRole('form', { name: '报送' });
    await form.getByLabel(/入库科技型中小企业/).fill('126');
    await form.getByRole('radio', { name: '未完成' }).check();
    await form.getByLabel('进展情况').fill('已补充附表：一季度入库企业126家。');
    await shoot(clerk.page, 'returned-resubmit');
    await form.getByRole('button', { name: '重新提交' }).click();
    await clerk.page.getByTestId('report-history-item').filter({ hasText: '已补充附表' }).waitFor();
    expect(await clerk.page.getByTestId('report-history-item').count()).toBe(2);

    // The coordinator approves the resubmission.
    await coordinator.page.reload();
    await review.getByRole('button', { name: '审核通过' }).click();
    await coordinator.page.getByTestId('report-history-item').first().filter({ hasText: '审核通过' }).waitFor();
    await shoot(coordinator.page, 'approved');
    // Approved: no longer in the review queue.
    await coordinator.page.goto(`${stack.base}/reviews`);
    await coordinator.page.getByRole('heading', { name: '审核' }).waitFor();
    await eventually(async () => {
      await coordinator.page.reload();
      await coordinator.page.getByRole('heading', { name: '审核' }).waitFor();
      await coordinator.page.locator('.ant-table-tbody').waitFor();
      return (await coordinator.page.getByRole('link', { name: targetOfA }).count()) === 0;
    });
    await eventually(async () => {
      const detail = (await call('coordinator', 'GET', `/assignments/${assignmentOfA}`)) as { reports: { status: string }[] };
      return (
        detail.reports
          .map((r) => r.status)
          .sort()
          .join(',') === 'approved,returned'
      );
    });
    await coordinator.context.close();
    await clerk.context.close();
  });

  it('an auditor reads the assignment as a timeline with people and the Temporal event of each step, and no write control', async () => {
    const auditor = await signInInBrowser('auditor', '钱审计');
    const page = auditor.page;
    // From the assignment page (read-only for an auditor) to its timeline.
    await page.goto(`${stack.base}/tasks/${assignmentOfA}`);
    await page.getByTestId('target-text').filter({ hasText: targetOfA }).waitFor();
    expect(await page.getByRole('form').count()).toBe(0);
    await page.getByTestId('open-timeline').click();
    await page.waitForURL(`${stack.base}/audit-trail/tasks/${assignmentOfA}`);
    await page.getByText('只读', { exact: true }).waitFor();

    // Each step in business terms, with the person and the Temporal event beside it.
    const step = (action: string) => page.locator(`[data-testid="timeline-step"][data-action="${action}"]`);
    await step('assignment.acknowledged')
      .filter({ hasText: `王芳 · ${unitA}` })
      .waitFor();
    await step('report.returned').filter({ hasText: '周协调' }).waitFor();
    expect(await step('report.returned').textContent()).toContain('退回修改');
    expect(await step('report.approved').textContent()).toMatch(/审核通过.*周协调/);
    expect(await step('report.submitted').getByTestId('temporal-event').textContent()).toMatch(/#\d+ MARKER_RECORDED/);
    // The rule decision after the approval: rule set and version, each condition with the value seen.
    await eventually(async () => {
      await page.reload();
      await step('report.approved').waitFor();
      return (await step('trajectory').count()) > 0;
    });
    const trajectory = step('trajectory').first();
    expect(await trajectory.textContent()).toMatch(/进度判定.*规则集：trajectory v\d+\.\d+\.\d+/);
    await trajectory.getByTestId('decision-conditions').waitFor();
    // Read-only: no button that writes, no input.
    const buttons = await page.getByRole('button').allTextContents();
    expect(buttons.filter((b) => /签\s?收|提交|审核通过|退回|重新提交/.test(b))).toEqual([]);
    expect(await page.locator('textarea, input:not([type="hidden"])').count()).toBe(0);
    await shoot(page, 'audit-timeline');

    // The whole cycle: publication by the coordinator, and the verdict on the audit chain's hashes.
    await page.goto(`${stack.base}/audit-trail/cycles/${cycleId}`);
    await step('plan.published').filter({ hasText: '周协调' }).waitFor();
    await page.getByTestId('chain-verdict').filter({ hasText: '审计链完整' }).waitFor();
    await shoot(page, 'audit-cycle-timeline');
    await auditor.context.close();
  });

  it('a leader sees the units they answer for, their assignments and escalations, and no other unit’s', async () => {
    const leader = await signInInBrowser('leader', '李局长');
    await leader.page.getByRole('menuitem', { name: '我分管的工作' }).click();
    await leader.page.waitForURL(`${stack.base}/leader`);
    await leader.page.getByTestId('leader-units').filter({ hasText: unitA }).waitFor();
    await leader.page.getByRole('link', { name: targetOfA }).last().waitFor();
    expect(await leader.page.getByText(`技术合同交易额达30亿元（${run}）`).count()).toBe(0);
    // Escalations on the leader's unit only (the trajectory rule may have raised one on A's lagging report).
    const escalations = leader.page.getByTestId('leader-escalations');
    await escalations.locator('.ant-table-tbody').waitFor();
    expect(await escalations.getByRole('row').filter({ hasText: unitB }).count()).toBe(0);
    await shoot(leader.page, 'leader');
    await leader.context.close();
  });
});
