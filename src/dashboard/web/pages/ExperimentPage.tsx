import { useMemo, useState } from 'preact/hooks';
import { stringify } from 'yaml';
import { api, type Experiment } from '../api.js';
import { GraphContour } from '../charts/GraphContour.js';
import { GraphEdf } from '../charts/GraphEdf.js';
import { GraphHistory } from '../charts/GraphHistory.js';
import { GraphImportance } from '../charts/GraphImportance.js';
import { GraphIntermediateValues } from '../charts/GraphIntermediateValues.js';
import { GraphParallelCoordinate } from '../charts/GraphParallelCoordinate.js';
import { GraphSlice } from '../charts/GraphSlice.js';
import { GraphTimeline } from '../charts/GraphTimeline.js';
import { PHASE_COLOURS } from '../charts/phase-colours.js';
import { age, bestObjective, currentCondition, experimentState, formatNumber, TRIAL_COUNTS } from '../experiment-state.js';
import { useLiveExperiment } from '../hooks/useLiveExperiment.js';
import { Link, navigate, paths } from '../router.js';
import { ConfirmButton } from './ConfirmButton.js';
import { ExperimentNote } from './ExperimentNote.js';
import { TrialTable } from './TrialTable.js';

/** One experiment: overview, charts over every trial's values, the trial table, actions and the stored YAML; live. */
export function ExperimentPage({ url, namespace, name }: { url: URL; namespace: string; name: string }) {
  const live = useLiveExperiment(namespace, name);
  const [actionError, setActionError] = useState<string>();
  const { experiment, values } = live;
  // Log-distributed parameters are read on a log axis, as they were searched. Kept while the parameters
  // are the same: a new set on every live refresh would redraw every chart from scratch.
  const logNames = (experiment?.spec.parameters ?? []).filter((parameter) => /^log/.test(parameter.feasibleSpace.distribution ?? '')).map((parameter) => parameter.name);
  const logScaled = useMemo(() => new Set(logNames), [logNames.join('\n')]);
  if (live.error && !experiment) return <main><p class="error" role="alert">{live.error}</p></main>;
  // The table loads its page from the start, beside the experiment, not after it: the first thing to show.
  const table = (
    <TrialTable
      key="trials"
      url={url}
      namespace={namespace}
      name={name}
      metric={experiment?.spec.objective.objectiveMetricName ?? ''}
      parameters={(experiment?.spec.parameters ?? []).map((parameter) => parameter.name)}
      bestTrial={experiment?.status.currentOptimalTrial?.bestTrialName || undefined}
      revision={live.revision}
    />
  );
  if (!experiment) {
    return (
      <main>
        <p>Loading…</p>
        {table}
      </main>
    );
  }

  const { objective } = experiment.spec;
  const minimize = objective.type === 'minimize';
  const condition = currentCondition(experiment.status.conditions);
  const state = experimentState(experiment);
  const finished = Boolean(experiment.status.completionTime);
  const act = (action: () => Promise<unknown>, then: () => void) =>
    action().then(then, (failure: Error) => setActionError(failure.message));

  return (
    <main>
      <nav class="breadcrumbs" aria-label="Breadcrumbs">
        <Link href={paths.experiments()}>Experiments</Link> / {namespace} / <strong>{name}</strong>
      </nav>
      <div class="toolbar">
        <h1>
          {name} <span class={`state state-${state}`}>{state}</span>
        </h1>
        <span class={live.live ? 'live on' : 'live'} title={live.live ? 'updates arrive as trials change' : 'reconnecting to the change feed'}>
          {live.live ? '● live' : '○ offline'}
        </span>
        <div class="actions">
          <Link class="button" href={paths.compare([`${namespace}/${name}`])}>
            Compare…
          </Link>
          <ConfirmButton label="Stop" question={`Stop ${name}? No new trials start and running trials are killed.`} confirmLabel="Stop experiment" disabled={finished} onConfirm={() => act(() => api.stop(namespace, name), live.refresh)} />
          <ConfirmButton label="Delete" danger question={`Delete ${name} with all its trials and logs? This cannot be undone.`} confirmLabel="Delete experiment" onConfirm={() => act(() => api.remove(namespace, name), () => navigate(paths.experiments()))} />
        </div>
      </div>
      {actionError && <p class="error" role="alert">{actionError}</p>}
      <Overview experiment={experiment} condition={condition} />
      <ExperimentNote namespace={namespace} name={name} />

      {values ? (
        <>
          <section aria-labelledby="history-heading">
            <h2 id="history-heading">Optimization history</h2>
            {values.sampled && <p class="muted small">{values.index.length} of {values.total} trials shown: the best and an even sample of the rest.</p>}
            <GraphHistory values={values} minimize={minimize} metric={objective.objectiveMetricName} />
          </section>
          <div class="two-columns">
            <section aria-labelledby="parallel-heading">
              <h2 id="parallel-heading">Parallel coordinates</h2>
              <GraphParallelCoordinate values={values} metric={objective.objectiveMetricName} minimize={minimize} logScale={logScaled} />
            </section>
            <section aria-labelledby="slice-heading">
              <h2 id="slice-heading">Slice</h2>
              <GraphSlice values={values} metric={objective.objectiveMetricName} logScale={logScaled} />
            </section>
          </div>
          <div class="two-columns">
            <section aria-labelledby="contour-heading">
              <h2 id="contour-heading">Contour</h2>
              <GraphContour values={values} metric={objective.objectiveMetricName} minimize={minimize} logScale={logScaled} />
            </section>
            <section aria-labelledby="edf-heading">
              <h2 id="edf-heading">Empirical distribution</h2>
              <GraphEdf series={[{ name, objective: values.objective }]} metric={objective.objectiveMetricName} />
            </section>
          </div>
          <section aria-labelledby="intermediate-heading">
            <h2 id="intermediate-heading">Intermediate values</h2>
            <GraphIntermediateValues namespace={namespace} name={name} metric={objective.objectiveMetricName} revision={live.revision} />
          </section>
          <div class="two-columns">
            <section aria-labelledby="timeline-heading">
              <h2 id="timeline-heading">Timeline</h2>
              <GraphTimeline values={values} />
            </section>
            <section aria-labelledby="importance-heading">
              <h2 id="importance-heading">Parameter importance</h2>
              <GraphImportance namespace={namespace} name={name} revision={live.revision} />
            </section>
          </div>
        </>
      ) : (
        <p class="muted">Loading charts…</p>
      )}
      {table}
      <details>
        <summary>Stored YAML</summary>
        <pre class="yaml">{storedYaml(experiment)}</pre>
      </details>
    </main>
  );
}

