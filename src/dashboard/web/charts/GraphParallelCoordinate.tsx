import { useMemo } from 'preact/hooks';
import type { TrialValues } from '../api.js';
import { Chart } from './Chart.js';

/**
 * One line per trial with a value, across every parameter and the objective;
 * drag along an axis to brush (ECharts' parallel axes select an interval).
 * Lines are coloured by objective so the good region shows.
 */
export function GraphParallelCoordinate({ values, metric, minimize, logScale }: { values: TrialValues; metric: string; minimize: boolean; logScale: ReadonlySet<string> }) {
  const option = useMemo(() => {
    const names = Object.keys(values.parameters);
    const rows = values.index.flatMap((_, i) => {
      const value = values.objective[i];
      return value === null || value === undefined ? [] : [[...names.map((name) => values.parameters[name]![i]!), value]];
    });
    const objectiveValues = rows.map((row) => row[row.length - 1] as number);
    const axes = names.map((name, dim) => {
      const categorical = values.parameters[name]!.some((value) => typeof value === 'string');
      return categorical
        ? { dim, name, type: 'category' as const, data: [...new Set(values.parameters[name]!.map(String))] }
        : { dim, name, type: logScale.has(name) ? ('log' as const) : ('value' as const), scale: true };
    });
    return {
      parallelAxis: [...axes, { dim: names.length, name: metric, type: 'value' as const, scale: true }],
      parallel: { left: 50, right: 80, top: 40, bottom: 30 },
      visualMap: {
        show: true,
        type: 'continuous' as const,
        dimension: names.length,
        min: objectiveValues.length ? Math.min(...objectiveValues) : 0,
        max: objectiveValues.length ? Math.max(...objectiveValues) : 1,
        inRange: { color: minimize ? ['#2e9d4f', '#f0c419', '#d0312d'] : ['#d0312d', '#f0c419', '#2e9d4f'] },
        right: 0,
        top: 'middle',
        calculable: true,
      },
      series: [{ type: 'parallel' as const, data: rows, lineStyle: { width: 1, opacity: rows.length > 1000 ? 0.2 : 0.6 }, progressive: 1000 }],
    };
  }, [values, metric, minimize, logScale]);
  return <Chart option={option} height={340} label="Parallel coordinates of parameters and objective" />;
}
