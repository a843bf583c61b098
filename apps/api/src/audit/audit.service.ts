import { Inject, Injectable } from '@nestjs/common';
import { planCycleWorkflowId, type AuditChainVerification } from '@plancycle/contracts';
import type { Repositories } from '@plancycle/persistence';
import { pageArgs } from '../common/page-query';
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

  /** A window of the cycle's audit chain (events and decisions), `limit` chain positions per page. */
  async cycleHistory(cycleId: string, query: { limit: number; cursor?: string | undefined }) {
    const cycle = await this.repos.cycles.findCycleOrThrow(cycleId);
    const window = await this.repos.audit.chainWindow({ cycleId, ...pageArgs(query) });
    const decisions =
      window.decisionIds.length === 0
        ? []
        : await this.repos.decisions.listDecisions({ cycleId, ids: window.decisionIds.map((d) => d.id) });
    return {
      cycle,
      auditEvents: window.auditEvents,
      decisions,
      nextCursor: window.nextCursor,
      workflow: await this.workflowHistory(planCycleWorkflowId(cycleId)),
    };
  }

  /** The verdict on the cycle's hash chain; an unknown cycle is a 404, not a valid empty chain. */
  async verifyCycle(cycleId: string): Promise<AuditChainVerification> {
    await this.repos.cycles.findCycleOrThrow(cycleId);
    return this.repos.audit.verifyCycleChain(cycleId);
  }

  async assignmentHistory(assignmentId: string, query: { limit: number; cursor?: string | undefined }) {
    const assignment = await this.repos.assignments.findAssignmentOrThrow(assignmentId);
    const [events, decisions, reports] = await Promise.all([
      this.repos.audit.list({ assignmentId, ...pageArgs(query) }),
      this.repos.decisions.listDecisions({ cycleId: assignment.cycleId, assignmentId }),
      this.repos.assignments.listReports(assignmentId),
    ]);
    return {
      assignment,
      reports,
      auditEvents: events.items,
      nextCursor: events.nextCursor,
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
