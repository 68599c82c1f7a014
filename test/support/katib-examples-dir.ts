import { describe, it } from '@jest/globals';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

/**
 * Katib's own example Experiments (unmodified copies of its examples/v1beta1)
 * are not part of this repository: CI and dev machines have them in
 * ../shared/katib-examples beside the checkout, and KATIB_EXAMPLES_DIR can
 * name another directory (relative paths from the repository root). Only the
 * conformance suites read them; every other test uses test/fixtures/katib.
 */
export const KATIB_EXAMPLES_DIR = path.resolve(process.cwd(), process.env.KATIB_EXAMPLES_DIR || '../shared/katib-examples');

export interface KatibExamples {
  dir: string;
  files(): string[];
  read(file: string): string;
}

const examples: KatibExamples = {
  dir: KATIB_EXAMPLES_DIR,
  files: () =>
    readdirSync(KATIB_EXAMPLES_DIR)
      .filter((file) => file.endsWith('.yaml'))
      .sort(),
  read: (file) => readFileSync(path.join(KATIB_EXAMPLES_DIR, file), 'utf8'),
};

const isDirectory = (dir: string) => existsSync(dir) && statSync(dir).isDirectory();

/**
 * `describe(name, body)` over Katib's examples when they are there. When they
 * are not, the suite says so in one line and is reported as skipped: passing
 * vacuously would hide that the conformance check never ran.
 */
export function describeKatibExamples(name: string, body: (examples: KatibExamples) => void): void {
  if (isDirectory(KATIB_EXAMPLES_DIR)) {
    describe(name, () => body(examples));
    return;
  }
  const reason = `${KATIB_EXAMPLES_DIR} not found (set KATIB_EXAMPLES_DIR to Katib's examples/v1beta1 copies)`;
  // Straight to stderr: Jest's reporter does not print console output of a file whose tests were all skipped.
  process.stderr.write(`katib-examples conformance skipped (${name}): ${reason}\n`);
  // The body is not even collected: listing the missing directory would throw.
  describe.skip(name, () => {
    it.skip(`SKIPPED: ${reason}`, () => {});
  });
}
