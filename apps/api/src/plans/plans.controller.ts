import {
  Body,
  Controller,
  Get,
  HttpCode,
  Inject,
  Param,
  ParseUUIDPipe,
  Post,
  Put,
  Query,
  Res,
  UploadedFile,
  UseGuards,
  UseInterceptors,
} from '@nestjs/common';
import { ThrottlerGuard } from '@nestjs/throttler';
import { FileInterceptor } from '@nestjs/platform-express';
import {
  ApiAcceptedResponse,
  ApiBearerAuth,
  ApiBody,
  ApiConsumes,
  ApiCreatedResponse,
  ApiDefaultResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { DomainError, type Actor } from '@plancycle/contracts';
import { AllowRoles, CurrentActor } from '../auth/auth.decorators';
import { PageQuery } from '../common/page-query';
import { requestLimits } from '../common/request-limits';
import { CreatePlanRequest, EditDraftRequest, PublishPlanRequest } from './plan.dto';
import { PlanImportService } from './plan-import.service';
import { PlansService } from './plans.service';
import {
  ErrorResponse,
  PendingOperationResponse,
  PlanImportResponse,
  PlanPageResponse,
  PlanResponse,
  PublishPlanResponse,
} from '../openapi/response-schemas';

@ApiTags('plans')
@ApiBearerAuth()
@ApiDefaultResponse({ type: ErrorResponse, description: 'an error' })
@Controller('plans')
export class PlansController {
  constructor(
    @Inject(PlansService) private readonly plans: PlansService,
    @Inject(PlanImportService) private readonly importer: PlanImportService,
  ) {}

  @Post()
  @AllowRoles('coordinator')
  @ApiCreatedResponse({ type: PlanResponse })
  @ApiOperation({ summary: 'Create a draft plan from a plan document (the interchange schema)' })
  create(@CurrentActor() actor: Actor, @Body() body: CreatePlanRequest) {
    return this.plans.createDraft(actor, body);
  }

  @Post('import')
  @AllowRoles('coordinator')
  // Parsing a document is the costliest call: limited per client (PLANCYCLE_IMPORTS_PER_MINUTE).
  @UseGuards(ThrottlerGuard)
  @UseInterceptors(FileInterceptor('file', { limits: { fileSize: requestLimits.importUploadBytes, files: 1, fields: 10 } }))
  @ApiConsumes('multipart/form-data')
  @ApiCreatedResponse({ type: PlanImportResponse })
  @ApiBody({ schema: { type: 'object', properties: { file: { type: 'string', format: 'binary' } } } })
  @ApiOperation({
    summary: 'Import a published document (text, or an .xlsx decomposition table) as a draft plan',
    description:
      "Returns the draft and what the importer was unsure of (line numbers and reasons), a several-year plan's period, and a year-end " +
      "summary's results (achieved values; a summary without a plan part gives results only and is not saved). ?save=false only parses.",
  })
  importDocument(
    @CurrentActor() actor: Actor,
    @UploadedFile() file: Express.Multer.File | undefined,
    @Query('save') save: string | undefined,
  ) {
    if (!file) {
      throw new DomainError({
        code: 'VALIDATION_FAILED',
        message: 'upload the document as multipart field "file"',
        issues: [{ path: 'file', message: 'required' }],
      });
    }
    return this.importer.importDocument(actor, { file, save: save !== 'false' });
  }

  @Get()
  @AllowRoles('coordinator')
  @ApiOkResponse({ type: PlanPageResponse })
  @ApiOperation({ summary: 'Plans, newest first, paged' })
  list(@Query() query: PageQuery) {
    return this.plans.listPlans(query);
  }

  @Get(':planId')
  @AllowRoles('coordinator')
  @ApiOkResponse({ type: PlanResponse })
  @ApiOperation({ summary: 'A plan with its tasks, targets, units and indicators (ids included)' })
  get(@Param('planId', ParseUUIDPipe) planId: string) {
    return this.plans.findPlanOrThrow(planId);
  }

  @Get(':planId/export.xlsx')
  @AllowRoles('coordinator')
  @ApiOperation({ summary: 'Export the plan as an .xlsx decomposition table (任务分解表) that imports back' })
  async export(@Param('planId', ParseUUIDPipe) planId: string, @Res() response: Response) {
    const { buffer, filename } = await this.importer.exportXlsx(planId);
    response
      .status(200)
      .setHeader('Content-Type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      .setHeader('Content-Disposition', `attachment; filename*=UTF-8''${encodeURIComponent(filename)}`)
      .send(buffer);
  }

  @Put(':planId')
  @AllowRoles('coordinator')
  @ApiOkResponse({ type: PlanResponse })
  @ApiOperation({ summary: 'Edit the draft (replace its content); needs the revision it is based on' })
  edit(@CurrentActor() actor: Actor, @Param('planId', ParseUUIDPipe) planId: string, @Body() body: EditDraftRequest) {
    return this.plans.editDraft(actor, planId, body);
  }

  @Post(':planId/publish')
  @HttpCode(200)
  @AllowRoles('coordinator')
  @ApiOkResponse({ type: PublishPlanResponse })
  @ApiAcceptedResponse({ type: PendingOperationResponse })
  @ApiOperation({
    summary: 'Publish the draft: freezes it, decomposes it into assignments and starts the year',
    description:
      'A calendar whose periods are all due, or that starts more than one period in the past, is refused (422 CALENDAR_IN_PAST) unless confirmPastCalendar is true.',
  })
  publish(@CurrentActor() actor: Actor, @Param('planId', ParseUUIDPipe) planId: string, @Body() body: PublishPlanRequest) {
    return this.plans.publish(actor, planId, {
      ...(body.calendar ? { calendar: body.calendar } : {}),
      ...(body.confirmPastCalendar !== undefined ? { confirmPastCalendar: body.confirmPastCalendar } : {}),
      ...(body.idempotencyKey !== undefined ? { idempotencyKey: body.idempotencyKey } : {}),
    });
  }
}
