import { createHash, randomBytes } from 'node:crypto';
import {
  DomainError,
  roleSchema,
  type AuditActor,
  type CreatePersonRequest,
  type CreateServiceTokenRequest,
  type CreateUnitRequest,
  type DirectoryChangeView,
  type Page,
  type PersonView,
  type Role,
  type ServiceTokenView,
  type UnitAliasRequest,
  type UnitStatus,
  type UnitView,
  type UpdatePersonRequest,
  type UpdateUnitRequest,
} from '@plancycle/contracts';
import { isUniqueViolation, type Database } from '../database';
import { Prisma } from '../generated/prisma/client';
import { cursorAfter, page } from '../paging';
import { parseStored } from '../stored-json';
import { z } from 'zod';

type Tx = Prisma.TransactionClient;

const unitInclude = { parent: true, aliases: { orderBy: { alias: 'asc' } } } as const;
type UnitRow = Prisma.UnitGetPayload<{ include: typeof unitInclude }>;
const personInclude = { unit: true, leaderScopes: { include: { unit: true } } } as const;
type PersonRow = Prisma.PersonGetPayload<{ include: typeof personInclude }>;
type TokenRow = Prisma.ServiceTokenGetPayload<{ include: { unit: true } }>;
const personStatusSchema = z.enum(['active', 'disabled']);

/** A person as sign-in resolves them: what the API needs to authorise a call. */
export interface SignedInPerson {
  id: string;
  name: string;
  email: string;
  role: Role;
  status: 'active' | 'disabled';
  unit: { id: string; name: string } | null;
  leaderUnits: string[];
}

/** A service token as sign-in resolves it (never its secret). */
export interface ResolvedServiceToken {
  id: string;
  name: string;
  role: Role;
  unit: { id: string; name: string } | null;
  expiresAt: Date;
  revokedAt: Date | null;
  lastUsedAt: Date | null;
}

/** The prefix of every service token: easy to recognise in logs and secret scanners. */
export const SERVICE_TOKEN_PREFIX = 'plct_';

export function hashServiceToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/**
 * The directory: units, the other names plans write for them, people, leaders' scopes and
 * service tokens. Every change writes a DirectoryChange row (who, what, before, after) in
 * the same transaction as the change.
 */
export class DirectoryRepository {
  constructor(private readonly db: Database) {}

  // ---- sign-in ------------------------------------------------------------------------

  /**
   * The person an identity token names: by the provider's subject, else by e-mail (and
   * then the subject is bound to that person, so a changed e-mail later still signs in).
   */
  async findPersonForSignIn(params: { subject: string; email: string | null }): Promise<SignedInPerson | null> {
    let person = await this.signInPerson(Prisma.sql`p."oidcSubject" = ${params.subject}`);
    if (!person && params.email) {
      person = await this.signInPerson(Prisma.sql`p."email" = ${params.email.trim().toLowerCase()}`);
      if (person && person.oidcSubject === null) {
        await this.db.person
          .updateMany({ where: { id: person.id, oidcSubject: null }, data: { oidcSubject: params.subject } })
          .catch((error: unknown) => {
            if (!isUniqueViolation(error)) throw error;
          });
      }
    }
    if (!person) return null;
    const { oidcSubject: _bound, ...signedIn } = person;
    return signedIn;
  }

