import { useMemo, useState } from 'preact/hooks';
import type { TrialValues } from '../api.js';
import { Chart } from './Chart.js';

/** The objective against one parameter at a time (chosen in the select): each parameter's effect on its own. */
export function GraphSlice({ values, metric, logScale }: { values: TrialValues; metric: string; logScale: ReadonlySet<string> }) {
  const names = Object.keys(values.parameters);
  const [chosen, setChosen] = useState(names[0] ?? '');
  const parameter = names.includes(chosen) ? chosen : (names[0] ?? '');
  const option = useMemo(() => {
    const column = values.parameters[parameter] ?? [];
    const categorical = column.some((value) => typeof value === 'string');
    const points = values.index.flatMap((_, i) => {
      const value = values.objective[i];
      return value === null || value === undefined ? [] : [[column[i]!, value, values.index[i]!]];
    });
    return {
      tooltip: { trigger: 'item' as const, formatter: (params: unknown) => {
          const p = params as { data: [unknown, number, number] };
          return `trial #${p.data[2]}<br/>${parameter}: ${p.data[0]}<br/>${metric}: ${p.data[1]}`;
        } },
      grid: { left: 60, right: 20, top: 20, bottom: 40 },
      xAxis: categorical
        ? { type: 'category' as const, name: parameter, nameLocation: 'middle' as const, nameGap: 25, data: [...new Set(column.map(String))] }
        : { type: logScale.has(parameter) ? ('log' as const) : ('value' as const), name: parameter, nameLocation: 'middle' as const, nameGap: 25, scale: true, axisLine: { onZero: false } },
      // Off zero: a parameter range that spans 0 would otherwise draw the objective's axis through the middle.
      yAxis: { type: 'value' as const, name: metric, scale: true, axisLine: { onZero: false } },
      visualMap: { show: false, dimension: 2, min: 0, max: Math.max(1, values.total - 1), inRange: { color: ['#9ecae1', '#08519c'] } },
      series: [{ type: 'scatter' as const, symbolSize: 7, large: points.length > 2000, data: points }],
    };
  }, [values, parameter, metric, logScale]);
  return (
    <div>
      <label>
        Parameter{' '}
        <select value={parameter} onChange={(event) => setChosen((event.target as HTMLSelectElement).value)}>
          {names.map((name) => (
            <option value={name}>{name}</option>
          ))}
        </select>
      </label>
      <Chart option={option} height={300} label={`Slice: ${metric} against ${parameter}, darker is later`} />
    </div>
  );
}
