import { Inject, Injectable } from '@nestjs/common';
import type { Client } from '@temporalio/client';
import { DomainError, type FieldIssue } from '@plancycle/contracts';
import type { Repositories } from '@plancycle/persistence';
import { REPOSITORIES, TEMPORAL_CLIENT } from '../common/tokens';

/** A probe answers quickly or not at all: load balancers wait a few seconds at most. */
const PROBE_DEADLINE_MS = 3_000;

export type DependencyState = 'up' | 'down';

@Injectable()
export class HealthService {
  constructor(
    @Inject(REPOSITORIES) private readonly repos: Repositories,
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
  ) {}

  /** Both dependencies, probed at once; a 503 naming each one that is down. */
  async checkOrThrow(): Promise<{ status: 'ok'; dependencies: Record<'database' | 'temporal', DependencyState> }> {
    const [database, temporal] = await Promise.all([
      probe(() => this.repos.ping()),
      probe(() => this.temporal.withDeadline(Date.now() + PROBE_DEADLINE_MS, () => this.temporal.workflowService.getSystemInfo({}))),
    ]);
    const down: FieldIssue[] = [];
    if (database !== null) down.push({ path: 'database', message: `unreachable: ${database}` });
    if (temporal !== null) down.push({ path: 'temporal', message: `unreachable: ${temporal}` });
    if (down.length > 0) {
      throw new DomainError({
        code: 'DEPENDENCY_UNAVAILABLE',
        message: `${down.map((issue) => issue.path).join(' and ')} unreachable`,
        issues: down,
        retryable: true,
      });
    }
    return { status: 'ok', dependencies: { database: 'up', temporal: 'up' } };
  }
}

/** Null when the call answered within the deadline, else why not (without internals). */
async function probe(call: () => Promise<unknown>): Promise<string | null> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${PROBE_DEADLINE_MS} ms`)), PROBE_DEADLINE_MS);
  });
  try {
    await Promise.race([call(), timeout]);
    return null;
  } catch (error) {
    return error instanceof Error ? (error.message.split('\n')[0]?.slice(0, 200) ?? 'error') : 'error';
  } finally {
    clearTimeout(timer);
  }
}
