import parsePrometheusTextFormat from 'parse-prometheus-text-format';
import type { Observation } from '../../../domain/observation.js';

export interface ScrapedObservations {
  observations: Observation[];
  /** Why a wanted metric in this scrape gave no value, in words. */
  problems: string[];
}

/** Prometheus writes NaN and ±Inf as such; none of them is a value a trial can be judged by. */
function finiteNumber(text: string | undefined): number | undefined {
  if (text === undefined || text.trim() === '') return undefined;
  const value = Number(text);
  return Number.isFinite(value) ? value : undefined;
}

function isoFromMilliseconds(text: string | undefined, fallback: Date): string {
  const milliseconds = finiteNumber(text);
  const date = milliseconds === undefined ? fallback : new Date(milliseconds);
  return Number.isNaN(date.getTime()) ? fallback.toISOString() : date.toISOString();
}

function seriesName(name: string, labels: Record<string, string> | undefined): string {
  const pairs = Object.entries(labels ?? {}).map(([key, value]) => `${key}="${value}"`);
  return pairs.length > 0 ? `${name}{${pairs.join(',')}}` : name;
}

/**
 * One scrape of a trial's metrics endpoint (the text exposition format,
 * parsed by parse-prometheus-text-format) as observations: each wanted
 * metric is the sample of that name, a gauge, counter or untyped metric, at
 * this scrape's ordinal as its step and the sample's own timestamp if it has
 * one. A name with several series (labels) says which value is meant only
 * with a label the trial chose, so it gives none, and says why.
 */
export function observationsOfExposition(text: string, metricNames: readonly string[], scrape: number, now: Date): ScrapedObservations {
  let families: ReturnType<typeof parsePrometheusTextFormat>;
  try {
    families = parsePrometheusTextFormat(text);
  } catch (error) {
    return { observations: [], problems: [`the response is not in Prometheus' text exposition format: ${(error as Error).message}`] };
  }
  const observations: Observation[] = [];
  const problems: string[] = [];
  for (const metric of metricNames) {
    const named = families.filter((family) => family.name === metric);
    if (named.length === 0) continue;
    const kinds = named.map((family) => family.type).filter((type) => type === 'HISTOGRAM' || type === 'SUMMARY');
    if (kinds.length > 0) {
      problems.push(`${metric} is a ${kinds[0]!.toLowerCase()}, not one value: expose it as a gauge`);
      continue;
    }
    const samples = named.flatMap((family) => family.metrics);
    if (samples.length > 1) {
      const series = samples.map((sample) => seriesName(metric, sample.labels)).join(', ');
      problems.push(`${metric} has ${samples.length} series (${series}): expose one, without labels that split it`);
      continue;
    }
    const value = finiteNumber(samples[0]?.value);
    if (value === undefined) {
      problems.push(`${metric} is ${samples[0]?.value ?? 'empty'}, not a finite number`);
      continue;
    }
    observations.push({ metric, value, step: scrape, time: isoFromMilliseconds(samples[0]?.timestamp_ms, now) });
  }
  return { observations, problems };
}
