import { Pool } from 'pg';
import { DomainError, type AuditActor } from '@plancycle/contracts';
import { readShippedRuleSetsOrThrow, type ShippedRuleSet } from '@plancycle/rules';
import { mediumDatabaseUrl, openMediumRepositories } from '../../../../test/support/medium-database';
import type { Repositories } from '../index';

jest.setTimeout(30_000);

const coordinator: AuditActor = { id: 'coordinator-1', role: 'coordinator', name: '专班办公室' };

async function refusal(promise: Promise<unknown>): Promise<DomainError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

/**
 * The medium database is shared by the files of a run, and activities there pin the newest
 * published versions: every version this file publishes decides exactly like the shipped
 * one (only its description differs), under a major of its own.
 */
const major = 100 + Math.floor(Math.random() * 800);

describe('RuleSetRepository on PostgreSQL', () => {
  let repos: Repositories;
  let pool: Pool;
  let shipped: ShippedRuleSet[];
  let escalation: ShippedRuleSet;

  beforeAll(async () => {
    repos = openMediumRepositories();
    pool = new Pool({ connectionString: mediumDatabaseUrl(), max: 1 });
    shipped = await readShippedRuleSetsOrThrow();
    escalation = shipped.find((s) => s.ruleSetId === 'escalation') as ShippedRuleSet;
  });
  afterAll(async () => {
    await pool?.end();
    await repos?.close();
  });

  it('loads the shipped defaults as published versions by the system, once, however often and concurrently it is asked', async () => {
    const runs = await Promise.all([
      repos.ruleSets.ensureDefaults(shipped),
      repos.ruleSets.ensureDefaults(shipped),
      repos.ruleSets.ensureDefaults(shipped),
    ]);
    for (const outcomes of runs) expect(outcomes.every((o) => o.outcome === 'loaded' || o.outcome === 'present')).toBe(true);
    expect((await repos.ruleSets.ensureDefaults(shipped)).map((o) => `${o.ruleSetId}: ${o.outcome}`)).toEqual([
      'attainment: present',
      'escalation: present',
      'scoring: present',
      'trajectory: present',
    ]);
    for (const item of shipped) {
      const stored = await repos.ruleSets.findVersionOrThrow(item.ruleSetId, item.version);
      expect(stored).toMatchObject({ status: 'published', author: { id: 'system:defaults' }, derivedFrom: null });
      expect(stored.ruleFile).toEqual(item.ruleFile);
      const loaded = await pool.query<{ n: string }>(
        `SELECT count(*) AS n FROM "RuleSetChange" WHERE action = 'rule_set.default_loaded' AND "ruleSetId" = $1 AND version = $2`,
        [item.ruleSetId, item.version],
      );
      expect(Number(loaded.rows[0]?.n)).toBe(1);
    }
    // Other content under a stored version is reported, and the store's is kept.
    const edited = { ...escalation, ruleFile: { ...(escalation.ruleFile as object), description: 'edited in place' } };
    expect(await repos.ruleSets.ensureDefaults([edited])).toEqual([{ ruleSetId: 'escalation', version: '1.0.0', outcome: 'differs' }]);
    expect((await repos.ruleSets.findVersionOrThrow('escalation', '1.0.0')).ruleFile).toEqual(escalation.ruleFile);
  });

  it('keeps drafts editable under a revision, answers retries, and logs every change with its author', async () => {
    const version = `${major}.0.0`;
    const ruleFile = { ...(escalation.ruleFile as object), version, description: 'a copy to edit' };
    const request = {
      ruleSetId: 'escalation',
      version,
      kind: 'escalation',
      derivedFrom: '1.0.0',
      changeNote: '复制',
      ruleFile,
      goldenCases: escalation.goldenCases,
    };
    const { draft, created } = await repos.ruleSets.createDraft(coordinator, request);
    expect(created).toBe(true);
    expect(draft).toMatchObject({
      status: 'draft',
      revision: 1,
      derivedFrom: '1.0.0',
      author: { id: 'coordinator-1', name: '专班办公室' },
    });
    expect((await repos.ruleSets.createDraft(coordinator, request)).created).toBe(false);
    expect((await refusal(repos.ruleSets.createDraft(coordinator, { ...request, changeNote: '另一个' }))).code).toBe('CONFLICT');

    const edit = {
      ruleSetId: 'escalation',
      version,
      revision: 1,
      ruleFile: { ...ruleFile, description: 'edited once' },
      goldenCases: escalation.goldenCases,
    };
    const edited = await repos.ruleSets.editDraft(coordinator, edit);
    expect(edited.revision).toBe(2);
    expect(await repos.ruleSets.editDraft(coordinator, edit)).toMatchObject({ revision: 2 });
    const stale = await refusal(repos.ruleSets.editDraft(coordinator, { ...edit, ruleFile: { ...ruleFile, description: 'lost update' } }));
    expect(stale.code).toBe('CONFLICT');
    expect(stale.issues[0]?.path).toBe('revision');

    const changes = await repos.ruleSets.listChanges({ ruleSetId: 'escalation', limit: 50 });
    const mine = changes.items.filter((c) => c.version === version);
    expect(mine.map((c) => c.action).sort()).toEqual(['rule_set.draft_created', 'rule_set.draft_edited']);
    const editChange = mine.find((c) => c.action === 'rule_set.draft_edited');
    expect(editChange?.actor).toMatchObject({ id: 'coordinator-1', name: '专班办公室', role: 'coordinator' });
    expect(editChange?.before).toMatchObject({ revision: 1, ruleFile: { description: 'a copy to edit' } });
    expect(editChange?.after).toMatchObject({ revision: 2, ruleFile: { description: 'edited once' } });
  });

  it('never changes a published version: the repository refuses, and so does the database', async () => {
    const version = `${major}.1.0`;
    const ruleFile = { ...(escalation.ruleFile as object), version, description: 'to publish' };
    await repos.ruleSets.createDraft(coordinator, {
      ruleSetId: 'escalation',
      version,
      kind: 'escalation',
      derivedFrom: '1.0.0',
      changeNote: '发布测试',
      ruleFile,
      goldenCases: escalation.goldenCases,
    });
    expect((await refusal(repos.ruleSets.publish(coordinator, { ruleSetId: 'escalation', version, revision: 7 }))).code).toBe('CONFLICT');
    const { version: published } = await repos.ruleSets.publish(coordinator, {
      ruleSetId: 'escalation',
      version,
      revision: 1,
      idempotencyKey: `publish-${major}-1`,
    });
    expect(published).toMatchObject({ status: 'published', publishedBy: { id: 'coordinator-1', name: '专班办公室' } });
    expect(await repos.ruleSets.findPublished({ id: 'escalation', version })).not.toBeNull();
    expect((await repos.ruleSets.latestPublishedPins()).find((p) => p.id === 'escalation')?.version).toBe(version);

    expect(
      (await repos.ruleSets.publish(coordinator, { ruleSetId: 'escalation', version, revision: 1, idempotencyKey: `publish-${major}-1` }))
        .duplicate,
    ).toBe(true);
    expect((await refusal(repos.ruleSets.publish(coordinator, { ruleSetId: 'escalation', version, revision: 1 }))).code).toBe(
      'RULE_SET_NOT_DRAFT',
    );
    const edit = await refusal(
      repos.ruleSets.editDraft(coordinator, {
        ruleSetId: 'escalation',
        version,
        revision: 1,
        ruleFile,
        goldenCases: escalation.goldenCases,
      }),
    );
    expect(edit.code).toBe('RULE_SET_NOT_DRAFT');

    await expect(
      pool.query(`UPDATE "RuleSetVersion" SET "changeNote" = 'changed behind its back' WHERE "ruleSetId" = 'escalation' AND version = $1`, [
        version,
      ]),
    ).rejects.toThrow(/published and cannot be changed/);
    await expect(pool.query(`DELETE FROM "RuleSetVersion" WHERE "ruleSetId" = 'escalation' AND version = $1`, [version])).rejects.toThrow(
      /published and cannot be changed/,
    );
    expect((await repos.ruleSets.findVersionOrThrow('escalation', version)).changeNote).toBe('发布测试');
  });

  it('keeps the change log append-only for the application role', async () => {
    const client = await pool.connect();
    try {
      for (const statement of [`UPDATE "RuleSetChange" SET "actorName" = 'someone else'`, `DELETE FROM "RuleSetChange"`]) {
        await client.query('BEGIN');
        await client.query('SET LOCAL ROLE plancycle_app');
        await expect(client.query(statement)).rejects.toThrow(/permission denied/);
        await client.query('ROLLBACK');
      }
      await client.query('BEGIN');
      await client.query('SET LOCAL ROLE plancycle_app');
      // It may still read the log and write drafts.
      await client.query('SELECT count(*) FROM "RuleSetChange"');
      await client.query(`UPDATE "RuleSetVersion" SET "changeNote" = "changeNote" WHERE status = 'draft'`);
      await client.query('ROLLBACK');
    } finally {
      client.release();
    }
  });

  it('lists rule sets newest version first, with the newest published one', async () => {
    const escalationSet = await repos.ruleSets.findRuleSetOrThrow('escalation');
    expect(escalationSet.latestPublished).toBe(`${major}.1.0`);
    // Other files of the run add versions too: this file's, newest first.
    const mine = escalationSet.versions.map((v) => v.version).filter((v) => v.startsWith(`${major}.`));
    expect(mine).toEqual([`${major}.1.0`, `${major}.0.0`]);
    expect(escalationSet.versions.at(-1)?.version).toBe('1.0.0');
    expect((await repos.ruleSets.listRuleSets()).map((s) => s.id)).toEqual(['attainment', 'escalation', 'scoring', 'trajectory']);
  });
});
