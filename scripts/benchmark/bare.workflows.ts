/**
 * The bare-Temporal baseline of scripts/benchmark-vs-bare-temporal.ts: the same shape as a
 * plancycle cycle without anything of plancycle (no activities, no database). A parent
 * starts N children concurrently; each child takes an acknowledgement and one report as
 * updates with validators, then waits (as an assignment waits for its next period).
 */
import {
  ApplicationFailure,
  ParentClosePolicy,
  condition,
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

/** Starts every child at once and completes when the server has started them all. */
export async function bareParentWorkflow(input: { count: number }): Promise<number> {
  const parentId = workflowInfo().workflowId;
  await Promise.all(
    Array.from({ length: input.count }, (_, index) =>
      startChild(bareChildWorkflow, {
        workflowId: bareChildWorkflowId(parentId, index),
        args: [{ unit: `unit-${index}` }],
        parentClosePolicy: ParentClosePolicy.ABANDON,
      }),
    ),
  );
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
