import type { CustomSeriesRenderItem } from 'echarts';
import { useMemo } from 'preact/hooks';
import type { TrialValues } from '../api.js';
import { Chart } from './Chart.js';
import { PHASE_COLOURS } from './phase-colours.js';

/** One bar per trial on its row, from its start to its end. */
const renderItem: CustomSeriesRenderItem = (_, api) => {
  const row = Number(api.value(0));
  const start = api.coord([Number(api.value(1)), row]);
  const end = api.coord([Number(api.value(2)), row]);
  const size = api.size?.([0, 1]);
  const height = Math.max(2, Math.min(12, (Array.isArray(size) ? size[1]! : 10) * 0.8));
  return {
    type: 'rect',
    shape: { x: start[0]!, y: start[1]! - height / 2, width: Math.max(1, end[0]! - start[0]!), height },
    style: { fill: api.visual('color') as string },
  };
};

/** Each started trial as a bar from start to end (now, while it runs): which ran side by side, and for how long. */
export function GraphTimeline({ values }: { values: TrialValues }) {
  const option = useMemo(() => {
    const now = Date.now();
    const bars = values.index.flatMap((index, i) => {
      const start = values.startedAt[i];
      return start === null || start === undefined ? [] : [{ value: [index, start, values.completedAt[i] ?? now], itemStyle: { color: PHASE_COLOURS[values.phase[i]!] }, name: values.name[i] }];
    });
    return {
      tooltip: {
        trigger: 'item' as const,
        formatter: (params: unknown) => {
          const p = params as { name: string; value: [number, number, number] };
          return `${p.name}<br/>${((p.value[2] - p.value[1]) / 1000).toFixed(1)} s`;
        },
      },
      grid: { left: 60, right: 20, top: 20, bottom: 40 },
      xAxis: { type: 'time' as const },
      yAxis: { type: 'value' as const, name: 'trial', inverse: true, minInterval: 1 },
      series: [
        {
          type: 'custom' as const,
          encode: { x: [1, 2], y: 0 },
          data: bars,
          renderItem,
        },
      ],
    };
  }, [values]);
  return <Chart option={option} height={260} label="Timeline: each trial from start to end" />;
}
