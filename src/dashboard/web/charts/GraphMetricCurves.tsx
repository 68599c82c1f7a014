import { useMemo } from 'preact/hooks';
import type { TrialWithLog } from '../api.js';
import { Chart } from './Chart.js';

/** Every metric of one trial over its reports: by step when the trial gave steps, else in report order. */
export function GraphMetricCurves({ trial }: { trial: TrialWithLog }) {
  const option = useMemo(() => {
    const byMetric = new Map<string, [number, number][]>();
    for (const log of trial.observationLog.metricLogs) {
      const points = byMetric.get(log.metric.name) ?? [];
      points.push([log.step ?? points.length, Number(log.metric.value)]);
      byMetric.set(log.metric.name, points);
    }
    return {
      tooltip: { trigger: 'axis' as const },
      legend: { top: 0 },
      grid: { left: 60, right: 60, top: 40, bottom: 40 },
      xAxis: { type: 'value' as const, name: 'step', nameLocation: 'middle' as const, nameGap: 25 },
      // A running trial may have reported nothing yet; ECharts cannot draw a grid without a y axis.
      yAxis:
        byMetric.size === 0
          ? [{ type: 'value' as const }]
          : [...byMetric.keys()].map((name, i) => ({ type: 'value' as const, name, scale: true, position: i === 0 ? ('left' as const) : ('right' as const), show: i < 2 })),
      series: [...byMetric].map(([name, points], i) => ({ name, type: 'line' as const, yAxisIndex: Math.min(i, 1), showSymbol: points.length < 50, data: points })),
    };
  }, [trial]);
  return <Chart option={option} label="Metric curves of this trial" />;
}
