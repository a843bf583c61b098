/**
 * The bare-Temporal baseline of scripts/benchmark-vs-bare-temporal.ts: the same shape as a
 * plancycle cycle without anything of plancycle (no activities, no database). A parent
 * starts N children concurrently, 1,000 per run as a cycle does; each child takes an acknowledgement and one report as
 * updates with validators, then waits (as an assignment waits for its next period).
 *
 * With `writes`, the floor of the benchmark: the same children, each update also writing its
 * step to PostgreSQL in a local activity before it answers (one INSERT), which is the least a
 * durable record of each step costs a workflow.
 */
import {
  ApplicationFailure,
  ParentClosePolicy,
  condition,
  continueAsNew,
  defineSignal,
  defineUpdate,
  proxyLocalActivities,
  setHandler,
  startChild,
  workflowInfo,
} from '@temporalio/workflow';

export interface BareActor {
  unit: string;
}
export interface BareReport {
  actor: BareActor;
  periodKey: string;
  values: { indicatorId: string; value: number }[];
}

export const bareAcknowledgeUpdate = defineUpdate<{ acknowledgedAt: number }, [BareActor]>('bareAcknowledge');
export const bareReportUpdate = defineUpdate<{ version: number }, [BareReport]>('bareReport');
export const bareCloseSignal = defineSignal('bareClose');

/** The floor's one write per step (scripts/benchmark/bare-worker.ts, with BARE_DATABASE_URL). */
export interface BareStepActivities {
  recordBareStep(step: { workflowId: string; kind: 'acknowledge' | 'report'; body: unknown }): Promise<number>;
}
/** That write, the same wherever the floor makes it (its worker, or its API): one idempotent INSERT. */
export const FLOOR_STEP_INSERT =
  'INSERT INTO bare_floor.step (workflow_id, kind, body) VALUES ($1, $2, $3) ON CONFLICT (workflow_id, kind) DO NOTHING';
const { recordBareStep } = proxyLocalActivities<BareStepActivities>({ startToCloseTimeout: '10 seconds' });

export function bareChildWorkflowId(parentId: string, index: number): string {
  return `${parentId}-child-${index}`;
}

/** Children one run starts; plancycle's cycle starts as many per run (the server refuses more than 2,000 pending). */
export const BARE_CHILDREN_PER_RUN = 1_000;

/**
 * Starts its children at once, a run of 1,000 at a time (continuing as new between runs, as
 * a plancycle cycle does), and completes when the server has started them all.
 */
export async function bareParentWorkflow(input: { count: number; offset?: number; writes?: boolean }): Promise<number> {
  const parentId = workflowInfo().workflowId;
  const offset = input.offset ?? 0;
  const end = Math.min(input.count, offset + BARE_CHILDREN_PER_RUN);
  await Promise.all(
    Array.from({ length: end - offset }, (_, i) =>
      startChild(bareChildWorkflow, {
        workflowId: bareChildWorkflowId(parentId, offset + i),
        args: [{ unit: `unit-${offset + i}`, writes: input.writes === true }],
        parentClosePolicy: ParentClosePolicy.ABANDON,
      }),
    ),
  );
  if (end < input.count) return continueAsNew<typeof bareParentWorkflow>({ ...input, offset: end });
  return input.count;
}

export async function bareChildWorkflow(input: { unit: string; writes?: boolean }): Promise<void> {
  let acknowledgedAt: number | null = null;
  let reports = 0;
  let closed = false;
  setHandler(
    bareAcknowledgeUpdate,
    (actor) => {
      acknowledgedAt ??= Date.now();
      const answer = { acknowledgedAt };
      return input.writes ? recorded('acknowledge', { actor, acknowledgedAt }).then(() => answer) : answer;
    },
    {
      validator: (actor: BareActor) => {
        if (actor.unit !== input.unit) throw ApplicationFailure.nonRetryable(`only ${input.unit} acknowledges`, 'FORBIDDEN');
      },
    },
  );
  setHandler(
    bareReportUpdate,
    (report) => {
      reports += 1;
      const answer = { version: reports };
      return input.writes ? recorded('report', report).then(() => answer) : answer;
    },
    {
      validator: (report: BareReport) => {
        if (report.actor.unit !== input.unit) throw ApplicationFailure.nonRetryable(`only ${input.unit} reports`, 'FORBIDDEN');
        if (acknowledgedAt === null) throw ApplicationFailure.nonRetryable('acknowledge first', 'INVALID_STATE');
        if (report.values.length === 0 || report.values.some((v) => !Number.isFinite(v.value))) {
          throw ApplicationFailure.nonRetryable('malformed values', 'VALIDATION_FAILED');
        }
      },
    },
  );
  // The bare baseline's handlers stay synchronous: `writes` adds the floor's one write.
  function recorded(kind: 'acknowledge' | 'report', body: unknown): Promise<number> {
    return recordBareStep({ workflowId: workflowInfo().workflowId, kind, body });
  }
  setHandler(bareCloseSignal, () => {
    closed = true;
  });
  await condition(() => closed);
}
