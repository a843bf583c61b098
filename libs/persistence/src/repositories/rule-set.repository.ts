import {
  DomainError,
  type AuditActor,
  type Page,
  type RuleSetAuthor,
  type RuleSetChangeAction,
  type RuleSetChangeView,
  type RuleSetPin,
  type RuleSetSummary,
  type RuleSetVersionSummary,
  type RuleSetVersionView,
  shippedDefaultsAuthor,
} from '@plancycle/contracts';
import { isUniqueViolation, type Database } from '../database';
import type { Prisma } from '../generated/prisma/client';
import { cursorAfter, page } from '../paging';

type Tx = Prisma.TransactionClient;
type VersionRow = Prisma.RuleSetVersionGetPayload<object>;

/** A version's content as the store keeps it: validated by the caller (libs/rules) first. */
export interface RuleSetContent {
  ruleFile: unknown;
  goldenCases: unknown;
}

/** A shipped default (rules/<id>/<id>.v<major>.rules.json and its golden cases). */
export interface RuleSetDefault extends RuleSetContent {
  ruleSetId: string;
  version: string;
  kind: string;
}

/** What loading one shipped default did. */
export interface DefaultLoadOutcome {
  ruleSetId: string;
  version: string;
  /** `loaded`: stored now; `present`: stored before with the same content; `differs`: the store holds other content under this version and keeps it. */
  outcome: 'loaded' | 'present' | 'differs';
}

const newestFirst = [
  { major: 'desc' },
  { minor: 'desc' },
  { patch: 'desc' },
] as const satisfies Prisma.RuleSetVersionOrderByWithRelationInput[];

/** Canonical JSON (keys sorted): jsonb gives keys back in its own order. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    typeof v === 'object' && v !== null && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}

const sameContent = (row: { ruleFile: unknown; goldenCases: unknown }, content: RuleSetContent) =>
  canonical(row.ruleFile) === canonical(content.ruleFile) && canonical(row.goldenCases) === canonical(content.goldenCases);

function versionParts(version: string): { major: number; minor: number; patch: number } {
  const [major = 0, minor = 0, patch = 0] = version.split('.').map(Number);
  return { major, minor, patch };
}

const json = (value: unknown) => value as Prisma.InputJsonValue;

/**
 * Rule sets as versioned records. A draft is edited in place under an optimistic revision;
 * a published version never changes (refused here, and by a trigger in the database).
 * Every change writes a RuleSetChange row (who, what, before, after) in its transaction.
 * Validating content, running golden cases and choosing version numbers are the caller's
 * (libs/rules): this stores and reads.
 */
export class RuleSetRepository {
  constructor(private readonly db: Database) {}

  // ---- reads --------------------------------------------------------------------------

  async listRuleSets(): Promise<RuleSetSummary[]> {
    const rows = await this.db.ruleSetVersion.findMany({ orderBy: [{ ruleSetId: 'asc' }, ...newestFirst], omit: contentOmitted });
    const byId = new Map<string, RuleSetSummary>();
    for (const row of rows) {
      const summary = byId.get(row.ruleSetId) ?? { id: row.ruleSetId, kind: row.kind, latestPublished: null, versions: [] };
      summary.versions.push(toSummary(row));
      if (summary.latestPublished === null && row.status === 'published') summary.latestPublished = row.version;
      byId.set(row.ruleSetId, summary);
    }
    return [...byId.values()];
  }

  async findRuleSetOrThrow(ruleSetId: string): Promise<RuleSetSummary> {
    const summary = (await this.listRuleSets()).find((s) => s.id === ruleSetId);
    if (!summary) throw new DomainError({ code: 'NOT_FOUND', message: `no rule set "${ruleSetId}"` });
    return summary;
  }

  async versionsOf(ruleSetId: string): Promise<string[]> {
    const rows = await this.db.ruleSetVersion.findMany({ where: { ruleSetId }, select: { version: true } });
    return rows.map((r) => r.version);
  }

  async findVersion(ruleSetId: string, version: string): Promise<RuleSetVersionView | null> {
    const row = await this.db.ruleSetVersion.findUnique({ where: { ruleSetId_version: { ruleSetId, version } } });
    return row ? toView(row) : null;
  }

  async findVersionOrThrow(ruleSetId: string, version: string): Promise<RuleSetVersionView> {
    const view = await this.findVersion(ruleSetId, version);
    if (!view) throw new DomainError({ code: 'NOT_FOUND', message: `rule set ${ruleSetId}@${version} does not exist` });
    return view;
  }

  /** A published version, or null: what a cycle's pin resolves to (drafts never do). */
  async findPublished(pin: RuleSetPin): Promise<RuleSetVersionView | null> {
    const row = await this.db.ruleSetVersion.findFirst({ where: { ruleSetId: pin.id, version: pin.version, status: 'published' } });
    return row ? toView(row) : null;
  }

