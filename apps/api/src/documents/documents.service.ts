import { Inject, Injectable } from '@nestjs/common';
import { DomainError, type Actor } from '@plancycle/contracts';
import { docxFilename, renderOfficialDocx, supervisionNoticeFile, type DocumentSettings } from '@plancycle/documents';
import {
  bulletinUnitRows,
  cycleBoard,
  hasSupervisionNotice,
  issuingOffice,
  laggingAssignments,
  quarterlyBulletinDocument,
  yearEndSummaryDocument,
} from '@plancycle/domain';
import type { ApiConfig } from '@plancycle/config';
import type { Repositories } from '@plancycle/persistence';
import { assertInScope } from '../auth/assignment-scope';
import { API_CONFIG, REPOSITORIES } from '../common/tokens';
import { exportLedgerXlsx } from './ledger-xlsx';

/** A file to download: its bytes, name and media type. */
export interface DownloadFile {
  content: Buffer;
  filename: string;
  contentType: string;
}

const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/**
 * The office's documents for download: an escalation's 督办通知单, a period's 季通报, the
 * 工作总结 with the ranking (Word), and the cycle's 台账 (Excel). The words are decided in
 * `@plancycle/domain`, the layout in `@plancycle/documents`; this loads and checks access.
 */
@Injectable()
export class DocumentsService {
  private readonly settings: DocumentSettings;

  constructor(
    @Inject(REPOSITORIES) private readonly repos: Repositories,
    @Inject(API_CONFIG) config: ApiConfig,
  ) {
    this.settings = {
      issuingOffice: config.PLANCYCLE_ISSUING_OFFICE,
      responseWorkingDays: config.PLANCYCLE_SUPERVISION_RESPONSE_WORKING_DAYS,
    };
  }

  /** A 督办 or 约谈's 督办通知单: its unit's people, its leaders, coordinators and auditors read it. */
  async supervisionNotice(actor: Actor, escalationId: string): Promise<DownloadFile> {
    const notice = await this.repos.decisions.escalationNoticeOrThrow(escalationId);
    assertInScope(actor, notice.scope);
    if (!hasSupervisionNotice(notice.facts.level)) {
      throw new DomainError({ code: 'INVALID_STATE', message: 'a reminder (提醒) has no 督办通知单; only 督办 and 约谈 do' });
    }
    return supervisionNoticeFile(notice.facts, this.settings);
  }

  /** A period's 季通报: every unit's counts, the late and lagging ones. */
  async bulletin(cycleId: string, periodKey: string): Promise<DownloadFile> {
    const cycle = await this.repos.cycles.findCycleOrThrow(cycleId);
    const period = cycle.calendar?.periods.find((p) => p.key === periodKey);
    if (!period) throw new DomainError({ code: 'NOT_FOUND', message: `the cycle has no period ${periodKey}` });
    const [plan, counts, escalationsByLevel, trajectory, assignments] = await Promise.all([
      this.repos.plans.findPlanOrThrow(cycle.planId),
      this.repos.assignments.boardCounts({ cycleId, scope: null }),
      this.repos.decisions.escalationCountsByLevel({ cycleId }),
      this.repos.decisions.listDecisions({ cycleId, kind: 'trajectory' }),
      this.repos.assignments.allAssignments({ cycleId }),
    ]);
    const board = cycleBoard({ calendar: cycle.calendar, ...counts, escalationsByLevel });
    const unitOf = new Map(assignments.map((a) => [a.id, a.unit]));
    const laggingByUnit = new Map<string, number>();
    for (const assignmentId of laggingAssignments(trajectory, periodKey)) {
      const unit = unitOf.get(assignmentId);
      if (unit) laggingByUnit.set(unit, (laggingByUnit.get(unit) ?? 0) + 1);
    }
    const document = quarterlyBulletinDocument({
      plan: { title: plan.title, jurisdiction: plan.jurisdiction, year: plan.year },
      period,
      units: bulletinUnitRows({ board, periodKey, laggingByUnit }),
      issuer: issuingOffice({ configured: this.settings.issuingOffice, jurisdiction: plan.jurisdiction }),
      issuedAt: Date.now(),
    });
    return { content: await renderOfficialDocx(document), filename: docxFilename(document), contentType: DOCX };
  }

  /** The 工作总结 and ranking of an evaluated cycle. */
  async summary(cycleId: string): Promise<DownloadFile> {
    const evaluation = await this.repos.evaluations.find(cycleId);
    if (!evaluation) throw new DomainError({ code: 'NOT_FOUND', message: 'this cycle has not been evaluated yet' });
    if (evaluation.result === null || evaluation.summaryText === null) {
      throw new DomainError({ code: 'INVALID_STATE', message: 'the evaluation is still running' });
    }
    const { plan } = evaluation.result;
    const document = yearEndSummaryDocument({
      plan,
      summaryText: evaluation.summaryText,
      units: evaluation.result.units,
      issuer: issuingOffice({ configured: this.settings.issuingOffice, jurisdiction: plan.jurisdiction }),
      issuedAt: Date.parse(evaluation.result.evaluatedAt),
    });
    return { content: await renderOfficialDocx(document), filename: docxFilename(document), contentType: DOCX };
  }

  /** The 台账: every assignment × period with its latest report and review, and the year-end result when there is one. */
  async ledger(cycleId: string): Promise<DownloadFile> {
    const cycle = await this.repos.cycles.findCycleOrThrow(cycleId);
    const [assignments, reports, escalations, evaluation] = await Promise.all([
      this.repos.assignments.allAssignments({ cycleId }),
      this.repos.assignments.cycleReports(cycleId),
      this.repos.decisions.allEscalations({ cycleId }),
      this.repos.evaluations.find(cycleId),
    ]);
    const content = await exportLedgerXlsx({
      periods: cycle.calendar?.periods ?? [],
      assignments,
      reports,
      escalations,
      results: evaluation?.result?.units ?? null,
    });
    return { content, filename: `${cycle.planTitle}-台账.xlsx`, contentType: XLSX };
  }
}
