import { Inject, Injectable } from '@nestjs/common';
import { planCycleWorkflowId, type AuditChainVerification } from '@plancycle/contracts';
import type { Repositories } from '@plancycle/persistence';
import { REPOSITORIES } from '../common/tokens';
import { summarizeHistory, type HistoryEntry } from '../temporal/history-summary';
import { WorkflowGateway } from '../temporal/workflow-gateway.service';

/**
 * The auditor's replay: the audit trail (who did what, when, which rule-set version
 * decided what) next to the workflow's own event history from Temporal.
 */
@Injectable()
export class AuditService {
  constructor(
    @Inject(REPOSITORIES) private readonly repos: Repositories,
    @Inject(WorkflowGateway) private readonly workflows: WorkflowGateway,
  ) {}

  async cycleHistory(cycleId: string) {
    const cycle = await this.repos.cycles.findCycleOrThrow(cycleId);
    const [events, decisions] = await Promise.all([this.repos.audit.list({ cycleId }), this.repos.decisions.listDecisions({ cycleId })]);
    return {
      cycle,
      auditEvents: events,
      decisions,
      workflow: await this.workflowHistory(planCycleWorkflowId(cycleId)),
    };
  }

  /** The verdict on the cycle's hash chain; an unknown cycle is a 404, not a valid empty chain. */
  async verifyCycle(cycleId: string): Promise<AuditChainVerification> {
    await this.repos.cycles.findCycleOrThrow(cycleId);
    return this.repos.audit.verifyCycleChain(cycleId);
  }

  async assignmentHistory(assignmentId: string) {
    const assignment = await this.repos.assignments.findAssignmentOrThrow(assignmentId);
    const [events, decisions, reports] = await Promise.all([
      this.repos.audit.list({ assignmentId }),
      this.repos.decisions.listDecisions({ cycleId: assignment.cycleId, assignmentId }),
      this.repos.assignments.listReports(assignmentId),
    ]);
    return {
      assignment,
      reports,
      auditEvents: events,
      decisions,
      workflow: await this.workflowHistory(assignment.workflowId),
    };
  }

  private async workflowHistory(workflowId: string): Promise<{ workflowId: string; available: boolean; events: HistoryEntry[] }> {
    try {
      const history = await this.workflows.history(workflowId);
      return { workflowId, available: true, events: summarizeHistory(history.events ?? []) };
    } catch {
      return { workflowId, available: false, events: [] };
    }
  }
}
