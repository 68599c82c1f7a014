import { Inject, Injectable } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { randomUUID } from 'node:crypto';
import { SharedRead } from '../common/shared-read.js';
import { RedisKeys } from '../storage/keys.js';
import { REDIS } from '../storage/redis.provider.js';
import { type AccessScope } from './access-scope.js';
import { generateApiToken, hashApiToken } from './api-token.js';

/** A token as stored and listed: everything but the token itself. */
export interface ApiTokenRecord {
  id: string;
  name: string;
  scopes: AccessScope[];
  createdAt: string;
}

/**
 * API tokens in Redis under the service's key prefix, so every API replica
 * sees the same ones, keyed by their sha256: a token is shown once, when it
 * is created, and cannot be read back. Looking a token up by its hash needs
 * no secret comparison, since the hash of a guess tells nothing about the hash
 * of a real token.
 */
@Injectable()
export class TokenStore {
  /** Requests of one event-loop turn that carry the same token look it up once; a revocation still holds for every request that arrives after it. */
  private readonly lookups: SharedRead<string | null>;

  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    private readonly keys: RedisKeys,
  ) {
    this.lookups = new SharedRead((hash) => this.redis.hget(this.keys.apiTokens, hash));
  }

  async create(name: string, scopes: AccessScope[], now = new Date()): Promise<{ token: string; record: ApiTokenRecord }> {
    const token = generateApiToken();
    const record: ApiTokenRecord = { id: randomUUID().slice(0, 8), name, scopes, createdAt: now.toISOString() };
    await this.redis.hset(this.keys.apiTokens, hashApiToken(token), JSON.stringify(record));
    return { token, record };
  }

  async find(token: string): Promise<ApiTokenRecord | undefined> {
    const stored = await this.lookups.get(hashApiToken(token));
    return stored ? (JSON.parse(stored) as ApiTokenRecord) : undefined;
  }

  async list(): Promise<ApiTokenRecord[]> {
    const stored = Object.values(await this.redis.hgetall(this.keys.apiTokens));
    return stored.map((json) => JSON.parse(json) as ApiTokenRecord).sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  }

  /** Revokes every token with this id or name; returns those revoked. */
  async revoke(idOrName: string): Promise<ApiTokenRecord[]> {
    const revoked: ApiTokenRecord[] = [];
    for (const [hash, json] of Object.entries(await this.redis.hgetall(this.keys.apiTokens))) {
      const record = JSON.parse(json) as ApiTokenRecord;
      if (record.id !== idOrName && record.name !== idOrName) continue;
      await this.redis.hdel(this.keys.apiTokens, hash);
      revoked.push(record);
    }
    return revoked;
  }
}
