import { Controller, Get, Inject } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Actor } from '@plancycle/contracts';
import type { Repositories } from '@plancycle/persistence';
import { CurrentActor, PublicEndpoint } from '../auth/auth.decorators';
import { REPOSITORIES } from '../common/tokens';

@ApiTags('system')
@Controller()
export class HealthController {
  constructor(@Inject(REPOSITORIES) private readonly repos: Repositories) {}

  /** Public on purpose: load balancers probe it; it tells nothing about plans. */
  @Get('health')
  @PublicEndpoint()
  @ApiOperation({ summary: 'Liveness and database reachability (no authentication)' })
  async health() {
    await this.repos.ping();
    return { status: 'ok' };
  }

  @Get('me')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Who the bearer token stands for' })
  me(@CurrentActor() actor: Actor) {
    return actor;
  }
}
