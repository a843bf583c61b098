import { Body, Controller, Get, HttpCode, Inject, Param, ParseUUIDPipe, Post, Query, Res } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBearerAuth,
  ApiBody,
  ApiDefaultResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { WRITE_OUTCOMES } from '../temporal/pending-operation';
import type { Actor } from '@plancycle/contracts';
import { AllowRoles, CurrentActor } from '../auth/auth.decorators';
import { KeyOnlyRequest } from '../common/idempotency-key';
import { CycleAssignmentsQuery, PageQuery } from '../common/page-query';
import {
  AssignmentPageResponse,
  CycleBoardResponse,
  CycleResponse,
  CyclePageResponse,
  ErrorResponse,
  EscalationPageResponse,
  EvaluationResponse,
  RunEvaluationResponse,
  AmendRuleSetResponse,
  CycleRuleSetAmendmentPageResponse,
} from '../openapi/response-schemas';
import { AmendCycleRuleSetRequest } from './cycle.dto';
import { CyclesService } from './cycles.service';

@ApiTags('cycles')
@ApiBearerAuth()
@ApiDefaultResponse({ type: ErrorResponse, description: 'an error' })
@Controller('cycles')
export class CyclesController {
  constructor(@Inject(CyclesService) private readonly cycles: CyclesService) {}

  @Get()
  @AllowRoles('coordinator', 'department', 'leader')
  @ApiOperation({ summary: 'Cycles, newest first: a department or leader sees those it takes part in' })
  @ApiOkResponse({ type: CyclePageResponse })
  list(@CurrentActor() actor: Actor, @Query() query: PageQuery) {
    return this.cycles.listCycles(actor, query);
  }

  @Get(':cycleId')
  @AllowRoles('coordinator', 'department', 'leader')
  @ApiOkResponse({ type: CycleResponse })
  @ApiOperation({
    summary: 'A cycle: phase, calendar, pinned rule sets, progress of decomposition and evaluation',
    description: 'A department or leader reads a cycle it has assignments in (403 otherwise).',
  })
  async get(@CurrentActor() actor: Actor, @Param('cycleId', ParseUUIDPipe) cycleId: string) {
    await this.cycles.assertTakesPart(actor, cycleId);
    return this.cycles.cycle(cycleId);
  }

  @Get(':cycleId/assignments')
  @AllowRoles('coordinator', 'department', 'leader')
  @ApiOperation({
    summary: "The assignments' status in plan order, paged (a department sees its own, a leader those it answers for)",
    description: '`unit` narrows the list to one unit (within what the caller may see).',
  })
  @ApiOkResponse({ type: AssignmentPageResponse })
  assignments(@CurrentActor() actor: Actor, @Param('cycleId', ParseUUIDPipe) cycleId: string, @Query() query: CycleAssignmentsQuery) {
    return this.cycles.assignments(actor, cycleId, query);
  }

  @Get(':cycleId/board')
  @AllowRoles('coordinator', 'department', 'leader')
  @ApiOperation({
    summary: 'The cycle board (周期看板): units × periods counted by report state with 红/黄/绿, per-period shares, escalations by level',
    description:
      'Counted in the database, scoped as the assignments (a department its own unit, a leader the units and tasks it answers for); a department or leader with no assignments in the cycle gets a 403.',
  })
  @ApiOkResponse({ type: CycleBoardResponse })
  board(@CurrentActor() actor: Actor, @Param('cycleId', ParseUUIDPipe) cycleId: string) {
    return this.cycles.board(actor, cycleId);
  }

  @Get(':cycleId/escalations')
  @AllowRoles('coordinator', 'department', 'leader')
  @ApiOperation({ summary: 'Escalations raised (提醒 / 督办 / 约谈), with the deciding rule set, paged (scoped as assignments)' })
  @ApiOkResponse({ type: EscalationPageResponse })
  escalations(@CurrentActor() actor: Actor, @Param('cycleId', ParseUUIDPipe) cycleId: string, @Query() query: PageQuery) {
    return this.cycles.escalations(actor, cycleId, query);
  }

