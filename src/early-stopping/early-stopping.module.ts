import { Module } from '@nestjs/common';
import { EarlyStoppingService } from './early-stopping.service.js';

@Module({
  providers: [EarlyStoppingService],
  exports: [EarlyStoppingService],
})
export class EarlyStoppingModule {}
