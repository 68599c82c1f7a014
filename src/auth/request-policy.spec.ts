import { describe, expect, it } from '@jest/globals';
import { scopesAllow } from './access-scope.js';
import { policyRefusal, provesSameOrigin } from './request-policy.js';

const post = (headers: Record<string, string>) => ({ method: 'POST', headers: { host: '127.0.0.1:8080', ...headers } });
const refusal = (headers: Record<string, string>, publicUrl?: string) => {
  const error = policyRefusal(post(headers), publicUrl);
  return error ? `${error.code}: ${error.message}` : 'allowed';
};

describe('the cross-site and content-type policy', () => {
  it('refuses another port of the same machine: a page on localhost:3000 is another origin', () => {
    expect(refusal({ origin: 'http://127.0.0.1:3000', 'content-type': 'application/json' })).toBe(
      'forbidden: cross-origin request refused: Origin "http://127.0.0.1:3000" is not this server\'s',
    );
    expect(refusal({ 'sec-fetch-site': 'same-site', 'content-type': 'application/json' })).toMatch(/^forbidden: cross-site request refused: Sec-Fetch-Site is "same-site"/);
  });

  it('accepts its own origin, the PUBLIC_URL origin behind a proxy, and clients that send no Origin', () => {
    expect(refusal({ origin: 'http://127.0.0.1:8080', 'content-type': 'application/yaml; charset=utf-8' })).toBe('allowed');
    expect(refusal({ origin: 'https://tune.example.com', 'content-type': 'application/json' }, 'https://tune.example.com')).toBe('allowed');
    expect(refusal({ 'content-type': 'application/merge-patch+json' })).toBe('allowed');
    expect(refusal({})).toBe('allowed');
  });

  it('refuses every body type a form can send, and a body without a type', () => {
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x']) {
      expect(refusal({ 'content-type': type })).toMatch(/^unsupported_media_type: content-type: ".+" is not accepted for POST/);
    }
    expect(refusal({ 'content-length': '12' })).toBe(
      'unsupported_media_type: content-type: missing, and the POST has a body; send one of application/json, application/yaml, application/x-yaml, text/yaml, application/merge-patch+json',
    );
    expect(policyRefusal({ method: 'GET', headers: { origin: 'http://evil.example', 'content-type': 'text/plain' } }, undefined)).toBeUndefined();
  });

  it('counts only a matching Origin or Sec-Fetch-Site: same-origin as proof for a cookie', () => {
    expect(provesSameOrigin(post({}), undefined)).toBe(false);
    expect(provesSameOrigin(post({ 'sec-fetch-site': 'none' }), undefined)).toBe(false);
    expect(provesSameOrigin(post({ 'sec-fetch-site': 'same-origin' }), undefined)).toBe(true);
    expect(provesSameOrigin(post({ origin: 'http://127.0.0.1:8080' }), undefined)).toBe(true);
  });
});

describe('scopes', () => {
  it('order read < write < admin, per namespace or for all', () => {
    const scopes = [{ namespace: 'team-a', level: 'write' as const }, { namespace: '*', level: 'read' as const }];
    expect(scopesAllow(scopes, 'write', 'team-a')).toBe(true);
    expect(scopesAllow(scopes, 'admin', 'team-a')).toBe(false);
    expect(scopesAllow(scopes, 'read', 'kube-system')).toBe(true);
    expect(scopesAllow(scopes, 'write', 'kube-system')).toBe(false);
  });
});
