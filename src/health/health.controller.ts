import { Controller, Get, Inject, ServiceUnavailableException } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrorResponses, ApiJsonResponse } from '../common/openapi/error-body.js';
import { livenessSchema, readinessSchema } from './health-schemas.js';
import type { Redis } from 'ioredis';
import { Public } from '../auth/route-access.js';
import { REDIS } from '../storage/redis.provider.js';

const READINESS_TIMEOUT_MS = 2_000;

/** Open: probes and load balancers carry no token. */
@ApiTags('health')
@Public()
@Controller()
export class HealthController {
  constructor(@Inject(REDIS) private readonly redis: Redis) {}

  /** Liveness: the process answers. */
  @Get('healthz')
  @ApiOperation({ summary: 'Liveness: the process answers' })
  @ApiJsonResponse(200, livenessSchema, 'Alive')
  healthz() {
    return { status: 'ok' };
  }

  /** Readiness: Redis answers, so the service can take work. */
  @Get('readyz')
  @ApiOperation({ summary: 'Readiness: Redis answers, so the service can take work' })
  @ApiJsonResponse(200, readinessSchema, 'Ready')
  @ApiErrorResponses(503)
  async readyz() {
    try {
      const timeout = new Promise<never>((_, reject) =>
        setTimeout(() => reject(new Error('timed out')), READINESS_TIMEOUT_MS).unref(),
      );
      await Promise.race([this.redis.ping(), timeout]);
      return { status: 'ok', redis: 'ok' };
    } catch (error) {
      throw new ServiceUnavailableException(`redis: ${(error as Error).message}`);
    }
  }
}
