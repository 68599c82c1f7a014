import { describe, expect, it } from '@jest/globals';
import { parseBudgetPatch } from '../experiments/dto/budget-patch.js';
import { budgetPatchSchema } from '../experiments/dto/experiment-responses.js';
import { parseCallerCompletion } from './caller-completion.js';
import { parseMetricReport } from './metric-report.js';
import { completionRequestSchema, metricReportSchema } from './trial-schemas.js';

/**
 * The document's request schemas describe bodies that hand-written parsers
 * read (they name each problem's field). A client generated from the
 * document must never be refused for a body its schema allows, and the
 * plainly wrong bodies are refused by both.
 */
const METRICS = ['loss', 'accuracy'];
const NOW = new Date('2026-01-01T00:00:00Z');

describe('request schemas and the parsers that read those bodies', () => {
  it('metric reports: what the schema accepts, the parser accepts; the wrong ones both refuse', () => {
    const valid = [
      { metrics: { loss: 0.3 } },
      { metrics: { loss: '0.3', accuracy: 1 }, step: 0 },
      { metrics: { accuracy: 0.9 }, step: 12, timestamp: '2026-01-01T00:00:01Z' },
    ];
    for (const body of valid) {
      expect(metricReportSchema.safeParse(body).success).toBe(true);
      expect(parseMetricReport(body, METRICS, NOW)).toMatchObject({ ok: true });
    }
    const invalid = [{}, { metrics: [] }, { metrics: { loss: 0.3 }, step: -1 }, { metrics: { loss: 0.3 }, step: 1.5 }, { metrics: { loss: 0.3 }, extra: 1 }, { metrics: { loss: true } }];
    for (const body of invalid) {
      expect(metricReportSchema.safeParse(body).success).toBe(false);
      expect(parseMetricReport(body, METRICS, NOW)).toMatchObject({ ok: false });
    }
  });

  it('trial completions: the same', () => {
    const valid = [{}, { state: 'Succeeded', metrics: { loss: 0.1 }, step: 3 }, { state: 'Failed', message: 'diverged' }, { state: 'Infeasible' }];
    for (const body of valid) {
      expect(completionRequestSchema.safeParse(body).success).toBe(true);
      expect(parseCallerCompletion(body, METRICS, NOW)).toMatchObject({ ok: true });
    }
    const invalid = [{ state: 'Done' }, { message: 'x'.repeat(1001) }, { metrics: { loss: 0.1 }, unknown: 1 }, { state: 'Failed', message: 3 }];
    for (const body of invalid) {
      expect(completionRequestSchema.safeParse(body).success).toBe(false);
      expect(parseCallerCompletion(body, METRICS, NOW)).toMatchObject({ ok: false });
    }
  });

  it('budget patches: the same', () => {
    const valid = [{ spec: { maxTrialCount: 20 } }, { spec: { maxTrialCount: null, parallelTrialCount: 2 } }, { spec: { maxFailedTrialCount: null } }];
    for (const body of valid) {
      expect(budgetPatchSchema.safeParse(body).success).toBe(true);
      expect(() => parseBudgetPatch(JSON.stringify(body), 'application/merge-patch+json')).not.toThrow();
    }
    const invalid = [{ spec: { maxTrialCount: 2.5 } }, { spec: { parallelTrialCount: null } }, { spec: 'all' }, { spec: { maxTrialCount: 3, objective: {} } }, { spec: { maxTrialCount: 3 }, metadata: {} }];
    for (const body of invalid) {
      expect(budgetPatchSchema.safeParse(body).success).toBe(false);
      expect(() => parseBudgetPatch(JSON.stringify(body), 'application/merge-patch+json')).toThrow();
    }
  });
});
