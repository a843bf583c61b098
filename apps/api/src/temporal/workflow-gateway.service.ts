import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { Client } from '@temporalio/client';
import { WorkflowNotFoundError, type UpdateDefinition } from '@temporalio/common';
import {
  DomainError,
  acknowledgeAssignmentUpdate,
  amendRuleSetUpdate,
  assignmentWorkflowId,
  getAssignmentStatusQuery,
  getCycleStatusQuery,
  planCycleWorkflowId,
  publishCycleUpdate,
  reviewReportUpdate,
  runEvaluationUpdate,
  submitReportUpdate,
  type AcknowledgeRequest,
  type AcknowledgeResult,
  type AmendRuleSetRequest,
  type AmendRuleSetResult,
  type AssignmentStatus,
  type CycleStatus,
  type PlanCycleWorkflowInput,
  type PublishCycleRequest,
  type PublishCycleResult,
  type ReviewReportRequest,
  type ReviewReportResult,
  type RunEvaluationRequest,
  type RunEvaluationResult,
  type SubmitReportRequest,
  type SubmitReportResult,
} from '@plancycle/contracts';
import { cycleTaskQueueOf, type ApiConfig } from '@plancycle/config';
// Type only: the API never loads workflow code; a renamed workflow fails the type check.
import type { planCycleWorkflow } from '@plancycle/workflows';
import { API_CONFIG, TEMPORAL_CLIENT } from '../common/tokens';
import { PendingOperation, type OperationOutcome } from './pending-operation';
import { grpcCodeOf, isOutcomeUncertain, toDomainError, unavailable } from './workflow-errors';

/** How long a GET of an operation's outcome waits for Temporal before answering "pending". */
const OUTCOME_POLL_MS = 2_000;
/** How long the API waits for the server to answer at all after a write timed out. */
const SERVER_PROBE_MS = 1_500;

/** Where a write went: the workflow, and the URL under which its outcome is fetched. */
interface WriteTarget {
  workflowId: string;
  operationsUrl: string;
}

/** The API's only door to Temporal: every call has a deadline and typed errors. */
@Injectable()
export class WorkflowGateway {
  constructor(
    @Inject(TEMPORAL_CLIENT) private readonly client: Client,
    @Inject(API_CONFIG) private readonly config: ApiConfig,
  ) {}

  /** Starts the cycle workflow of a plan; starting it again is harmless. */
  startCycle(input: PlanCycleWorkflowInput): Promise<void> {
    return this.call(async () => {
      // The cycle runs on its own task queue and starts its assignments on the shared one, so
      // its evaluation never waits behind the assignments' tasks (a period's mass close).
      await this.client.workflow.start<typeof planCycleWorkflow>('planCycleWorkflow', {
        workflowId: planCycleWorkflowId(input.cycleId),
        taskQueue: cycleTaskQueueOf(this.config),
        args: [{ ...input, assignmentTaskQueue: this.config.TEMPORAL_TASK_QUEUE }],
        workflowIdConflictPolicy: 'USE_EXISTING',
      });
    });
  }

  publish(cycleId: string, request: PublishCycleRequest): Promise<PublishCycleResult | PendingOperation> {
    return this.write(cycleTarget(cycleId), publishCycleUpdate, request);
  }

  runEvaluation(cycleId: string, request: RunEvaluationRequest): Promise<RunEvaluationResult | PendingOperation> {
    return this.write(cycleTarget(cycleId), runEvaluationUpdate, request);
  }

  amendRuleSet(cycleId: string, request: AmendRuleSetRequest): Promise<AmendRuleSetResult | PendingOperation> {
    return this.write(cycleTarget(cycleId), amendRuleSetUpdate, request);
  }

  cycleStatus(cycleId: string): Promise<CycleStatus> {
    return this.call(() => this.client.workflow.getHandle(planCycleWorkflowId(cycleId)).query(getCycleStatusQuery));
  }

  /** The cycle's live status with a deadline of its own: a read must not wait out an outage. */
  async cycleStatusWithin(cycleId: string, deadlineMs: number): Promise<CycleStatus> {
    try {
      return await this.client.withDeadline(Date.now() + deadlineMs, () =>
        this.client.workflow.getHandle(planCycleWorkflowId(cycleId)).query(getCycleStatusQuery),
      );
    } catch (error) {
      throw toDomainError(error);
    }
  }

  acknowledge(assignmentId: string, request: AcknowledgeRequest): Promise<AcknowledgeResult | PendingOperation> {
    return this.write(assignmentTarget(assignmentId), acknowledgeAssignmentUpdate, request);
  }

  submitReport(assignmentId: string, request: SubmitReportRequest): Promise<SubmitReportResult | PendingOperation> {
    return this.write(assignmentTarget(assignmentId), submitReportUpdate, request);
  }