  /** A person with their unit and the units they lead, in one query (every call a person makes runs it). */
  private async signInPerson(where: Prisma.Sql): Promise<(SignedInPerson & { oidcSubject: string | null }) | null> {
    const [row] = await this.db.$queryRaw<
      {
        id: string;
        name: string;
        email: string;
        role: string;
        status: string;
        oidcSubject: string | null;
        unitId: string | null;
        unitName: string | null;
        leaderUnits: string[];
      }[]
    >`
      SELECT p."id", p."name", p."email", p."role"::text AS "role", p."status"::text AS "status", p."oidcSubject",
             u."id" AS "unitId", u."name" AS "unitName",
             coalesce((SELECT json_agg(lu."name") FROM "LeaderScope" s JOIN "Unit" lu ON lu."id" = s."unitId" WHERE s."personId" = p."id"),
                      '[]'::json) AS "leaderUnits"
      FROM "Person" p LEFT JOIN "Unit" u ON u."id" = p."unitId"
      WHERE ${where}`;
    if (!row) return null;
    return {
      id: row.id,
      name: row.name,
      email: row.email,
      role: parseStored({ schema: roleSchema, value: row.role, column: 'person.role' }),
      status: parseStored({ schema: personStatusSchema, value: row.status, column: 'person.status' }),
      oidcSubject: row.oidcSubject,
      unit: row.unitId !== null && row.unitName !== null ? { id: row.unitId, name: row.unitName } : null,
      leaderUnits: [...row.leaderUnits].sort(),
    };
  }

  /** The token and its unit in one query: every call with a service token runs it. */
  async findServiceToken(token: string): Promise<ResolvedServiceToken | null> {
    const [row] = await this.db.$queryRaw<
      {
        id: string;
        name: string;
        role: string;
        unitId: string | null;
        unitName: string | null;
        expiresAt: Date;
        revokedAt: Date | null;
        lastUsedAt: Date | null;
      }[]
    >`
      SELECT s."id", s."name", s."role"::text AS "role", u."id" AS "unitId", u."name" AS "unitName", s."expiresAt", s."revokedAt", s."lastUsedAt"
      FROM "ServiceToken" s LEFT JOIN "Unit" u ON u."id" = s."unitId"
      WHERE s."tokenHash" = ${hashServiceToken(token)}`;
    if (!row) return null;
    return {
      id: row.id,
      name: row.name,
      role: parseStored({ schema: roleSchema, value: row.role, column: 'serviceToken.role' }),
      unit: row.unitId !== null && row.unitName !== null ? { id: row.unitId, name: row.unitName } : null,
      expiresAt: row.expiresAt,
      revokedAt: row.revokedAt,
      lastUsedAt: row.lastUsedAt,
    };
  }

  /** Records when a token was last used (at most once a minute per token). */
  async touchServiceToken(id: string, at = new Date()): Promise<void> {
    await this.db.serviceToken.updateMany({
      where: { id, OR: [{ lastUsedAt: null }, { lastUsedAt: { lt: new Date(at.getTime() - 60_000) } }] },
      data: { lastUsedAt: at },
    });
  }

  // ---- units --------------------------------------------------------------------------

  async listUnits(params: { status?: UnitStatus; limit: number; cursor?: string }): Promise<Page<UnitView>> {
    const after = cursorAfter(params.cursor);
    const rows = await this.db.unit.findMany({
      where: { ...(params.status ? { status: params.status } : {}), ...(after ? { name: { gt: String(after[0]) } } : {}) },
      include: unitInclude,
      orderBy: { name: 'asc' },
      take: params.limit + 1,
    });
    return page(rows.map(toUnitView), params.limit, (u) => [u.name]);
  }

  async findUnitOrThrow(name: string): Promise<UnitView> {
    const row = await this.db.unit.findUnique({ where: { name }, include: unitInclude });
    if (!row) throw new DomainError({ code: 'NOT_FOUND', message: `no unit ${name} in the directory` });
    return toUnitView(row);
  }

