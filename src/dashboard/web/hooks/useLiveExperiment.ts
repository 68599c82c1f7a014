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
    // Apart, so the overview and the trial table paint before the (larger) chart data has arrived.
    api.experiment(namespace, name).then(
      (experiment) => !cancelled && setState((previous) => ({ ...previous, experiment, error: undefined, revision: previous.revision + 1 })),
      failed,
    );
    api.trialValues(namespace, name).then((values) => !cancelled && setState((previous) => ({ ...previous, values })), failed);
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
