import { defaultPayloadConverter } from '@temporalio/common';
import { temporal } from '@temporalio/proto';

type HistoryEvent = temporal.api.history.v1.IHistoryEvent;

export interface HistoryEntry {
  eventId: number;
  at: string | null;
  type: string;
  /** What happened, in words an auditor can read: activity, update, timer, signal. */
  summary: string;
  /** Who asked, when the event carries a caller (updates and signals). */
  actor: unknown;
  /** On ActivityTaskScheduled (or a local activity's marker): the activity id audit rows written by that activity point at. */
  activityId?: string;
}

/** Turns a Temporal event history into a readable, ordered list of steps. */
export function summarizeHistory(events: HistoryEvent[]): HistoryEntry[] {
  return events.map((event) => {
    const type = temporal.api.enums.v1.EventType[event.eventType ?? 0] ?? String(event.eventType);
    const { summary, actor } = describe(event);
    const activityId = event.activityTaskScheduledEventAttributes?.activityId ?? localActivityOf(event)?.activityId;
    return {
      eventId: Number(event.eventId ?? 0),
      at: timestampOf(event.eventTime),
      type: type.replace(/^EVENT_TYPE_/, ''),
      summary,
      actor,
      ...(activityId ? { activityId } : {}),
    };
  });
}

/**
 * A local activity leaves a MarkerRecorded event (`core_local_activity`) whose `data` detail
 * is JSON naming the activity id and type, where a remote one leaves ActivityTaskScheduled.
 */
function localActivityOf(event: HistoryEvent): { activityId: string; activityType: string } | null {
  const marker = event.markerRecordedEventAttributes;
  if (marker?.markerName !== 'core_local_activity') return null;
  const data = marker.details?.['data']?.payloads?.[0]?.data;
  if (!data) return null;
  try {
    const parsed = JSON.parse(Buffer.from(data).toString('utf8')) as Record<string, unknown>;
    const activityId = parsed['activity_id'] ?? parsed['activityId'];
    const activityType = parsed['activity_type'] ?? parsed['activityType'];
    return typeof activityId === 'string' ? { activityId, activityType: typeof activityType === 'string' ? activityType : '?' } : null;
  } catch {
    return null;
  }
}

function describe(event: HistoryEvent): { summary: string; actor: unknown } {
  const a = event.activityTaskScheduledEventAttributes;
  if (a) return { summary: `activity ${a.activityType?.name ?? '?'} scheduled`, actor: null };
  const local = localActivityOf(event);
  if (local) return { summary: `local activity ${local.activityType} completed`, actor: null };
  const accepted = event.workflowExecutionUpdateAcceptedEventAttributes;
  if (accepted) {
    const input = accepted.acceptedRequest?.input;
    const first = decodeFirst(input?.args?.payloads);
    return {
      summary: `update ${input?.name ?? '?'} accepted`,
      actor: (first as { actor?: unknown } | null)?.actor ?? null,
    };
  }
  const completed = event.workflowExecutionUpdateCompletedEventAttributes;
  if (completed) {
    const failed = completed.outcome?.failure;
    return { summary: failed ? `update failed: ${failed.message ?? ''}` : 'update completed', actor: null };
  }
  const signal = event.workflowExecutionSignaledEventAttributes;
  if (signal) return { summary: `signal ${signal.signalName ?? '?'}`, actor: null };
  const timer = event.timerStartedEventAttributes;
  if (timer) return { summary: `timer ${Number(timer.startToFireTimeout?.seconds ?? 0)}s`, actor: null };
  const child = event.startChildWorkflowExecutionInitiatedEventAttributes;
  if (child) return { summary: `child ${child.workflowType?.name ?? '?'} ${child.workflowId ?? ''}`, actor: null };
  const failedActivity = event.activityTaskFailedEventAttributes;
  if (failedActivity) return { summary: `activity failed: ${failedActivity.failure?.message ?? ''}`, actor: null };
  if (event.workflowExecutionContinuedAsNewEventAttributes) return { summary: 'continued as new', actor: null };
  return { summary: '', actor: null };
}

function decodeFirst(payloads: temporal.api.common.v1.IPayload[] | null | undefined): unknown {
  const payload = payloads?.[0];
  if (!payload) return null;
  try {
    return defaultPayloadConverter.fromPayload(payload);
  } catch {
    return null;
  }
}

function timestampOf(time: temporal.api.history.v1.IHistoryEvent['eventTime']): string | null {
  if (!time?.seconds) return null;
  const millis = Number(time.seconds) * 1000 + Math.floor((time.nanos ?? 0) / 1e6);
  return new Date(millis).toISOString();
}
