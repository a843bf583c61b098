import { Controller, Get, Inject, Param, ParseUUIDPipe } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AllowRoles } from '../auth/auth.decorators';
import { AuditService } from './audit.service';

@ApiTags('audit')
@ApiBearerAuth()
@Controller('audit')
export class AuditController {
  constructor(@Inject(AuditService) private readonly audit: AuditService) {}

  @Get('cycles/:cycleId')
  @AllowRoles('auditor', 'coordinator')
  @ApiOperation({ summary: 'History of a cycle: audit trail, rule decisions and the Temporal event history' })
  cycle(@Param('cycleId', ParseUUIDPipe) cycleId: string) {
    return this.audit.cycleHistory(cycleId);
  }

  @Get('assignments/:assignmentId')
  @AllowRoles('auditor', 'coordinator')
  @ApiOperation({ summary: 'History of an assignment: reports, reviews, escalations, decisions, workflow events' })
  assignment(@Param('assignmentId', ParseUUIDPipe) assignmentId: string) {
    return this.audit.assignmentHistory(assignmentId);
  }
}
