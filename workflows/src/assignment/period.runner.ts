import type { PeriodState, ReportingPeriod } from '@plancycle/contracts';
import { waitUntil } from '../workflow-helpers';
import type { AssignmentState } from './assignment.state';
import { nextStep, type PeriodClockState } from './period-clock';

/**
 * Runs one reporting period of an assignment: asks the period clock what to do next,
 * does it (through the state's activities), and asks again, until the period closes.
 * Periods run side by side: a unit may report Q2 while Q1 still waits for review.
 */
export async function runPeriod(state: AssignmentState, definition: ReportingPeriod, period: PeriodState): Promise<void> {
  const { calendar, assignmentId } = state.input;
  const clock: PeriodClockState = { checksDone: 0, checksDeadlineAt: period.deadlineAt, lastCheckAt: null };
  // Always await the opening first, even when it has passed: every period yields once
  // before its first step, which keeps the order of commands that recorded histories hold.
  await waitUntil(() => state.cycleClosed, definition.opensAt);

  for (;;) {
    const now = Date.now();
    const step = nextStep({
      period,
      opensAt: definition.opensAt,
      clock,
      calendar,
      cycleClosed: state.cycleClosed,
      now,
      policy: state.policy,
      // Published with the period when its calendar counts working days; a moved deadline counts back in hours.
      ...(definition.remindAt !== undefined && period.deadlineAt === definition.dueAt ? { remindAt: definition.remindAt } : {}),
    });
    switch (step.kind) {
      case 'wait': {
        const seen = period.status;
        const wake = step.for === 'opening' ? () => state.cycleClosed : () => period.status !== seen || state.cycleClosed;
        await waitUntil(wake, step.until);
        break;
      }
      case 'open':
        period.status = 'open';
        await state.recordStatus();
        break;
      case 'remind':
        period.reminderSentAt = now;
        period.reminderOutcome = step.late ? 'sent_late' : 'sent';
        await state.activities.sendDeadlineReminder({
          assignmentId,
          periodKey: period.key,
          deadlineAt: period.deadlineAt,
          outcome: period.reminderOutcome,
        });
        await state.recordStatus();
        break;
      case 'skip_reminder':
        period.reminderOutcome = 'skipped';
        await state.activities.sendDeadlineReminder({
          assignmentId,
          periodKey: period.key,
          deadlineAt: period.deadlineAt,
          outcome: 'skipped',
          reason: step.reason,
        });
        await state.recordStatus();
        break;
      case 'mark_overdue': {
        period.overdue = true;
        const freshDeadline = clock.checksDeadlineAt !== period.deadlineAt || clock.checksDone === 0;
        if (freshDeadline && state.returnedCount(period.key) === 0) state.overduePeriods += 1;
        await state.activities.markOverdue({ assignmentId, periodKey: period.key, deadlineAt: period.deadlineAt });
        await state.recordStatus();
        break;
      }
      case 'escalate':
        if (clock.checksDeadlineAt !== period.deadlineAt) {
          clock.checksDeadlineAt = period.deadlineAt;
          clock.checksDone = 0;
        }
        clock.lastCheckAt = now;
        await state.escalate(period, {
          overdueGraceUnits: step.graceUnits,
          overduePeriods: state.overduePeriods,
          returnedCount: state.returnedCount(period.key),
          trajectoryRatio: null,
          role: state.input.role,
          trigger: 'overdue',
        });
        clock.checksDone += 1;
        break;
      case 'close':
        period.status = step.outcome;
        return;
    }
  }
}
