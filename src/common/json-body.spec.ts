import { describe, expect, it } from '@jest/globals';
import { jsonArrayBody, toJsonBody, weakEtag } from './json-body.js';

describe('JSON bodies serialised ahead', () => {
  it('keeps the bytes JSON.stringify gives, and their weak tag', () => {
    const value = { name: 'é', n: 1, list: [null, true] };
    const body = toJsonBody(value);
    expect(body.bytes.toString('utf8')).toBe(JSON.stringify(value));
    expect(body.etag).toBe(weakEtag(JSON.stringify(value)));
  });

  it('composes a list from its items byte for byte as JSON.stringify would, with or without items', () => {
    const items = [{ a: 1 }, { b: 'ü' }, { c: [1, 2] }];
    for (const count of [0, 1, 3]) {
      const rest = { total: count, offset: 0, limit: 20, nextOffset: null };
      const body = jsonArrayBody('items', items.slice(0, count).map(toJsonBody), rest);
      expect(body.bytes.toString('utf8')).toBe(JSON.stringify({ items: items.slice(0, count), ...rest }));
      expect(JSON.parse(body.bytes.toString('utf8'))).toEqual({ items: items.slice(0, count), ...rest });
    }
    expect(jsonArrayBody('items', [toJsonBody(1)], {}).bytes.toString()).toBe('{"items":[1]}');
  });

  it('tags a list differently when any item or the rest differs, and alike when nothing does', () => {
    const tag = (items: unknown[], total: number) => jsonArrayBody('items', items.map(toJsonBody), { total }).etag;
    expect(tag([{ a: 1 }, { b: 2 }], 2)).toBe(tag([{ a: 1 }, { b: 2 }], 2));
    expect(tag([{ a: 1 }, { b: 3 }], 2)).not.toBe(tag([{ a: 1 }, { b: 2 }], 2));
    expect(tag([{ a: 1 }, { b: 2 }], 3)).not.toBe(tag([{ a: 1 }, { b: 2 }], 2));
    expect(tag([{ b: 2 }, { a: 1 }], 2)).not.toBe(tag([{ a: 1 }, { b: 2 }], 2));
  });
});