  review(assignmentId: string, request: ReviewReportRequest): Promise<ReviewReportResult | PendingOperation> {
    return this.write(assignmentTarget(assignmentId), reviewReportUpdate, request);
  }

  assignmentStatus(assignmentId: string): Promise<AssignmentStatus> {
    return this.call(() => this.client.workflow.getHandle(assignmentWorkflowId(assignmentId)).query(getAssignmentStatusQuery));
  }

  /** The outcome of an earlier write of an assignment that answered 202. */
  assignmentOperation(assignmentId: string, operationId: string): Promise<OperationOutcome<unknown>> {
    return this.outcome(assignmentTarget(assignmentId), operationId);
  }

  /** The outcome of an earlier write of a cycle (publish, evaluation) that answered 202. */
  cycleOperation(cycleId: string, operationId: string): Promise<OperationOutcome<unknown>> {
    return this.outcome(cycleTarget(cycleId), operationId);
  }

  /** The raw event history of a workflow, all runs of it (for the auditor's replay). */
  async history(workflowId: string) {
    // A long history may take the whole deadline to fetch; an unreachable server should not.
    if (!(await this.serverAnswers())) throw unavailable();
    return this.call(() => this.client.workflow.getHandle(workflowId).fetchHistory());
  }

  /**
   * One write as a Temporal update with an id of its own (the workflow, not Temporal's
   * update-id de-duplication, decides what a retried idempotency key means, so a reused
   * key with another body is refused rather than silently answered with the first result).
   * An outcome that does not come back in time is a PendingOperation (202); only a write
   * that surely did not reach Temporal is a retryable 503.
   */
  private async write<R, A>(target: WriteTarget, update: UpdateDefinition<R, [A]>, request: A): Promise<R | PendingOperation> {
    const operationId = randomUUID();
    try {
      return await this.client.withDeadline(Date.now() + this.config.TEMPORAL_CALL_DEADLINE_MS, () =>
        this.client.workflow.getHandle(target.workflowId).executeUpdate(update, { args: [request], updateId: operationId }),
      );
    } catch (error) {
      // Timed out: if the server answers, it holds the write (it may apply it later): 202.
      // If it does not, the write never reached it, or was lost with it: 503, resend.
      if (isOutcomeUncertain(error) && (await this.serverAnswers())) {
        return new PendingOperation(operationId, `${target.operationsUrl}/${operationId}`);
      }
      // The record exists (the services check first): its workflow has ended, so nothing more
      // can be written to it. A conflict with its state, not a missing resource.
      if (error instanceof WorkflowNotFoundError) {
        throw new DomainError({
          code: 'INVALID_STATE',
          message: 'this workflow has ended (its cycle is closed or the assignment is complete): nothing more can be written to it',
        });
      }
      throw toDomainError(error);
    }
  }

  /** Whether the Temporal server answers at all within a short probe. */
  async serverAnswers(): Promise<boolean> {
    try {
      await this.client.withDeadline(Date.now() + SERVER_PROBE_MS, () => this.client.workflowService.getSystemInfo({}));
      return true;
    } catch {
      return false;
    }
  }

  private async outcome(target: WriteTarget, operationId: string): Promise<OperationOutcome<unknown>> {
    try {
      const result = await this.client.withDeadline(Date.now() + OUTCOME_POLL_MS, () =>
        this.client.workflow.getHandle(target.workflowId).getUpdateHandle(operationId).result(),
      );
      return { operationId, status: 'completed', result };
    } catch (error) {
      if (grpcCodeOf(error) === 5) {
        throw new DomainError({
          code: 'NOT_FOUND',
          message:
            'no such operation: the write never reached the workflow (or the workflow has since closed); send it again with the same idempotencyKey',
        });
      }
      if (isOutcomeUncertain(error)) return new PendingOperation(operationId, `${target.operationsUrl}/${operationId}`);
      const mapped = toDomainError(error);
      if (mapped instanceof DomainError && mapped.code !== 'WORKFLOW_UNAVAILABLE' && mapped.code !== 'NOT_FOUND') {
        return { operationId, status: 'failed', error: { code: mapped.code, message: mapped.message, issues: mapped.issues } };
      }
      throw mapped;
    }
  }

  private async call<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await this.client.withDeadline(Date.now() + this.config.TEMPORAL_CALL_DEADLINE_MS, work);
    } catch (error) {
      throw toDomainError(error);
    }
  }
}

function assignmentTarget(assignmentId: string): WriteTarget {
  return { workflowId: assignmentWorkflowId(assignmentId), operationsUrl: `/assignments/${assignmentId}/operations` };
}

function cycleTarget(cycleId: string): WriteTarget {
  return { workflowId: planCycleWorkflowId(cycleId), operationsUrl: `/cycles/${cycleId}/operations` };
}
