import { describe, expect, it } from '@jest/globals';
import { LineSplitter } from './line-splitter.js';

function split(chunks: (string | Buffer)[], maxLineLength?: number): string[] {
  const lines: string[] = [];
  const splitter = new LineSplitter((line) => lines.push(line), maxLineLength);
  for (const chunk of chunks) splitter.push(chunk);
  splitter.end();
  return lines;
}

describe('LineSplitter', () => {
  it('emits each terminated line without its terminator, keeping empty lines', () => {
    expect(split(['a\nb\r\n\nc\n'])).toEqual(['a', 'b', '', 'c']);
  });

  it('joins a line split across chunks', () => {
    expect(split(['loss=0.', '12', '3\nacc', '=0.9\n'])).toEqual(['loss=0.123', 'acc=0.9']);
  });

  it('treats \\r\\n split across chunks as one terminator', () => {
    expect(split(['a\r', '\nb\r', '', '\n'])).toEqual(['a', 'b']);
  });

  it('ends a line at a lone \\r, as progress bars redraw', () => {
    expect(split(['10%|# loss=0.5\r20%|## loss=0.4\r', '30%|### loss=0.3\n'])).toEqual([
      '10%|# loss=0.5',
      '20%|## loss=0.4',
      '30%|### loss=0.3',
    ]);
  });

  it('emits the unterminated last line on end, and nothing more', () => {
    expect(split(['a\nb'])).toEqual(['a', 'b']);
    expect(split(['a\n'])).toEqual(['a']);
    expect(split([])).toEqual([]);
  });

  it('decodes characters whose bytes are split across Buffers', () => {
    const bytes = Buffer.from('größe=1€\n', 'utf8');
    const chunks = [...bytes].map((byte) => Buffer.from([byte]));
    expect(split(chunks)).toEqual(['größe=1€']);
  });

  it('drops an overlong line whole and goes on with the next', () => {
    expect(split(['short\n', 'x'.repeat(6), 'y'.repeat(6), 'z\nok\n'], 10)).toEqual(['short', 'ok']);
    expect(split(['0123456789\n'], 10)).toEqual(['0123456789']);
    expect(split(['ok\n', 'x'.repeat(11)], 10)).toEqual(['ok']);
  });

  it('can be reused after end', () => {
    const lines: string[] = [];
    const splitter = new LineSplitter((line) => lines.push(line));
    splitter.push('first');
    splitter.end();
    splitter.push('second\n');
    splitter.end();
    expect(lines).toEqual(['first', 'second']);
  });
});
