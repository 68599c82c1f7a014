import type { Observation } from '../../domain/observation.js';

/** Turns one line of trial output into the observations it reports (often none). Never throws. */
export type MetricLineParser = (line: string, now: Date) => Observation[];
