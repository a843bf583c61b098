import { Body, Controller, Get, HttpCode, Inject, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Actor } from '@plancycle/contracts';
import type { Repositories } from '@plancycle/persistence';
import { AllowRoles, CurrentActor } from '../auth/auth.decorators';
import { auditActor } from '../common/actor-ref';
import { ChangeQuery, PageQuery, PeopleQuery, UnitListQuery, pageArgs } from '../common/page-query';
import { REPOSITORIES } from '../common/tokens';
import {
  CreatePersonRequest,
  CreateServiceTokenRequest,
  CreateUnitRequest,
  UnitAliasRequest,
  UpdatePersonRequest,
  UpdateUnitRequest,
} from './directory.dto';
import { UnitPageResponse, UnitResponse } from '../openapi/response-schemas';

/**
 * The directory: units (责任单位), their other names, people and service tokens. An admin
 * manages it; a coordinator reads units and maps the names a draft uses; an auditor reads
 * everything. Every change is recorded (GET /directory/changes) with who, before and after.
 */
@ApiTags('directory')
@ApiBearerAuth()
@Controller('directory')
export class DirectoryController {
  constructor(@Inject(REPOSITORIES) private readonly repos: Repositories) {}

  @Get('units')
  @AllowRoles('admin', 'coordinator')
  @ApiOkResponse({ type: UnitPageResponse })
  @ApiOperation({ summary: 'Units of the directory; status=proposed lists names drafts used that it does not hold yet' })
  units(@Query() query: UnitListQuery) {
    return this.repos.directory.listUnits({ ...pageArgs(query), ...(query.status ? { status: query.status } : {}) });
  }

  @Post('units')
  @AllowRoles('admin')
  @ApiCreatedResponse({ type: UnitResponse })
  @ApiOperation({ summary: 'Add a unit (or accept one a draft proposed, completing it)' })
  createUnit(@CurrentActor() actor: Actor, @Body() body: CreateUnitRequest) {
    return this.repos.directory.createUnit(auditActor(actor), body);
  }

  @Get('units/:name')
  @AllowRoles('admin', 'coordinator')
  @ApiOperation({ summary: 'One unit by its short name, with its other names' })
  unit(@Param('name') name: string) {
    return this.repos.directory.findUnitOrThrow(name);
  }

  @Patch('units/:name')
  @AllowRoles('admin')
  @ApiOperation({ summary: 'Change a unit: full name, parent, contact e-mail, webhook; status=active accepts a proposed unit' })
  updateUnit(@CurrentActor() actor: Actor, @Param('name') name: string, @Body() body: UpdateUnitRequest) {
    return this.repos.directory.updateUnit(auditActor(actor), name, body);
  }

  @Post('unit-aliases')
  @HttpCode(200)
  @AllowRoles('admin', 'coordinator')
  @ApiOkResponse({ type: UnitResponse })
  @ApiOperation({
    summary: 'Map a name plans write (縣科技局) to a unit of the directory (县科技局)',
    description: 'Drafts that proposed the name as a unit of its own move onto the directory unit, so they can be published.',
  })
  mapUnitName(@CurrentActor() actor: Actor, @Body() body: UnitAliasRequest) {
    return this.repos.directory.mapUnitName(auditActor(actor), body);
  }

  @Get('people')
  @AllowRoles('admin')
  @ApiOperation({ summary: 'People, by e-mail; filters role, unit, status' })
  people(@Query() query: PeopleQuery) {
    return this.repos.directory.listPeople({
      ...pageArgs(query),
      ...(query.role ? { role: query.role } : {}),
      ...(query.unit ? { unit: query.unit } : {}),
      ...(query.status ? { status: query.status } : {}),
    });
  }

  @Post('people')
  @AllowRoles('admin')
  @ApiOperation({ summary: 'Add a person: name, e-mail (unique), role, unit; a leader’s units (leaderOf)' })
  createPerson(@CurrentActor() actor: Actor, @Body() body: CreatePersonRequest) {
    return this.repos.directory.createPerson(auditActor(actor), body);
  }

  @Get('people/:personId')
  @AllowRoles('admin')
  @ApiOperation({ summary: 'One person' })
  person(@Param('personId', ParseUUIDPipe) personId: string) {
    return this.repos.directory.findPersonOrThrow(personId);
  }

  @Patch('people/:personId')
  @AllowRoles('admin')
  @ApiOperation({ summary: 'Change a person; status=disabled refuses their sign-in at once' })
  updatePerson(@CurrentActor() actor: Actor, @Param('personId', ParseUUIDPipe) personId: string, @Body() body: UpdatePersonRequest) {
    return this.repos.directory.updatePerson(auditActor(actor), personId, body);
  }

  @Get('service-tokens')
  @AllowRoles('admin')
  @ApiOperation({ summary: 'Service tokens for integrations (never their secrets)' })
  serviceTokens(@Query() query: PageQuery) {
    return this.repos.directory.listServiceTokens(pageArgs(query));
  }

  @Post('service-tokens')
  @AllowRoles('admin')
  @ApiOperation({
    summary: 'Create a service token scoped to a role and unit; the secret is in this answer only',
    description: 'Stored as a SHA-256 hash. Send it as Authorization: Bearer plct_…',
  })
  createServiceToken(@CurrentActor() actor: Actor, @Body() body: CreateServiceTokenRequest) {
    return this.repos.directory.createServiceToken(auditActor(actor), body);
  }

  @Post('service-tokens/:tokenId/revoke')
  @HttpCode(200)
  @AllowRoles('admin')
  @ApiOperation({ summary: 'Revoke a service token (at once; revoking twice changes nothing)' })
  revokeServiceToken(@CurrentActor() actor: Actor, @Param('tokenId', ParseUUIDPipe) tokenId: string) {
    return this.repos.directory.revokeServiceToken(auditActor(actor), tokenId);
  }

  @Get('changes')
  @AllowRoles('admin')
  @ApiOperation({ summary: 'Every directory change, newest first: who, what, before and after' })
  changes(@Query() query: ChangeQuery) {
    return this.repos.directory.listChanges({ ...pageArgs(query), ...(query.entityId ? { entityId: query.entityId } : {}) });
  }
}
