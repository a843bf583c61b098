import request from 'supertest';
import type { App } from 'supertest/types';
import { loadApiConfigOrThrow } from '@plancycle/config';
import { planDocumentSchema, type PlanDocument } from '@plancycle/contracts';
import { createApiApp, type ApiApp } from '../../apps/api/src/api-app';
import { testStack, uniqueTaskQueue } from '../support/test-stack';
import { seedTestDirectory, testServiceToken, type TestCaller } from '../support/test-directory';

jest.setTimeout(120_000);

const tokens = {
  coordinator: testServiceToken(),
  science: testServiceToken(),
  auditor: testServiceToken(),
};
/** The callers of this file, seeded as service tokens in the directory. */
const callers: TestCaller[] = [
  { token: tokens.coordinator, name: 'coordinator', role: 'coordinator', unit: null },
  { token: tokens.science, name: 'science', role: 'department', unit: '市科工局' },
  { token: tokens.auditor, name: 'auditor', role: 'auditor', unit: null },
];
const auth = (token: string) => ({ Authorization: `Bearer ${token}` });

/** A short 工作要点 in the shape of the real ones: goals, numbered tasks, units in parentheses. */
const proseDocument = [
  '某市2025年科技创新工作要点',
  '一、工作目标',
  '全社会研发经费投入增长12%以上，技术合同交易额达到30亿元。',
  '二、重点任务',
  '(一)企业培育',
  '1.实施科技型企业精准培育计划。新增高新技术企业20家以上。(市科工局牵头，市财政局配合)',
  '2.推进科技成果转化。技术合同登记额突破5亿元。(市科工局、市发改局负责)',
  '',
].join('\n');

/** GB18030 bytes of a string, by reading back a decoder over every two-byte code (test-only). */
function gb18030Encode(text: string): Buffer {
  const decoder = new TextDecoder('gb18030');
  const table = new Map<string, number[]>();
  for (let lead = 0x81; lead <= 0xfe; lead++) {
    for (let trail = 0x40; trail <= 0xfe; trail++) {
      if (trail === 0x7f) continue;
      const char = decoder.decode(Uint8Array.of(lead, trail));
      if (char.length === 1 && !table.has(char)) table.set(char, [lead, trail]);
    }
  }
  const bytes: number[] = [];
  for (const char of text) {
    const code = char.codePointAt(0)!;
    if (code < 0x80) bytes.push(code);
    else {
      const pair = table.get(char);
      if (!pair) throw new Error(`no GB18030 two-byte code for ${char}`);
      bytes.push(...pair);
    }
  }
  return Buffer.from(bytes);
}

type ImportResponse = {
  plan: { id: string; title: string } | null;
  document: PlanDocument;
  issues: { line: number | null; severity: string; code: string; params: Record<string, string | number>; reason: string }[];
};

