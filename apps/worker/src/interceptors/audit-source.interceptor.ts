import type { Context } from '@temporalio/activity';
import type { ActivityInterceptorsFactory } from '@temporalio/worker';
import { runAsWorkflowSource } from '@plancycle/persistence';

/**
 * Every activity runs as its workflow source: the audit events and decisions it appends
 * point at its workflow, run and activity id, which the auditor's timeline matches to the
 * ActivityTaskScheduled event of that history (and links to the Temporal web UI).
 */
export const auditSourceInterceptor: ActivityInterceptorsFactory = (context: Context) => ({
  inbound: {
    execute(input, next) {
      const { workflowExecution, activityId } = context.info;
      if (!workflowExecution) return next(input);
      return runAsWorkflowSource({ workflowId: workflowExecution.workflowId, workflowRunId: workflowExecution.runId, activityId }, () =>
        next(input),
      );
    },
  },
});
