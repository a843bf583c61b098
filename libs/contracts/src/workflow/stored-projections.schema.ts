import { z } from 'zod';
import { assignmentRoleSchema } from '../plan/plan-vocabulary';
import type { AssignmentStatus, PeriodState } from './assignment.messages';
import { escalationLevelSchema } from './escalation';
import type { RuleSetPin } from './plan-cycle.messages';

/**
 * Schemas of what the worker stores as JSON and the API reads back: the rule-set pins
 * of a cycle and the status an assignment workflow last reported. The types stay where
 * the messages are defined; the checks below fail the type check when the two drift.
 */

export const ruleSetPinSchema = z.object({ id: z.string().min(1), version: z.string().min(1) });

const periodStatusSchema = z.enum(['not_open', 'open', 'submitted', 'returned', 'approved', 'missed', 'unreviewed']);

export const periodStateSchema = z.object({
  key: z.string(),
  label: z.string(),
  dueAt: z.number(),
  closesAt: z.number(),
  status: periodStatusSchema,
  deadlineAt: z.number(),
  overdue: z.boolean(),
  reminderSentAt: z.number().nullable(),
  reminderOutcome: z.enum(['sent', 'sent_late', 'skipped']).nullable().optional(),
  submissions: z.number().int(),
  currentReportId: z.string().nullable(),
  lastReturnComment: z.string().nullable(),
  escalationLevel: escalationLevelSchema.nullable(),
});

export const assignmentStatusSchema = z.object({
  assignmentId: z.string(),
  cycleId: z.string(),
  unit: z.string(),
  role: assignmentRoleSchema,
  phase: z.enum(['awaiting_acknowledgement', 'active', 'closed']),
  acknowledgedAt: z.number().nullable(),
  escalationLevel: escalationLevelSchema.nullable(),
  periods: z.array(periodStateSchema),
});

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const pinMatches: Same<z.infer<typeof ruleSetPinSchema>, RuleSetPin> = true;
const periodMatches: Same<z.infer<typeof periodStateSchema>, PeriodState> = true;
const statusMatches: Same<z.infer<typeof assignmentStatusSchema>, AssignmentStatus> = true;
void [pinMatches, periodMatches, statusMatches];
