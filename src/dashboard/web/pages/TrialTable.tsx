import { useEffect, useState } from 'preact/hooks';
import { api, type TrialPage } from '../api.js';
import { currentCondition, formatNumber, TRIAL_PHASES } from '../experiment-state.js';
import { Link, paths, setQuery } from '../router.js';

const PAGE_SIZE = 20;

/** The trials, one server-side page at a time; sort, phase and page are in the URL. */
export function TrialTable(props: { url: URL; namespace: string; name: string; metric: string; parameters: string[]; bestTrial?: string; revision: number }) {
  const { url, namespace, name, metric, parameters, bestTrial, revision } = props;
  const sort = url.searchParams.get('sort') === 'objective' ? 'objective' : 'created';
  const order = url.searchParams.get('order') === 'desc' ? 'desc' : 'asc';
  const phase = url.searchParams.get('phase') ?? '';
  const page = Math.max(0, Number(url.searchParams.get('page') ?? 0) || 0);
  const [trials, setTrials] = useState<TrialPage>();
  const [error, setError] = useState<string>();
  useEffect(() => {
    let cancelled = false;
    api.trials(namespace, name, { offset: page * PAGE_SIZE, limit: PAGE_SIZE, sort, order, phase: phase || undefined }).then(
      (result) => !cancelled && (setTrials(result), setError(undefined)),
      (failure: Error) => !cancelled && setError(failure.message),
    );
    return () => {
      cancelled = true;
    };
  }, [namespace, name, sort, order, phase, page, revision]);
  const pages = trials ? Math.max(1, Math.ceil(trials.total / PAGE_SIZE)) : 1;
  const sortBy = (key: 'created' | 'objective') => setQuery({ sort: key, order: sort === key && order === 'asc' ? 'desc' : 'asc', page: undefined });

  return (
    <section aria-labelledby="trials-heading">
      <div class="toolbar">
        <h2 id="trials-heading">Trials</h2>
        <label>
          Phase{' '}
          <select name="phase" value={phase} onChange={(e) => setQuery({ phase: (e.target as HTMLSelectElement).value, page: undefined })}>
            <option value="">all</option>
            {TRIAL_PHASES.map((value) => (
              <option value={value}>{value}</option>
            ))}
          </select>
        </label>
      </div>
      {error && <p class="error" role="alert">{error}</p>}
      <div class="scroll">
        <table class="trials">
          <thead>
            <tr>
              <th aria-sort={sort === 'created' ? (order === 'asc' ? 'ascending' : 'descending') : 'none'}>
                <button class="link" onClick={() => sortBy('created')}>Trial {sort === 'created' ? (order === 'asc' ? '▴' : '▾') : ''}</button>
              </th>
              <th>Phase</th>
              <th aria-sort={sort === 'objective' ? (order === 'asc' ? 'ascending' : 'descending') : 'none'}>
                <button class="link" onClick={() => sortBy('objective')}>{metric} {sort === 'objective' ? (order === 'asc' ? '▴ best first' : '▾') : ''}</button>
              </th>
              {parameters.map((parameter) => (
                <th>{parameter}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {trials?.items.map((trial) => {
              const state = currentCondition(trial.status.conditions);
              const value = trial.status.observation?.metrics.find((entry) => entry.name === metric)?.latest;
              const best = trial.metadata.name === bestTrial;
              return (
                <tr class={best ? 'best' : undefined}>
                  <td>
                    <Link href={paths.trial(namespace, name, trial.metadata.name)}>{trial.metadata.name}</Link>
                    {best && <span class="badge" title="the experiment's current optimal trial"> best</span>}
                  </td>
                  <td title={state?.message}>
                    <span class={`state state-${state?.type}`}>{state?.type}</span>
                  </td>
                  <td>{value === undefined ? '—' : formatNumber(Number(value))}</td>
                  {parameters.map((parameter) => (
                    <td>{trial.spec.parameterAssignments.find((assignment) => assignment.name === parameter)?.value}</td>
                  ))}
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <nav class="pager" aria-label="Trial pages">
        <button disabled={page === 0} onClick={() => setQuery({ page: String(page - 1) })}>
          Previous
        </button>
        <span>
          page {page + 1} of {pages} ({trials?.total ?? 0} trials)
        </span>
        <button disabled={page + 1 >= pages} onClick={() => setQuery({ page: String(page + 1) })}>
          Next
        </button>
      </nav>
    </section>
  );
}
