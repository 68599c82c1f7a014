import { useMemo, useState } from 'preact/hooks';
import type { CustomSeriesRenderItem } from 'echarts';
import type { TrialValues } from '../api.js';
import { Chart } from './Chart.js';
import { type AxisValues, contourCells } from './surface.js';

/** One interpolated cell as a rectangle between its corners, filled by the visual map's colour for its value. */
const renderCell: CustomSeriesRenderItem = (_, api) => {
  const [left, top] = api.coord([Number(api.value(0)), Number(api.value(3))]);
  const [right, bottom] = api.coord([Number(api.value(1)), Number(api.value(2))]);
  return { type: 'rect', shape: { x: left!, y: top!, width: right! - left!, height: bottom! - top! }, style: { fill: api.visual('color') as string } };
};

const axisOf = (column: (number | string)[], log: boolean): AxisValues =>
  column.some((value) => typeof value === 'string')
    ? { kind: 'category', values: column.map(String), categories: [...new Set(column.map(String))] }
    : { kind: 'number', values: column as number[], log };

/**
 * The objective over a chosen pair of parameters: a surface interpolated from
 * the trials (see surface.ts) under the trials themselves as dots, as
 * optuna-dashboard's contour shows. Better is darker, whichever the direction.
 */
export function GraphContour({ values, metric, minimize, logScale }: { values: TrialValues; metric: string; minimize: boolean; logScale: ReadonlySet<string> }) {
  const names = Object.keys(values.parameters);
  const [chosenX, setX] = useState(names[0] ?? '');
  const [chosenY, setY] = useState(names[1] ?? '');
  const x = names.includes(chosenX) ? chosenX : (names[0] ?? '');
  const y = names.includes(chosenY) && chosenY !== x ? chosenY : (names.find((name) => name !== x) ?? '');
  const option = useMemo(() => {
    if (!y) return undefined;
    const ax = axisOf(values.parameters[x] ?? [], logScale.has(x));
    const ay = axisOf(values.parameters[y] ?? [], logScale.has(y));
    const cells = contourCells(ax, ay, values.objective);
    const seen = values.objective.filter((value): value is number => value !== null);
    const place = (axis: AxisValues, i: number) => (axis.kind === 'category' ? axis.categories.indexOf(axis.values[i]!) : axis.values[i]!);
    const trials = values.index.flatMap((index, i) =>
      values.objective[i] === null ? [] : [[place(ax, i), place(ay, i), values.objective[i]!, values.name[i] ?? `trial #${index}`]],
    );
    const axis = (spec: AxisValues, name: string, vertical: boolean) =>
      spec.kind === 'category'
        ? { type: 'value' as const, name, min: -0.5, max: spec.categories.length - 0.5, interval: 1, axisLabel: { formatter: (value: number) => spec.categories[value] ?? '' } }
        : {
            type: spec.log ? ('log' as const) : ('value' as const),
            name,
            scale: true,
            // The surface spans exactly the values tried; its end labels are those values, shortened to be read.
            min: 'dataMin' as const,
            max: 'dataMax' as const,
            axisLabel: { formatter: (value: number) => String(Number(value.toPrecision(3))) },
            axisLine: { onZero: false },
            ...(vertical ? {} : { nameLocation: 'middle' as const, nameGap: 25 }),
          };
    const low = Math.min(...seen);
    const high = Math.max(...seen);
    return {
      tooltip: {
        trigger: 'item' as const,
        formatter: (params: unknown) => {
          const p = params as { seriesIndex: number; data: (number | string)[] };
          if (p.seriesIndex === 0) return `${metric} ≈ ${Number(p.data[4]).toPrecision(4)} (interpolated)`;
          return `${p.data[3]}<br/>${x}: ${ax.kind === 'category' ? ax.categories[p.data[0] as number] : p.data[0]}<br/>${y}: ${ay.kind === 'category' ? ay.categories[p.data[1] as number] : p.data[1]}<br/>${metric}: ${p.data[2]}`;
        },
      },
      grid: { left: 70, right: 80, top: 30, bottom: 45 },
      xAxis: axis(ax, x, false),
      yAxis: axis(ay, y, true),
      visualMap: {
        seriesIndex: 0,
        dimension: 4,
        min: Number.isFinite(low) ? low : 0,
        max: Number.isFinite(high) && high > low ? high : low + 1,
        calculable: true,
        right: 0,
        top: 'middle',
        text: [metric, ''],
        // Darker is better: low values dark when minimizing, high ones when maximizing.
        inRange: { color: minimize ? ['#08306b', '#4292c6', '#deebf7'] : ['#deebf7', '#4292c6', '#08306b'] },
      },
      series: [
        {
          type: 'custom' as const,
          encode: { x: [0, 1], y: [2, 3] },
          data: cells.map((cell) => [cell.x0, cell.x1, cell.y0, cell.y1, cell.z]),
          renderItem: renderCell,
        },
        { type: 'scatter' as const, symbolSize: 6, large: trials.length > 2000, itemStyle: { color: '#f28e2b', borderColor: '#000', borderWidth: 0.5 }, data: trials },
      ],
    };
  }, [values, x, y, metric, minimize, logScale]);
  if (names.length < 2) return <p class="muted">A contour needs two parameters; this experiment searches one.</p>;
  const chooser = (label: string, value: string, set: (name: string) => void) => (
    <label>
      {label}{' '}
      <select value={value} onChange={(event) => set((event.target as HTMLSelectElement).value)}>
        {names.map((name) => (
          <option value={name}>{name}</option>
        ))}
      </select>
    </label>
  );
  return (
    <div>
      <div class="filters">
        {chooser('X', x, setX)}
        {chooser('Y', y, setY)}
      </div>
      {option && <Chart option={option} height={320} label={`Contour: ${metric} over ${x} and ${y}, interpolated from the trials shown as dots`} />}
    </div>
  );
}
