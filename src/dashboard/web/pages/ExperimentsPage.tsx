import { useEffect, useState } from 'preact/hooks';
import { api, type Experiment } from '../api.js';
import { age, bestObjective, experimentState, formatNumber, currentCondition, TRIAL_COUNTS } from '../experiment-state.js';
import { Link, paths, setQuery } from '../router.js';
import { PHASE_COLOURS } from '../charts/phase-colours.js';

const LIST_REFRESH_MS = 5_000;
const SORTS = ['age', 'name', 'status', 'best'] as const;

/** Every experiment with its state, counts and best value; filters and sort live in the URL. */
export function ExperimentsPage({ url }: { url: URL }) {
  const namespace = url.searchParams.get('namespace') ?? '';
  const status = url.searchParams.get('status') ?? '';
  const nameFilter = url.searchParams.get('name') ?? '';
  const sort = (SORTS as readonly string[]).includes(url.searchParams.get('sort') ?? '') ? url.searchParams.get('sort')! : 'age';
  const descending = url.searchParams.get('order') !== 'asc';
  const [experiments, setExperiments] = useState<Experiment[]>();
  const [error, setError] = useState<string>();

  useEffect(() => {
    let live = true;
    const load = () =>
      api.listExperiments(namespace || undefined).then(
        (list) => live && (setExperiments(list.items), setError(undefined)),
        (failure: Error) => live && setError(failure.message),
      );
    load();
    const timer = setInterval(load, LIST_REFRESH_MS);
    return () => {
      live = false;
      clearInterval(timer);
    };
  }, [namespace]);

  const shown = (experiments ?? [])
    .filter((experiment) => !status || experimentState(experiment) === status)
    .filter((experiment) => !nameFilter || experiment.metadata.name.includes(nameFilter))
    .sort((a, b) => (descending ? -1 : 1) * compare(a, b, sort));
  const sortHeader = (key: string, label: string) => (
    <th aria-sort={sort === key ? (descending ? 'descending' : 'ascending') : 'none'}>
      <button class="link" onClick={() => setQuery({ sort: key, order: sort === key && descending ? 'asc' : 'desc' })}>
        {label} {sort === key ? (descending ? '▾' : '▴') : ''}
      </button>
    </th>
  );

  return (
    <main>
      <div class="toolbar">
        <h1>Experiments</h1>
        <Link class="button primary" href={paths.newExperiment()}>
          New experiment
        </Link>
      </div>
      <form class="filters" onSubmit={(event) => event.preventDefault()}>
        <label>
          Namespace <input name="namespace" value={namespace} placeholder="all" onChange={(e) => setQuery({ namespace: (e.target as HTMLInputElement).value })} />
        </label>
        <label>
          Status{' '}
          <select name="status" value={status} onChange={(e) => setQuery({ status: (e.target as HTMLSelectElement).value })}>
            <option value="">any</option>
            {['Created', 'Running', 'Succeeded', 'Failed', 'Stopped'].map((state) => (
              <option value={state}>{state}</option>
            ))}
          </select>
        </label>
        <label>
          Name <input name="name" value={nameFilter} placeholder="contains" onInput={(e) => setQuery({ name: (e.target as HTMLInputElement).value })} />
        </label>
      </form>
      {error && <p class="error" role="alert">{error}</p>}
      {!experiments && !error && <p>Loading…</p>}
      {experiments && (
        <table class="experiments">
          <thead>
            <tr>
              {sortHeader('name', 'Name')}
              <th>Namespace</th>
              {sortHeader('status', 'Status')}
              <th>Algorithm</th>
              <th>Trials</th>
              {sortHeader('best', 'Best')}
              <th>Progress</th>
              {sortHeader('age', 'Age')}
            </tr>
          </thead>
          <tbody>
            {shown.map((experiment) => {
              const { name, namespace: ns } = experiment.metadata;
              const condition = currentCondition(experiment.status.conditions);
              const max = experiment.spec.maxTrialCount;
              const done = (experiment.status.trialsSucceeded ?? 0) + (experiment.status.trialsFailed ?? 0) + (experiment.status.trialsEarlyStopped ?? 0) + (experiment.status.trialMetricsUnavailable ?? 0) + (experiment.status.trialsKilled ?? 0);
              return (
                <tr>
                  <td>
                    <Link href={paths.experiment(ns, name)}>{name}</Link>
                  </td>
                  <td>{ns}</td>
                  <td title={condition?.message}>
                    <span class={`state state-${experimentState(experiment)}`}>{experimentState(experiment)}</span>
                    <div class="muted small">{condition?.reason}</div>
                  </td>
                  <td>{experiment.spec.algorithm.algorithmName}</td>
                  <td class="counts">
                    {TRIAL_COUNTS.filter(({ key }) => Number(experiment.status[key] ?? 0) > 0).map(({ key, label, phase }) => (
                      <span class="count" style={{ borderColor: PHASE_COLOURS[phase] }} title={label}>
                        {String(experiment.status[key])} {label}
                      </span>
                    ))}
                  </td>
                  <td>{formatNumber(bestObjective(experiment))}</td>
                  <td>
                    {max ? <progress max={max} value={done} aria-label={`${done} of ${max} trials`} /> : null} {done}
                    {max ? ` / ${max}` : ''}
                  </td>
                  <td title={experiment.metadata.creationTimestamp}>{age(experiment.metadata.creationTimestamp)}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      {experiments && shown.length === 0 && <p class="muted">No experiment matches.</p>}
    </main>
  );
}

function compare(a: Experiment, b: Experiment, sort: string): number {
  switch (sort) {
    case 'name':
      return a.metadata.name.localeCompare(b.metadata.name);
    case 'status':
      return experimentState(a).localeCompare(experimentState(b));
    case 'best':
      return (bestObjective(a) ?? -Infinity) - (bestObjective(b) ?? -Infinity);
    default:
      return Date.parse(a.metadata.creationTimestamp) - Date.parse(b.metadata.creationTimestamp);
  }
}
