import { spawnSync } from 'node:child_process';
import { Client } from 'pg';
import { calendarSpecSchema, type ActorRef, type RuleSetPin } from '@plancycle/contracts';
import { applyMigrations, createScratchDatabase, startEmbeddedPostgres, type EmbeddedPostgres } from '@plancycle/devstack';
import { decomposePlan, resolveReportingCalendar } from '@plancycle/domain';
import { DECISIONS_PER_TRANSACTION, Repositories } from '../src';
import { twoUnitPlan } from '../../../test/fixtures/two-unit-plan';

/**
 * The audit trail on a real database: every write of a cycle lands in one hash chain,
 * tampering in SQL is found at the row it touched, concurrent writers keep one chain, and
 * the application role cannot change or remove audit rows. Runs on embedded PGlite, and
 * on the PostgreSQL server at PLANCYCLE_TEST_POSTGRES_URL (default 127.0.0.1:5432) when
 * one answers.
 */
jest.setTimeout(180_000);

const coordinator: ActorRef = { id: 'coordinator-audit', role: 'coordinator', unit: null };
const department: ActorRef = { id: 'dept-science', role: 'department', unit: '市科工局' };
const escalationPin: RuleSetPin = { id: 'escalation', version: '1.0.0' };
const attainmentPin: RuleSetPin = { id: 'attainment', version: '1.0.0' };

const postgresAdminUrl = process.env['PLANCYCLE_TEST_POSTGRES_URL'] ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
const postgresAnswers = canConnect(postgresAdminUrl);

interface TestDatabase {
  url: string;
  stop(): Promise<void>;
}

const databases: [string, () => Promise<TestDatabase>][] = [
  [
    'embedded PGlite',
    async () => {
      const pg: EmbeddedPostgres = await startEmbeddedPostgres({ dataDir: 'memory' });
      return { url: pg.url, stop: () => pg.stop() };
    },
  ],
];
if (postgresAnswers) {
  databases.push([
    'PostgreSQL server',
    async () => {
      const name = `plancycle_audit_${process.pid}`;
      const url = await createScratchDatabase(postgresAdminUrl, name);
      return {
        url,
        stop: async () => {
          const admin = new Client({ connectionString: postgresAdminUrl });
          await admin.connect();
          await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
          await admin.end();
        },
      };
    },
  ]);
}

