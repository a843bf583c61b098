import type { Client } from '@temporalio/client';
import {
  acknowledgeAssignmentUpdate,
  assignmentWorkflowId,
  planCycleWorkflowId,
  publishCycleUpdate,
  reviewReportUpdate,
  submitReportUpdate,
  type ActorRef,
  type CalendarSpec,
  type PlanDocument,
  type ReportSubmissionInput,
  type ReviewDecision,
} from '@plancycle/contracts';
import { cycleTaskQueueOf } from '@plancycle/config';
import type { AssignmentView, Repositories } from '@plancycle/persistence';
import { eventually } from './test-stack';

export const coordinator: ActorRef = { id: 'coordinator-test', role: 'coordinator', unit: null };
export const departmentOf = (unit: string): ActorRef => ({ id: `dept-${unit}`, role: 'department', unit });

/** Drives one cycle through the Temporal client, as the API would. */
export class CycleDriver {
  constructor(
    readonly client: Client,
    readonly repositories: Repositories,
    readonly taskQueue: string,
    readonly cycleId: string,
    readonly planId: string,
  ) {}

  static async createAndPublish(params: {
    client: Client;
    repositories: Repositories;
    taskQueue: string;
    document: PlanDocument;
    calendar: CalendarSpec;
    childrenPerRun?: number;
  }): Promise<CycleDriver> {
    const plan = await params.repositories.plans.createDraft({
      document: params.document,
      calendarSpec: null,
      actor: coordinator,
    });
    const handle = await params.client.workflow.start('planCycleWorkflow', {
      workflowId: planCycleWorkflowId(plan.cycleId),
      // As the API starts one: on the cycles' queue, its assignments on the shared one.
      taskQueue: cycleTaskQueueOf({ TEMPORAL_TASK_QUEUE: params.taskQueue }),
      args: [
        {
          cycleId: plan.cycleId,
          planId: plan.id,
          assignmentTaskQueue: params.taskQueue,
          ...(params.childrenPerRun ? { childrenPerRun: params.childrenPerRun } : {}),
        },
      ],
    });
    await handle.executeUpdate(publishCycleUpdate, { args: [{ actor: coordinator, calendar: params.calendar }] });
    const driver = new CycleDriver(params.client, params.repositories, params.taskQueue, plan.cycleId, plan.id);
    await eventually(
      async () => {
        const assignments = await driver.assignments();
        return assignments.length > 0 && assignments.every((a) => a.status !== null);
      },
      30_000,
      'every assignment workflow to start',
    );
    return driver;
  }

  cycleHandle() {
    return this.client.workflow.getHandle(planCycleWorkflowId(this.cycleId));
  }

  assignmentHandle(assignmentId: string) {
    return this.client.workflow.getHandle(assignmentWorkflowId(assignmentId));
  }

  assignments(): Promise<AssignmentView[]> {
    return this.repositories.assignments.allAssignments({ cycleId: this.cycleId });
  }

  async assignmentOf(unit: string, role: 'lead' | 'cooperating' = 'lead', index = 0): Promise<AssignmentView> {
    const found = (await this.assignments()).filter((a) => a.unit === unit && a.role === role)[index];
    if (!found) throw new Error(`no ${role} assignment of ${unit}`);
    return found;
  }

  acknowledge(assignment: AssignmentView) {
    return this.assignmentHandle(assignment.id).executeUpdate(acknowledgeAssignmentUpdate, {
      args: [{ actor: departmentOf(assignment.unit) }],
    });
  }

  submit(assignment: AssignmentView, submission: ReportSubmissionInput) {
    return this.assignmentHandle(assignment.id).executeUpdate(submitReportUpdate, {
      args: [{ actor: departmentOf(assignment.unit), submission: { evidence: [], ...submission } }],
    });
  }

  review(assignment: AssignmentView, review: ReviewDecision) {
    return this.assignmentHandle(assignment.id).executeUpdate(reviewReportUpdate, {
      args: [{ actor: coordinator, review }],
    });
  }

  /** A report giving `value` for every numeric indicator and done for milestones. */
  reportOf(assignment: AssignmentView, params: { periodKey: string; value: number; key: string }): ReportSubmissionInput {
    return {
      periodKey: params.periodKey,
      idempotencyKey: params.key,
      narrative: `${assignment.unit}${params.periodKey}工作进展`,
      evidence: [{ title: '佐证材料', uri: 'https://docs.example.gov.cn/evidence/1' }],
      values: assignment.indicators.map((indicator) =>
        indicator.kind === 'milestone' ? { indicatorId: indicator.id, done: true } : { indicatorId: indicator.id, value: params.value },
      ),
    };
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
