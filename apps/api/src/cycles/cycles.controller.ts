import { Body, Controller, Get, HttpCode, Inject, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { WRITE_OUTCOMES } from '../temporal/pending-operation';
import type { Actor } from '@plancycle/contracts';
import { AllowRoles, CurrentActor } from '../auth/auth.decorators';
import { KeyOnlyRequest } from '../common/idempotency-key';
import { PageQuery } from '../common/page-query';
import { CyclesService } from './cycles.service';
import { CycleResponse } from '../openapi/response-schemas';

@ApiTags('cycles')
@ApiBearerAuth()
@Controller('cycles')
export class CyclesController {
  constructor(@Inject(CyclesService) private readonly cycles: CyclesService) {}

  @Get()
  @AllowRoles('coordinator', 'department', 'leader')
  @ApiOperation({ summary: 'Cycles, newest first: a department or leader sees those it takes part in' })
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
  @ApiOperation({ summary: "The assignments' status in plan order, paged (a department sees its own, a leader those it answers for)" })
  assignments(@CurrentActor() actor: Actor, @Param('cycleId', ParseUUIDPipe) cycleId: string, @Query() query: PageQuery) {
    return this.cycles.assignments(actor, cycleId, query);
  }

  @Get(':cycleId/escalations')
  @AllowRoles('coordinator', 'department', 'leader')
  @ApiOperation({ summary: 'Escalations raised (提醒 / 督办 / 约谈), with the deciding rule set, paged (scoped as assignments)' })
  escalations(@CurrentActor() actor: Actor, @Param('cycleId', ParseUUIDPipe) cycleId: string, @Query() query: PageQuery) {
    return this.cycles.escalations(actor, cycleId, query);
  }

  @Post(':cycleId/evaluation')
  @HttpCode(202)
  @AllowRoles('coordinator')
  @ApiOperation({
    summary: 'Run the year-end evaluation now (after the last due date); poll GET for progress',
    description: WRITE_OUTCOMES,
  })
  @ApiBody({ type: KeyOnlyRequest, required: false })
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
  evaluation(@CurrentActor() actor: Actor, @Param('cycleId', ParseUUIDPipe) cycleId: string) {
    return this.cycles.evaluationOrThrow(actor, cycleId);
  }
}
