export const planCycleWorkflowId = (cycleId: string): string => `plan-cycle/${cycleId}`;
export const assignmentWorkflowId = (assignmentId: string): string => `assignment/${assignmentId}`;