  @Post(':cycleId/rule-set-amendments')
  @HttpCode(200)
  @AllowRoles('coordinator')
  @ApiOperation({
    summary: 'Amend a running cycle to a newer published version of one of its rule sets, with a reason',
    description:
      'From this moment the cycle decides with the new version; decisions already taken keep the version that took them. Audited (rules.amended). 422-like refusals are 400 with the field: not pinned, a draft, not newer; a cycle that is not running is 409 INVALID_STATE. ' +
      WRITE_OUTCOMES,
  })
  @ApiOkResponse({ type: AmendRuleSetResponse })
  amendRuleSet(@CurrentActor() actor: Actor, @Param('cycleId', ParseUUIDPipe) cycleId: string, @Body() body: AmendCycleRuleSetRequest) {
    return this.cycles.amendRuleSet(actor, cycleId, body);
  }

  @Get(':cycleId/rule-set-amendments')
  @AllowRoles('coordinator', 'department', 'leader')
  @ApiOperation({ summary: 'The rule-set amendments of a cycle, oldest first: from and to which version, who, when and why' })
  @ApiOkResponse({ type: CycleRuleSetAmendmentPageResponse })
  amendments(@CurrentActor() actor: Actor, @Param('cycleId', ParseUUIDPipe) cycleId: string) {
    return this.cycles.amendments(actor, cycleId);
  }

  @Post(':cycleId/evaluation')
  @HttpCode(202)
  @AllowRoles('coordinator')
  @ApiOperation({
    summary: 'Run the year-end evaluation now (after the last due date); poll GET for progress',
    description: WRITE_OUTCOMES,
  })
  @ApiBody({ type: KeyOnlyRequest, required: false })
  @ApiAcceptedResponse({ type: RunEvaluationResponse })
  runEvaluation(@CurrentActor() actor: Actor, @Param('cycleId', ParseUUIDPipe) cycleId: string, @Body() body: KeyOnlyRequest) {
    return this.cycles.runEvaluation(actor, cycleId, body.idempotencyKey);
  }

  @Get(':cycleId/operations/:operationId')
  @AllowRoles('coordinator')
  @ApiOperation({
    summary: 'The outcome of a publish or evaluation request of this cycle that answered 202',
    description:
      '200 with status completed (and the result) or failed (and the error); 202 while still pending; 404 when the write never reached the workflow.',
  })
  operation(@Param('cycleId', ParseUUIDPipe) cycleId: string, @Param('operationId', ParseUUIDPipe) operationId: string) {
    return this.cycles.operation(cycleId, operationId);
  }

  @Get(':cycleId/evaluation')
  @AllowRoles('coordinator', 'department')
  @ApiOperation({
    summary: 'The evaluation: attainment per indicator, unit scores and ranks, Chinese summary',
    description: 'A department sees only the indicators it answers for and its own score and rank.',
  })
  @ApiOkResponse({ type: EvaluationResponse })
  evaluation(@CurrentActor() actor: Actor, @Param('cycleId', ParseUUIDPipe) cycleId: string) {
    return this.cycles.evaluationOrThrow(actor, cycleId);
  }

  @Get(':cycleId/evaluation.xlsx')
  @AllowRoles('coordinator', 'department')
  @ApiOperation({
    summary: 'The evaluation as an .xlsx workbook: unit scores and ranking, attainment per indicator (and the 工作总结)',
    description: 'What GET …/evaluation shows the caller, nothing more: a department gets its own figures. 409 while the evaluation runs.',
  })
  @ApiProduces('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
  @ApiOkResponse({ description: 'the workbook', schema: { type: 'string', format: 'binary' } })
  async evaluationXlsx(@CurrentActor() actor: Actor, @Param('cycleId', ParseUUIDPipe) cycleId: string, @Res() response: Response) {
    const { buffer, filename } = await this.cycles.evaluationXlsx(actor, cycleId);
    response
      .status(200)
      .setHeader('Content-Type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      .setHeader('Content-Disposition', `attachment; filename*=UTF-8''${encodeURIComponent(filename)}`)
      .send(buffer);
  }
}
