import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { DomainError, type AuditActor, type PlanDocument } from '@plancycle/contracts';
import { mediumDatabaseUrl, openMediumRepositories } from '../../../../test/support/medium-database';
import type { Repositories } from '../index';
import { hashServiceToken } from './directory.repository';

jest.setTimeout(30_000);

const admin: AuditActor = { id: 'admin-1', role: 'admin', name: '管理员' };

/** Names carry a run id: the medium database is shared by the files of a run. */
const run = randomUUID().slice(0, 6);
const unit = (name: string) => `${name}${run}`;

function planNaming(lead: string, cooperating: string[] = []): PlanDocument {
  return {
    jurisdiction: '沅江市',
    year: 2026,
    title: `目录测试${run}`,
    goals: [],
    tasks: [
      {
        number: '1',
        category: null,
        title: '培育企业',
        content: null,
        leader: '钟兴旺',
        targets: [
          {
            text: '入库企业500家',
            units: { lead: [lead], cooperating },
            indicators: [{ metric: '入库企业', kind: 'count', comparator: 'gte', value: 500, unit: '家', stretch: false }],
          },
        ],
      },
    ],
  };
}

async function domainErrorOf(run: () => Promise<unknown>): Promise<DomainError> {
  try {
    await run();
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected a DomainError');
}

describe('the directory on embedded PostgreSQL', () => {
  let repos: Repositories;
  let pool: Pool;

  beforeAll(() => {
    repos = openMediumRepositories();
    pool = new Pool({ connectionString: mediumDatabaseUrl(), max: 1 });
  });
  afterAll(async () => {
    await repos?.close();
    await pool?.end();
  });

  it('a draft proposes the units it names and joins none to the directory; mapping a name moves the draft onto the unit', async () => {
    const science = unit('县科技局');
    const traditional = unit('縣科技局');
    await repos.directory.createUnit(admin, { name: science });
    const draft = await repos.plans.createDraft({ document: planNaming(traditional, [science]), calendarSpec: null, actor: admin });
    expect(await repos.plans.proposedUnitNames(draft.id)).toEqual([traditional]);
    expect((await repos.directory.listUnits({ status: 'proposed', limit: 200 })).items.map((u) => u.name)).toContain(traditional);

    const mapped = await repos.directory.mapUnitName(admin, { alias: traditional, unit: science });
    expect(mapped.aliases).toEqual([traditional]);
    expect(await repos.plans.proposedUnitNames(draft.id)).toEqual([]);
    // The name was also a cooperating unit of the same target: one link, the lead role kept.
    const plan = await repos.plans.findPlanOrThrow(draft.id);
    expect(plan.tasks[0]?.targets[0]?.units).toEqual({ lead: [science], cooperating: [] });
    // A later draft writing the old name resolves it at once.
    const later = await repos.plans.createDraft({ document: planNaming(traditional), calendarSpec: null, actor: admin });
    expect((await repos.plans.findPlanOrThrow(later.id)).tasks[0]?.targets[0]?.units.lead).toEqual([science]);
    expect(await repos.directory.unknownUnitNames([traditional, science, unit('不知道')])).toEqual([unit('不知道')]);
  });

  it('refuses what would make the directory wrong, changing nothing', async () => {
    const office = unit('市科工局');
    await repos.directory.createUnit(admin, { name: office });
    expect((await domainErrorOf(() => repos.directory.createUnit(admin, { name: office }))).code).toBe('CONFLICT');
    const child = unit('组织部人才办');
    await repos.directory.createUnit(admin, { name: unit('组织部') });
    await repos.directory.createUnit(admin, { name: child, parent: unit('组织部') });
    const cycle = await domainErrorOf(() => repos.directory.updateUnit(admin, unit('组织部'), { parent: child }));
    expect(cycle.issues).toEqual([{ path: 'parent', message: `${child} is ${unit('组织部')} or under it` }]);

    const email = `dup-${run}@example.gov.cn`;
    await repos.directory.createPerson(admin, { name: '王芳', email, role: 'department', unit: office });
    const before = (await repos.directory.listPeople({ limit: 200 })).items.length;
    expect(
      (await domainErrorOf(() => repos.directory.createPerson(admin, { name: '王芳2', email, role: 'department', unit: office }))).code,
    ).toBe('CONFLICT');
    const unknownLeaderUnit = await domainErrorOf(() =>
      repos.directory.createPerson(admin, {
        name: '钟',
        email: `l-${run}@example.gov.cn`,
        role: 'leader',
        leaderOf: [office, unit('没有')],
      }),
    );
    expect(unknownLeaderUnit.issues).toEqual([{ path: 'leaderOf.1', message: `${unit('没有')} is not a unit of the directory` }]);
    expect((await repos.directory.listPeople({ limit: 200 })).items.length).toBe(before);
  });

  it('logs every change with who made it, before and after; the application role cannot rewrite the log', async () => {
    const person = await repos.directory.createPerson(admin, { name: '赵磊', email: `zl-${run}@example.gov.cn`, role: 'auditor' });
    await repos.directory.updatePerson(admin, person.id, { status: 'disabled' });
    const changes = (await repos.directory.listChanges({ entityId: person.id, limit: 10 })).items;
    expect(changes.map((c) => c.action)).toEqual(['person.disabled', 'person.created']);
    expect(changes[0]).toMatchObject({
      actor: { id: 'admin-1', name: '管理员', role: 'admin' },
      before: { status: 'active' },
      after: { status: 'disabled' },
    });
    const role = await pool.query(`SELECT 1 FROM pg_roles WHERE rolname = 'plancycle_app'`);
    if (role.rowCount === 0) return; // a migrating user without CREATEROLE: no application role to check
    const rights = await pool.query<{ update: boolean; delete: boolean; insert: boolean }>(
      `SELECT has_table_privilege('plancycle_app', '"DirectoryChange"', 'UPDATE') AS update,
              has_table_privilege('plancycle_app', '"DirectoryChange"', 'DELETE') AS delete,
              has_table_privilege('plancycle_app', '"DirectoryChange"', 'INSERT') AS insert`,
    );
    expect(rights.rows[0]).toEqual({ update: false, delete: false, insert: true });
  });

  it('keeps only the hash of a service token, finds it by the secret, and revokes it', async () => {
    const { token, serviceToken } = await repos.directory.createServiceToken(admin, {
      name: 'OA 对接',
      role: 'coordinator',
      expiresInDays: 30,
    });
    expect(token).toMatch(/^plct_[A-Za-z0-9_-]{43}$/);
    const stored = await pool.query<{ tokenHash: string }>(`SELECT "tokenHash" FROM "ServiceToken" WHERE id = $1`, [serviceToken.id]);
    expect(stored.rows[0]?.tokenHash).toBe(hashServiceToken(token));
    expect(JSON.stringify(stored.rows)).not.toContain(token);
    expect((await repos.directory.findServiceToken(token))?.id).toBe(serviceToken.id);
    await repos.directory.revokeServiceToken(admin, serviceToken.id);
    expect((await repos.directory.findServiceToken(token))?.revokedAt).toBeInstanceOf(Date);
  });

  it('signs a person in by e-mail once, then by the subject bound to them', async () => {
    const email = `bind-${run}@example.gov.cn`;
    const person = await repos.directory.createPerson(admin, { name: '孙', email, role: 'coordinator' });
    expect((await repos.directory.findPersonForSignIn({ subject: `kc-${run}`, email: email.toUpperCase() }))?.id).toBe(person.id);
    expect((await repos.directory.findPersonForSignIn({ subject: `kc-${run}`, email: null }))?.id).toBe(person.id);
    expect(await repos.directory.findPersonForSignIn({ subject: `other-${run}`, email: null })).toBeNull();
  });

  it('pages with opaque cursors and refuses a cursor it did not make', async () => {
    for (const name of ['甲', '乙', '丙']) await repos.directory.ensureActiveUnits(admin, [unit(`页${name}局`)]);
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await repos.directory.listUnits({ limit: 2, ...(cursor ? { cursor } : {}) });
      seen.push(...page.items.map((u) => u.name));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen).toEqual(expect.arrayContaining([unit('页甲局'), unit('页乙局'), unit('页丙局')]));
    expect((await domainErrorOf(() => repos.directory.listUnits({ limit: 2, cursor: 'not-a-cursor' }))).issues[0]?.path).toBe('cursor');
  });
});
