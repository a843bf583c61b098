/** The task queue every plancycle worker polls. */
export const PLANCYCLE_TASK_QUEUE = 'plancycle';

export const planCycleWorkflowId = (cycleId: string): string => `plan-cycle/${cycleId}`;
export const assignmentWorkflowId = (assignmentId: string): string => `assignment/${assignmentId}`;

