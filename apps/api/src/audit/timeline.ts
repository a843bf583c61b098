import type { AuditEventView, DecisionView, WorkflowSource } from '@plancycle/persistence';
import { explainDecisionInChinese } from '@plancycle/rules';
import type { HistoryEntry } from '../temporal/history-summary';

/** The workflow event a business step corresponds to, and where to see it. */
export interface TimelineWorkflowEvent {
  workflowId: string;
  runId: string;
  activityId: string;
  /** The ActivityTaskScheduled event of that activity, when the history shown is of that run. */
  eventId: number | null;
  eventType: string | null;
  /** The run's history in the Temporal web UI, when TEMPORAL_UI_URL is configured. */
  url: string | null;
}

/** One step of the auditor's timeline: an audit event or a rule decision, in the order of the chain. */
export interface TimelineStep {
  at: string;
  kind: 'event' | 'decision';
  id: string;
  /** The audit action (report.submitted, …) or, for a decision, its kind (attainment, trajectory, escalation, scoring). */
  action: string;
  actor: { id: string; role: string; name: string | null; unit: string | null } | null;
  ruleSet: { id: string; version: string } | null;
  outcome: string | null;
  periodKey: string | null;
  /** The assignment the step concerns, if one (a cycle's timeline links each to its own). */
  assignmentId: string | null;
  conditions: unknown;
  /** A decision in a sentence a clerk understands (null for events): what was seen, which rule of which version, what it decided. */
  explanation: string | null;
  details: unknown;
  workflowEvent: TimelineWorkflowEvent | null;
}

export interface TimelineContext {
  /** The history the answer carries (the workflow's latest run). */
  history: { workflowId: string; runId: string | null; events: HistoryEntry[] };
  temporalUiUrl: string | null;
  namespace: string;
}

/**
 * Merges audit events and decisions into one timeline, oldest first, and puts beside each
 * step the Temporal event of the activity that recorded it (matched by run and activity id).
 */
export function buildTimeline(events: AuditEventView[], decisions: DecisionView[], context: TimelineContext): TimelineStep[] {
  const scheduled = new Map<string, HistoryEntry>();
  for (const entry of context.history.events) if (entry.activityId) scheduled.set(entry.activityId, entry);
  const workflowEvent = (source: WorkflowSource | null): TimelineWorkflowEvent | null => {
    if (!source) return null;
    const sameRun = source.workflowId === context.history.workflowId && source.workflowRunId === context.history.runId;
    const entry = sameRun ? scheduled.get(source.activityId) : undefined;
    return {
      workflowId: source.workflowId,
      runId: source.workflowRunId,
      activityId: source.activityId,
      eventId: entry?.eventId ?? null,
      eventType: entry?.type ?? null,
      url: context.temporalUiUrl
        ? `${context.temporalUiUrl}/namespaces/${encodeURIComponent(context.namespace)}/workflows/${encodeURIComponent(source.workflowId)}/${encodeURIComponent(source.workflowRunId)}/history`
        : null,
    };
  };
  const steps: TimelineStep[] = [
    ...events.map(
      (e): TimelineStep => ({
        at: e.at,
        kind: 'event',
        id: e.id,
        action: e.action,
        actor: { id: e.actorId, role: e.actorRole, name: e.actorName, unit: e.actorUnit },
        ruleSet: e.ruleSet,
        outcome: null,
        periodKey: periodKeyOf(e.details),
        assignmentId: e.assignmentId,
        conditions: null,
        explanation: null,
        details: e.details,
        workflowEvent: workflowEvent(e.workflowSource),
      }),
    ),
    ...decisions.map(
      (d): TimelineStep => ({
        at: d.decidedAt,
        kind: 'decision',
        id: d.id,
        action: d.kind,
        actor: null,
        ruleSet: { id: d.ruleSetId, version: d.ruleSetVersion },
        outcome: d.outcome,
        periodKey: d.periodKey,
        assignmentId: d.assignmentId,
        conditions: d.conditions,
        explanation: explainDecisionInChinese({
          kind: d.kind,
          outcome: d.outcome,
          periodKey: d.periodKey,
          ruleSet: { id: d.ruleSetId, version: d.ruleSetVersion },
          facts: d.facts,
          conditions: d.conditions,
        }),
        details: d.facts,
        workflowEvent: workflowEvent(d.workflowSource),
      }),
    ),
  ];
  // Stable: a decision and the event it caused share an instant; events first.
  return steps.sort((a, b) => a.at.localeCompare(b.at) || (a.kind === b.kind ? 0 : a.kind === 'event' ? -1 : 1));
}

function periodKeyOf(details: unknown): string | null {
  const value = (details as { periodKey?: unknown } | null)?.periodKey;
  return typeof value === 'string' ? value : null;
}
