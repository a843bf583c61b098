// The workflow bundle's entry: every workflow type the worker registers.
export { planCycleWorkflow } from './plan-cycle.workflow';
export { assignmentWorkflow } from './assignment.workflow';
