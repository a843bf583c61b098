import { Inject, Injectable } from '@nestjs/common';
import type { Actor, ReportSubmission, ReviewDecision } from '@plancycle/contracts';
import type { AssignmentView, Repositories } from '@plancycle/persistence';
import { assertInScope } from '../auth/assignment-scope';
import { actorRef } from '../common/actor-ref';
import { REPOSITORIES } from '../common/tokens';
import { WorkflowGateway } from '../temporal/workflow-gateway.service';

@Injectable()
export class AssignmentsService {
  constructor(
    @Inject(REPOSITORIES) private readonly repos: Repositories,
    @Inject(WorkflowGateway) private readonly workflows: WorkflowGateway,
  ) {}

  /** A department reaches its own unit's assignments, a leader those they answer for; anyone else's is a 403. */
  async visibleAssignmentOrThrow(actor: Actor, assignmentId: string): Promise<AssignmentView> {
    const assignment = await this.repos.assignments.findAssignmentOrThrow(assignmentId);
    assertInScope(actor, { unit: assignment.unit, leaderPersonId: assignment.task?.leaderPersonId ?? null });
    return assignment;
  }

  /** The scope check alone (one small query), for writes and lists that do not show the assignment. */
  private async assertVisibleOrThrow(actor: Actor, assignmentId: string): Promise<void> {
    assertInScope(actor, await this.repos.assignments.findAssignmentScopeOrThrow(assignmentId));
  }

  async assignment(actor: Actor, assignmentId: string) {
    // Both reads at once (one round trip's wait, not two); nothing is answered before the scope check passes.
    const [assignment, reports] = await Promise.all([
      this.visibleAssignmentOrThrow(actor, assignmentId),
      this.repos.assignments.listReports(assignmentId),
    ]);
    return { ...assignment, reports };
  }

  async acknowledge(actor: Actor, assignmentId: string, idempotencyKey?: string) {
    await this.assertVisibleOrThrow(actor, assignmentId);
    return this.workflows.acknowledge(assignmentId, {
      actor: actorRef(actor),
      ...(idempotencyKey === undefined ? {} : { idempotencyKey }),
    });
  }

  async submitReport(actor: Actor, assignmentId: string, submission: ReportSubmission) {
    await this.assertVisibleOrThrow(actor, assignmentId);
    return this.workflows.submitReport(assignmentId, { actor: actorRef(actor), submission });
  }

  async reports(actor: Actor, assignmentId: string) {
    await this.assertVisibleOrThrow(actor, assignmentId);
    return this.repos.assignments.listReports(assignmentId);
  }

  async review(actor: Actor, assignmentId: string, request: ReviewDecision & { idempotencyKey?: string | undefined }) {
    await this.assertVisibleOrThrow(actor, assignmentId);
    const { idempotencyKey, ...review } = request;
    return this.workflows.review(assignmentId, {
      actor: actorRef(actor),
      review,
      ...(idempotencyKey === undefined ? {} : { idempotencyKey }),
    });
  }

  /** The outcome of a write of this assignment that answered 202. */
  async operation(actor: Actor, assignmentId: string, operationId: string) {
    await this.assertVisibleOrThrow(actor, assignmentId);
    return this.workflows.assignmentOperation(assignmentId, operationId);
  }
}
