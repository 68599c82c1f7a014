import { useEffect, useMemo, useState } from 'preact/hooks';
import { api, type ParameterImportance } from '../api.js';
import { Chart } from './Chart.js';

/** The server's parameter importances as bars, most important on top; reloaded with the experiment. */
export function GraphImportance({ namespace, name, revision }: { namespace: string; name: string; revision: number }) {
  const [result, setResult] = useState<ParameterImportance>();
  useEffect(() => {
    let cancelled = false;
    api.parameterImportance(namespace, name).then((value) => !cancelled && setResult(value), () => undefined);
    return () => {
      cancelled = true;
    };
  }, [namespace, name, revision]);
  const option = useMemo(() => {
    const rows = [...(result?.parameters ?? [])].reverse();
    return {
      tooltip: { trigger: 'item' as const },
      grid: { left: 100, right: 30, top: 10, bottom: 30 },
      xAxis: { type: 'value' as const, min: 0, max: 1, name: 'share of variance' },
      yAxis: { type: 'category' as const, data: rows.map((row) => row.name) },
      series: [{ type: 'bar' as const, data: rows.map((row) => Number(row.importance.toFixed(3))), itemStyle: { color: '#1f77d0' } }],
    };
  }, [result]);
  return (
    <div>
      <p class="muted small">
        First-order share of the objective's variance each parameter explains alone, over {result?.trials ?? 0} trials with a result.
      </p>
      <Chart option={option} height={Math.max(120, 40 * (result?.parameters.length ?? 1) + 40)} label="Parameter importance" />
    </div>
  );
}
