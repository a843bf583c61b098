import { openDatabase, type Database } from '../database';
import { AssignmentRepository } from './assignment.repository';
import { AuditRepository } from './audit.repository';
import { CalendarRepository } from './calendar.repository';
import { CycleRepository } from './cycle.repository';
import { DecisionRepository } from './decision.repository';
import { DirectoryRepository } from './directory.repository';
import { EvaluationRepository } from './evaluation.repository';
import { NoticeDigestRepository } from './notice-digest.repository';
import { NoticeRepository } from './notice.repository';
import { PlanRepository } from './plan.repository';
import { RuleSetRepository } from './rule-set.repository';

/** Every repository over one database connection pool. */
export class Repositories {
  readonly plans: PlanRepository;
  readonly cycles: CycleRepository;
  readonly assignments: AssignmentRepository;
  readonly decisions: DecisionRepository;
  readonly evaluations: EvaluationRepository;
  readonly audit: AuditRepository;
  readonly directory: DirectoryRepository;
  readonly ruleSets: RuleSetRepository;
  readonly notices: NoticeRepository;
  readonly noticeDigests: NoticeDigestRepository;
  readonly calendar: CalendarRepository;

  constructor(private readonly db: Database) {
    this.plans = new PlanRepository(db);
    this.cycles = new CycleRepository(db);
    this.assignments = new AssignmentRepository(db);
    this.decisions = new DecisionRepository(db);
    this.evaluations = new EvaluationRepository(db);
    this.audit = new AuditRepository(db);
    this.directory = new DirectoryRepository(db);
    this.ruleSets = new RuleSetRepository(db);
    this.notices = new NoticeRepository(db);
    this.noticeDigests = new NoticeDigestRepository(db);
    this.calendar = new CalendarRepository(db);
  }

  static open(params: { url: string; poolSize?: number; preparedStatements?: boolean }): Repositories {
    return new Repositories(openDatabase(params));
  }

  /** Liveness of the database, for health checks. */
  async ping(): Promise<void> {
    await this.db.$queryRawUnsafe('SELECT 1');
  }

  async close(): Promise<void> {
    await this.db.$disconnect();
  }
}
