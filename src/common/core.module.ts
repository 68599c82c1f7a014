import { type DynamicModule, Global, Module } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../config/configuration.js';
import { ApiAddress } from './api-address.js';
import { Clock } from './clock.js';

/** The validated configuration, the clock and the API's address: available to every module. */
@Global()
@Module({})
export class CoreModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: CoreModule,
      providers: [{ provide: APP_CONFIG, useValue: config }, Clock, ApiAddress],
      exports: [APP_CONFIG, Clock, ApiAddress],
    };
  }
}