function Overview({ experiment, condition }: { experiment: Experiment; condition?: { reason: string; message: string } }) {
  const { spec, status } = experiment;
  const best = status.currentOptimalTrial;
  const settings = (list?: { name: string; value: string }[]) => (list ?? []).map((entry) => `${entry.name}=${entry.value}`).join(', ');
  return (
    <section class="overview" aria-label="Overview">
      <dl>
        <dt>Status</dt>
        <dd>
          {condition?.reason}: {condition?.message}
        </dd>
        <dt>Objective</dt>
        <dd>
          {spec.objective.type} {spec.objective.objectiveMetricName}
          {spec.objective.goal !== undefined ? `, goal ${spec.objective.goal}` : ''}
        </dd>
        <dt>Best</dt>
        <dd>
          {best?.bestTrialName ? (
            <>
              <Link href={paths.trial(experiment.metadata.namespace, experiment.metadata.name, best.bestTrialName)}>{best.bestTrialName}</Link>: {formatNumber(bestObjective(experiment))} with{' '}
              {best.parameterAssignments.map((assignment) => `${assignment.name}=${assignment.value}`).join(', ')}
            </>
          ) : (
            'none yet'
          )}
        </dd>
        <dt>Budget</dt>
        <dd>
          {status.trials ?? 0} of {spec.maxTrialCount ?? '∞'} trials, {spec.parallelTrialCount ?? 1} at a time, {status.trialsFailed ?? 0} of {spec.maxFailedTrialCount ?? '∞'} failures allowed
        </dd>
        <dt>Algorithm</dt>
        <dd>
          {spec.algorithm.algorithmName} {settings(spec.algorithm.algorithmSettings)}
        </dd>
        <dt>Early stopping</dt>
        <dd>{spec.earlyStopping ? `${spec.earlyStopping.algorithmName} ${settings(spec.earlyStopping.algorithmSettings)}` : 'none'}</dd>
        <dt>Created</dt>
        <dd title={experiment.metadata.creationTimestamp}>{age(experiment.metadata.creationTimestamp)} ago</dd>
      </dl>
      <div class="counts" aria-label="Trials by phase">
        {TRIAL_COUNTS.map(({ key, label, phase }) => (
          <span class="count" style={{ borderColor: PHASE_COLOURS[phase] }}>
            <strong>{String(status[key] ?? 0)}</strong> {label}
          </span>
        ))}
      </div>
    </section>
  );
}

function storedYaml(experiment: Experiment): string {
  const { metadata, spec } = experiment;
  return stringify({ apiVersion: 'kubeflow.org/v1beta1', kind: 'Experiment', metadata: { name: metadata.name, namespace: metadata.namespace }, spec });
}
