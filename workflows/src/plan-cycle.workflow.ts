import {
  ParentClosePolicy,
  allHandlersFinished,
  condition,
  continueAsNew,
  patched,
  proxyActivities,
  setHandler,
  startChild,
  uuid4,
} from '@temporalio/workflow';
import {
  amendRuleSetUpdate,
  assignmentWorkflowId,
  getCycleStatusQuery,
  publishCycleUpdate,
  runEvaluationUpdate,
  type ActorRef,
  type AmendRuleSetResult,
  type AssignmentRef,
  type CyclePhase,
  type CycleStatus,
  type PlanCycleActivities,
  type PlanCycleWorkflowInput,
  type PublishCycleResult,
  type ReportingCalendar,
} from '@plancycle/contracts';
import { assignmentWorkflow } from './assignment.workflow';
import { calendarSpecSchema } from './update-schemas';
import { rejectUpdate, rejectWithZodIssues, waitUntil } from './workflow-helpers';

const quickActivities = proxyActivities<PlanCycleActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '30 seconds' },
});
/** Publishing, evaluating and closing touch every assignment: minutes, with heartbeats. */
const longActivities = proxyActivities<PlanCycleActivities>({
  startToCloseTimeout: '15 minutes',
  heartbeatTimeout: '1 minute',
  retry: { initialInterval: '2 seconds', maximumInterval: '1 minute' },
});

const DEFAULT_CHILDREN_PER_RUN = 1_000;
const CHILD_START_BATCH = 50;

/**
 * Cycles published with this patch never hold the whole list of assignments: publishing
 * answers with the count, each run fetches the references it starts (`assignmentRefs`) and
 * continues as new with a cursor (`childrenStarted`) only. Before it, the list was carried
 * through every continue-as-new, toward Temporal's 2 MB payload limit at 15,000–20,000.
 */
export const CYCLE_ASSIGNMENT_PAGES_PATCH = 'cycle-assignment-pages';

/**
 * One plan cycle (年度计划) from draft to closed: drafting → published → decomposition
 * (one child workflow per assignment) → reporting periods → year-end evaluation → closed.
 * Children are abandoned on close so the cycle can continue as new between batches of
 * children: a plan of any size keeps each run's history small.
 */
