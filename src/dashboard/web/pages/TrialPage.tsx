import { useEffect, useState } from 'preact/hooks';
import { api, type TrialWithLog } from '../api.js';
import { GraphMetricCurves } from '../charts/GraphMetricCurves.js';
import { currentCondition } from '../experiment-state.js';
import { Link, paths } from '../router.js';

const RELOAD_THROTTLE_MS = 250;

/** One trial: parameters, state, metric curves and the observation log; follows the experiment's change feed while it runs. */
export function TrialPage({ namespace, name, trial }: { namespace: string; name: string; trial: string }) {
  const [data, setData] = useState<TrialWithLog>();
  const [error, setError] = useState<string>();
  const [revision, setRevision] = useState(0);
  const [logs, setLogs] = useState<{ stream: 'stdout' | 'stderr'; line: string }[]>();
  useEffect(() => {
    let cancelled = false;
    api.trial(namespace, name, trial).then(
      (result) => !cancelled && (setData(result), setError(undefined)),
      (failure: Error) => !cancelled && setError(failure.message),
    );
    // The output is secondary: a failure to read it leaves the rest of the page as it is.
    api.trialLogs(namespace, name, trial).then(
      (result) => !cancelled && setLogs(result.lines),
      () => undefined,
    );
    return () => {
      cancelled = true;
    };
  }, [namespace, name, trial, revision]);
  const running = data ? !data.status.completionTime : true;
  useEffect(() => {
    if (!running) return;
    // Phase changes come from the experiment's feed, new metrics from the trial's own; a burst is one reload.
    const feeds = [api.events(namespace, name), api.trialEvents(namespace, name, trial)];
    let timer: ReturnType<typeof setTimeout> | undefined;
    const reload = () => {
      timer ??= setTimeout(() => {
        timer = undefined;
        setRevision((n) => n + 1);
      }, RELOAD_THROTTLE_MS);
    };
    for (const feed of feeds) feed.onmessage = reload;
    return () => {
      clearTimeout(timer);
      for (const feed of feeds) feed.close();
    };
  }, [namespace, name, trial, running]);

  if (error && !data) return <main><p class="error" role="alert">{error}</p></main>;
  if (!data) return <main><p>Loading…</p></main>;
  const state = currentCondition(data.status.conditions);
  return (
    <main>
      <nav class="breadcrumbs" aria-label="Breadcrumbs">
        <Link href={paths.experiments()}>Experiments</Link> / <Link href={paths.experiment(namespace, name)}>{name}</Link> / <strong>{trial}</strong>
      </nav>
      <h1>
        {trial} <span class={`state state-${state?.type}`}>{state?.type}</span>
      </h1>
      <section class="overview" aria-label="Trial state">
        <dl>
          <dt>Reason</dt>
          <dd>{state?.reason}</dd>
          <dt>Message</dt>
          <dd>{state?.message}</dd>
          <dt>Started</dt>
          <dd>{data.status.startTime ?? '—'}</dd>
          <dt>Completed</dt>
          <dd>{data.status.completionTime ?? '—'}</dd>
        </dl>
        <table class="parameters">
          <caption>Parameters</caption>
          <tbody>
            {data.spec.parameterAssignments.map((assignment) => (
              <tr>
                <th scope="row">{assignment.name}</th>
                <td>{assignment.value}</td>
              </tr>
            ))}
            {data.status.observation?.metrics.map((metric) => (
              <tr>
                <th scope="row">{metric.name}</th>
                <td>
                  latest {metric.latest}, min {metric.min}, max {metric.max}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <section aria-labelledby="curves-heading">
        <h2 id="curves-heading">Metric curves</h2>
        <GraphMetricCurves trial={data} />
      </section>
      <section aria-labelledby="output-heading">
        <h2 id="output-heading">Output</h2>
        {logs && logs.length > 0 ? (
          <pre class="scroll tall output" aria-label="What the trial printed, its last 500 lines">
            {logs.map(({ stream, line }) => (stream === 'stderr' ? `! ${line}\n` : `${line}\n`)).join('')}
          </pre>
        ) : (
          <p>{logs ? 'The trial has printed nothing yet.' : 'Loading…'}</p>
        )}
      </section>
      <section aria-labelledby="log-heading">
        <h2 id="log-heading">Observation log</h2>
        <div class="scroll tall">
          <table class="observations">
            <thead>
              <tr>
                <th>Time</th>
                <th>Step</th>
                <th>Metric</th>
                <th>Value</th>
              </tr>
            </thead>
            <tbody>
              {data.observationLog.metricLogs.map((log) => (
                <tr>
                  <td>{log.timeStamp}</td>
                  <td>{log.step ?? ''}</td>
                  <td>{log.metric.name}</td>
                  <td>{log.metric.value}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
    </main>
  );
}
