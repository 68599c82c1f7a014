import { useEffect, useMemo, useState } from 'preact/hooks';
import { api, type IntermediateValues } from '../api.js';
import { Chart } from './Chart.js';
import { PHASE_COLOURS } from './phase-colours.js';

/**
 * Every trial's objective by step, coloured by phase; early-stopped curves
 * are dashed and their tooltip gives the rule's reason. Reloaded with the
 * experiment, so running curves grow.
 */
export function GraphIntermediateValues({ namespace, name, metric, revision }: { namespace: string; name: string; metric: string; revision: number }) {
  const [curves, setCurves] = useState<IntermediateValues>();
  useEffect(() => {
    let cancelled = false;
    api.intermediateValues(namespace, name).then((value) => !cancelled && setCurves(value), () => undefined);
    return () => {
      cancelled = true;
    };
  }, [namespace, name, revision]);
  const option = useMemo(
    () => ({
      tooltip: {
        trigger: 'item' as const,
        formatter: (params: unknown) => {
          const p = params as { seriesName: string; data: [number, number] };
          const trial = curves?.trials.find((candidate) => candidate.name === p.seriesName);
          return `${p.seriesName} (${trial?.phase})<br/>step ${p.data[0]}: ${p.data[1]}${trial?.phase === 'EarlyStopped' && trial.message ? `<br/>${trial.message}` : ''}`;
        },
      },
      grid: { left: 60, right: 20, top: 20, bottom: 40 },
      xAxis: { type: 'value' as const, name: 'step', nameLocation: 'middle' as const, nameGap: 25, min: 'dataMin' as const, minInterval: 1 },
      yAxis: { type: 'value' as const, name: metric, scale: true },
      series: (curves?.trials ?? []).map((trial) => ({
        name: trial.name,
        type: 'line' as const,
        data: trial.points,
        showSymbol: false,
        symbolSize: 6,
        lineStyle: { width: 1, type: trial.phase === 'EarlyStopped' ? ('dashed' as const) : ('solid' as const), opacity: 0.7 },
        itemStyle: { color: PHASE_COLOURS[trial.phase] },
        emphasis: { focus: 'series' as const },
      })),
    }),
    [curves, metric],
  );
  return (
    <div>
      {curves?.sampled && <p class="muted small">{curves.trials.length} of {curves.total} curves shown.</p>}
      <Chart option={option} label="Intermediate values: each trial's objective by step, early-stopped dashed" />
    </div>
  );
}