describe('importing documents through HTTP', () => {
  let api: ApiApp;
  let http: App;

  beforeAll(async () => {
    const stack = testStack();
    const config = loadApiConfigOrThrow({
      DATABASE_URL: stack.databaseUrl,
      DATABASE_POOL_SIZE: '2',
      TEMPORAL_ADDRESS: stack.temporalAddress,
      TEMPORAL_TASK_QUEUE: uniqueTaskQueue('import'),
      TEMPORAL_CALL_DEADLINE_MS: '8000',
    });
    api = await createApiApp(config, { logger: false });
    await seedTestDirectory(api.repositories, { units: [], callers });
    await api.app.init();
    http = api.app.getHttpServer() as App;
  });

  afterAll(async () => {
    await api?.close();
  });

  const planCount = async () =>
    (await request(http).get('/plans?limit=200').set(auth(tokens.coordinator)).expect(200)).body.items.length as number;
  const upload = (token: string, content: Buffer, filename: string, query = '') =>
    request(http).post(`/plans/import${query}`).set(auth(token)).attach('file', content, filename);

  it('reads a prose plan into a draft without saving it when asked only to parse', async () => {
    const before = await planCount();
    const response = await upload(tokens.coordinator, Buffer.from(proseDocument, 'utf8'), 'plan.txt', '?save=false').expect(201);
    const body = response.body as ImportResponse;
    expect(body.plan).toBeNull();
    expect(planDocumentSchema.safeParse(body.document).success).toBe(true);
    expect(body.document.year).toBe(2025);

    const goalValues = (body.document.goals ?? []).flatMap((g) => g.indicators.map((i) => [i.kind, i.value]));
    expect(goalValues).toEqual(
      expect.arrayContaining([
        ['growth', 12],
        ['amount', 3_000_000_000],
      ]),
    );

    const tasks = body.document.tasks;
    expect(tasks).toHaveLength(2);
    const cultivation = tasks.find((t) => t.title.includes('精准培育'));
    expect(cultivation?.targets[0]?.units).toEqual({ lead: ['市科工局'], cooperating: ['市财政局'] });
    expect(cultivation?.targets.flatMap((t) => t.indicators)).toEqual(
      expect.arrayContaining([expect.objectContaining({ kind: 'count', comparator: 'gte', value: 20, unit: '家' })]),
    );
    const transfer = tasks.find((t) => t.title.includes('成果转化'));
    expect(transfer?.targets[0]?.units.lead).toEqual(['市科工局', '市发改局']);
    expect(transfer?.targets.flatMap((t) => t.indicators)).toEqual(
      expect.arrayContaining([expect.objectContaining({ comparator: 'gt', value: 500_000_000 })]),
    );
    expect(await planCount()).toBe(before);
  });

  it('saves the draft, exports it as a decomposition table that imports back to the same plan', async () => {
    const saved = (await upload(tokens.coordinator, Buffer.from(proseDocument, 'utf8'), 'plan.txt').expect(201)).body as ImportResponse;
    expect(saved.plan?.id).toEqual(expect.any(String));
    const planId = saved.plan!.id;

    const exported = await request(http)
      .get(`/plans/${planId}/export.xlsx`)
      .set(auth(tokens.coordinator))
      .buffer(true)
      .parse((res, done) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => done(null, Buffer.concat(chunks)));
      })
      .expect(200);
    expect(exported.headers['content-type']).toContain('spreadsheetml');
    const xlsx = exported.body as Buffer;
    expect(xlsx.subarray(0, 2).toString('latin1')).toBe('PK');

    const reimported = (await upload(tokens.coordinator, xlsx, 'plan.xlsx', '?save=false').expect(201)).body as ImportResponse;
    const shape = (document: PlanDocument) =>
      document.tasks.map((task) => ({
        number: task.number,
        title: task.title,
        targets: task.targets.map((target) => ({
          text: target.text,
          units: target.units,
          indicators: target.indicators.map(({ kind, comparator, value, unit, max }) => ({
            kind,
            comparator,
            value,
            unit,
            max: max ?? null,
          })),
        })),
      }));
    expect(shape(reimported.document)).toEqual(shape(saved.document));
  });

  it('keeps what the import was unsure of with the draft (line, reason, the line as written), through later edits', async () => {
    const withoutUnit = proseDocument + '3.加强科技人才引进。引进高层次人才10名以上。\n';
    const saved = (await upload(tokens.coordinator, Buffer.from(withoutUnit, 'utf8'), 'plan-2025.txt').expect(201)).body as ImportResponse;
    expect(saved.issues).toEqual([
      {
        line: 8,
        severity: 'warning',
        code: 'no_responsible_unit',
        params: { number: '3', title: '加强科技人才引进' },
        reason: expect.stringContaining('no responsible unit found'),
      },
    ]);
    const planId = saved.plan!.id;
    const notes = {
      fileName: 'plan-2025.txt',
      format: 'text',
      importedAt: expect.any(String),
      period: null,
      issues: [{ ...saved.issues[0], source: '3.加强科技人才引进。引进高层次人才10名以上。' }],
    };
    const draft = await request(http).get(`/plans/${planId}`).set(auth(tokens.coordinator)).expect(200);
    expect(draft.body.importNotes).toEqual(notes);
    // An edit replaces the content; the notes stay with the draft for whoever opens it next.
    const edited = await request(http)
      .put(`/plans/${planId}`)
      .set(auth(tokens.coordinator))
      .send({ revision: 1, document: { ...saved.document, title: '某市2025年科技创新工作要点（修订）' } })
      .expect(200);
    expect(edited.body.importNotes).toEqual(notes);
    // A draft written through the API, not imported, has none.
    const written = await request(http).post('/plans').set(auth(tokens.coordinator)).send({ document: saved.document }).expect(201);
    expect(written.body.importNotes).toBeNull();
  });

  it('reads a GB18030 document as government sites publish it', async () => {
    const gb18030 = gb18030Encode(proseDocument);
    expect(gb18030.equals(Buffer.from(proseDocument, 'utf8'))).toBe(false);
    const body = (await upload(tokens.coordinator, gb18030, 'plan.txt', '?save=false').expect(201)).body as ImportResponse;
    expect(body.document.tasks.map((t) => t.targets[0]?.units.lead)).toEqual([['市科工局'], ['市科工局', '市发改局']]);
  });

  it('refuses an empty upload, a binary file, a document without tasks, a missing file, a department and an auditor, and stores nothing', async () => {
    const before = await planCount();
    const binary = await upload(tokens.coordinator, Buffer.from([0x00, 0xff, 0xfe, 0x81, 0x00, 0x9f, 0xc3]), 'x.txt').expect(400);
    expect(binary.body.error.issues).toEqual([expect.objectContaining({ path: 'file' })]);
    const noTasks = await upload(tokens.coordinator, Buffer.from('关于天气的一段随笔，没有任何任务。', 'utf8'), 'x.txt').expect(400);
    expect(noTasks.body.error.message).toContain('no tasks');
    const empty = await upload(tokens.coordinator, Buffer.from('   \n', 'utf8'), 'empty.txt').expect(400);
    expect(empty.body.error.issues).toEqual([expect.objectContaining({ path: 'file' })]);
    const missing = await request(http).post('/plans/import').set(auth(tokens.coordinator)).expect(400);
    expect(missing.body.error.issues).toEqual([expect.objectContaining({ path: 'file' })]);
    await upload(tokens.science, Buffer.from(proseDocument, 'utf8'), 'plan.txt').expect(403);
    await upload(tokens.auditor, Buffer.from(proseDocument, 'utf8'), 'plan.txt').expect(403);
    expect(await planCount()).toBe(before);
  });
});
