import { Inject, Injectable, Logger } from '@nestjs/common';
import {
  calendarSpecSchema,
  DomainError,
  type Actor,
  type CalendarSpec,
  type ImportNotes,
  type Page,
  type PlanDocument,
  type PublishCycleResult,
} from '@plancycle/contracts';
import { pastCalendarProblem, resolveReportingCalendar } from '@plancycle/domain';
import { planDocumentOf, type PlanSummaryView, type PlanView, type Repositories } from '@plancycle/persistence';
import { REPOSITORIES } from '../common/tokens';
import type { PendingOperation } from '../temporal/pending-operation';
import { WorkflowGateway } from '../temporal/workflow-gateway.service';
import { actorRef, auditActor } from '../common/actor-ref';
import { pageArgs } from '../common/page-query';

/** Quarterly reporting with the contract's own defaults (due on the 10th, …). */
const DEFAULT_CALENDAR: CalendarSpec = calendarSpecSchema.parse({ kind: 'quarterly' });

@Injectable()
export class PlansService {
  private readonly logger = new Logger(PlansService.name);

  constructor(
    @Inject(REPOSITORIES) private readonly repos: Repositories,
    @Inject(WorkflowGateway) private readonly workflows: WorkflowGateway,
  ) {}

  async createDraft(
    actor: Actor,
    params: { document: PlanDocument; calendar?: CalendarSpec; importNotes?: ImportNotes },
  ): Promise<PlanView> {
    const plan = await this.repos.plans.createDraft({
      document: params.document,
      calendarSpec: params.calendar ?? null,
      importNotes: params.importNotes ?? null,
      actor: auditActor(actor),
    });
    try {
      await this.workflows.startCycle({ cycleId: plan.cycleId, planId: plan.id });
    } catch (error) {
      // The draft is saved; publishing starts the cycle workflow if it is not running yet.
      this.logger.warn(`cycle workflow of plan ${plan.id} not started yet: ${(error as Error).message}`);
    }
    return plan;
  }

  async editDraft(
    actor: Actor,
    planId: string,
    params: { revision: number; document: PlanDocument; calendar?: CalendarSpec },
  ): Promise<PlanView> {
    return this.repos.plans.replaceDraft({
      planId,
      actor: auditActor(actor),
      expectedRevision: params.revision,
      document: params.document,
      calendarSpec: params.calendar ?? null,
    });
  }

  async publish(
    actor: Actor,
    planId: string,
    params: { calendar?: CalendarSpec; confirmPastCalendar?: boolean; idempotencyKey?: string },
  ): Promise<PublishCycleResult | PendingOperation> {
    const plan = await this.repos.plans.findPlanOrThrow(planId);
    const calendar = params.calendar ?? plan.calendarSpec ?? DEFAULT_CALENDAR;
    const { idempotencyKey } = params;
    if (plan.status !== 'draft') {
      // A retry under the publish's key goes on to the workflow, which answers with the
      // first result (or refuses another calendar under that key).
      if (idempotencyKey !== undefined) return this.workflows.publish(plan.cycleId, { actor: actorRef(actor), calendar, idempotencyKey });
      // Before the calendar check: a second publish is a conflict whatever its calendar.
      throw new DomainError({ code: 'INVALID_STATE', message: `the plan is ${plan.status}; a plan is published once` });
    }
    if (params.confirmPastCalendar !== true) {
      // Checked before Temporal hears of it: publishing is irreversible.
      const now = Date.now();
      const problem = pastCalendarProblem({
        calendar: resolveReportingCalendar({ spec: calendar, publishedAt: now, planYear: plan.year }),
        now,
      });
      if (problem) throw new DomainError({ code: 'CALENDAR_IN_PAST', message: problem.message, issues: [problem] });
    }
    const unknownUnits = await this.repos.plans.proposedUnitNames(planId);
    if (unknownUnits.length > 0) {
      throw new DomainError({
        code: 'UNKNOWN_UNITS',
        message: `these units are not in the directory: ${unknownUnits.join('、')}. Map each name to a directory unit (POST /directory/unit-aliases) or ask an admin to add it (POST /directory/units), then publish again`,
        issues: unknownUnits.map((name) => ({ path: `units.${name}`, message: 'not in the directory' })),
      });
    }
    await this.repos.directory.linkTaskLeaders(planId);
    await this.workflows.startCycle({ cycleId: plan.cycleId, planId });
    return this.workflows.publish(plan.cycleId, {
      actor: actorRef(actor),
      calendar,
      ...(idempotencyKey === undefined ? {} : { idempotencyKey }),
    });
  }

  findPlanOrThrow(planId: string): Promise<PlanView> {
    return this.repos.plans.findPlanOrThrow(planId);
  }

  listPlans(query: { limit: number; cursor?: string | undefined }): Promise<Page<PlanSummaryView>> {
    return this.repos.plans.listPlans(pageArgs(query));
  }

  async documentOf(planId: string): Promise<PlanDocument> {
    return planDocumentOf(await this.repos.plans.findPlanOrThrow(planId));
  }
}