export async function planCycleWorkflow(input: PlanCycleWorkflowInput): Promise<CycleStatus> {
  const carry = input.carryOver;
  const childrenPerRun = input.childrenPerRun ?? DEFAULT_CHILDREN_PER_RUN;
  let phase: CyclePhase = carry?.phase ?? 'drafting';
  let publishing = false;
  let calendar: ReportingCalendar | null = carry?.calendar ?? null;
  let publishedAt: number | null = carry?.publishedAt ?? null;
  let publishedBy: ActorRef | null = carry?.publishedBy ?? null;
  /** The whole list, only in cycles published before the assignment-pages patch. */
  let assignments: AssignmentRef[] | null = carry?.assignments ?? null;
  let assignmentCount = carry?.assignmentCount ?? carry?.assignments?.length ?? 0;
  let childrenStarted = carry?.childrenStarted ?? 0;
  let evaluationRequestedBy: ActorRef | null = carry?.evaluationRequestedBy ?? null;
  let evaluationRequestedAt: number | null = null;
  let evaluationCompletedAt: number | null = null;
  /** The publish request taken under an idempotency key, so that a retry answers as the first time. */
  let published: { idempotencyKey: string; fingerprint: string; result: PublishCycleResult | null } | null = carry?.published ?? null;

  const statusNow = (): CycleStatus => ({
    cycleId: input.cycleId,
    planId: input.planId,
    phase,
    publishedAt,
    calendar,
    decomposition: { total: assignmentCount, started: childrenStarted },
    evaluation: { requestedAt: evaluationRequestedAt, completedAt: evaluationCompletedAt },
  });
  const recordProgress = () =>
    quickActivities.recordCycleProgress({
      cycleId: input.cycleId,
      phase,
      childrenStarted,
      childrenTotal: assignmentCount,
    });

  setHandler(getCycleStatusQuery, statusNow);

  setHandler(
    publishCycleUpdate,
    async ({ actor, calendar: calendarSpec, idempotencyKey }) => {
      const earlier = published;
      if (earlier !== null && earlier.idempotencyKey === idempotencyKey) {
        await condition(() => earlier.result !== null);
        return { ...(earlier.result as PublishCycleResult), duplicate: true };
      }
      const entry: typeof published =
        idempotencyKey === undefined ? null : { idempotencyKey, fingerprint: JSON.stringify(calendarSpec), result: null };
      published = entry;
      publishing = true;
      try {
        const now = Date.now();
        const paged = patched(CYCLE_ASSIGNMENT_PAGES_PATCH);
        const outcome = await longActivities.publishPlan({
          cycleId: input.cycleId,
          planId: input.planId,
          actor,
          calendarSpec,
          publishedAt: now,
          ...(paged ? { withAssignments: false } : {}),
        });
        calendar = outcome.calendar;
        assignments = paged ? null : outcome.assignments;
        assignmentCount = outcome.assignmentCount ?? outcome.assignments.length;
        publishedAt = now;
        publishedBy = actor;
        phase = 'published';
        const result: PublishCycleResult = {
          cycleId: input.cycleId,
          assignmentCount,
          calendar: outcome.calendar,
          ruleSets: outcome.ruleSets,
        };
        if (entry === null) return result;
        const first: PublishCycleResult = { ...result, duplicate: false };
        entry.result = first;
        return first;
      } finally {
        publishing = false;
      }
    },
    {
      validator: ({ actor, calendar: calendarSpec, idempotencyKey }) => {
        if (actor.role !== 'coordinator') rejectUpdate('FORBIDDEN', 'only the coordinator publishes a plan');
        if (published !== null && idempotencyKey !== undefined && published.idempotencyKey === idempotencyKey) {
          if (published.fingerprint === JSON.stringify(calendarSpec)) return;
          rejectUpdate('IDEMPOTENCY_KEY_REUSED', `idempotency key "${idempotencyKey}" already published another calendar`);
        }
        if (phase !== 'drafting' || publishing) rejectUpdate('INVALID_STATE', `the cycle is ${phase}, not a draft`);
        const parsed = calendarSpecSchema().safeParse(calendarSpec);
        if (!parsed.success) rejectWithZodIssues('the reporting calendar is malformed', parsed.error.issues, ['calendar']);
      },
    },
  );

  setHandler(
    runEvaluationUpdate,
    ({ actor }) => {
      if (evaluationRequestedBy === null) {
        evaluationRequestedBy = actor;
      }
      return { accepted: true, phase };
    },
    {
      validator: ({ actor }) => {
        if (actor.role !== 'coordinator') rejectUpdate('FORBIDDEN', 'only the coordinator runs the evaluation');
        if (phase === 'evaluating' || phase === 'closed') return;
        if (phase !== 'reporting' || calendar === null) {
          rejectUpdate('INVALID_STATE', `the cycle is ${phase}; evaluation follows the reporting periods`);
        }
        const lastDue = Math.max(...calendar.periods.map((p) => p.dueAt));
        if (Date.now() < lastDue) {
          rejectUpdate('INVALID_STATE', `the last reporting period is due at ${new Date(lastDue).toISOString()}`);
        }
      },
    },
  );

  /** Amendments taken in this run, by idempotency key (a retry answers the first result). */
  const amendments = new Map<string, AmendRuleSetResult>();
  setHandler(
    amendRuleSetUpdate,
    async ({ actor, ruleSet, reason, idempotencyKey }) => {
      const key = idempotencyKey ?? uuid4();
      const earlier = amendments.get(key);
      if (earlier) return { ...earlier, duplicate: true };
      // The store keeps the pins: activities read them at each decision, so the next one uses
      // this version and the decisions already taken keep the version recorded with them.
      const result = await quickActivities.amendCycleRuleSet({
        cycleId: input.cycleId,
        actor,
        ruleSet,
        reason,
        amendedAt: Date.now(),
        amendmentKey: key,
      });
      amendments.set(key, result);
      return result;
    },
    {
      validator: ({ actor, reason }) => {
        if (actor.role !== 'coordinator') rejectUpdate('FORBIDDEN', 'only the coordinator amends the rules of a cycle');
        if (!['published', 'decomposing', 'reporting'].includes(phase)) {
          rejectUpdate('INVALID_STATE', `the cycle is ${phase}: only a running cycle is amended`);
        }
        if (reason.trim().length === 0) {
          rejectUpdate('VALIDATION_FAILED', 'an amendment needs a reason', [{ path: 'reason', message: 'required', code: 'too_small' }]);
        }
      },
    },
  );

  if (phase === 'drafting') {
    await recordProgress();
    await condition(() => phase !== 'drafting');
  }

  if (phase === 'published' || phase === 'decomposing') {
    phase = 'decomposing';
    await recordProgress();
    const cycleCalendar = calendar as ReportingCalendar;
    const runLimit = Math.min(assignmentCount, childrenStarted + childrenPerRun);
    // This run's references: a slice of the carried list, or fetched (a page per run).
    const firstOfRun = assignments === null ? childrenStarted : 0;
    const refs =
      assignments ??
      (runLimit > childrenStarted
        ? await quickActivities.assignmentRefs({ cycleId: input.cycleId, offset: childrenStarted, limit: runLimit - childrenStarted })
        : []);
    while (childrenStarted < runLimit) {
      const batch = refs.slice(childrenStarted - firstOfRun, Math.min(runLimit, childrenStarted + CHILD_START_BATCH) - firstOfRun);
      if (batch.length === 0) break; // fewer references than counted: the next run fetches again
      await Promise.all(
        batch.map((assignment) =>
          startChild(assignmentWorkflow, {
            workflowId: assignmentWorkflowId(assignment.assignmentId),
            args: [{ cycleId: input.cycleId, ...assignment, calendar: cycleCalendar }],
            parentClosePolicy: ParentClosePolicy.ABANDON,
            // From the input, so histories of cycles started without it replay the same commands.
            ...(input.assignmentTaskQueue ? { taskQueue: input.assignmentTaskQueue } : {}),
          }),
        ),
      );
      childrenStarted += batch.length;
      await recordProgress();
    }
    if (childrenStarted < assignmentCount) {
      await condition(allHandlersFinished);
      return continueAsNew<typeof planCycleWorkflow>({
        ...input,
        carryOver: carryOverState('decomposing'),
      });
    }
    phase = 'reporting';
    await recordProgress();
  }

  if (phase === 'reporting') {
    const evaluationAt = (calendar as ReportingCalendar).evaluationAt;
    await waitUntil(() => evaluationRequestedBy !== null, evaluationAt);
    phase = 'evaluating';
  }

  evaluationRequestedAt = Date.now();
  await recordProgress();
  await longActivities.evaluateCycle({ cycleId: input.cycleId, actor: evaluationRequestedBy });
  evaluationCompletedAt = Date.now();
  await longActivities.closeCycleAssignments({ cycleId: input.cycleId });
  phase = 'closed';
  await recordProgress();
  await condition(allHandlersFinished);
  return statusNow();

  function carryOverState(nextPhase: CyclePhase) {
    return {
      phase: nextPhase,
      calendar: calendar as ReportingCalendar,
      publishedAt: publishedAt as number,
      publishedBy: publishedBy as ActorRef,
      ...(assignments === null ? { assignmentCount } : { assignments }),
      childrenStarted,
      evaluationRequestedBy,
      published: published?.result ? { ...published, result: published.result } : null,
    };
  }
}
