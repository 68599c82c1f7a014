/** One colour per trial phase, the same in the table, the badges and every chart. */
export const PHASE_COLOURS: Record<string, string> = {
  Created: '#8c8c8c',
  Running: '#1f77d0',
  Succeeded: '#2e9d4f',
  EarlyStopped: '#d08c1f',
  Failed: '#d0312d',
  MetricsUnavailable: '#a04fc0',
  Killed: '#5b5b5b',
};
