import { Body, Controller, Get, HttpCode, Inject, Param, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiDefaultResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Actor, Role } from '@plancycle/contracts';
import { AllowRoles, CurrentActor } from '../auth/auth.decorators';
import { pageArgs } from '../common/page-query';
import {
  ErrorResponse,
  GoldenCaseRunResponse,
  RuleSetChangePageResponse,
  RuleSetDiffResponse,
  RuleSetListResponse,
  RuleSetResponse,
  RuleSetSimulationResponse,
  RuleSetVersionResponse,
} from '../openapi/response-schemas';
import {
  CreateRuleSetDraftRequest,
  EditRuleSetDraftRequest,
  PublishRuleSetDraftRequest,
  RuleSetChangeQuery,
  RuleSetDiffQuery,
  SimulateRuleSetRequest,
} from './rule-set.dto';
import { RuleSetsService } from './rule-sets.service';

/** Everyone signed in reads the rules that judge them; coordinators (and admins) change them. */
const readers: Role[] = ['coordinator', 'department', 'leader', 'auditor', 'admin'];
const writers: Role[] = ['coordinator', 'admin'];

/**
 * The rule sets (attainment, trajectory, escalation, scoring) as versioned records: read and
 * compare versions, draft a new one from any version, edit and try it against its golden
 * cases, publish it. A cycle published afterwards pins the newest published version;
 * cycles published before keep theirs.
 */
@ApiTags('rule-sets')
@ApiBearerAuth()
@ApiDefaultResponse({ type: ErrorResponse, description: 'an error' })
@Controller('rule-sets')
export class RuleSetsController {
  constructor(@Inject(RuleSetsService) private readonly ruleSets: RuleSetsService) {}

  @Get()
  @AllowRoles(...readers)
  @ApiOkResponse({ type: RuleSetListResponse })
  @ApiOperation({ summary: 'The rule sets, each with its versions (newest first) and the newest published one' })
  list() {
    return this.ruleSets.listRuleSets();
  }

  // Before ':ruleSetId', which would otherwise take "changes" for an id.
  @Get('changes')
  @AllowRoles('coordinator', 'admin', 'auditor')
  @ApiOkResponse({ type: RuleSetChangePageResponse })
  @ApiOperation({ summary: 'Every change to the rule sets, newest first: who, what, before and after' })
  changes(@Query() query: RuleSetChangeQuery) {
    return this.ruleSets.listChanges({ ...pageArgs(query), ...(query.ruleSetId ? { ruleSetId: query.ruleSetId } : {}) });
  }

  @Get(':ruleSetId')
  @AllowRoles(...readers)
  @ApiOkResponse({ type: RuleSetResponse })
  @ApiOperation({ summary: 'One rule set with its versions (newest first)' })
  get(@Param('ruleSetId') ruleSetId: string) {
    return this.ruleSets.findRuleSetOrThrow(ruleSetId);
  }

  @Get(':ruleSetId/diff')
  @AllowRoles(...readers)
  @ApiOkResponse({ type: RuleSetDiffResponse })
  @ApiOperation({
    summary: 'What changed from one version to another (?from=&to=)',
    description:
      'Per rule (by name) added, removed or changed, with each changed field’s path, old and new value; the same for golden cases and the file’s other fields.',
  })
  diff(@Param('ruleSetId') ruleSetId: string, @Query() query: RuleSetDiffQuery) {
    return this.ruleSets.diff(ruleSetId, query.from, query.to);
  }

  @Get(':ruleSetId/versions/:version')
  @AllowRoles(...readers)
  @ApiOkResponse({ type: RuleSetVersionResponse })
  @ApiOperation({ summary: 'One version: its rule file, golden cases, author, change note and status' })
  version(@Param('ruleSetId') ruleSetId: string, @Param('version') version: string) {
    return this.ruleSets.findVersionOrThrow(ruleSetId, version);
  }

  @Get(':ruleSetId/versions/:version/golden-run')
  @AllowRoles(...readers)
  @ApiOkResponse({ type: GoldenCaseRunResponse })
  @ApiOperation({ summary: 'Run the version’s golden cases: which pass, which fail and why (nothing is written)' })
  goldenRun(@Param('ruleSetId') ruleSetId: string, @Param('version') version: string) {
    return this.ruleSets.runGoldenCases(ruleSetId, version);
  }

  @Post(':ruleSetId/versions/:version/simulate')
  @HttpCode(200)
  @AllowRoles('coordinator')
  @ApiOkResponse({ type: RuleSetSimulationResponse })
  @ApiOperation({
    summary: 'What-if: run this version (a draft, usually) over a cycle’s recorded decisions; nothing is written',
    description:
      'Every decision the cycle recorded with this rule set is decided again from the facts stored with it. The answer counts the decisions whose outcome or escalation level would change, by move (supervision→reminder, …), and lists the first `limit` of them with unit, target, period, the old and new outcome, each in a sentence, and the rules and conditions that flipped.',
  })
  simulate(@Param('ruleSetId') ruleSetId: string, @Param('version') version: string, @Body() body: SimulateRuleSetRequest) {
    return this.ruleSets.simulate(ruleSetId, version, body);
  }

  @Post(':ruleSetId/versions/:version/drafts')
  @AllowRoles(...writers)
  @ApiCreatedResponse({ type: RuleSetVersionResponse })
  @ApiOperation({
    summary: 'Create a draft from this version (a copy under a new version: the next minor unless given)',
    description: 'The same request again answers the same draft; another draft under an existing version is a 409.',
  })
  createDraft(
    @CurrentActor() actor: Actor,
    @Param('ruleSetId') ruleSetId: string,
    @Param('version') version: string,
    @Body() body: CreateRuleSetDraftRequest,
  ) {
    return this.ruleSets.createDraft(actor, ruleSetId, version, body);
  }

  @Put(':ruleSetId/versions/:version')
  @AllowRoles(...writers)
  @ApiOkResponse({ type: RuleSetVersionResponse })
  @ApiOperation({
    summary: 'Edit a draft: replace its rule file and golden cases (needs the revision it is based on)',
    description:
      'Validated by the rule-set schema: a bad rule file or golden case is a 400 naming each offending field (ruleFile.…, goldenCases.…) and nothing is stored. A published version is a 422 RULE_SET_NOT_DRAFT.',
  })
  edit(
    @CurrentActor() actor: Actor,
    @Param('ruleSetId') ruleSetId: string,
    @Param('version') version: string,
    @Body() body: EditRuleSetDraftRequest,
  ) {
    return this.ruleSets.editDraft(actor, ruleSetId, version, body);
  }

  @Post(':ruleSetId/versions/:version/publish')
  @HttpCode(200)
  @AllowRoles(...writers)
  @ApiOkResponse({ type: RuleSetVersionResponse })
  @ApiOperation({
    summary: 'Publish a draft: from now on, cycles published pin it; it never changes again',
    description:
      'Refused with 422 GOLDEN_CASES_FAILED (each failing case named) when a golden case fails, and 422 RULE_SET_NOT_DRAFT when the version is already published (a retry under the same idempotencyKey answers it).',
  })
  publish(
    @CurrentActor() actor: Actor,
    @Param('ruleSetId') ruleSetId: string,
    @Param('version') version: string,
    @Body() body: PublishRuleSetDraftRequest,
  ) {
    return this.ruleSets.publish(actor, ruleSetId, version, body);
  }
}
