import { AsyncLocalStorage } from 'node:async_hooks';

/** The Temporal activity on whose behalf a write happens: where its audit rows point. */
export interface WorkflowSource {
  workflowId: string;
  workflowRunId: string;
  activityId: string;
}

const current = new AsyncLocalStorage<WorkflowSource>();

/**
 * Runs `work` as the given activity: audit events and decisions appended inside it record
 * the workflow, run and activity id (the worker's activity interceptor calls this), so an
 * auditor sees each business step beside the Temporal event that carried it.
 */
export function runAsWorkflowSource<T>(source: WorkflowSource, work: () => Promise<T>): Promise<T> {
  return current.run(source, work);
}

/** The activity the current write belongs to, or none (an API call, a seed, a test). */
export function currentWorkflowSource(): WorkflowSource | undefined {
  return current.getStore();
}

/** The pointer stored on an audit row, when all three parts are. */
export function workflowSourceOf(row: {
  workflowId: string | null;
  workflowRunId: string | null;
  activityId: string | null;
}): WorkflowSource | null {
  return row.workflowId && row.workflowRunId && row.activityId
    ? { workflowId: row.workflowId, workflowRunId: row.workflowRunId, activityId: row.activityId }
    : null;
}
