import { describe, expect, it } from '@jest/globals';
import { weakEtag } from '../common/json-body.js';
import { isFresh } from './conditional-get.js';

describe('conditional GET', () => {
  it("makes the weak ETag Express made (the etag package's), for text and bytes alike", () => {
    // Values from the etag package 1.8.1: etag('abc', { weak: true }), etag('', { weak: true }).
    expect(weakEtag('abc')).toBe('W/"3-qZk+NkcGgWq6PiVxeFDCbJzQ2J0"');
    expect(weakEtag(Buffer.from('abc'))).toBe('W/"3-qZk+NkcGgWq6PiVxeFDCbJzQ2J0"');
    expect(weakEtag('')).toBe('W/"0-2jmj7l5rSw0yVb/vlWAYkK/YBwk"');
    // The length is in bytes, not characters.
    expect(weakEtag('é')).toMatch(/^W\/"2-/);
  });

  it('holds a copy whose tag matches, weakly, among several', () => {
    const tag = weakEtag('abc');
    expect(isFresh(tag, undefined, tag)).toBe(true);
    expect(isFresh(tag.slice(2), undefined, tag)).toBe(true);
    expect(isFresh(`W/"other", ${tag}`, undefined, tag)).toBe(true);
    expect(isFresh('*', undefined, tag)).toBe(true);
  });

  it('sends the body again for another tag, no tag, or a reload', () => {
    const tag = weakEtag('abc');
    expect(isFresh('W/"something-else"', undefined, tag)).toBe(false);
    expect(isFresh(undefined, undefined, tag)).toBe(false);
    expect(isFresh(tag, 'no-cache', tag)).toBe(false);
    expect(isFresh(tag, 'max-age=0, no-cache', tag)).toBe(false);
  });
});
