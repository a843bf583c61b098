import { Controller, Get, Inject } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { PublicEndpoint } from '../auth/auth.decorators';
import { HealthService } from './health.service';

@ApiTags('system')
@Controller()
export class HealthController {
  constructor(@Inject(HealthService) private readonly healthService: HealthService) {}

  /** Public on purpose: load balancers probe it; it tells nothing about plans. */
  @Get('health')
  @PublicEndpoint()
  @ApiOperation({
    summary: 'Reachability of the database and Temporal (no authentication)',
    description: '200 when both answer within 3 s; 503 DEPENDENCY_UNAVAILABLE naming each one that does not.',
  })
  health() {
    return this.healthService.checkOrThrow();
  }
}
