import { Module } from '@nestjs/common';
import { ApiStorageModule } from '../storage/storage.module.js';
import { HealthController } from './health.controller.js';

/** Liveness and readiness, served by every role. */
@Module({
  imports: [ApiStorageModule],
  controllers: [HealthController],
})
export class HealthModule {}
