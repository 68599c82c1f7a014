import { useEffect, useMemo, useState } from 'preact/hooks';
import { api, type Experiment, type TrialValues } from '../api.js';
import { Chart } from '../charts/Chart.js';
import { GraphEdf } from '../charts/GraphEdf.js';
import { bestObjective, experimentState, formatNumber } from '../experiment-state.js';
import { Link, navigate, paths } from '../router.js';

interface Compared {
  id: string;
  experiment?: Experiment;
  values?: TrialValues;
  error?: string;
}

/** Experiments as `namespace/name`, from the repeated `e` query parameter. */
export function comparedIds(url: URL): string[] {
  return url.searchParams.getAll('e').filter((id) => /^[^/]+\/[^/]+$/.test(id));
}

/** Two or more experiments' best-so-far histories in one chart, and their best trials side by side. */
export function ComparePage({ url }: { url: URL }) {
  const ids = comparedIds(url);
  const [compared, setCompared] = useState<Compared[]>([]);
  const [all, setAll] = useState<Experiment[]>([]);
  useEffect(() => {
    let cancelled = false;
    void Promise.all(
      ids.map(async (id): Promise<Compared> => {
        const [namespace, name] = id.split('/') as [string, string];
        try {
          const [experiment, values] = await Promise.all([api.experiment(namespace, name), api.trialValues(namespace, name)]);
          return { id, experiment, values };
        } catch (failure) {
          return { id, error: (failure as Error).message };
        }
      }),
    ).then((result) => !cancelled && setCompared(result));
    return () => {
      cancelled = true;
    };
  }, [ids.join(',')]);
  useEffect(() => {
    // The newest few hundred are the ones worth comparing against; the list page finds any other.
    api.listExperiments({ sort: 'created', order: 'desc', limit: 500 }).then((list) => setAll(list.items), () => undefined);
  }, []);

  const option = useMemo(
    () => ({
      tooltip: { trigger: 'axis' as const },
      legend: { top: 0 },
      grid: { left: 60, right: 20, top: 40, bottom: 40 },
      xAxis: { type: 'value' as const, name: 'trial', nameLocation: 'middle' as const, nameGap: 25, minInterval: 1 },
      yAxis: { type: 'value' as const, name: 'best so far', scale: true },
      series: compared
        .filter((entry) => entry.values && entry.experiment)
        .map((entry) => ({ name: entry.id, type: 'line' as const, step: 'end' as const, showSymbol: false, data: bestSoFar(entry.values!, entry.experiment!.spec.objective.type === 'minimize') })),
    }),
    [compared],
  );
  const shown = compared.filter((entry) => entry.values && entry.experiment);
  const edfSeries = useMemo(() => shown.map((entry) => ({ name: entry.id, objective: entry.values!.objective })), [compared]);
  const metrics = new Set(shown.map((entry) => entry.experiment!.spec.objective.objectiveMetricName));
  const edfMetric = metrics.size === 1 ? [...metrics][0]! : 'objective';
  const others = all.map((experiment) => `${experiment.metadata.namespace}/${experiment.metadata.name}`).filter((id) => !ids.includes(id));

  return (
    <main>
      <div class="toolbar">
        <h1>Compare experiments</h1>
        <label>
          Add{' '}
          <select name="add" value="" onChange={(event) => navigate(paths.compare([...ids, (event.target as HTMLSelectElement).value]), { replace: true })}>
            <option value="">an experiment…</option>
            {others.map((id) => (
              <option value={id}>{id}</option>
            ))}
          </select>
        </label>
      </div>
      {ids.length < 2 && <p class="muted">Choose at least two experiments to compare.</p>}
      <section aria-labelledby="compare-history-heading">
        <h2 id="compare-history-heading">Best objective so far</h2>
        <Chart option={option} label="Best objective so far of each compared experiment" />
      </section>
      <section aria-labelledby="compare-edf-heading">
        <h2 id="compare-edf-heading">Empirical distribution of the objective</h2>
        <GraphEdf series={edfSeries} metric={edfMetric} />
      </section>
      <div class="scroll">
        <table class="compare">
          <thead>
            <tr>
              <th>Experiment</th>
              <th>Status</th>
              <th>Objective</th>
              <th>Trials</th>
              <th>Best</th>
              <th>Best parameters</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {compared.map((entry) => {
              const [namespace, name] = entry.id.split('/') as [string, string];
              const best = entry.experiment?.status.currentOptimalTrial;
              return (
                <tr>
                  <td>
                    <Link href={paths.experiment(namespace, name)}>{entry.id}</Link>
                  </td>
                  <td>{entry.error ?? (entry.experiment ? experimentState(entry.experiment) : '…')}</td>
                  <td>{entry.experiment ? `${entry.experiment.spec.objective.type} ${entry.experiment.spec.objective.objectiveMetricName}` : ''}</td>
                  <td>{entry.experiment?.status.trials ?? ''}</td>
                  <td>{entry.experiment ? formatNumber(bestObjective(entry.experiment)) : ''}</td>
                  <td>{best?.parameterAssignments.map((assignment) => `${assignment.name}=${assignment.value}`).join(', ')}</td>
                  <td>
                    <button class="link" onClick={() => navigate(paths.compare(ids.filter((id) => id !== entry.id)), { replace: true })}>
                      remove
                    </button>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </main>
  );
}

function bestSoFar(values: TrialValues, minimize: boolean): [number, number][] {
  const line: [number, number][] = [];
  let best: number | undefined;
  values.index.forEach((index, i) => {
    const value = values.objective[i];
    const phase = values.phase[i];
    if (value === null || value === undefined || (phase !== 'Succeeded' && phase !== 'EarlyStopped')) return;
    if (best === undefined || (minimize ? value < best : value > best)) best = value;
    line.push([index, best]);
  });
  return line;
}
