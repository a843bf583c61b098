import { Controller, Get, Inject, Param, ParseUUIDPipe, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiDefaultResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { DomainError, type Actor } from '@plancycle/contracts';
import { AllowRoles, CurrentActor } from '../auth/auth.decorators';
import { ErrorResponse } from '../openapi/response-schemas';
import { DocumentsService, type DownloadFile } from './documents.service';

const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const periodKeyPattern = /^[\p{L}\p{N}_-]{1,32}$/u;

function send(response: Response, file: DownloadFile): void {
  response
    .status(200)
    .setHeader('Content-Type', file.contentType)
    .setHeader('Content-Disposition', `attachment; filename*=UTF-8''${encodeURIComponent(file.filename)}`)
    .send(file.content);
}

/** The office's documents as files: 督办通知单, 季通报 and 工作总结 (Word), the 台账 (Excel). */
@ApiTags('documents')
@ApiBearerAuth()
@ApiDefaultResponse({ type: ErrorResponse, description: 'an error' })
@Controller()
export class DocumentsController {
  constructor(@Inject(DocumentsService) private readonly documents: DocumentsService) {}

  @Get('escalations/:escalationId/notice.docx')
  @AllowRoles('coordinator', 'department', 'leader')
  @ApiOperation({
    summary: 'The 督办通知单 of a 督办 or 约谈 (.docx): unit, task, target, what is late, the date to answer by, 文号 督办〔year〕N号',
    description:
      'A department reads its own unit’s, a leader those of the units and tasks it answers for (403 otherwise); a reminder (提醒) has none (409). The number is given when the escalation is raised and never changes.',
  })
  @ApiProduces(DOCX)
  @ApiOkResponse({ description: 'the Word document', schema: { type: 'string', format: 'binary' } })
  async supervisionNotice(
    @CurrentActor() actor: Actor,
    @Param('escalationId', ParseUUIDPipe) escalationId: string,
    @Res() response: Response,
  ) {
    send(response, await this.documents.supervisionNotice(actor, escalationId));
  }

  @Get('cycles/:cycleId/periods/:periodKey/bulletin.docx')
  @AllowRoles('coordinator')
  @ApiOperation({
    summary:
      'The 季通报 of a period (.docx): units × counts (assigned, reported, approved, late, lagging, escalated), the late and lagging units',
    description: 'It names every unit: coordinators and auditors only. 404 for a period the cycle does not have.',
  })
  @ApiProduces(DOCX)
  @ApiOkResponse({ description: 'the Word document', schema: { type: 'string', format: 'binary' } })
  async bulletin(@Param('cycleId', ParseUUIDPipe) cycleId: string, @Param('periodKey') periodKey: string, @Res() response: Response) {
    if (!periodKeyPattern.test(periodKey)) {
      throw new DomainError({ code: 'VALIDATION_FAILED', message: 'periodKey is a period key such as Q1 or P2' });
    }
    send(response, await this.documents.bulletin(cycleId, periodKey));
  }

  @Get('cycles/:cycleId/summary.docx')
  @AllowRoles('coordinator')
  @ApiOperation({
    summary: 'The year-end 工作总结 with the ranking of units (.docx)',
    description: 'The coordinator’s text (it ranks every unit): coordinators and auditors. 404 before the evaluation, 409 while it runs.',
  })
  @ApiProduces(DOCX)
  @ApiOkResponse({ description: 'the Word document', schema: { type: 'string', format: 'binary' } })
  async summary(@Param('cycleId', ParseUUIDPipe) cycleId: string, @Res() response: Response) {
    send(response, await this.documents.summary(cycleId));
  }

  @Get('cycles/:cycleId/ledger.xlsx')
  @AllowRoles('coordinator')
  @ApiOperation({
    summary:
      'The 台账 of a cycle (.xlsx): one row per assignment × period with values, status, times, reviewer and escalation; the year-end results when evaluated',
    description: 'Every unit’s reports: coordinators and auditors.',
  })
  @ApiProduces(XLSX)
  @ApiOkResponse({ description: 'the workbook', schema: { type: 'string', format: 'binary' } })
  async ledger(@Param('cycleId', ParseUUIDPipe) cycleId: string, @Res() response: Response) {
    send(response, await this.documents.ledger(cycleId));
  }
}
