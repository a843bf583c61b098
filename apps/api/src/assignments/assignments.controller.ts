import { Body, Controller, Get, HttpCode, Inject, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Actor } from '@plancycle/contracts';
import { AllowRoles, CurrentActor } from '../auth/auth.decorators';
import { AssignmentsService } from './assignments.service';
import { KeyOnlyRequest } from '../common/idempotency-key';
import { ReviewReportRequestDto, SubmitReportRequestDto } from './report.dto';

@ApiTags('assignments')
@ApiBearerAuth()
@Controller('assignments')
export class AssignmentsController {
  constructor(@Inject(AssignmentsService) private readonly assignments: AssignmentsService) {}

  @Get(':assignmentId')
  @AllowRoles('coordinator', 'department')
  @ApiOperation({ summary: 'An assignment: target, indicators (ids to report on), periods and reports' })
  get(@CurrentActor() actor: Actor, @Param('assignmentId', ParseUUIDPipe) assignmentId: string) {
    return this.assignments.assignment(actor, assignmentId);
  }

  @Post(':assignmentId/acknowledge')
  @HttpCode(200)
  @AllowRoles('department')
  @ApiOperation({ summary: 'Acknowledge (签收) the assignment' })
  acknowledge(
    @CurrentActor() actor: Actor,
    @Param('assignmentId', ParseUUIDPipe) assignmentId: string,
    // Read so that an unknown key is refused; the optional idempotency key is not wired to Temporal yet.
    @Body() _body: KeyOnlyRequest,
  ) {
    return this.assignments.acknowledge(actor, assignmentId);
  }

  @Post(':assignmentId/reports')
  @HttpCode(201)
  @AllowRoles('department')
  @ApiOperation({
    summary: 'Submit (or, after a return, resubmit) the report of a period',
    description: 'Send the same idempotencyKey when retrying: the report is recorded once.',
  })
  submit(
    @CurrentActor() actor: Actor,
    @Param('assignmentId', ParseUUIDPipe) assignmentId: string,
    @Body() body: SubmitReportRequestDto,
  ) {
    return this.assignments.submitReport(actor, assignmentId, body);
  }

  @Get(':assignmentId/reports')
  @AllowRoles('coordinator', 'department')
  @ApiOperation({ summary: 'Every report version of the assignment, with reviews' })
  reports(@CurrentActor() actor: Actor, @Param('assignmentId', ParseUUIDPipe) assignmentId: string) {
    return this.assignments.reports(actor, assignmentId);
  }

  @Post(':assignmentId/reviews')
  @HttpCode(200)
  @AllowRoles('coordinator')
  @ApiOperation({ summary: 'Approve a report, or return it for revision (退回修改) with a comment' })
  review(
    @CurrentActor() actor: Actor,
    @Param('assignmentId', ParseUUIDPipe) assignmentId: string,
    @Body() body: ReviewReportRequestDto,
  ) {
    return this.assignments.review(actor, assignmentId, body);
  }
}
