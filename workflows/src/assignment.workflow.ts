import { allHandlersFinished, condition, patched, proxyActivities, proxyLocalActivities, setHandler } from '@temporalio/workflow';
import {
  acknowledgeAssignmentUpdate,
  cycleClosedSignal,
  getAssignmentStatusQuery,
  reviewReportUpdate,
  submitReportUpdate,
  type AssignmentActivities,
  type AssignmentStatus,
  type AssignmentWorkflowInput,
  type PeriodState,
} from '@plancycle/contracts';
import { AssignmentState } from './assignment/assignment.state';
import { runPeriod } from './assignment/period.runner';

const activities = proxyActivities<AssignmentActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '30 seconds' },
});

/**
 * The same writes as local activities: run by the worker inside the workflow task that asked
 * for them, so a human step (accept the update, write, answer) is one workflow task instead of
 * two. Retried locally for a while, then through a timer: every write is idempotent.
 */
const localWrites = proxyLocalActivities<AssignmentActivities>({
  startToCloseTimeout: '30 seconds',
  localRetryThreshold: '10 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '30 seconds' },
});

/** The activities a workflow started with the local-writes patch runs locally: the status and the human steps' writes. */
const LOCAL_WRITE_ACTIVITIES: ReadonlySet<keyof AssignmentActivities> = new Set([
  'loadAssignmentContext',
  'recordAssignmentStatus',
  'recordAcknowledgement',
  'saveReport',
  'saveReview',
] as const);

function withLocalWrites(remote: AssignmentActivities, local: AssignmentActivities): AssignmentActivities {
  return new Proxy(remote, {
    get: (target, name) =>
      (LOCAL_WRITE_ACTIVITIES.has(name as keyof AssignmentActivities) ? local : target)[name as keyof AssignmentActivities],
  });
}

/**
 * Workflows started with this patch run the catch-up period clock (late and skipped
 * reminders, overdue and escalation after an outage, due process between levels);
 * those recorded before it keep the first clock, so their histories replay.
 */
export const PERIOD_CLOCK_CATCH_UP_PATCH = 'period-clock-catch-up';

/**
 * Workflows started with this patch write each step and its status projection in one
 * activity (one transaction) instead of two: half the activities per human step.
 */
export const STATUS_WITH_WRITE_PATCH = 'status-with-write';

/**
 * Workflows started with this patch run their status and step writes as local activities
 * (see `localWrites`): one workflow task per human step. The commands differ (a marker where
 * an activity was scheduled), so histories recorded before keep remote activities.
 */
export const LOCAL_WRITES_PATCH = 'local-writes';

/**
 * One assignment (target × responsible unit) for one cycle: acknowledgement (签收),
 * then per reporting period the report, reminder, overdue state, escalation by rules
 * (提醒 → 督办 → 约谈) and the coordinator's review loop (approve / 退回修改).
 */
export async function assignmentWorkflow(input: AssignmentWorkflowInput): Promise<AssignmentStatus> {
  const policy = patched(PERIOD_CLOCK_CATCH_UP_PATCH) ? 'catch-up' : 'v1';
  const statusWithWrite = patched(STATUS_WITH_WRITE_PATCH);
  const state = new AssignmentState(
    input,
    patched(LOCAL_WRITES_PATCH) ? withLocalWrites(activities, localWrites) : activities,
    policy,
    statusWithWrite,
  );

  setHandler(getAssignmentStatusQuery, () => state.status);
  setHandler(cycleClosedSignal, () => {
    state.cycleClosed = true;
  });
  setHandler(acknowledgeAssignmentUpdate, (request) => state.acknowledge(request), {
    validator: (request) => state.validateAcknowledge(request),
  });
  setHandler(submitReportUpdate, (request) => state.submit(request), {
    validator: (request) => state.validateSubmission(request),
  });
  setHandler(reviewReportUpdate, (request) => state.review(request), {
    validator: (request) => state.validateReview(request),
  });

  await state.load();
  await Promise.all(
    input.calendar.periods.map((definition, index) => runPeriod(state, definition, state.status.periods[index] as PeriodState)),
  );
  state.status.phase = 'closed';
  await condition(allHandlersFinished);
  await state.recordStatus();
  return state.status;
}
