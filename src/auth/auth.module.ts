import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ApiStorageModule } from '../storage/storage.module.js';
import { AuthGuard } from './auth.guard.js';
import { TokenStore } from './token-store.js';
import { TokensController } from './tokens.controller.js';
import { TokensService } from './tokens.service.js';

/** Tokens, their admin routes, and the global guard every API route passes (see route-access.ts for how a route declares its needs). */
// Tokens are looked up on the API's fail-fast connection: during a Redis outage a request is a quick 503, not a hang.
@Module({
  imports: [ApiStorageModule],
  controllers: [TokensController],
  providers: [TokenStore, TokensService, { provide: APP_GUARD, useClass: AuthGuard }],
  exports: [TokenStore],
})
export class AuthModule {}
