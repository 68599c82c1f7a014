import { useEffect, useState } from 'preact/hooks';
import { api, type Experiment, type TrialValues } from '../api.js';

/** At most one refresh per this interval however fast events come: 10,000 trials finishing must not mean 10,000 refetches. */
const REFRESH_THROTTLE_MS = 500;

export interface LiveExperiment {
  experiment?: Experiment;
  values?: TrialValues;
  error?: string;
  /** Bumped on every refresh, so parts that load their own data (the trial table) reload too. */
  revision: number;
  /** Whether the change feed is connected. */
  live: boolean;
  refresh: () => void;
}

function sameValues(before: TrialValues | undefined, after: TrialValues): boolean {
  if (!before || before.total !== after.total || before.index.length !== after.index.length) return false;
  return after.index.every(
    (index, i) =>
      before.index[i] === index &&
      before.phase[i] === after.phase[i] &&
      before.objective[i] === after.objective[i] &&
      before.startedAt[i] === after.startedAt[i] &&
      before.completedAt[i] === after.completedAt[i],
  );
}

/**
 * The experiment and its trial values, kept fresh by the experiment's change
 * feed (server-sent events): each event schedules one throttled reload of
 * the compact routes, never of every trial.
 */
export function useLiveExperiment(namespace: string, name: string): LiveExperiment {
  const [state, setState] = useState<Omit<LiveExperiment, 'refresh'>>({ revision: 0, live: false });
  const [trigger, setTrigger] = useState(0);

  useEffect(() => {
    let cancelled = false;
    const failed = (failure: Error) => !cancelled && setState((previous) => ({ ...previous, error: failure.message }));
    // One after the other: the small experiment first, so the overview and the trial table (which loads
    // when it arrives) are not queued behind the chart data, which on a large experiment costs the server most.
    api
      .experiment(namespace, name)
      .then((experiment) => {
        if (cancelled) return;
        // Unchanged answers keep the old objects: no chart redraws, no table reload, for a refresh that found nothing new.
        setState((previous) =>
          JSON.stringify(previous.experiment) === JSON.stringify(experiment)
            ? { ...previous, error: undefined }
            : { ...previous, experiment, error: undefined, revision: previous.revision + 1 },
        );
        return api.trialValues(namespace, name).then(
          (values) => !cancelled && setState((previous) => (sameValues(previous.values, values) ? previous : { ...previous, values })),
        );
      })
      .catch(failed);
    return () => {
      cancelled = true;
    };
  }, [namespace, name, trigger]);

  useEffect(() => {
    const events = api.events(namespace, name);
    let timer: ReturnType<typeof setTimeout> | undefined;
    const scheduleRefresh = () => {
      timer ??= setTimeout(() => {
        timer = undefined;
        setTrigger((n) => n + 1);
      }, REFRESH_THROTTLE_MS);
    };
    // On (re)connecting, reload once: whatever changed before the feed was open would otherwise be missed.
    events.onopen = () => {
      setState((previous) => ({ ...previous, live: true }));
      scheduleRefresh();
    };
    events.onerror = () => setState((previous) => ({ ...previous, live: false }));
    events.onmessage = scheduleRefresh;
    return () => {
      clearTimeout(timer);
      events.close();
    };
  }, [namespace, name]);

  return { ...state, refresh: () => setTrigger((n) => n + 1) };
}
