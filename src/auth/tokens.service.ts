import { Injectable } from '@nestjs/common';
import { invalidInput, notFound } from '../common/domain-error.js';
import { ALL_NAMESPACES, type AccessScope, parseScope } from './access-scope.js';
import type { Caller } from './caller.js';
import { type ApiTokenRecord, TokenStore } from './token-store.js';

const MAX_NAME_LENGTH = 100;

/**
 * Token management over HTTP, for admins: an admin of team-a may hand out
 * and revoke team-a tokens, and only `*:admin` may touch a `*` scope. A
 * token is visible to a caller who administers every namespace it covers.
 */
@Injectable()
export class TokensService {
  constructor(private readonly store: TokenStore) {}

  async create(caller: Caller, body: string): Promise<{ token: string } & ApiTokenRecord> {
    const { name, scopes } = parseTokenRequest(body);
    for (const scope of scopes) caller.require('admin', scope.namespace);
    const { token, record } = await this.store.create(name, scopes);
    return { token, ...record };
  }

  async list(caller: Caller): Promise<{ items: ApiTokenRecord[] }> {
    return { items: (await this.store.list()).filter((record) => administers(caller, record)) };
  }

  async revoke(caller: Caller, id: string): Promise<void> {
    const record = (await this.store.list()).find((candidate) => candidate.id === id);
    // A token the caller may not administer is reported as absent, so ids of other teams' tokens are not confirmed.
    if (!record || !administers(caller, record)) throw notFound(`token "${id}" not found`);
    await this.store.revoke(record.id);
  }
}

function administers(caller: Caller, record: ApiTokenRecord): boolean {
  return record.scopes.every((scope) => caller.may('admin', scope.namespace));
}

function parseTokenRequest(body: string): { name: string; scopes: AccessScope[] } {
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch (error) {
    throw invalidInput(`body: not valid JSON (${(error as Error).message})`, [`body: not valid JSON (${(error as Error).message})`]);
  }
  const { name, scopes } = (value ?? {}) as { name?: unknown; scopes?: unknown };
  const problems: string[] = [];
  if (typeof name !== 'string' || name.trim() === '' || name.length > MAX_NAME_LENGTH) {
    problems.push(`name: must be text of 1 to ${MAX_NAME_LENGTH} characters`);
  }
  const parsed: AccessScope[] = [];
  if (!Array.isArray(scopes) || scopes.length === 0) {
    problems.push(`scopes: must be a non-empty list such as ["team-a:write"] or ["${ALL_NAMESPACES}:read"]`);
  } else {
    scopes.forEach((text, index) => {
      const scope = typeof text === 'string' ? parseScope(text) : ({ ok: false, error: `${JSON.stringify(text)} is not text` } as const);
      if (scope.ok) parsed.push(scope.scope);
      else problems.push(`scopes[${index}]: ${scope.error}`);
    });
  }
  if (problems.length > 0) throw invalidInput(problems.join('; '), problems);
  return { name: name as string, scopes: parsed };
}
