import { useEffect, useState } from 'preact/hooks';
import { api, type ExperimentPage } from '../api.js';
import { age, bestObjective, currentCondition, experimentState, formatNumber, TRIAL_COUNTS } from '../experiment-state.js';
import { Link, paths, setQuery } from '../router.js';
import { PHASE_COLOURS } from '../charts/phase-colours.js';

const LIST_REFRESH_MS = 5_000;
const PAGE_SIZES = [10, 20, 50, 100];
const DEFAULT_PAGE_SIZE = 20;
const SORTS = ['created', 'name', 'status'] as const;
type Sort = (typeof SORTS)[number];
/** What the API's status filter takes: an experiment's current condition. */
const STATUSES = ['Running', 'Restarting', 'Succeeded', 'Failed', 'Stopped'];

/**
 * One server-side page of experiments with their state, counts and best value;
 * the filters, sort and page are the URL's query, so every view has its address.
 */
export function ExperimentsPage({ url }: { url: URL }) {
  const namespace = url.searchParams.get('namespace') ?? '';
  const status = url.searchParams.get('status') ?? '';
  const nameFilter = url.searchParams.get('name') ?? '';
  const sort: Sort = (SORTS as readonly string[]).includes(url.searchParams.get('sort') ?? '') ? (url.searchParams.get('sort') as Sort) : 'created';
  // Newest first unless asked otherwise: the experiment just submitted is the one people look for.
  const order = url.searchParams.get('order') === 'asc' ? 'asc' : 'desc';
  const page = Math.max(0, Math.floor(Number(url.searchParams.get('page') ?? 0)) || 0);
  // Any size from 1 to 100 through the URL; the chooser offers the usual ones.
  const perPage = Math.min(100, Math.max(1, Math.floor(Number(url.searchParams.get('per') ?? DEFAULT_PAGE_SIZE)) || DEFAULT_PAGE_SIZE));
  const [list, setList] = useState<ExperimentPage>();
  const [error, setError] = useState<string>();

  useEffect(() => {
    let live = true;
    const load = () =>
      api.listExperiments({ namespace, status, name: nameFilter, sort, order, offset: page * perPage, limit: perPage }).then(
        (result) => live && (setList(result), setError(undefined)),
        (failure: Error) => live && setError(failure.message),
      );
    load();
    const timer = setInterval(load, LIST_REFRESH_MS);
    return () => {
      live = false;
      clearInterval(timer);
    };
  }, [namespace, status, nameFilter, sort, order, page, perPage]);

  const experiments = list?.items;
  const pages = list ? Math.max(1, Math.ceil(list.total / perPage)) : 1;
  // A filter or sort change starts again from the first page.
  const filter = (changes: Record<string, string>) => setQuery({ ...changes, page: undefined });
  const sortHeader = (key: Sort, label: string) => (
    <th aria-sort={sort === key ? (order === 'desc' ? 'descending' : 'ascending') : 'none'}>
      <button class="link" onClick={() => filter({ sort: key, order: sort === key && order === 'desc' ? 'asc' : 'desc' })}>
        {label} {sort === key ? (order === 'desc' ? '▾' : '▴') : ''}
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
      <form class="filters" role="search" aria-label="Filter experiments" onSubmit={(event) => event.preventDefault()}>
        <label>
          Namespace <input name="namespace" value={namespace} placeholder="all" onChange={(e) => filter({ namespace: (e.target as HTMLInputElement).value.trim() })} />
        </label>
        <label>
          Status{' '}
          <select name="status" value={status} onChange={(e) => filter({ status: (e.target as HTMLSelectElement).value })}>
            <option value="">any</option>
            {STATUSES.map((state) => (
              <option value={state}>{state}</option>
            ))}
          </select>
        </label>
        <label>
          Name <input name="name" type="search" value={nameFilter} placeholder="contains" onInput={(e) => filter({ name: (e.target as HTMLInputElement).value })} />
        </label>
      </form>
      {error && <p class="error" role="alert">{error}</p>}
      {!experiments && !error && <p>Loading…</p>}
      {experiments && (
        <div class="scroll">
          <table class="experiments">
            <thead>
              <tr>
                {sortHeader('name', 'Name')}
                <th>Namespace</th>
                {sortHeader('status', 'Status')}
                <th>Algorithm</th>
                <th>Trials</th>
                <th>Best</th>
                <th>Progress</th>
                {sortHeader('created', 'Age')}
              </tr>
            </thead>
            <tbody>
              {experiments.map((experiment) => {
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
        </div>
      )}
      {experiments && experiments.length === 0 && <p class="muted">No experiment matches.</p>}
      <nav class="pager" aria-label="Experiment pages">
        <button disabled={page === 0} onClick={() => setQuery({ page: page > 1 ? String(page - 1) : undefined })}>
          Previous
        </button>
        <span>
          page {page + 1} of {pages} ({list?.total ?? 0} experiments)
        </span>
        <button disabled={page + 1 >= pages} onClick={() => setQuery({ page: String(page + 1) })}>
          Next
        </button>
        <label>
          Per page{' '}
          <select name="per" value={String(perPage)} onChange={(e) => filter({ per: (e.target as HTMLSelectElement).value })}>
            {[...new Set([...PAGE_SIZES, perPage])].sort((a, b) => a - b).map((size) => (
              <option value={String(size)}>{size}</option>
            ))}
          </select>
        </label>
      </nav>
    </main>
  );
}
