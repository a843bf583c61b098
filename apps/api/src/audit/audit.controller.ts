import { Controller, Get, Inject, Param, ParseUUIDPipe, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AllowRoles } from '../auth/auth.decorators';
import { PageQuery } from '../common/page-query';
import { AssignmentHistoryResponse, CycleHistoryResponse } from '../openapi/response-schemas';
import { AuditService } from './audit.service';

@ApiTags('audit')
@ApiBearerAuth()
@Controller('audit')
export class AuditController {
  constructor(@Inject(AuditService) private readonly audit: AuditService) {}

  @Get('cycles/:cycleId')
  @AllowRoles('auditor', 'coordinator')
  @ApiOperation({
    summary: 'History of a cycle: audit trail, rule decisions and the Temporal event history',
    description:
      'Pages through the audit chain: `limit` chain positions per page, `nextCursor` for the next. `timeline` merges ' +
      "the window's audit events and rule decisions as for an assignment.",
  })
  @ApiOkResponse({ type: CycleHistoryResponse })
  cycle(@Param('cycleId', ParseUUIDPipe) cycleId: string, @Query() query: PageQuery) {
    return this.audit.cycleHistory(cycleId, query);
  }

  @Get('cycles/:cycleId/verify')
  @AllowRoles('auditor', 'coordinator')
  @ApiOperation({
    summary: "Check a cycle's tamper-evident audit trail",
    description:
      "Recomputes the SHA-256 hash chain over the cycle's audit events and rule decisions. A row changed, " +
      'removed or inserted outside the application breaks the chain: `firstBrokenAt` names the row where ' +
      'it breaks (for a removed row, the row after it). Rows written before the chain existed are counted ' +
      'in `unchained` and not checked.',
  })
  @ApiOkResponse({
    description: 'The verdict (200 whether or not the chain holds)',
    schema: {
      type: 'object',
      required: ['cycleId', 'valid', 'checked', 'unchained', 'firstBrokenAt'],
      properties: {
        cycleId: { type: 'string', format: 'uuid' },
        valid: { type: 'boolean', description: 'every chained row matches its hash and links to the row before it' },
        checked: { type: 'integer', description: 'chained rows checked before the first broken one (all when valid)' },
        unchained: { type: 'integer', description: 'rows from before the chain existed' },
        firstBrokenAt: {
          type: 'object',
          nullable: true,
          required: ['id', 'at', 'reason'],
          properties: {
            id: { type: 'string', description: 'id of the audit event or decision where the chain breaks' },
            at: { type: 'string', format: 'date-time' },
            reason: { type: 'string', example: 'row 4 is missing before this one' },
          },
        },
      },
    },
  })
  verify(@Param('cycleId', ParseUUIDPipe) cycleId: string) {
    return this.audit.verifyCycle(cycleId);
  }

  @Get('assignments/:assignmentId')
  @AllowRoles('auditor', 'coordinator')
  @ApiOperation({
    summary: 'History of an assignment: reports, reviews, escalations, decisions, workflow events',
    description:
      '`timeline` merges audit events and rule decisions, oldest first: who (the person), what, when, which rule set ' +
      "and version decided, each condition's result, and the Temporal event of the activity that recorded the step " +
      '(with a link to the Temporal web UI when TEMPORAL_UI_URL is set).',
  })
  @ApiOkResponse({ type: AssignmentHistoryResponse })
  assignment(@Param('assignmentId', ParseUUIDPipe) assignmentId: string, @Query() query: PageQuery) {
    return this.audit.assignmentHistory(assignmentId, query);
  }
}
