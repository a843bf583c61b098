/** The task queue every plancycle worker polls. */
export const PLANCYCLE_TASK_QUEUE = 'plancycle';

export const planCycleWorkflowId = (cycleId: string): string => `plan-cycle/${cycleId}`;
export const assignmentWorkflowId = (assignmentId: string): string => `assignment/${assignmentId}`;

/** Temporal de-duplicates updates by id within a run: one id per idempotency key. */
export const reportUpdateId = (assignmentId: string, idempotencyKey: string): string =>
  `report/${assignmentId}/${idempotencyKey}`;
