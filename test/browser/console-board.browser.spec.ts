import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Workbook } from 'exceljs';
import mammoth from 'mammoth';
import type { Page } from 'playwright-core';
import type { PlanDocument } from '@plancycle/contracts';
import { accessibilityFindings, startBrowserStack, type BrowserStack } from './support/browser-stack';
import { eventually } from '../support/test-stack';

jest.setTimeout(300_000);

/**
 * The coordinator's 周期看板 in Debian's Chromium against the whole system: a cycle on a
 * calendar of seconds where one unit reports and the other stays late until it is
 * escalated (督办); the board shows the late unit red and the escalation by level; two
 * waiting reports are approved in bulk (one meanwhile approved elsewhere: the summary says
 * which failed and why); the evaluation runs from the page and shows the ranking (table and
 * chart) and the 工作总结; the workbook downloads. Screenshots at 1366×768 go to
 * tmp/screenshots/; axe-core finds nothing serious on the board, queue and evaluation.
 */
describe('the cycle board, bulk approval and the evaluation in a real browser', () => {
  const run = randomUUID().slice(0, 6);
  const unitA = `科工局${run}`;
  const unitB = `财政局${run}`;
  const email = (who: string) => `${who}-${run}@test.plancycle.local`;
  const downloads = fs.mkdtempSync(path.join(os.tmpdir(), 'plancycle-board-downloads-'));
  let stack: BrowserStack;
  let base: string;
  let cycleId: string;
  let planTitle: string;
  let lateAssignment: string;
  const targetsOfA = [`入库科技型中小企业500家以上（${run}）`, `新增省级以上创新平台2家（${run}）`];
  const targetOfB = `技术合同交易额达30亿元（${run}）`;

  const shoot = (page: Page, name: string, fullPage = true) => stack.shoot(page, name, { fullPage });
  const call = (who: string, method: string, url: string, body?: unknown) => stack.call(email(who), method, url, body);
  const signInInBrowser = (who: string, expected: string) => stack.signInInBrowser(email(who), expected);
  /** axe-core's serious and critical findings on the page as drawn (animations settled). */
  const accessibility = async (page: Page) => {
    await page.waitForTimeout(600);
    return accessibilityFindings(page);
  };

  beforeAll(async () => {
    stack = await startBrowserStack({ name: 'browser-board' });
    base = stack.base;
    const seed = { id: 'test:seed', role: 'system' as const, name: 'test seed' };
    await stack.repositories.directory.ensureActiveUnits(seed, [unitA, unitB]);
    await stack.repositories.directory.createPerson(seed, { name: '周协调', email: email('coordinator'), role: 'coordinator' });
    await stack.repositories.directory.createPerson(seed, { name: '王芳', email: email('clerk-a'), role: 'department', unit: unitA });
    await stack.repositories.directory.createPerson(seed, { name: '赵磊', email: email('clerk-b'), role: 'department', unit: unitB });

    // The cycle of this journey: one period of 25 s; unit A reports both its targets,
    // unit B reports nothing and is escalated (提醒, then 督办) after the due date.
    planTitle = `科技创新工作要点（看板测试${run}）`;
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
              text: targetsOfA[0] as string,
              units: { lead: [unitA], cooperating: [] },
              indicators: [{ metric: '入库科技型中小企业', kind: 'count', comparator: 'gte', value: 500, unit: '家', stretch: false }],
            },
            {
              text: targetsOfA[1] as string,
              units: { lead: [unitA], cooperating: [] },
              indicators: [{ metric: '新增省级以上创新平台', kind: 'count', comparator: 'gte', value: 2, unit: '家', stretch: false }],
            },
            {
              text: targetOfB,
              units: { lead: [unitB], cooperating: [] },
              indicators: [{ metric: '技术合同交易额', kind: 'amount', comparator: 'gte', value: 30, unit: '亿元', stretch: false }],
            },
          ],
        },
      ],
    };
    const created = await call('coordinator', 'POST', '/plans', { document: plan });
    cycleId = String(created['cycleId']);
    await call('coordinator', 'POST', `/plans/${String(created['id'])}/publish`, {
      calendar: {
        kind: 'compressed',
        periodCount: 1,
        periodSeconds: 25,
        reminderSeconds: 5,
        graceSeconds: 2,
        escalationChecks: 2,
        // The coordinator starts the evaluation from the page; the calendar would only much later.
        evaluationAfterSeconds: 900,
      },
    });
    const assignments = await eventually(
      async () => {
        const page = await call('coordinator', 'GET', `/cycles/${cycleId}/assignments?limit=50`);
        const items = page['items'] as { id: string; unit: string; status: unknown; indicators: { id: string }[] }[];
        return items.length === 3 && items.every((a) => a.status !== null) ? items : undefined;
      },
      60_000,
      'the assignment workflows',
    );
    const values = [520, 3];
    for (const [index, assignment] of assignments.filter((a) => a.unit === unitA).entries()) {
      await call('clerk-a', 'POST', `/assignments/${assignment.id}/acknowledge`, {});
      await call('clerk-a', 'POST', `/assignments/${assignment.id}/reports`, {
        periodKey: 'P1',
        idempotencyKey: `board-${assignment.id}`,
        narrative: '全年目标提前完成，附统计台账。',
        values: assignment.indicators.map((i) => ({ indicatorId: i.id, value: values[index] ?? 1 })),
      });
    }
    lateAssignment = assignments.find((a) => a.unit === unitB)?.id as string;
    await eventually(
      async () => {
        const page = await call('coordinator', 'GET', `/cycles/${cycleId}/escalations?limit=50`);
        return (page['items'] as { assignmentId: string; level: string }[]).some(
          (e) => e.assignmentId === lateAssignment && e.level === 'supervision',
        );
      },
      90_000,
      'the 督办 of the late unit',
    );
  });

  afterAll(async () => {
    await stack?.close();
    fs.rmSync(downloads, { recursive: true, force: true });
  });

  it('the coordinator sees the late unit red and the 督办, approves two reports in bulk, runs the evaluation and exports it', async () => {
    const { context, page } = await signInInBrowser('coordinator', '周协调');
    const consoleErrors: string[] = [];
    page.on('console', (message) => {
      // The evaluation page asks for the evaluation before there is one (404); the bulk review of a report approved elsewhere is refused (409).
      if (message.type() === 'error' && !/^Failed to load resource: .*status of (404|409)/.test(message.text()))
        consoleErrors.push(message.text());
    });
    page.on('pageerror', (error) => consoleErrors.push(error.message));

    // 周期看板 in the menu: the cycles, newest first; this one with its phase and progress.
    await page.getByRole('menuitem', { name: '周期看板' }).click();
    await page.waitForURL(`${base}/cycle-board`);
    await page.getByRole('heading', { name: '周期看板' }).waitFor();
    const cycleRow = page.getByRole('row').filter({ hasText: planTitle });
    await cycleRow.waitFor();
    expect(await cycleRow.textContent()).toContain('3/3');
    await shoot(page, 'board-cycles');
    expect(await accessibility(page)).toEqual([]);
    await cycleRow.getByRole('link', { name: planTitle }).click();
    await page.waitForURL(`${base}/cycle-board/${cycleId}`);

    // The grid: unit B late and escalated, red; unit A reported, green.
    const cellOfB = page.getByTestId(`board-cell-${unitB}-P1`);
    await cellOfB.waitFor();
    expect(await cellOfB.getAttribute('data-light')).toBe('red');
    expect(await cellOfB.textContent()).toMatch(/逾期 1|未报送 1/);
    expect(await cellOfB.textContent()).toContain('督办 1');
    const cellOfA = page.getByTestId(`board-cell-${unitA}-P1`);
    expect(await cellOfA.getAttribute('data-light')).toBe('green');
    expect(await cellOfA.textContent()).toContain('待审核 2');
    // Escalations by level, and the list.
    expect(await page.getByTestId('escalations-supervision').textContent()).toMatch(/督办\s*1/);
    expect(await page.getByTestId('escalations-reminder').textContent()).toMatch(/提醒\s*1/);
    await page.getByRole('row').filter({ hasText: targetOfB }).filter({ hasText: '督办' }).first().waitFor();
    // The tables' loading veil gone (it fades out after the data comes).
    await page.locator('.ant-spin-blur').first().waitFor({ state: 'detached' });
    await page.waitForTimeout(400);
    await shoot(page, 'board');
    expect(await accessibility(page)).toEqual([]);

    // The office's documents, downloaded with the bearer token: unit B's 督办通知单 from its
    // escalation row, the period's 季通报 and the 台账.
    const saved = async (name: string): Promise<string> => {
      const downloading = page.waitForEvent('download');
      await page.getByRole('button', { name }).first().click();
      return (await downloading).suggestedFilename();
    };
    expect(await saved(`下载${unitB}的督办通知单（Word）`)).toMatch(new RegExp(`^督办通知单-督办〔\\d{4}〕\\d+号-${unitB}\\.docx$`));
    expect(await saved('下载第1期季通报（Word）')).toBe(`${planTitle}-P1-季通报.docx`);
    expect(await saved('下载台账（Excel）')).toBe(`${planTitle}-台账.xlsx`);

    // A click on the red cell lists unit B's assignment, linking to its page.
    await cellOfB.click();
    const drawer = page.getByRole('dialog');
    await drawer.getByRole('link', { name: targetOfB }).waitFor();
    expect(await drawer.getByRole('link', { name: targetOfB }).getAttribute('href')).toBe(`/tasks/${lateAssignment}`);
    await shoot(page, 'board-unit', false);
    await page.keyboard.press('Escape');

    // 批量通过 in the review queue: both of unit A's reports, with a confirmation, then the summary.
    await page.getByRole('menuitem', { name: '审核' }).click();
    await page.waitForURL(`${base}/reviews`);
    for (const target of targetsOfA) await page.getByRole('checkbox', { name: `选择：${target}` }).check();
    await page.getByText('已选 2 项').waitFor();
    expect(await accessibility(page)).toEqual([]);
    // Meanwhile someone else approves the second one: the bulk approval says which failed, and why.
    const second = (
      (await call('coordinator', 'GET', `/cycles/${cycleId}/assignments?limit=50&unit=${encodeURIComponent(unitA)}`))['items'] as {
        id: string;
        target: { text: string };
      }[]
    ).find((a) => a.target.text === targetsOfA[1]) as { id: string };
    await call('coordinator', 'POST', `/assignments/${second.id}/reviews`, {
      periodKey: 'P1',
      decision: 'approve',
      idempotencyKey: `elsewhere-${run}`,
    });
    await page.getByRole('button', { name: '批量通过' }).click();
    await page.getByText('将逐项审核通过所选的 2 项报送').waitFor();
    await page.getByRole('button', { name: '全部通过' }).click();
    const summary = page.getByTestId('bulk-summary');
    await summary.waitFor({ timeout: 30_000 });
    expect(await summary.textContent()).toContain('通过 1 项');
    expect(await summary.textContent()).toContain('未通过 1 项');
    await summary.getByRole('link', { name: targetsOfA[1] }).waitFor();
    expect(await summary.textContent()).toContain('该任务已无待审核的报送');
    await shoot(page, 'reviews-bulk');

    // The board again: unit A approved.
    await page.goto(`${base}/cycle-board/${cycleId}`);
    await eventually(async () => {
      await page.getByRole('button', { name: /刷\s?新/ }).click();
      return (await page.getByTestId(`board-cell-${unitA}-P1`).textContent())?.includes('已通过 2') === true;
    });

    // The evaluation: started from the page, progress until done, then ranking, chart and summary.
    await page.getByRole('link', { name: '年终考核' }).click();
    await page.waitForURL(`${base}/cycle-board/${cycleId}/evaluation`);
    await page.getByText('本周期尚未进行年终考核。').waitFor();
    await page.getByRole('button', { name: '开始年终考核' }).click();
    await page.locator('.ant-popconfirm').getByRole('button', { name: '开始年终考核' }).click();
    const ranking = page.getByTestId('ranking-table');
    await ranking.waitFor({ timeout: 60_000 });
    const rows = ranking.locator('tbody tr.ant-table-row');
    expect(await rows.count()).toBe(2);
    expect(await rows.nth(0).textContent()).toContain(unitA);
    expect(await rows.nth(1).textContent()).toContain(unitB);
    await page.getByTestId('unit-score-chart').locator('svg').waitFor();
    expect(await page.getByTestId('evaluation-summary').textContent()).toContain('年终考核');
    await page.getByRole('row').filter({ hasText: '入库科技型中小企业' }).filter({ hasText: '超额完成' }).first().waitFor();
    await page.locator('.ant-message-notice').waitFor({ state: 'detached' });
    await shoot(page, 'evaluation');
    expect(await accessibility(page)).toEqual([]);

    // The workbook, downloaded with the bearer token, reads back.
    const downloading = page.waitForEvent('download');
    await page.getByRole('button', { name: /导出 ?Excel/ }).click();
    const download = await downloading;
    expect(download.suggestedFilename()).toBe(`${planTitle}-年终考核.xlsx`);
    const file = path.join(downloads, 'evaluation.xlsx');
    await download.saveAs(file);
    const workbook = new Workbook();
    await workbook.xlsx.readFile(file);
    expect(workbook.worksheets.map((w) => w.name)).toEqual(['单位得分与排名', '指标完成情况', '工作总结']);
    expect(workbook.getWorksheet('单位得分与排名')?.getRow(2).getCell(2).value).toBe(unitA);
    // The 工作总结 with the ranking, as a Word file.
    const summaryDownloading = page.waitForEvent('download');
    await page.getByRole('button', { name: '下载工作总结（Word）' }).click();
    const summaryFile = path.join(downloads, 'summary.docx');
    await (await summaryDownloading).saveAs(summaryFile);
    const summaryText = (await mammoth.extractRawText({ path: summaryFile })).value;
    expect(summaryText).toContain('附：责任单位考核得分与排名');
    expect(summaryText).toContain(unitA);

    // English on request.
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByText('Unit scores and ranking').waitFor();
    await page.getByText('Attainment per indicator').waitFor();
    await shoot(page, 'evaluation-english');
    await page.getByRole('button', { name: /中\s?文/ }).click();

    // A phone's width: the board still reads.
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${base}/cycle-board/${cycleId}`);
    await page.getByTestId(`board-cell-${unitB}-P1`).waitFor();
    await shoot(page, 'board-phone');
    expect(await accessibility(page)).toEqual([]);

    expect(consoleErrors).toEqual([]);
    await context.close();

    // The late unit's clerk: its own row of the board, its own rank, no summary of the others.
    const clerk = await signInInBrowser('clerk-b', `赵磊 · ${unitB}`);
    await clerk.page.getByRole('menuitem', { name: '周期看板' }).click();
    await clerk.page.getByRole('heading', { name: '周期看板' }).waitFor();
    await clerk.page.getByRole('link', { name: planTitle }).click();
    await clerk.page.getByTestId(`board-cell-${unitB}-P1`).waitFor();
    expect(await clerk.page.getByTestId(`board-cell-${unitA}-P1`).count()).toBe(0);
    await clerk.page.getByRole('link', { name: '年终考核' }).click();
    await clerk.page.getByText('本单位排名：第 2 名（共 2 个单位）').waitFor();
    expect(await clerk.page.getByTestId('evaluation-summary').count()).toBe(0);
    expect(await clerk.page.getByTestId('ranking-table').locator('tbody tr.ant-table-row').count()).toBe(1);
    await shoot(clerk.page, 'evaluation-department');
    await clerk.context.close();
  });
});