describe.each(databases)('the audit trail on %s', (label, startDatabase) => {
  let database: TestDatabase;
  let repos: Repositories;
  let sql: Client;

  beforeAll(async () => {
    database = await startDatabase();
    await applyMigrations(database.url);
    repos = Repositories.open({ url: database.url, poolSize: 2 });
    sql = new Client({ connectionString: database.url });
    await sql.connect();
  });

  afterAll(async () => {
    await sql?.end();
    await repos?.close();
    await database?.stop();
  });

  /** A cycle taken through every kind of write that leaves an audit row or a decision. */
  async function cycleWithEveryWrite(): Promise<{ cycleId: string }> {
    const draft = await repos.plans.createDraft({ document: twoUnitPlan(), calendarSpec: null, actor: coordinator });
    await repos.plans.replaceDraft({
      planId: draft.id,
      actor: coordinator,
      expectedRevision: draft.revision,
      document: twoUnitPlan('创新提升行动实施方案（修改）'),
      calendarSpec: null,
    });
    const publishedAt = Date.now();
    const calendar = resolveReportingCalendar({
      spec: calendarSpecSchema.parse({ kind: 'compressed', periodSeconds: 60, reminderSeconds: 10, graceSeconds: 10 }),
      publishedAt,
      planYear: 2024,
    });
    const assignments = await repos.cycles.publishOnce({
      cycleId: draft.cycleId,
      actor: coordinator,
      calendar,
      ruleSets: [escalationPin, attainmentPin],
      publishedAt,
      assignments: decomposePlan(await repos.plans.findPlanOrThrow(draft.id)),
    });
    // The first assignment as listed (publishOnce returns them in no particular order).
    const [first] = await repos.assignments.allAssignments({ cycleId: draft.cycleId });
    const assignmentId = (first?.id ?? assignments[0]?.assignmentId) as string;
    const assignment = await repos.assignments.findAssignmentOrThrow(assignmentId);
    const indicatorId = assignment.indicators[0]?.id as string;
    await repos.assignments.recordAcknowledgement({ assignmentId, actor: department, at: Date.now() });
    await repos.assignments.recordReminder({ assignmentId, periodKey: 'P1', deadlineAt: publishedAt + 60_000, outcome: 'sent' });
    const { reportId } = await repos.assignments.saveReport({
      assignmentId,
      actor: department,
      submission: {
        periodKey: 'P1',
        idempotencyKey: 'audit-P1-1',
        values: [{ indicatorId, value: 12.5 }],
        narrative: '一季度进展',
        evidence: [{ title: '统计快报', uri: 'oa://kgj/q1' }],
      },
      version: 1,
      submittedAt: Date.now(),
    });
    await repos.assignments.saveReview({
      reportId,
      actor: coordinator,
      review: { periodKey: 'P1', decision: 'approve' },
      reviewedAt: Date.now(),
    });
    await repos.assignments.recordOverdue({ assignmentId, periodKey: 'P2', deadlineAt: publishedAt + 120_000 });
    const decisionId = await repos.decisions.saveDecision({
      cycleId: draft.cycleId,
      assignmentId,
      periodKey: 'P2',
      kind: 'escalation',
      outcome: 'supervision',
      ruleSet: escalationPin,
      facts: { trigger: 'overdue', overdueGraceUnits: 1.5, ratio: 0.1 + 0.2, nested: { b: 1, a: [1, 'x', null] } },
      conditions: [{ fact: 'overdueGraceUnits', operator: 'greaterThanInclusive', value: 1, result: true }],
      dedupeKey: `escalation/${assignmentId}/P2`,
    });
    await repos.decisions.raiseEscalation({
      assignmentId,
      periodKey: 'P2',
      level: 'supervision',
      recipient: '分管副市长',
      reason: '督办：报送逾期',
      decisionId,
      ruleSet: escalationPin,
    });
    await repos.evaluations.start({ cycleId: draft.cycleId, total: 2 });
    await repos.decisions.saveDecisions(
      assignment.indicators.map((indicator) => ({
        cycleId: draft.cycleId,
        indicatorId: indicator.id,
        kind: 'attainment' as const,
        outcome: 'achieved',
        ruleSet: attainmentPin,
        facts: { actual: 512, target: 500 },
        conditions: [],
        dedupeKey: `attainment/${draft.cycleId}/${indicator.id}`,
      })),
    );
    await repos.evaluations.complete({
      cycleId: draft.cycleId,
      result: { ok: true } as never,
      summaryText: '总结',
      actor: coordinator,
      ruleSet: attainmentPin,
      totals: { indicators: 1, achieved: 1 },
    });
    return { cycleId: draft.cycleId };
  }

  /** The chained rows of a cycle, oldest first. */
  async function chainOf(cycleId: string): Promise<{ table: string; id: string; chainSeq: number }[]> {
    const result = await sql.query<{ table: string; id: string; chainSeq: number }>(
      `SELECT 'AuditEvent' AS "table", id, "chainSeq" FROM "AuditEvent" WHERE "cycleId" = $1
       UNION ALL SELECT 'Decision', id, "chainSeq" FROM "Decision" WHERE "cycleId" = $1
       ORDER BY "chainSeq"`,
      [cycleId],
    );
    return result.rows;
  }

  it('chains every audit event and decision of a cycle, in the order they were written', async () => {
    const { cycleId } = await cycleWithEveryWrite();
    const actions = await sql.query<{ action: string }>(`SELECT action FROM "AuditEvent" WHERE "cycleId" = $1 ORDER BY "chainSeq"`, [
      cycleId,
    ]);
    expect(actions.rows.map((r) => r.action)).toEqual([
      'plan.created',
      'plan.edited',
      'plan.published',
      'assignment.acknowledged',
      'reminder.sent',
      'report.submitted',
      'report.approved',
      'period.overdue',
      'escalation.supervision',
      'evaluation.completed',
    ]);
    const chain = await chainOf(cycleId);
    expect(chain.map((r) => r.chainSeq)).toEqual(chain.map((_, i) => i + 1));
    expect(chain.filter((r) => r.table === 'Decision')).toHaveLength(2);
    expect(await repos.audit.verifyCycleChain(cycleId)).toEqual({
      cycleId,
      valid: true,
      checked: chain.length,
      unchained: 0,
      firstBrokenAt: null,
    });
  });

  it('records a retried write once and keeps the chain whole', async () => {
    const { cycleId } = await cycleWithEveryWrite();
    const [assignment] = await repos.assignments.allAssignments({ cycleId });
    const before = (await chainOf(cycleId)).length;
    await repos.assignments.recordOverdue({ assignmentId: assignment?.id as string, periodKey: 'P2', deadlineAt: 0 });
    await repos.assignments.recordOverdue({ assignmentId: assignment?.id as string, periodKey: 'P2', deadlineAt: 0 });
    await repos.assignments.recordAcknowledgement({ assignmentId: assignment?.id as string, actor: department, at: Date.now() });
    expect((await chainOf(cycleId)).length).toBe(before + 1);
    expect((await repos.audit.verifyCycleChain(cycleId)).valid).toBe(true);
  });

  it('saves a large evaluation in bounded transactions, telling progress after each; a retry appends only what is missing', async () => {
    const { cycleId } = await cycleWithEveryWrite();
    const before = (await chainOf(cycleId)).length;
    const count = DECISIONS_PER_TRANSACTION * 2 + 7;
    const decisions = Array.from({ length: count }, (_, i) => ({
      cycleId,
      indicatorId: `large-${i}`,
      kind: 'attainment' as const,
      outcome: 'met',
      ruleSet: attainmentPin,
      facts: { actual: i, target: 1 },
      conditions: [],
      dedupeKey: `attainment/${cycleId}/large-${i}`,
    }));
    // A first attempt that stopped after its first transaction (a heartbeat timeout, a crash).
    const firstIds = await repos.decisions.saveDecisions(decisions.slice(0, DECISIONS_PER_TRANSACTION));
    const progress: { saved: number; total: number }[] = [];
    const ids = await repos.decisions.saveDecisions(decisions, (step) => {
      progress.push(step);
    });
    expect(progress).toEqual([
      { saved: DECISIONS_PER_TRANSACTION, total: count },
      { saved: DECISIONS_PER_TRANSACTION * 2, total: count },
      { saved: count, total: count },
    ]);
    expect(ids.size).toBe(count);
    for (const [key, id] of firstIds) expect(ids.get(key)).toBe(id);
    expect((await chainOf(cycleId)).length).toBe(before + count);
    expect(await repos.audit.verifyCycleChain(cycleId)).toMatchObject({ valid: true, checked: before + count });
  });

  it('finds a changed audit event at that row', async () => {
    const { cycleId } = await cycleWithEveryWrite();
    const target = (await chainOf(cycleId))[5] as { id: string };
    await sql.query(`UPDATE "AuditEvent" SET details = jsonb_set(details, '{version}', '2') WHERE id = $1`, [target.id]);
    const verdict = await repos.audit.verifyCycleChain(cycleId);
    expect(verdict.valid).toBe(false);
    expect(verdict.checked).toBe(5);
    expect(verdict.firstBrokenAt).toEqual({ id: target.id, at: expect.any(String), reason: expect.stringMatching(/changed/) });
  });

  it('finds a changed decision, and a changed actor, at that row', async () => {
    const { cycleId } = await cycleWithEveryWrite();
    const chain = await chainOf(cycleId);
    const decision = chain.find((r) => r.table === 'Decision') as { id: string };
    await sql.query(`UPDATE "Decision" SET outcome = 'none' WHERE id = $1`, [decision.id]);
    expect((await repos.audit.verifyCycleChain(cycleId)).firstBrokenAt?.id).toBe(decision.id);

    const { cycleId: other } = await cycleWithEveryWrite();
    const acknowledged = (await repos.audit.list({ cycleId: other, limit: 200 })).items.find((e) => e.action === 'assignment.acknowledged');
    await sql.query(`UPDATE "AuditEvent" SET "actorId" = 'someone-else' WHERE id = $1`, [acknowledged?.id]);
    expect((await repos.audit.verifyCycleChain(other)).firstBrokenAt?.id).toBe(acknowledged?.id);
  });

  it('finds a deleted row at the row after it, and deleted newest rows at the last one left', async () => {
    const { cycleId } = await cycleWithEveryWrite();
    const chain = await chainOf(cycleId);
    const removed = chain[3] as { id: string };
    await sql.query(`DELETE FROM "AuditEvent" WHERE id = $1`, [removed.id]);
    const verdict = await repos.audit.verifyCycleChain(cycleId);
    expect(verdict.valid).toBe(false);
    expect(verdict.firstBrokenAt).toEqual({
      id: (chain[4] as { id: string }).id,
      at: expect.any(String),
      reason: 'row 4 is missing before this one',
    });

    const { cycleId: other } = await cycleWithEveryWrite();
    const otherChain = await chainOf(other);
    const newest = otherChain[otherChain.length - 1] as { id: string; table: string };
    await sql.query(`DELETE FROM "${newest.table}" WHERE id = $1`, [newest.id]);
    const tailVerdict = await repos.audit.verifyCycleChain(other);
    expect(tailVerdict.firstBrokenAt?.id).toBe((otherChain[otherChain.length - 2] as { id: string }).id);
    expect(tailVerdict.firstBrokenAt?.reason).toMatch(/missing/);
  });

  it('keeps one valid chain when several connections append to one cycle at once', async () => {
    const { cycleId } = await cycleWithEveryWrite();
    const [assignment] = await repos.assignments.allAssignments({ cycleId });
    const assignmentId = assignment?.id as string;
    const before = (await chainOf(cycleId)).length;
    // Three processes' worth of pools; PGlite serves ten connections in all.
    const writers = [1, 2, 3].map(() => Repositories.open({ url: database.url, poolSize: 2 }));
    try {
      await Promise.all(
        Array.from({ length: 36 }, (_, i) => {
          const writer = writers[i % writers.length] as Repositories;
          return i % 2 === 0
            ? writer.assignments.recordReminder({ assignmentId, periodKey: `P${i}`, deadlineAt: i, outcome: 'sent' })
            : writer.decisions.saveDecision({
                cycleId,
                assignmentId,
                periodKey: `P${i}`,
                kind: 'trajectory',
                outcome: 'on_track',
                ruleSet: escalationPin,
                facts: { i },
                conditions: [],
                dedupeKey: `concurrent/${cycleId}/${i}`,
              });
        }),
      );
    } finally {
      await Promise.all(writers.map((w) => w.close()));
    }
    const chain = await chainOf(cycleId);
    expect(chain).toHaveLength(before + 36);
    expect(chain.map((r) => r.chainSeq)).toEqual(chain.map((_, i) => i + 1));
    expect(await repos.audit.verifyCycleChain(cycleId)).toMatchObject({ valid: true, checked: before + 36 });
  });

  it('refuses a new audit row or decision outside the chain; rows from before the chain are counted, not checked', async () => {
    const { cycleId } = await cycleWithEveryWrite();
    await expect(
      sql.query(
        `INSERT INTO "AuditEvent" (id, "actorId", "actorRole", action, "cycleId", details) VALUES ('forged', 'x', 'system', 'plan.published', $1, '{}')`,
        [cycleId],
      ),
    ).rejects.toThrow(/AuditEvent_chained_check/);
    // A row from before the migration: the check is NOT VALID, so such rows stay.
    await sql.query(`ALTER TABLE "AuditEvent" DROP CONSTRAINT "AuditEvent_chained_check"`);
    try {
      await sql.query(
        `INSERT INTO "AuditEvent" (id, at, "actorId", "actorRole", action, "cycleId", details) VALUES ('legacy-${label.length}', '2024-01-01', 'x', 'coordinator', 'plan.created', $1, '{}')`,
        [cycleId],
      );
    } finally {
      await sql.query(
        `ALTER TABLE "AuditEvent" ADD CONSTRAINT "AuditEvent_chained_check" CHECK ("cycleId" IS NOT NULL AND "chainSeq" IS NOT NULL AND "prevHash" IS NOT NULL AND "hash" IS NOT NULL) NOT VALID`,
      );
    }
    expect(await repos.audit.verifyCycleChain(cycleId)).toMatchObject({ valid: true, unchained: 1 });
  });

  it('gives the application role no UPDATE or DELETE on audit events and decisions', async () => {
    const privileges = await sql.query<{ table: string; privilege: string; granted: boolean }>(
      `SELECT t AS "table", p AS privilege, has_table_privilege('plancycle_app', format('%I', t), p) AS granted
       FROM unnest(ARRAY['AuditEvent', 'Decision', 'AuditChain', 'Report']) AS t, unnest(ARRAY['SELECT', 'INSERT', 'UPDATE', 'DELETE']) AS p`,
    );
    const denied = privileges.rows.filter((r) => !r.granted).map((r) => `${r.table} ${r.privilege}`);
    expect(denied.sort()).toEqual(['AuditEvent DELETE', 'AuditEvent UPDATE', 'Decision DELETE', 'Decision UPDATE']);

    // Acting as the role: the server refuses the change itself.
    const { cycleId } = await cycleWithEveryWrite();
    const session = new Client({ connectionString: database.url });
    await session.connect();
    try {
      await session.query('SET ROLE plancycle_app');
      await expect(session.query(`UPDATE "AuditEvent" SET action = 'x' WHERE "cycleId" = $1`, [cycleId])).rejects.toThrow(
        /permission denied/,
      );
      await expect(session.query(`DELETE FROM "Decision" WHERE "cycleId" = $1`, [cycleId])).rejects.toThrow(/permission denied/);
      await expect(session.query(`TRUNCATE "AuditEvent"`)).rejects.toThrow(/permission denied/);
      const readable = await session.query<{ n: string }>(`SELECT count(*) AS n FROM "AuditEvent" WHERE "cycleId" = $1`, [cycleId]);
      expect(Number(readable.rows[0]?.n)).toBeGreaterThan(0);
    } finally {
      await session.end();
    }
    expect((await repos.audit.verifyCycleChain(cycleId)).valid).toBe(true);
  });

  (label === 'PostgreSQL server' ? it : it.skip)(
    'runs the repositories as a login role in plancycle_app, which writes the chain but cannot change it',
    async () => {
      // Roles belong to the server: a login role per run, dropped afterwards.
      const login = `plancycle_audit_login_${process.pid}`;
      await sql.query(`DROP ROLE IF EXISTS ${login}`);
      await sql.query(`CREATE ROLE ${login} LOGIN IN ROLE plancycle_app`);
      const url = new URL(database.url);
      url.username = login;
      const asApp = Repositories.open({ url: url.toString(), poolSize: 2 });
      const session = new Client({ connectionString: url.toString() });
      try {
        const draft = await asApp.plans.createDraft({ document: twoUnitPlan(), calendarSpec: null, actor: coordinator });
        expect(await asApp.audit.verifyCycleChain(draft.cycleId)).toMatchObject({ valid: true, checked: 1 });
        await session.connect();
        await expect(session.query(`UPDATE "AuditEvent" SET action = 'x' WHERE "cycleId" = $1`, [draft.cycleId])).rejects.toThrow(
          /permission denied for table "?AuditEvent"?/,
        );
        await expect(session.query(`DELETE FROM "AuditEvent" WHERE "cycleId" = $1`, [draft.cycleId])).rejects.toThrow(/permission denied/);
      } finally {
        await session.end().catch(() => undefined);
        await asApp.close();
        await sql.query(`DROP OWNED BY ${login}`);
        await sql.query(`DROP ROLE IF EXISTS ${login}`);
      }
    },
  );
});

/** Whether a PostgreSQL server answers at the URL (checked once, synchronously, for describe.each). */
function canConnect(url: string): boolean {
  const probe = `const { Client } = require('pg'); const c = new Client({ connectionString: ${JSON.stringify(url)}, connectionTimeoutMillis: 2000 });
    c.connect().then(() => c.end()).then(() => process.exit(0), () => process.exit(1));`;
  return spawnSync(process.execPath, ['-e', probe], { timeout: 5_000, cwd: __dirname }).status === 0;
}