  /** A new unit; when a draft already proposed the name, this accepts and completes it. */
  async createUnit(actor: AuditActor, request: CreateUnitRequest): Promise<UnitView> {
    return this.db.$transaction(async (tx) => {
      const existing = await tx.unit.findUnique({ where: { name: request.name }, include: unitInclude });
      if (existing && existing.status === 'active') {
        throw new DomainError({
          code: 'CONFLICT',
          message: `the unit ${request.name} is already in the directory`,
          issues: [{ path: 'name', message: 'already in the directory' }],
        });
      }
      await assertNotAlias(tx, request.name, 'name');
      const parentId = request.parent ? await activeUnitIdOrThrow(tx, request.parent, 'parent') : null;
      const data = {
        fullName: request.fullName ?? null,
        parentId,
        contactEmail: request.contactEmail ?? null,
        webhookUrl: request.webhookUrl ?? null,
        status: 'active' as const,
      };
      const row = existing
        ? await tx.unit.update({ where: { id: existing.id }, data, include: unitInclude })
        : await tx.unit.create({ data: { name: request.name, ...data }, include: unitInclude });
      const after = toUnitView(row);
      await recordChange(tx, actor, {
        action: existing ? 'unit.accepted' : 'unit.created',
        entity: 'unit',
        entityId: row.id,
        before: existing ? toUnitView(existing) : null,
        after,
      });
      return after;
    });
  }

  async updateUnit(actor: AuditActor, name: string, request: UpdateUnitRequest): Promise<UnitView> {
    return this.db.$transaction(async (tx) => {
      const existing = await tx.unit.findUnique({ where: { name }, include: unitInclude });
      if (!existing) throw new DomainError({ code: 'NOT_FOUND', message: `no unit ${name} in the directory` });
      let parentId: string | null | undefined;
      if (request.parent !== undefined) {
        parentId = request.parent === null ? null : await activeUnitIdOrThrow(tx, request.parent, 'parent');
        if (parentId !== null && (await isSelfOrDescendant(tx, existing.id, parentId))) {
          throw new DomainError({
            code: 'VALIDATION_FAILED',
            message: 'a unit cannot sit under itself',
            issues: [{ path: 'parent', message: `${request.parent} is ${name} or under it` }],
          });
        }
      }
      const row = await tx.unit.update({
        where: { id: existing.id },
        data: {
          ...(request.fullName !== undefined ? { fullName: request.fullName } : {}),
          ...(parentId !== undefined ? { parentId } : {}),
          ...(request.contactEmail !== undefined ? { contactEmail: request.contactEmail } : {}),
          ...(request.webhookUrl !== undefined ? { webhookUrl: request.webhookUrl } : {}),
          ...(request.status ? { status: request.status } : {}),
        },
        include: unitInclude,
      });
      const after = toUnitView(row);
      await recordChange(tx, actor, { action: 'unit.updated', entity: 'unit', entityId: row.id, before: toUnitView(existing), after });
      return after;
    });
  }

  /**
   * Records that plans write `alias` for the directory unit `unit`, and moves draft plans
   * that proposed `alias` as a unit of its own onto that unit (the proposal goes away).
   */
  async mapUnitName(actor: AuditActor, request: UnitAliasRequest): Promise<UnitView> {
    return this.db.$transaction(async (tx) => {
      const target = await tx.unit.findUnique({ where: { name: request.unit } });
      if (!target || target.status !== 'active') {
        throw new DomainError({
          code: 'VALIDATION_FAILED',
          message: `map ${request.alias} to a unit of the directory`,
          issues: [{ path: 'unit', message: `${request.unit} is not in the directory` }],
        });
      }
      if (request.alias === request.unit) {
        throw new DomainError({
          code: 'VALIDATION_FAILED',
          message: 'a name cannot be an alias of itself',
          issues: [{ path: 'alias', message: 'same as unit' }],
        });
      }
      const existingAlias = await tx.unitAlias.findUnique({ where: { alias: request.alias } });
      if (existingAlias && existingAlias.unitId !== target.id) {
        throw new DomainError({
          code: 'CONFLICT',
          message: `${request.alias} already stands for another unit`,
          issues: [{ path: 'alias', message: 'already mapped' }],
        });
      }
      const named = await tx.unit.findUnique({ where: { name: request.alias } });
      if (named && named.status === 'active') {
        throw new DomainError({
          code: 'CONFLICT',
          message: `${request.alias} is a unit of the directory itself`,
          issues: [{ path: 'alias', message: 'a directory unit' }],
        });
      }
      if (!existingAlias) await tx.unitAlias.create({ data: { alias: request.alias, unitId: target.id, createdBy: actor.id } });
      if (named) await mergeProposedUnit(tx, named.id, target.id);
      const row = await tx.unit.findUniqueOrThrow({ where: { id: target.id }, include: unitInclude });
      await recordChange(tx, actor, {
        action: 'unit.alias_added',
        entity: 'unit',
        entityId: target.id,
        before: null,
        after: { alias: request.alias, unit: request.unit, draftsMoved: named !== null },
      });
      return toUnitView(row);
    });
  }

