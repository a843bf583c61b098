import { Inject, Injectable } from '@nestjs/common';
import type { Client } from '@temporalio/client';
import {
  acknowledgeAssignmentUpdate,
  assignmentWorkflowId,
  getAssignmentStatusQuery,
  getCycleStatusQuery,
  planCycleWorkflowId,
  publishCycleUpdate,
  reportUpdateId,
  reviewReportUpdate,
  runEvaluationUpdate,
  submitReportUpdate,
  type AcknowledgeRequest,
  type AcknowledgeResult,
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
import type { ApiConfig } from '@plancycle/config';
// Type only: the API never loads workflow code; a renamed workflow fails the type check.
import type { planCycleWorkflow } from '@plancycle/workflows';
import { API_CONFIG, TEMPORAL_CLIENT } from '../common/tokens';
import { toDomainError } from './workflow-errors';

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
      await this.client.workflow.start<typeof planCycleWorkflow>('planCycleWorkflow', {
        workflowId: planCycleWorkflowId(input.cycleId),
        taskQueue: this.config.TEMPORAL_TASK_QUEUE,
        args: [input],
        workflowIdConflictPolicy: 'USE_EXISTING',
      });
    });
  }

  publish(cycleId: string, request: PublishCycleRequest): Promise<PublishCycleResult> {
    return this.call(() =>
      this.client.workflow.getHandle(planCycleWorkflowId(cycleId)).executeUpdate(publishCycleUpdate, {
        args: [request],
      }),
    );
  }

  runEvaluation(cycleId: string, request: RunEvaluationRequest): Promise<RunEvaluationResult> {
    return this.call(() =>
      this.client.workflow.getHandle(planCycleWorkflowId(cycleId)).executeUpdate(runEvaluationUpdate, {
        args: [request],
      }),
    );
  }

  cycleStatus(cycleId: string): Promise<CycleStatus> {
    return this.call(() => this.client.workflow.getHandle(planCycleWorkflowId(cycleId)).query(getCycleStatusQuery));
  }

  acknowledge(assignmentId: string, request: AcknowledgeRequest): Promise<AcknowledgeResult> {
    return this.call(() =>
      this.client.workflow.getHandle(assignmentWorkflowId(assignmentId)).executeUpdate(acknowledgeAssignmentUpdate, {
        args: [request],
      }),
    );
  }

  submitReport(assignmentId: string, request: SubmitReportRequest): Promise<SubmitReportResult> {
    return this.call(() =>
      this.client.workflow.getHandle(assignmentWorkflowId(assignmentId)).executeUpdate(submitReportUpdate, {
        args: [request],
        // Temporal de-duplicates by update id: a retried request is applied once.
        updateId: reportUpdateId(assignmentId, request.submission.idempotencyKey),
      }),
    );
  }

  review(assignmentId: string, request: ReviewReportRequest): Promise<ReviewReportResult> {
    return this.call(() =>
      this.client.workflow.getHandle(assignmentWorkflowId(assignmentId)).executeUpdate(reviewReportUpdate, {
        args: [request],
      }),
    );
  }

  assignmentStatus(assignmentId: string): Promise<AssignmentStatus> {
    return this.call(() =>
      this.client.workflow.getHandle(assignmentWorkflowId(assignmentId)).query(getAssignmentStatusQuery),
    );
  }

  /** The raw event history of a workflow, all runs of it (for the auditor's replay). */
  async history(workflowId: string) {
    return this.call(() => this.client.workflow.getHandle(workflowId).fetchHistory());
  }

  private async call<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await this.client.withDeadline(Date.now() + this.config.TEMPORAL_CALL_DEADLINE_MS, work);
    } catch (error) {
      throw toDomainError(error);
    }
  }
}
