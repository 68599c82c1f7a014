import { useMemo } from 'preact/hooks';
import type { TrialValues } from '../api.js';
import { Chart } from './Chart.js';
import { PHASE_COLOURS } from './phase-colours.js';

/**
 * Objective per trial in creation order, one series per phase so failed and
 * early-stopped trials stand out, with the best value so far as a step line.
 * Trials without a value (failed, running) sit on the x-axis as crosses.
 */
export function GraphHistory({ values, minimize, metric }: { values: TrialValues; minimize: boolean; metric: string }) {
  const option = useMemo(() => {
    const byPhase = new Map<string, [number, number | null, string][]>();
    const best: [number, number][] = [];
    let bestSoFar: number | undefined;
    values.index.forEach((index, i) => {
      const value = values.objective[i] ?? null;
      const phase = values.phase[i]!;
      if (!byPhase.has(phase)) byPhase.set(phase, []);
      byPhase.get(phase)!.push([index, value, values.name[i]!]);
      if (value !== null && (phase === 'Succeeded' || phase === 'EarlyStopped')) {
        if (bestSoFar === undefined || (minimize ? value < bestSoFar : value > bestSoFar)) bestSoFar = value;
        best.push([index, bestSoFar]);
      }
    });
    const withValue = values.objective.filter((value): value is number => value !== null);
    const floor = withValue.length > 0 ? Math.min(...withValue) : 0;
    return {
      tooltip: { trigger: 'item' as const, formatter: (params: unknown) => {
          const p = params as { data: [number, number, string]; seriesName: string };
          return `${p.data[2] ?? `trial #${p.data[0]}`}<br/>${p.seriesName}: ${p.data[1]}`;
        } },
      legend: { top: 0 },
      grid: { left: 60, right: 20, top: 40, bottom: 40 },
      xAxis: { type: 'value' as const, name: 'trial', nameLocation: 'middle' as const, nameGap: 25, minInterval: 1 },
      yAxis: { type: 'value' as const, name: metric, scale: true },
      series: [
        ...[...byPhase].map(([phase, points]) => ({
          name: phase,
          type: 'scatter' as const,
          large: points.length > 2000,
          symbol: phase === 'Failed' || phase === 'MetricsUnavailable' || phase === 'Killed' ? 'path://M0,0L10,10M10,0L0,10' : phase === 'EarlyStopped' ? 'triangle' : 'circle',
          symbolSize: phase === 'EarlyStopped' ? 9 : 7,
          itemStyle: { color: PHASE_COLOURS[phase], borderColor: PHASE_COLOURS[phase] },
          data: points.map(([index, value, name]) => [index, value ?? floor, name]),
        })),
        { name: 'best so far', type: 'line' as const, step: 'end' as const, showSymbol: false, data: best, lineStyle: { width: 2 }, itemStyle: { color: '#e0457b' } },
      ],
    };
  }, [values, minimize, metric]);
  return <Chart option={option} label="Optimization history: objective per trial and the best so far" />;
}