  /** The newest published version of every rule set: what a cycle pins when it is published. */
  async latestPublishedPins(): Promise<RuleSetPin[]> {
    const rows = await this.db.ruleSetVersion.findMany({
      where: { status: 'published' },
      orderBy: [{ ruleSetId: 'asc' }, ...newestFirst],
      distinct: ['ruleSetId'],
      select: { ruleSetId: true, version: true },
    });
    return rows.map((r) => ({ id: r.ruleSetId, version: r.version }));
  }

  async listChanges(params: { ruleSetId?: string; limit: number; cursor?: string }): Promise<Page<RuleSetChangeView>> {
    const after = cursorAfter(params.cursor);
    const rows = await this.db.ruleSetChange.findMany({
      where: {
        ...(params.ruleSetId ? { ruleSetId: params.ruleSetId } : {}),
        ...(after
          ? { OR: [{ at: { lt: new Date(String(after[0])) } }, { at: new Date(String(after[0])), id: { gt: String(after[1]) } }] }
          : {}),
      },
      orderBy: [{ at: 'desc' }, { id: 'asc' }],
      take: params.limit + 1,
    });
    const views = rows.map(
      (r): RuleSetChangeView => ({
        id: r.id,
        at: r.at.toISOString(),
        actor: { id: r.actorId, name: r.actorName, role: r.actorRole, tokenId: r.actorTokenId },
        action: r.action as RuleSetChangeAction,
        ruleSetId: r.ruleSetId,
        version: r.version,
        before: r.before,
        after: r.after,
      }),
    );
    return page(views, params.limit, (c) => [c.at, c.id]);
  }

  // ---- writes -------------------------------------------------------------------------

  /**
   * Stores the shipped defaults as published versions authored by the system, once: a
   * version already stored is left as it is (`present` with the same content, `differs`
   * with other content, which the store keeps: published versions never change). Safe
   * when several processes boot at once.
   */
  async ensureDefaults(defaults: readonly RuleSetDefault[]): Promise<DefaultLoadOutcome[]> {
    const outcomes: DefaultLoadOutcome[] = [];
    for (const item of defaults) {
      const { ruleSetId, version } = item;
      const existing = await this.db.ruleSetVersion.findUnique({ where: { ruleSetId_version: { ruleSetId, version } } });
      if (existing) {
        outcomes.push({
          ruleSetId,
          version,
          outcome: sameContent(existing, item) && existing.status === 'published' ? 'present' : 'differs',
        });
        continue;
      }
      try {
        await this.db.$transaction(async (tx) => {
          const now = new Date();
          const row = await tx.ruleSetVersion.create({
            data: {
              ruleSetId,
              version,
              ...versionParts(version),
              kind: item.kind,
              status: 'published',
              ruleFile: json(item.ruleFile),
              goldenCases: json(item.goldenCases),
              authorId: shippedDefaultsAuthor.id,
              authorName: shippedDefaultsAuthor.name,
              authorRole: shippedDefaultsAuthor.role,
              changeNote: `shipped default (rules/${ruleSetId}/${ruleSetId}.v${versionParts(version).major}.rules.json)`,
              publishedAt: now,
              publishedById: shippedDefaultsAuthor.id,
              publishedByName: shippedDefaultsAuthor.name,
              createdAt: now,
            },
          });
          await recordChange(tx, shippedDefaultsAuthor, {
            action: 'rule_set.default_loaded',
            ruleSetId,
            version,
            before: null,
            after: changeSnapshot(row),
          });
        });
        outcomes.push({ ruleSetId, version, outcome: 'loaded' });
      } catch (error) {
        if (!isUniqueViolation(error)) throw error;
        // Another process stored it meanwhile.
        const stored = await this.findVersionOrThrow(ruleSetId, version);
        outcomes.push({ ruleSetId, version, outcome: sameContent(stored, item) ? 'present' : 'differs' });
      }
    }
    return outcomes;
  }

