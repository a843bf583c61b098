import { Inject, Injectable } from '@nestjs/common';
import type { ApiConfig } from '@plancycle/config';
import { planCycleWorkflowId, type AuditChainVerification } from '@plancycle/contracts';
import type { AuditEventView, DecisionView, Repositories } from '@plancycle/persistence';
import { pageArgs } from '../common/page-query';
import { API_CONFIG, REPOSITORIES } from '../common/tokens';
import { summarizeHistory, type HistoryEntry } from '../temporal/history-summary';
import { WorkflowGateway } from '../temporal/workflow-gateway.service';
import { buildTimeline } from './timeline';

/**
 * The auditor's replay: the audit trail (who did what, when, which rule-set version
 * decided what) next to the workflow's own event history from Temporal.
 */
interface WorkflowHistory {
  workflowId: string;
  runId: string | null;
  available: boolean;
  events: HistoryEntry[];
}

@Injectable()
export class AuditService {
  constructor(
    @Inject(REPOSITORIES) private readonly repos: Repositories,
    @Inject(WorkflowGateway) private readonly workflows: WorkflowGateway,
    @Inject(API_CONFIG) private readonly config: ApiConfig,
  ) {}

  /** A window of the cycle's audit chain (events and decisions), `limit` chain positions per page. */
  async cycleHistory(cycleId: string, query: { limit: number; cursor?: string | undefined }) {
    const cycle = await this.repos.cycles.findCycleOrThrow(cycleId);
    const window = await this.repos.audit.chainWindow({ cycleId, ...pageArgs(query) });
    const decisions =
      window.decisionIds.length === 0
        ? []
        : await this.repos.decisions.listDecisions({ cycleId, ids: window.decisionIds.map((d) => d.id) });
    const workflow = await this.workflowHistory(planCycleWorkflowId(cycleId));
    return {
      cycle,
      timeline: this.timeline(window.auditEvents, decisions, workflow),
      auditEvents: window.auditEvents,
      decisions,
      nextCursor: window.nextCursor,
      workflow,
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
    const workflow = await this.workflowHistory(assignment.workflowId);
    return {
      assignment,
      reports,
      timeline: this.timeline(events.items, decisions, workflow),
      auditEvents: events.items,
      nextCursor: events.nextCursor,
      decisions,
      workflow,
    };
  }

  private timeline(events: AuditEventView[], decisions: DecisionView[], workflow: WorkflowHistory) {
    return buildTimeline(events, decisions, {
      history: workflow,
      temporalUiUrl: this.config.TEMPORAL_UI_URL ?? null,
      namespace: this.config.TEMPORAL_NAMESPACE,
    });
  }

  /** The workflow's latest run, as a readable list of events; unavailable when Temporal does not answer. */
  private async workflowHistory(workflowId: string): Promise<WorkflowHistory> {
    try {
      const history = await this.workflows.history(workflowId);
      const events = history.events ?? [];
      const runId = events[0]?.workflowExecutionStartedEventAttributes?.originalExecutionRunId ?? null;
      return { workflowId, runId, available: true, events: summarizeHistory(events) };
    } catch {
      return { workflowId, runId: null, available: false, events: [] };
    }
  }
}