  /** The names among `names` the directory does not know as active units (aliases resolved). */
  async unknownUnitNames(names: string[]): Promise<string[]> {
    if (names.length === 0) return [];
    const [units, aliases] = await Promise.all([
      this.db.unit.findMany({ where: { name: { in: names }, status: 'active' }, select: { name: true } }),
      this.db.unitAlias.findMany({ where: { alias: { in: names } }, select: { alias: true } }),
    ]);
    const known = new Set([...units.map((u) => u.name), ...aliases.map((a) => a.alias)]);
    return [...new Set(names)].filter((n) => !known.has(n)).sort();
  }

  // ---- people -------------------------------------------------------------------------

  async listPeople(params: {
    role?: Role;
    unit?: string;
    status?: 'active' | 'disabled';
    limit: number;
    cursor?: string;
  }): Promise<Page<PersonView>> {
    const after = cursorAfter(params.cursor);
    const rows = await this.db.person.findMany({
      where: {
        ...(params.role ? { role: params.role } : {}),
        ...(params.unit ? { unit: { name: params.unit } } : {}),
        ...(params.status ? { status: params.status } : {}),
        ...(after ? { email: { gt: String(after[0]) } } : {}),
      },
      include: personInclude,
      orderBy: { email: 'asc' },
      take: params.limit + 1,
    });
    return page(rows.map(toPersonView), params.limit, (p) => [p.email]);
  }

  async findPersonOrThrow(id: string): Promise<PersonView> {
    const row = isUuid(id) ? await this.db.person.findUnique({ where: { id }, include: personInclude }) : null;
    if (!row) throw new DomainError({ code: 'NOT_FOUND', message: `no person ${id}` });
    return toPersonView(row);
  }

  async createPerson(actor: AuditActor, request: CreatePersonRequest): Promise<PersonView> {
    return this.db.$transaction(async (tx) => {
      const unitId = request.unit ? await activeUnitIdOrThrow(tx, request.unit, 'unit') : null;
      const leaderUnitIds = await activeUnitIdsOrThrow(tx, request.leaderOf ?? [], 'leaderOf');
      let row: PersonRow;
      try {
        row = await tx.person.create({
          data: {
            name: request.name,
            email: request.email,
            role: request.role,
            unitId,
            ...(request.notifications ? { emailNotices: request.notifications.email } : {}),
            leaderScopes: { create: leaderUnitIds.map((id) => ({ unitId: id })) },
          },
          include: personInclude,
        });
      } catch (error) {
        if (isUniqueViolation(error)) throw duplicateEmail(request.email);
        throw error;
      }
      const after = toPersonView(row);
      await recordChange(tx, actor, { action: 'person.created', entity: 'person', entityId: row.id, before: null, after });
      return after;
    });
  }

