/**
 * The bare-Temporal baseline of scripts/benchmark-vs-bare-temporal.ts: the same shape as a
 * plancycle cycle without anything of plancycle (no activities, no database). A parent
 * starts N children concurrently, 1,000 per run as a cycle does; each child takes an acknowledgement and one report as
 * updates with validators, then waits (as an assignment waits for its next period).
 */
import {
  ApplicationFailure,
  ParentClosePolicy,
  condition,
  continueAsNew,
  defineSignal,
  defineUpdate,
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

export function bareChildWorkflowId(parentId: string, index: number): string {
  return `${parentId}-child-${index}`;
}

/** Children one run starts; plancycle's cycle starts as many per run (the server refuses more than 2,000 pending). */
export const BARE_CHILDREN_PER_RUN = 1_000;

/**
 * Starts its children at once, a run of 1,000 at a time (continuing as new between runs, as
 * a plancycle cycle does), and completes when the server has started them all.
 */
export async function bareParentWorkflow(input: { count: number; offset?: number }): Promise<number> {
  const parentId = workflowInfo().workflowId;
  const offset = input.offset ?? 0;
  const end = Math.min(input.count, offset + BARE_CHILDREN_PER_RUN);
  await Promise.all(
    Array.from({ length: end - offset }, (_, i) =>
      startChild(bareChildWorkflow, {
        workflowId: bareChildWorkflowId(parentId, offset + i),
        args: [{ unit: `unit-${offset + i}` }],
        parentClosePolicy: ParentClosePolicy.ABANDON,
      }),
    ),
  );
  if (end < input.count) return continueAsNew<typeof bareParentWorkflow>({ count: input.count, offset: end });
  return input.count;
}

export async function bareChildWorkflow(input: { unit: string }): Promise<void> {
  let acknowledgedAt: number | null = null;
  let reports = 0;
  let closed = false;
  setHandler(
    bareAcknowledgeUpdate,
    (actor) => {
      acknowledgedAt ??= Date.now();
      void actor;
      return { acknowledgedAt };
    },
    {
      validator: (actor: BareActor) => {
        if (actor.unit !== input.unit) throw ApplicationFailure.nonRetryable(`only ${input.unit} acknowledges`, 'FORBIDDEN');
      },
    },
  );
  setHandler(
    bareReportUpdate,
    () => {
      reports += 1;
      return { version: reports };
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
  setHandler(bareCloseSignal, () => {
    closed = true;
  });
  await condition(() => closed);
}
