import { Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_INTERCEPTOR, APP_PIPE } from '@nestjs/core';
import { ThrottlerModule } from '@nestjs/throttler';
import type { Client } from '@temporalio/client';
import type { ApiConfig } from '@plancycle/config';
import type { Repositories, ShippedDefaultsLoader } from '@plancycle/persistence';
import { AssignmentsController } from './assignments/assignments.controller';
import { AssignmentsService } from './assignments/assignments.service';
import { AuditController } from './audit/audit.controller';
import { AuditService } from './audit/audit.service';
import { AuthFailureLimiter } from './auth/auth-failure-limiter';
import { BearerAuthGuard } from './auth/bearer-auth.guard';
import { OidcTokenVerifier } from './auth/oidc-token.verifier';
import { DomainExceptionFilter } from './common/domain-exception.filter';
import { IsoTimestampsInterceptor } from './common/iso-timestamps.interceptor';
import { PendingOperationInterceptor } from './common/pending-operation.interceptor';
import { API_CONFIG, REPOSITORIES, SHIPPED_RULE_SETS, TEMPORAL_CLIENT } from './common/tokens';
import { PlancycleValidationPipe } from './common/zod-validation.pipe';
import { CyclesController } from './cycles/cycles.controller';
import { CalendarController } from './calendar/calendar.controller';
import { CyclesService } from './cycles/cycles.service';
import { DirectoryController } from './directory/directory.controller';
import { DocumentsController } from './documents/documents.controller';
import { DocumentsService } from './documents/documents.service';
import { HealthController } from './health/health.controller';
import { HealthService } from './health/health.service';
import { MeController } from './me/me.controller';
import { MeService } from './me/me.service';
import { PlanImportService } from './plans/plan-import.service';
import { PlansController } from './plans/plans.controller';
import { PlansService } from './plans/plans.service';
import { RuleSetsController } from './rule-sets/rule-sets.controller';
import { RuleSetsService } from './rule-sets/rule-sets.service';
import { WorkflowGateway } from './temporal/workflow-gateway.service';

/** Every controller of the API (the console's static files are served around their paths). */
export const apiControllers = [
  HealthController,
  MeController,
  PlansController,
  CyclesController,
  AssignmentsController,
  AuditController,
  DirectoryController,
  RuleSetsController,
  CalendarController,
  DocumentsController,
];

/** The API wired to what it talks to: configuration, repositories and a Temporal client. */
@Module({})
export class AppModule {
  static register(deps: {
    config: ApiConfig;
    repositories: Repositories;
    temporal: Client;
    shippedRuleSets: ShippedDefaultsLoader;
  }): DynamicModule {
    return {
      module: AppModule,
      imports: [
        // The 'default' throttler guards the routes that use ThrottlerGuard (imports), per client.
        ThrottlerModule.forRoot({
          throttlers: [{ name: 'default', ttl: 60_000, limit: deps.config.PLANCYCLE_IMPORTS_PER_MINUTE }],
          errorMessage: 'too many requests of this kind from this client; wait before trying again',
        }),
      ],
      controllers: apiControllers,
      providers: [
        { provide: API_CONFIG, useValue: deps.config },
        { provide: REPOSITORIES, useValue: deps.repositories },
        { provide: TEMPORAL_CLIENT, useValue: deps.temporal },
        { provide: SHIPPED_RULE_SETS, useValue: deps.shippedRuleSets },
        { provide: APP_GUARD, useClass: BearerAuthGuard },
        { provide: APP_PIPE, useClass: PlancycleValidationPipe },
        { provide: APP_FILTER, useClass: DomainExceptionFilter },
        { provide: APP_INTERCEPTOR, useClass: IsoTimestampsInterceptor },
        // Inner to the timestamps interceptor: it must see the PendingOperation instance.
        { provide: APP_INTERCEPTOR, useClass: PendingOperationInterceptor },
        AuthFailureLimiter,
        OidcTokenVerifier,
        MeService,
        HealthService,
        DocumentsService,
        WorkflowGateway,
        PlansService,
        PlanImportService,
        CyclesService,
        AssignmentsService,
        AuditService,
        RuleSetsService,
      ],
    };
  }
}