  async updatePerson(actor: AuditActor, id: string, request: UpdatePersonRequest): Promise<PersonView> {
    return this.db.$transaction(async (tx) => {
      const existing = isUuid(id) ? await tx.person.findUnique({ where: { id }, include: personInclude }) : null;
      if (!existing) throw new DomainError({ code: 'NOT_FOUND', message: `no person ${id}` });
      const role = request.role ?? existing.role;
      const unitName = request.unit !== undefined ? request.unit : (existing.unit?.name ?? null);
      if (role === 'department' && !unitName) {
        throw new DomainError({
          code: 'VALIDATION_FAILED',
          message: 'a department person acts for a unit',
          issues: [{ path: 'unit', message: 'name the unit' }],
        });
      }
      const unitId =
        request.unit === undefined ? undefined : request.unit === null ? null : await activeUnitIdOrThrow(tx, request.unit, 'unit');
      if (request.leaderOf !== undefined || (request.role !== undefined && request.role !== 'leader')) {
        const leaderUnitIds =
          role === 'leader'
            ? await activeUnitIdsOrThrow(tx, request.leaderOf ?? existing.leaderScopes.map((s) => s.unit.name), 'leaderOf')
            : [];
        await tx.leaderScope.deleteMany({ where: { personId: id } });
        if (leaderUnitIds.length > 0) await tx.leaderScope.createMany({ data: leaderUnitIds.map((unitId) => ({ personId: id, unitId })) });
      }
      let row: PersonRow;
      try {
        row = await tx.person.update({
          where: { id },
          data: {
            ...(request.name !== undefined ? { name: request.name } : {}),
            ...(request.email !== undefined ? { email: request.email } : {}),
            ...(request.role !== undefined ? { role: request.role } : {}),
            ...(unitId !== undefined ? { unitId } : {}),
            ...(request.status !== undefined ? { status: request.status } : {}),
            ...(request.notifications !== undefined ? { emailNotices: request.notifications.email } : {}),
          },
          include: personInclude,
        });
      } catch (error) {
        if (isUniqueViolation(error) && request.email) throw duplicateEmail(request.email);
        throw error;
      }
      const after = toPersonView(row);
      const action =
        request.status && request.status !== existing.status
          ? request.status === 'disabled'
            ? 'person.disabled'
            : 'person.enabled'
          : 'person.updated';
      await recordChange(tx, actor, { action, entity: 'person', entityId: id, before: toPersonView(existing), after });
      return after;
    });
  }

  /** Links each task whose 责任领导 names a leader of the directory to that person. */
  async linkTaskLeaders(planId: string): Promise<number> {
    const tasks = await this.db.task.findMany({ where: { planId, leader: { not: null } }, select: { id: true, leader: true } });
    if (tasks.length === 0) return 0;
    const names = [...new Set(tasks.flatMap((t) => splitLeaderNames(t.leader ?? '')))];
    const leaders = await this.db.person.findMany({
      where: { role: 'leader', status: 'active', name: { in: names } },
      select: { id: true, name: true },
    });
    const byName = new Map<string, string | null>();
    for (const leader of leaders) byName.set(leader.name, byName.has(leader.name) ? null : leader.id); // two of one name: ambiguous
    let linked = 0;
    for (const task of tasks) {
      const personId = splitLeaderNames(task.leader ?? '')
        .map((n) => byName.get(n))
        .find((id): id is string => typeof id === 'string');
      if (!personId) continue;
      await this.db.task.update({ where: { id: task.id }, data: { leaderPersonId: personId } });
      linked += 1;
    }
    return linked;
  }

