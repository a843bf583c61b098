import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Workbook } from 'exceljs';
import { importPlanText } from '../plan.importer';
import { exportPlanXlsx, importPlanXlsx } from './plan-xlsx';
import { sharedPlanFixturesDir } from '../../../../test/support/shared-fixtures';

const SHARED = sharedPlanFixturesDir();
const OWN = resolve(__dirname, '../../test/fixtures');

describe('xlsx decomposition tables', () => {
  it.each([
    [SHARED, 'xiangtan-2018-key-points.txt'],
    [SHARED, 'yuanjiang-2024-innovation-action-plan.txt'],
    [OWN, 'taoyuan-2024-task-table.txt'],
    [OWN, 'taoyuan-2023-summary-and-plan.txt'],
  ])('export then import gives the same plan (%s/%s)', async (dir, name) => {
    const { plan } = importPlanText(readFileSync(resolve(dir, name), 'utf8'));
    const buffer = await exportPlanXlsx(plan);
    expect(buffer.subarray(0, 2).toString('latin1')).toBe('PK');
    const back = await importPlanXlsx(buffer);
    expect(back.issues).toEqual([]);
    expect(back.plan).toEqual(plan);
  });

  it('writes one row per target and merges the task cells down its rows', async () => {
    const { plan } = importPlanText(readFileSync(resolve(SHARED, 'yuanjiang-2024-innovation-action-plan.txt'), 'utf8'));
    const workbook = new Workbook();
    await workbook.xlsx.load((await exportPlanXlsx(plan)) as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet('任务分解表');
    expect(sheet?.getRow(2).values).toEqual([
      undefined,
      '序号',
      '类别',
      '工作任务',
      '任务内容',
      '具体目标',
      '牵头单位',
      '配合单位',
      '责任领导',
      '指标',
    ]);
    const targetRows = plan.tasks.reduce((sum, task) => sum + task.targets.length, 0);
    expect(sheet?.rowCount).toBe(2 + targetRows);
    // Task 1 has two targets: rows 3 and 4, its number merged.
    expect(sheet?.getCell('A4').isMerged).toBe(true);
    expect(sheet?.getCell('F3').value).toBe('市科工局、市金融事务中心');
  });

  it('reads a decomposition table made by hand, with merged cells and no indicator column', async () => {
    const workbook = new Workbook();
    const sheet = workbook.addWorksheet('Sheet1');
    sheet.addRow(['某县2024年科技创新重点任务分解表']);
    sheet.addRow(['序号', '类别', '工作任务', '具体内容', '责任单位', '责任领导']);
    sheet.addRow([1, '一、主体培育', '培育科技型企业', '新增高新技术企业20家以上', '县科技局,县财政局、县税务局', '李明']);
    sheet.addRow([null, null, null, '入库科技型中小企业xx家', '县科技局', null]);
    sheet.addRow([2, '二、平台建设', '建设创新平台', '力争新增省级平台1-2家', '县发改局、县科技局', '王强']);
    sheet.mergeCells('A3:A4');
    sheet.mergeCells('B3:B4');
    sheet.mergeCells('C3:C4');
    sheet.mergeCells('F3:F4');
    const { plan, issues } = await importPlanXlsx(Buffer.from(await workbook.xlsx.writeBuffer()));
    expect(plan.title).toBe('某县2024年科技创新重点任务分解表');
    expect(plan.tasks.map((task) => [task.number, task.category, task.title, task.leader, task.targets.length])).toEqual([
      ['1', '主体培育', '培育科技型企业', '李明', 2],
      ['2', '平台建设', '建设创新平台', '王强', 1],
    ]);
    expect(plan.tasks[0]?.targets[0]?.units).toEqual({ lead: ['县科技局'], cooperating: ['县财政局', '县税务局'] });
    expect(plan.tasks[0]?.targets[1]?.indicators[0]).toMatchObject({ kind: 'count', value: null, unit: '家' });
    expect(plan.tasks[1]?.targets[0]?.indicators[0]).toMatchObject({ comparator: 'range', value: 1, max: 2, stretch: true });
    expect(issues.map((issue) => [issue.line, issue.reason.slice(0, 13)])).toEqual([[4, 'masked number']]);
  });

  it('reports a file that is not a workbook as an error', async () => {
    const { plan, issues } = await importPlanXlsx(Buffer.from('not a zip'));
    expect(plan.tasks).toEqual([]);
    expect(issues[0]?.severity).toBe('error');
  });
});
