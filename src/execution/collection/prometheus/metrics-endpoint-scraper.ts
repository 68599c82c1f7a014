import type { HttpGetSource } from '../../../domain/experiment-spec.js';

export const DEFAULT_SCRAPE_INTERVAL_MS = 1_000;
/** A scrape that takes longer than this is abandoned and tried again at the next interval. */
const SCRAPE_TIMEOUT_MS = 5_000;

export interface ScrapeOptions {
  intervalMs?: number;
  /** Why a scrape gave nothing (an HTTP error, a bad body); told once until the reason changes. */
  onProblem?: (message: string) => void;
}

/**
 * The endpoint a local trial serves, from the collector's httpGet: the trial
 * runs on this machine, so its pod's address is 127.0.0.1 unless the spec
 * names a host. The port must be a number here (a named port is refused at
 * submission: it names a port of a container the local executor does not run).
 */
export function scrapeUrl(httpGet: HttpGetSource): URL {
  const scheme = (httpGet.scheme ?? 'HTTP').toLowerCase();
  const url = new URL(`${scheme}://${httpGet.host || '127.0.0.1'}`);
  url.port = String(httpGet.port);
  const [pathname, search] = httpGet.path.split('?', 2);
  url.pathname = pathname || '/';
  if (search !== undefined) url.search = search;
  return url;
}

/**
 * Scrapes a trial's metrics endpoint at an interval while it runs (Katib's
 * PrometheusMetric collector), handing each successful response's body and
 * its ordinal (1, 2, ...) to `onScrape`. Until the trial listens, a refused
 * connection is no problem: nothing is scraped yet.
 */
export class MetricsEndpointScraper {
  private readonly intervalMs: number;
  private scraping = false;
  private timer: NodeJS.Timeout | undefined;
  private inProgress: Promise<void> | undefined;
  private stopping: Promise<void> | undefined;
  private scrapes = 0;
  private lastProblem: string | undefined;

  constructor(
    private readonly url: URL,
    private readonly headers: Record<string, string>,
    private readonly onScrape: (body: string, ordinal: number) => void,
    private readonly options: ScrapeOptions = {},
  ) {
    this.intervalMs = options.intervalMs ?? DEFAULT_SCRAPE_INTERVAL_MS;
  }

  start(): void {
    if (this.scraping || this.stopping) throw new Error(`Already scraping ${this.url.href}`);
    this.scraping = true;
    void this.scrapeAndReschedule();
  }

  /** Waits for a scrape in flight (its values count) and stops: once the trial has exited there is nothing left to scrape. */
  stop(): Promise<void> {
    this.stopping ??= (async () => {
      this.scraping = false;
      clearTimeout(this.timer);
      await this.inProgress;
    })();
    return this.stopping;
  }

  /** One scrape (the timer's work, also for tests that decide when scraping happens). */
  async scrape(): Promise<void> {
    let body: string;
    try {
      const response = await fetch(this.url, { headers: this.headers, signal: AbortSignal.timeout(SCRAPE_TIMEOUT_MS), redirect: 'follow' });
      body = await response.text();
      if (!response.ok) return this.problem(`${this.url.href} answered ${response.status} ${response.statusText}`.trim());
    } catch (error) {
      const cause = (error as { cause?: NodeJS.ErrnoException }).cause;
      // Not listening yet (or any more): the trial decides when it serves.
      if (cause?.code === 'ECONNREFUSED' || cause?.code === 'ECONNRESET') return;
      return this.problem(`${this.url.href} could not be scraped: ${cause?.message ?? (error as Error).message}`);
    }
    this.lastProblem = undefined;
    this.scrapes += 1;
    this.onScrape(body, this.scrapes);
  }

  private async scrapeAndReschedule(): Promise<void> {
    this.inProgress = this.scrape();
    await this.inProgress;
    if (this.scraping) this.timer = setTimeout(() => void this.scrapeAndReschedule(), this.intervalMs);
  }

  private problem(message: string): void {
    if (message === this.lastProblem) return;
    this.lastProblem = message;
    this.options.onProblem?.(message);
  }
}