  /**
   * A new draft. The same request again (same version, origin and content, still a draft)
   * answers the draft it made; anything else under that version is a 409.
   */
  async createDraft(
    actor: AuditActor,
    params: RuleSetContent & { ruleSetId: string; version: string; kind: string; derivedFrom: string; changeNote: string },
  ): Promise<{ draft: RuleSetVersionView; created: boolean }> {
    const { ruleSetId, version } = params;
    const again = async (): Promise<{ draft: RuleSetVersionView; created: boolean }> => {
      const existing = await this.findVersionOrThrow(ruleSetId, version);
      if (
        existing.status === 'draft' &&
        existing.derivedFrom === params.derivedFrom &&
        existing.changeNote === params.changeNote &&
        existing.revision === 1 &&
        sameContent(existing, params)
      ) {
        return { draft: existing, created: false };
      }
      throw new DomainError({
        code: 'CONFLICT',
        message: `rule set ${ruleSetId} already has a version ${version}`,
        issues: [{ path: 'version', message: `${version} exists (${existing.status})`, code: 'version_exists' }],
      });
    };
    if (await this.db.ruleSetVersion.findUnique({ where: { ruleSetId_version: { ruleSetId, version } }, select: { id: true } })) {
      return again();
    }
    try {
      const draft = await this.db.$transaction(async (tx) => {
        const row = await tx.ruleSetVersion.create({
          data: {
            ruleSetId,
            version,
            ...versionParts(version),
            kind: params.kind,
            status: 'draft',
            ruleFile: json(params.ruleFile),
            goldenCases: json(params.goldenCases),
            ...authorOf(actor),
            changeNote: params.changeNote,
            derivedFrom: params.derivedFrom,
          },
        });
        await recordChange(tx, actor, { action: 'rule_set.draft_created', ruleSetId, version, before: null, after: changeSnapshot(row) });
        return toView(row);
      });
      return { draft, created: true };
    } catch (error) {
      if (isUniqueViolation(error)) return again();
      throw error;
    }
  }

  /**
   * Replaces a draft's content. The edit names the revision it was based on: a stale one
   * is a 409, unless the draft already holds exactly this content (a retried edit). A
   * published version is refused (RULE_SET_NOT_DRAFT).
   */
  async editDraft(
    actor: AuditActor,
    params: RuleSetContent & { ruleSetId: string; version: string; revision: number; changeNote?: string },
  ): Promise<RuleSetVersionView> {
    const { ruleSetId, version } = params;
    return this.db.$transaction(async (tx) => {
      const existing = await draftOrThrow(tx, ruleSetId, version);
      const changeNote = params.changeNote ?? existing.changeNote;
      if (existing.revision !== params.revision) {
        if (sameContent(existing, params) && existing.changeNote === changeNote) return toView(existing);
        throw new DomainError({
          code: 'CONFLICT',
          message: `the draft ${ruleSetId}@${version} changed since revision ${params.revision} (now ${existing.revision}); reload it`,
          issues: [{ path: 'revision', message: `stale: the draft is at revision ${existing.revision}`, code: 'stale_revision' }],
        });
      }
      const updated = await tx.ruleSetVersion.updateMany({
        where: { id: existing.id, status: 'draft', revision: params.revision },
        data: { ruleFile: json(params.ruleFile), goldenCases: json(params.goldenCases), changeNote, revision: { increment: 1 } },
      });
      if (updated.count !== 1) {
        throw new DomainError({ code: 'CONFLICT', message: `the draft ${ruleSetId}@${version} changed meanwhile; reload it` });
      }
      const row = await tx.ruleSetVersion.findUniqueOrThrow({ where: { id: existing.id } });
      await recordChange(tx, actor, {
        action: 'rule_set.draft_edited',
        ruleSetId,
        version,
        before: changeSnapshot(existing),
        after: changeSnapshot(row),
      });
      return toView(row);
    });
  }

  /**
   * Publishes a draft at the revision the caller checked (its golden cases passed there).
   * A retry with the same idempotency key answers the published version; publishing a
   * published version otherwise is refused (RULE_SET_NOT_DRAFT).
   */
  async publish(
    actor: AuditActor,
    params: { ruleSetId: string; version: string; revision: number; idempotencyKey?: string; at?: Date },
  ): Promise<{ version: RuleSetVersionView; duplicate: boolean }> {
    const { ruleSetId, version } = params;
    return this.db.$transaction(async (tx) => {
      const existing = await tx.ruleSetVersion.findUnique({ where: { ruleSetId_version: { ruleSetId, version } } });
      if (!existing) throw new DomainError({ code: 'NOT_FOUND', message: `rule set ${ruleSetId}@${version} does not exist` });
      if (existing.status === 'published') {
        if (params.idempotencyKey !== undefined && existing.publishKey === params.idempotencyKey) {
          return { version: toView(existing), duplicate: true };
        }
        throw notDraft(existing);
      }
      const at = params.at ?? new Date();
      const updated = await tx.ruleSetVersion.updateMany({
        where: { id: existing.id, status: 'draft', revision: params.revision },
        data: {
          status: 'published',
          publishedAt: at,
          publishedById: actor.id,
          publishedByName: actor.name ?? actor.id,
          publishKey: params.idempotencyKey ?? null,
        },
      });
      if (updated.count !== 1) {
        throw new DomainError({
          code: 'CONFLICT',
          message: `the draft ${ruleSetId}@${version} changed since revision ${params.revision}; run its golden cases again`,
          issues: [{ path: 'revision', message: `stale: the draft is at revision ${existing.revision}`, code: 'stale_revision' }],
        });
      }
      const row = await tx.ruleSetVersion.findUniqueOrThrow({ where: { id: existing.id } });
      await recordChange(tx, actor, {
        action: 'rule_set.published',
        ruleSetId,
        version,
        before: { status: existing.status, revision: existing.revision },
        after: { status: row.status, revision: row.revision, publishedAt: at.toISOString() },
      });
      return { version: toView(row), duplicate: false };
    });
  }
}

