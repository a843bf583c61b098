import { Body, Controller, Get, HttpCode, Inject, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBearerAuth,
  ApiBody,
  ApiCreatedResponse,
  ApiDefaultResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { Actor } from '@plancycle/contracts';
import { AllowRoles, CurrentActor } from '../auth/auth.decorators';
import { WRITE_OUTCOMES } from '../temporal/pending-operation';
import { AssignmentsService } from './assignments.service';
import { KeyOnlyRequest } from '../common/idempotency-key';
import {
  AcknowledgeResponse,
  AssignmentDetailResponse,
  ErrorResponse,
  PendingOperationResponse,
  ReportListResponse,
  ReviewReportResponse,
  SubmitReportResponse,
} from '../openapi/response-schemas';
import { ReviewReportRequestDto, SubmitReportRequestDto } from './report.dto';

@ApiTags('assignments')
@ApiBearerAuth()
@ApiDefaultResponse({ type: ErrorResponse, description: 'an error' })
@Controller('assignments')
export class AssignmentsController {
  constructor(@Inject(AssignmentsService) private readonly assignments: AssignmentsService) {}

  @Get(':assignmentId')
  @AllowRoles('coordinator', 'department', 'leader')
  @ApiOkResponse({ type: AssignmentDetailResponse })
  @ApiOperation({ summary: 'An assignment: target, indicators (ids to report on), periods and reports' })
  get(@CurrentActor() actor: Actor, @Param('assignmentId', ParseUUIDPipe) assignmentId: string) {
    return this.assignments.assignment(actor, assignmentId);
  }

  @Post(':assignmentId/acknowledge')
  @HttpCode(200)
  @AllowRoles('department')
  @ApiOperation({
    summary: 'Acknowledge (签收) the assignment',
    description: WRITE_OUTCOMES,
  })
  @ApiBody({ type: KeyOnlyRequest, required: false })
  @ApiOkResponse({ type: AcknowledgeResponse })
  @ApiAcceptedResponse({ type: PendingOperationResponse })
  acknowledge(@CurrentActor() actor: Actor, @Param('assignmentId', ParseUUIDPipe) assignmentId: string, @Body() body: KeyOnlyRequest) {
    return this.assignments.acknowledge(actor, assignmentId, body.idempotencyKey);
  }

  @Post(':assignmentId/reports')
  @HttpCode(201)
  @AllowRoles('department')
  @ApiOperation({
    summary: 'Submit (or, after a return, resubmit) the report of a period',
    description: `Send the same idempotencyKey when retrying: the report is recorded once (\`duplicate: true\`); the same key with another body is a 422 IDEMPOTENCY_KEY_REUSED. ${WRITE_OUTCOMES}`,
  })
  @ApiCreatedResponse({ type: SubmitReportResponse })
  @ApiAcceptedResponse({ type: PendingOperationResponse })
  submit(@CurrentActor() actor: Actor, @Param('assignmentId', ParseUUIDPipe) assignmentId: string, @Body() body: SubmitReportRequestDto) {
    return this.assignments.submitReport(actor, assignmentId, body);
  }

  @Get(':assignmentId/reports')
  @AllowRoles('coordinator', 'department', 'leader')
  @ApiOkResponse({ type: ReportListResponse })
  @ApiOperation({ summary: 'Every report version of the assignment, with reviews' })
  reports(@CurrentActor() actor: Actor, @Param('assignmentId', ParseUUIDPipe) assignmentId: string) {
    return this.assignments.reports(actor, assignmentId);
  }

  @Post(':assignmentId/reviews')
  @HttpCode(200)
  @AllowRoles('coordinator')
  @ApiOperation({
    summary: 'Approve a report, or return it for revision (退回修改) with a comment',
    description: `An idempotencyKey makes a retried review count once; the same key with another decision is a 422. ${WRITE_OUTCOMES}`,
  })
  @ApiOkResponse({ type: ReviewReportResponse })
  @ApiAcceptedResponse({ type: PendingOperationResponse })
  review(@CurrentActor() actor: Actor, @Param('assignmentId', ParseUUIDPipe) assignmentId: string, @Body() body: ReviewReportRequestDto) {
    return this.assignments.review(actor, assignmentId, body);
  }

  @Get(':assignmentId/operations/:operationId')
  @AllowRoles('coordinator', 'department')
  @ApiOperation({
    summary: 'The outcome of a write of this assignment that answered 202',
    description:
      '200 with status completed (and the result) or failed (and the error); 202 while still pending; 404 when the write never reached the workflow.',
  })
  operation(
    @CurrentActor() actor: Actor,
    @Param('assignmentId', ParseUUIDPipe) assignmentId: string,
    @Param('operationId', ParseUUIDPipe) operationId: string,
  ) {
    return this.assignments.operation(actor, assignmentId, operationId);
  }
}
