import { useMemo } from 'preact/hooks';
import { Chart } from './Chart.js';
import { empiricalDistribution } from './surface.js';

/**
 * The empirical distribution of the objective over trials with a value: how
 * often a trial reached a value at least this good. One line per experiment,
 * so the compare page can lay several over each other.
 */
export function GraphEdf({ series, metric }: { series: { name: string; objective: (number | null)[] }[]; metric: string }) {
  const option = useMemo(
    () => ({
      tooltip: { trigger: 'axis' as const },
      legend: { top: 0, show: series.length > 1 },
      grid: { left: 60, right: 20, top: series.length > 1 ? 40 : 20, bottom: 40 },
      xAxis: { type: 'value' as const, name: metric, nameLocation: 'middle' as const, nameGap: 25, scale: true },
      yAxis: { type: 'value' as const, name: 'share of trials', min: 0, max: 1 },
      series: series.map((entry) => ({ name: entry.name, type: 'line' as const, step: 'end' as const, showSymbol: false, data: empiricalDistribution(entry.objective) })),
    }),
    [series, metric],
  );
  return <Chart option={option} height={280} label={`Empirical distribution of ${metric}: the share of trials at or below each value`} />;
}