  /**
   * A new deployment's first admin: when the directory has no active admin, the person
   * with this e-mail becomes one (created if missing). Returns what it did.
   */
  async ensureBootstrapAdmin(email: string): Promise<'exists' | 'created' | 'promoted'> {
    const normalized = email.trim().toLowerCase();
    return this.db.$transaction(async (tx) => {
      // API processes booting together (PLANCYCLE_API_PROCESSES, or several hosts) take turns:
      // the first makes the admin, the others then find one.
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('plancycle.bootstrap-admin'))`;
      if ((await tx.person.count({ where: { role: 'admin', status: 'active' } })) > 0) return 'exists';
      const system: AuditActor = { id: 'system:bootstrap', role: 'system', name: 'PLANCYCLE_BOOTSTRAP_ADMIN_EMAIL' };
      const existing = await tx.person.findUnique({ where: { email: normalized }, include: personInclude });
      if (existing) {
        const row = await tx.person.update({
          where: { id: existing.id },
          data: { role: 'admin', status: 'active' },
          include: personInclude,
        });
        await recordChange(tx, system, {
          action: 'person.updated',
          entity: 'person',
          entityId: row.id,
          before: toPersonView(existing),
          after: toPersonView(row),
        });
        return 'promoted';
      }
      const row = await tx.person.create({
        data: { name: normalized.split('@')[0] ?? normalized, email: normalized, role: 'admin' },
        include: personInclude,
      });
      await recordChange(tx, system, {
        action: 'person.created',
        entity: 'person',
        entityId: row.id,
        before: null,
        after: toPersonView(row),
      });
      return 'created';
    });
  }

  // ---- service tokens -----------------------------------------------------------------

  async listServiceTokens(params: { limit: number; cursor?: string }): Promise<Page<ServiceTokenView>> {
    const after = cursorAfter(params.cursor);
    const rows = await this.db.serviceToken.findMany({
      where: after
        ? {
            OR: [
              { createdAt: { lt: new Date(String(after[0])) } },
              { createdAt: new Date(String(after[0])), id: { gt: String(after[1]) } },
            ],
          }
        : {},
      include: { unit: true },
      orderBy: [{ createdAt: 'desc' }, { id: 'asc' }],
      take: params.limit + 1,
    });
    return page(rows.map(toTokenView), params.limit, (t) => [t.createdAt, t.id]);
  }

  /** Creates a token; its secret is returned here once and stored only as a hash. */
  async createServiceToken(
    actor: AuditActor,
    request: CreateServiceTokenRequest,
    now = new Date(),
  ): Promise<{ token: string; serviceToken: ServiceTokenView }> {
    const token = SERVICE_TOKEN_PREFIX + randomBytes(32).toString('base64url');
    return this.db.$transaction(async (tx) => {
      const unitId = request.unit ? await activeUnitIdOrThrow(tx, request.unit, 'unit') : null;
      const row = await tx.serviceToken.create({
        data: {
          name: request.name,
          tokenHash: hashServiceToken(token),
          role: request.role,
          unitId,
          createdBy: actor.id,
          expiresAt: new Date(now.getTime() + request.expiresInDays * 24 * 3600_000),
        },
        include: { unit: true },
      });
      const view = toTokenView(row);
      await recordChange(tx, actor, {
        action: 'service_token.created',
        entity: 'service_token',
        entityId: row.id,
        before: null,
        after: view,
      });
      return { token, serviceToken: view };
    });
  }

  async revokeServiceToken(actor: AuditActor, id: string): Promise<ServiceTokenView> {
    return this.db.$transaction(async (tx) => {
      const existing = isUuid(id) ? await tx.serviceToken.findUnique({ where: { id }, include: { unit: true } }) : null;
      if (!existing) throw new DomainError({ code: 'NOT_FOUND', message: `no service token ${id}` });
      if (existing.revokedAt) return toTokenView(existing);
      const row = await tx.serviceToken.update({ where: { id }, data: { revokedAt: new Date() }, include: { unit: true } });
      await recordChange(tx, actor, {
        action: 'service_token.revoked',
        entity: 'service_token',
        entityId: id,
        before: toTokenView(existing),
        after: toTokenView(row),
      });
      return toTokenView(row);
    });
  }

  /**
   * Makes each name an active unit of the directory (created, or accepted when a draft
   * proposed it); names already active are left alone. For seeding (demo, tests, imports
   * of a directory); recorded like any change.
   */
  async ensureActiveUnits(actor: AuditActor, names: string[]): Promise<void> {
    for (const name of [...new Set(names)]) {
      await this.db
        .$transaction(async (tx) => {
          const existing = await tx.unit.findUnique({ where: { name }, include: unitInclude });
          if (existing?.status === 'active') return;
          const row = existing
            ? await tx.unit.update({ where: { id: existing.id }, data: { status: 'active' }, include: unitInclude })
            : await tx.unit.create({ data: { name }, include: unitInclude });
          await recordChange(tx, actor, {
            action: existing ? 'unit.accepted' : 'unit.created',
            entity: 'unit',
            entityId: row.id,
            before: existing ? toUnitView(existing) : null,
            after: toUnitView(row),
          });
        })
        .catch((error: unknown) => {
          if (!isUniqueViolation(error)) throw error; // another seeder created it meanwhile
        });
    }
  }

  /**
   * Seeds a token with a known secret (demo and tests only): the same secret twice is one
   * token. Production tokens come from createServiceToken.
   */
  async seedServiceToken(params: {
    token: string;
    name: string;
    role: Role;
    unit: string | null;
    expiresAt: Date;
    createdBy: string;
  }): Promise<string> {
    const unitId = params.unit ? (await this.db.unit.findUniqueOrThrow({ where: { name: params.unit } })).id : null;
    const row = await this.db.serviceToken.upsert({
      where: { tokenHash: hashServiceToken(params.token) },
      create: {
        name: params.name,
        tokenHash: hashServiceToken(params.token),
        role: params.role,
        unitId,
        createdBy: params.createdBy,
        expiresAt: params.expiresAt,
      },
      update: {},
    });
    return row.id;
  }

  // ---- change log ---------------------------------------------------------------------

  async listChanges(params: { entityId?: string; limit: number; cursor?: string }): Promise<Page<DirectoryChangeView>> {
    const after = cursorAfter(params.cursor);
    const rows = await this.db.directoryChange.findMany({
      where: {
        ...(params.entityId ? { entityId: params.entityId } : {}),
        ...(after
          ? { OR: [{ at: { lt: new Date(String(after[0])) } }, { at: new Date(String(after[0])), id: { gt: String(after[1]) } }] }
          : {}),
      },
      orderBy: [{ at: 'desc' }, { id: 'asc' }],
      take: params.limit + 1,
    });
    const views = rows.map(
      (r): DirectoryChangeView => ({
        id: r.id,
        at: r.at.toISOString(),
        actor: { id: r.actorId, name: r.actorName, role: r.actorRole, tokenId: r.actorTokenId },
        action: r.action,
        entity: r.entity,
        entityId: r.entityId,
        before: r.before,
        after: r.after,
      }),
    );
    return page(views, params.limit, (c) => [c.at, c.id]);
  }
}

// ---- helpers --------------------------------------------------------------------------

async function recordChange(
  tx: Tx,
  actor: AuditActor,
  change: { action: string; entity: string; entityId: string; before: unknown; after: unknown },
): Promise<void> {
  await tx.directoryChange.create({
    data: {
      actorId: actor.id,
      actorName: actor.name ?? actor.id,
      actorRole: actor.role,
      actorTokenId: actor.tokenId ?? null,
      action: change.action,
      entity: change.entity,
      entityId: change.entityId,
      before: (change.before ?? undefined) as Prisma.InputJsonValue | undefined,
      after: (change.after ?? undefined) as Prisma.InputJsonValue | undefined,
    },
  });
}

async function activeUnitIdOrThrow(tx: Tx, name: string, path: string): Promise<string> {
  const [id] = await activeUnitIdsOrThrow(tx, [name], path);
  return id as string;
}

async function activeUnitIdsOrThrow(tx: Tx, names: string[], path: string): Promise<string[]> {
  if (names.length === 0) return [];
  const rows = await tx.unit.findMany({ where: { name: { in: names }, status: 'active' }, select: { id: true, name: true } });
  const byName = new Map(rows.map((r) => [r.name, r.id]));
  const missing = names.map((n, i) => ({ n, i })).filter(({ n }) => !byName.has(n));
  if (missing.length > 0) {
    throw new DomainError({
      code: 'VALIDATION_FAILED',
      message: `not in the directory: ${missing.map((m) => m.n).join('、')}`,
      issues: missing.map(({ n, i }) => ({
        path: names.length === 1 && path !== 'leaderOf' ? path : `${path}.${i}`,
        message: `${n} is not a unit of the directory`,
      })),
    });
  }
  return [...new Set(names.map((n) => byName.get(n) as string))];
}

async function assertNotAlias(tx: Tx, name: string, path: string): Promise<void> {
  const alias = await tx.unitAlias.findUnique({ where: { alias: name }, include: { unit: true } });
  if (alias) {
    throw new DomainError({
      code: 'CONFLICT',
      message: `${name} is another name of ${alias.unit.name}`,
      issues: [{ path, message: `an alias of ${alias.unit.name}` }],
    });
  }
}

async function isSelfOrDescendant(tx: Tx, unitId: string, candidateParentId: string): Promise<boolean> {
  let current: string | null = candidateParentId;
  for (let depth = 0; current !== null && depth < 64; depth += 1) {
    if (current === unitId) return true;
    const row: { parentId: string | null } | null = await tx.unit.findUnique({ where: { id: current }, select: { parentId: true } });
    current = row?.parentId ?? null;
  }
  return false;
}

/** Moves every reference to a proposed unit onto the directory unit, then drops the proposal. */
async function mergeProposedUnit(tx: Tx, proposedId: string, unitId: string): Promise<void> {
  const links = await tx.targetUnit.findMany({ where: { unitId: proposedId } });
  for (const link of links) {
    const clash = await tx.targetUnit.findUnique({ where: { targetId_unitId: { targetId: link.targetId, unitId } } });
    await tx.targetUnit.delete({ where: { targetId_unitId: { targetId: link.targetId, unitId: proposedId } } });
    if (!clash) await tx.targetUnit.create({ data: { targetId: link.targetId, unitId, role: link.role } });
    else if (link.role === 'lead' && clash.role !== 'lead')
      await tx.targetUnit.update({ where: { targetId_unitId: { targetId: link.targetId, unitId } }, data: { role: 'lead' } });
  }
  const stillUsed = await tx.assignment.count({ where: { unitId: proposedId } });
  if (stillUsed === 0) await tx.unit.delete({ where: { id: proposedId } });
}

function duplicateEmail(email: string): DomainError {
  return new DomainError({
    code: 'CONFLICT',
    message: `someone in the directory already has the e-mail ${email}`,
    issues: [{ path: 'email', message: 'already used by another person' }],
  });
}

function splitLeaderNames(text: string): string[] {
  return text
    .split(/[、，,;；\s]+/u)
    .map((n) => n.replace(/(同志|副?(县|区|市)长|书记|主任|局长)$/u, '').trim())
    .filter((n) => n.length > 0);
}

function isUuid(value: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value);
}

function toUnitView(row: UnitRow): UnitView {
  return {
    id: row.id,
    name: row.name,
    fullName: row.fullName,
    parent: row.parent?.name ?? null,
    contactEmail: row.contactEmail,
    webhookUrl: row.webhookUrl,
    status: row.status,
    aliases: row.aliases.map((a) => a.alias),
  };
}

function toPersonView(row: PersonRow): PersonView {
  return {
    id: row.id,
    name: row.name,
    email: row.email,
    role: row.role,
    unit: row.unit?.name ?? null,
    status: row.status,
    leaderOf: row.leaderScopes.map((s) => s.unit.name).sort(),
    notifications: { inApp: true, email: row.emailNotices },
  };
}

function toTokenView(row: TokenRow): ServiceTokenView {
  return {
    id: row.id,
    name: row.name,
    role: row.role,
    unit: row.unit?.name ?? null,
    createdBy: row.createdBy,
    createdAt: row.createdAt.toISOString(),
    expiresAt: row.expiresAt.toISOString(),
    revokedAt: row.revokedAt?.toISOString() ?? null,
    lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
  };
}
