import { Module } from '@nestjs/common';
import { HealthController } from './health.controller.js';

/** Liveness and readiness, served by every role. */
@Module({
  controllers: [HealthController],
})
export class HealthModule {}
