export const planCycleWorkflowId = (cycleId: string): string => `plan-cycle/${cycleId}`;
export const assignmentWorkflowId = (assignmentId: string): string => `assignment/${assignmentId}`;

/** Temporal de-duplicates updates by id within a run: one id per idempotency key. */
export const reportUpdateId = (assignmentId: string, idempotencyKey: string): string =>
  `report/${assignmentId}/${idempotencyKey}`;
