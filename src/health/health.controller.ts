import { Controller, Get, Inject, ServiceUnavailableException } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrorResponses, ApiJsonResponse } from '../common/openapi/error-body.js';
import { livenessSchema, readinessSchema } from './health-schemas.js';
import { Public } from '../auth/route-access.js';

const READINESS_TIMEOUT_MS = 2_000;

/** Asks one Redis connection the role needs whether it answers. */
export type ReadinessPing = () => Promise<unknown>;
export const READINESS_PINGS = Symbol('READINESS_PINGS');

/** Open: probes and load balancers carry no token. */
@ApiTags('health')
@Public()
@Controller()
export class HealthController {
  constructor(@Inject(READINESS_PINGS) private readonly pings: ReadinessPing[]) {}

  /** Liveness: the process answers. */
  @Get('healthz')
  @ApiOperation({ summary: 'Liveness: the process answers' })
  @ApiJsonResponse(200, livenessSchema, 'Alive')
  healthz() {
    return { status: 'ok' };
  }

  /** Readiness: Redis answers on every connection the role needs, so the service can take work. */
  @Get('readyz')
  @ApiOperation({ summary: 'Readiness: Redis answers, so the service can take work' })
  @ApiJsonResponse(200, readinessSchema, 'Ready')
  @ApiErrorResponses(503)
  async readyz() {
    try {
      const timeout = new Promise<never>((_, reject) =>
        setTimeout(() => reject(new Error('timed out')), READINESS_TIMEOUT_MS).unref(),
      );
      await Promise.race([Promise.all(this.pings.map((ping) => ping())), timeout]);
      return { status: 'ok', redis: 'ok' };
    } catch (error) {
      throw new ServiceUnavailableException(`redis: ${(error as Error).message}`);
    }
  }
}
