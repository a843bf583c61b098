import { DomainError } from '@plancycle/contracts';
import { importPlanFile, planFileFormat, type PlanFile } from './plan-file.importer';
import { exportPlanXlsx } from './xlsx/plan-xlsx';

/** A short 工作要点 shaped like the published ones: numbered tasks with units in parentheses. */
const DOCUMENT = [
  '某市2025年科技创新工作要点',
  '一、重点任务',
  '1.实施科技型企业精准培育计划。新增高新技术企业20家以上。(市科工局牵头,市财政局配合)',
  '2.推进科技成果转化。技术合同登记额突破5亿元。(市科工局、市发改局负责)',
  '',
].join('\n');

/** GB18030 bytes of a text of ASCII and two-byte characters, by inverting the decoder (test-only). */
function gb18030(text: string): Uint8Array {
  const decoder = new TextDecoder('gb18030');
  const codes = new Map<string, number[]>();
  for (let lead = 0x81; lead <= 0xfe; lead++) {
    for (let trail = 0x40; trail <= 0xfe; trail++) {
      const char = trail === 0x7f ? '' : decoder.decode(Uint8Array.of(lead, trail));
      if (char.length === 1 && !codes.has(char)) codes.set(char, [lead, trail]);
    }
  }
  return Uint8Array.from(
    [...text].flatMap((char) => {
      const code = char.charCodeAt(0) < 0x80 ? [char.charCodeAt(0)] : codes.get(char);
      if (code === undefined) throw new Error(`no two-byte GB18030 code for ${char}`);
      return code;
    }),
  );
}

function utf16(text: string, endian: 'le' | 'be'): Uint8Array {
  const le = Buffer.from(`\uFEFF${text}`, 'utf16le');
  return endian === 'le' ? le : le.swap16();
}

async function failureOf(file: PlanFile): Promise<DomainError> {
  const error = await importPlanFile(file).then(
    () => null,
    (thrown: unknown) => thrown,
  );
  if (!(error instanceof DomainError)) throw new Error(`expected a DomainError, got ${String(error)}`);
  return error;
}

const leads = (plan: { tasks: { targets: { units: { lead: string[] } }[] }[] }) => plan.tasks.map((task) => task.targets[0]?.units.lead);

describe('importPlanFile', () => {
  it.each([
    ['UTF-8', Buffer.from(DOCUMENT, 'utf8')],
    ['UTF-8 with a BOM', Buffer.from(`\uFEFF${DOCUMENT}`, 'utf8')],
    ['UTF-16 LE with a BOM', utf16(DOCUMENT, 'le')],
    ['UTF-16 BE with a BOM', utf16(DOCUMENT, 'be')],
    ['GB18030', gb18030(DOCUMENT)],
  ])('reads a text document in %s to the same plan', async (_encoding, bytes) => {
    const imported = await importPlanFile({ bytes, fileName: 'plan.txt' });
    expect(imported.format).toBe('text');
    expect(imported.plan.year).toBe(2025);
    expect(leads(imported.plan)).toEqual([['市科工局'], ['市科工局', '市发改局']]);
  });

  it('reads an .xlsx decomposition table by its bytes, whatever the file is called', async () => {
    const fromText = await importPlanFile({ bytes: Buffer.from(DOCUMENT, 'utf8') });
    const workbook = await exportPlanXlsx(fromText.plan);
    const imported = await importPlanFile({ bytes: workbook, fileName: 'upload.bin', contentType: 'application/octet-stream' });
    expect(imported.format).toBe('xlsx');
    expect(imported.plan.tasks.map((task) => task.title)).toEqual(fromText.plan.tasks.map((task) => task.title));
    expect(leads(imported.plan)).toEqual(leads(fromText.plan));
  });

  it('reads bytes that are a view into a larger buffer', async () => {
    const workbook = await exportPlanXlsx((await importPlanFile({ bytes: Buffer.from(DOCUMENT, 'utf8') })).plan);
    const padded = Buffer.concat([Buffer.from('padding'), workbook]);
    const view = padded.subarray(7);
    expect((await importPlanFile({ bytes: view })).plan.tasks).toHaveLength(2);
  });

  it('reports progress of a text document', async () => {
    const calls: number[][] = [];
    await importPlanFile({ bytes: Buffer.from(DOCUMENT, 'utf8') }, { onProgress: (done, total) => calls.push([done, total]) });
    expect(calls.length).toBeGreaterThan(0);
    expect(calls.at(-1)?.[0]).toBe(calls.at(-1)?.[1]);
  });

  it('refuses a binary file with one issue on the file', async () => {
    const error = await failureOf({
      bytes: Uint8Array.of(0x25, 0x50, 0x44, 0x46, 0x00, 0x01, 0x02, 0xff, 0xfe, 0x00),
      fileName: 'scan.pdf',
    });
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.message).toMatch(/^not a text document/);
    expect(error.issues).toEqual([{ path: 'file', message: error.message }]);
  });

  it('refuses an empty document', async () => {
    const error = await failureOf({ bytes: Buffer.from('  \n\n', 'utf8') });
    expect([error.code, error.message, error.issues]).toEqual([
      'VALIDATION_FAILED',
      'the document is empty',
      [{ path: 'file', message: 'no text' }],
    ]);
  });

  it('refuses a document without tasks, giving the importer’s reasons', async () => {
    const error = await failureOf({ bytes: Buffer.from('关于天气的一段随笔，没有任何任务。', 'utf8') });
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.message).toBe('no tasks could be read from the document');
    expect(error.issues).toEqual([expect.objectContaining({ path: 'file', message: expect.stringContaining('no tasks found') })]);
  });

  it('reads a year-end summary without a plan part as results, saying so, instead of refusing it', async () => {
    const imported = await importPlanFile({
      bytes: Buffer.from('某县科技局2023年工作总结\n全年新增高新技术企业28家,总数达132家。', 'utf8'),
    });
    expect(imported.plan.tasks).toEqual([]);
    expect(imported.results.flatMap((result) => result.indicators.map((i) => [i.value, i.unit]))).toEqual([
      [28, '家'],
      [132, '家'],
    ]);
    expect(imported.issues.map((issue) => issue.reason)).toContain(
      'a report of results without a plan part: 1 results read as achieved values (baselines for the next plan), no tasks',
    );
  });

  it.each([
    ['its name', { fileName: 'plan.XLSX' }],
    ['its media type', { contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet; charset=binary' }],
  ])('reads a file as a workbook by %s when the bytes do not say, and names a broken one', async (_by, named) => {
    const error = await failureOf({ bytes: Buffer.from(DOCUMENT, 'utf8'), ...named });
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.message).toMatch(/^not a readable \.xlsx workbook/);
    expect(error.issues[0]?.path).toBe('file');
  });
});

describe('planFileFormat', () => {
  it('trusts the bytes before the name', () => {
    expect(planFileFormat({ bytes: Uint8Array.of(0x50, 0x4b, 0x03, 0x04, 0x14), fileName: 'plan.txt' })).toBe('xlsx');
    expect(planFileFormat({ bytes: Buffer.from('PK but text'), fileName: 'plan.txt' })).toBe('text');
    expect(planFileFormat({ bytes: Buffer.from('text'), contentType: 'text/plain' })).toBe('text');
    expect(planFileFormat({ bytes: Uint8Array.of() })).toBe('text');
  });
});