// ---- helpers --------------------------------------------------------------------------

const contentOmitted = { ruleFile: true, goldenCases: true } as const;

function notDraft(row: { ruleSetId: string; version: string; publishedAt: Date | null }): DomainError {
  return new DomainError({
    code: 'RULE_SET_NOT_DRAFT',
    message: `rule set ${row.ruleSetId}@${row.version} is published${
      row.publishedAt ? ` (since ${row.publishedAt.toISOString()})` : ''
    } and never changes; create a draft from it instead`,
  });
}

async function draftOrThrow(tx: Tx, ruleSetId: string, version: string): Promise<VersionRow> {
  const row = await tx.ruleSetVersion.findUnique({ where: { ruleSetId_version: { ruleSetId, version } } });
  if (!row) throw new DomainError({ code: 'NOT_FOUND', message: `rule set ${ruleSetId}@${version} does not exist` });
  if (row.status !== 'draft') throw notDraft(row);
  return row;
}

function authorOf(actor: AuditActor): { authorId: string; authorName: string; authorRole: string } {
  return { authorId: actor.id, authorName: actor.name ?? actor.id, authorRole: actor.role };
}

/** What a change row keeps of a version: its whole content, so any version can be rebuilt from the log. */
function changeSnapshot(row: VersionRow): Record<string, unknown> {
  return {
    status: row.status,
    revision: row.revision,
    changeNote: row.changeNote,
    derivedFrom: row.derivedFrom,
    ruleFile: row.ruleFile,
    goldenCases: row.goldenCases,
  };
}

function toSummary(row: Omit<VersionRow, 'ruleFile' | 'goldenCases'>): RuleSetVersionSummary {
  const author: RuleSetAuthor = { id: row.authorId, name: row.authorName, role: row.authorRole };
  return {
    ruleSetId: row.ruleSetId,
    version: row.version,
    kind: row.kind,
    status: row.status,
    author,
    changeNote: row.changeNote,
    derivedFrom: row.derivedFrom,
    revision: row.revision,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    publishedAt: row.publishedAt?.toISOString() ?? null,
    publishedBy: row.publishedById ? { id: row.publishedById, name: row.publishedByName ?? row.publishedById } : null,
  };
}

function toView(row: VersionRow): RuleSetVersionView {
  return { ...toSummary(row), ruleFile: row.ruleFile, goldenCases: row.goldenCases };
}

async function recordChange(
  tx: Tx,
  actor: AuditActor | typeof shippedDefaultsAuthor,
  change: { action: RuleSetChangeAction; ruleSetId: string; version: string; before: unknown; after: unknown },
): Promise<void> {
  await tx.ruleSetChange.create({
    data: {
      actorId: actor.id,
      actorName: actor.name ?? actor.id,
      actorRole: actor.role,
      actorTokenId: 'tokenId' in actor ? (actor.tokenId ?? null) : null,
      action: change.action,
      ruleSetId: change.ruleSetId,
      version: change.version,
      before: (change.before ?? undefined) as Prisma.InputJsonValue | undefined,
      after: (change.after ?? undefined) as Prisma.InputJsonValue | undefined,
    },
  });
}

/**
 * The shipped defaults stored once per process, when first needed: `ensure()` stores them
 * (idempotently) and remembers success; a failure (database down at boot) is tried again
 * at the next call, so a process starts whatever the database's state and heals itself.
 */
export function shippedDefaultsLoader(repository: Pick<RuleSetRepository, 'ensureDefaults'>, defaults: readonly RuleSetDefault[]) {
  let loaded: Promise<DefaultLoadOutcome[]> | null = null;
  return {
    defaults,
    ensure(): Promise<DefaultLoadOutcome[]> {
      if (loaded === null) {
        const attempt = repository.ensureDefaults(defaults);
        loaded = attempt;
        attempt.catch(() => {
          if (loaded === attempt) loaded = null;
        });
      }
      return loaded;
    },
  };
}
export type ShippedDefaultsLoader = ReturnType<typeof shippedDefaultsLoader>;
