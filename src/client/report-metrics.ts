import type { components } from './api-types.generated.js';

type MetricReport = components['schemas']['MetricReport'];
type MetricReportAccepted = components['schemas']['MetricReportAccepted'];

/**
 * Reports metrics to kubetune from inside a trial written in TypeScript or
 * JavaScript. kubetune gives every trial KUBETUNE_METRICS_URL and
 * KUBETUNE_TRIAL_TOKEN; pass them explicitly or let them be read from the
 * environment.
 *
 *   await reportMetrics({ loss: 0.31, accuracy: 0.9 }, { step: epoch });
 */
export interface ReportOptions {
  step?: number;
  url?: string;
  token?: string;
}

export class MetricsReportError extends Error {
  override name = 'MetricsReportError';

  constructor(
    readonly status: number,
    message: string,
  ) {
    super(`kubetune refused the report (${status}): ${message}`);
  }
}

export async function reportMetrics(metrics: Record<string, number>, options: ReportOptions = {}): Promise<MetricReportAccepted> {
  const url = options.url ?? process.env.KUBETUNE_METRICS_URL;
  const token = options.token ?? process.env.KUBETUNE_TRIAL_TOKEN;
  if (!url || !token) {
    throw new MetricsReportError(0, 'KUBETUNE_METRICS_URL and KUBETUNE_TRIAL_TOKEN are not set: is this running as a kubetune trial?');
  }
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ metrics, ...(options.step === undefined ? {} : { step: options.step }) } satisfies MetricReport),
  });
  const body = (await response.json().catch(() => ({}))) as { message?: string; accepted?: number };
  if (!response.ok) throw new MetricsReportError(response.status, body.message ?? response.statusText);
  return { accepted: body.accepted ?? 0 };
}
