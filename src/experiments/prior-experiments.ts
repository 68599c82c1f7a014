import { Injectable } from '@nestjs/common';
import type { Caller } from '../auth/caller.js';
import type { ExperimentManifest } from '../domain/experiment-spec.js';
import { combinePriorHistory, priorEntriesOf, type PriorHistory } from '../domain/prior-history.js';
import type { FieldError } from '../katib/spec/field-error.js';
import { priorExperimentErrors } from '../katib/spec/rules/prior-experiments.rules.js';
import { toSearchSpace } from '../katib/spec/search-space.js';
import { ExperimentRepository } from '../storage/experiment.repository.js';
import { TrialRepository } from '../storage/trial.repository.js';

/**
 * Imported trials at most: every suggestion of the experiment hands them all
 * to its algorithm, and the GP's cost grows with its history beyond what a
 * search of this service's size needs.
 */
export const MAX_PRIOR_TRIALS = 10_000;

export type PriorHistoryOutcome = { ok: true; history?: PriorHistory } | { ok: false; errors: FieldError[] };

/**
 * Reads a warm start's prior experiments when an experiment is submitted:
 * each must exist, be readable by the caller and fit (same objectives,
 * parameters and types), or the submission is refused naming it; their
 * ended trials inside the new space become the prior history, stored with
 * the experiment once, so no suggestion ever reads them again.
 */
@Injectable()
export class PriorExperiments {
  constructor(
    private readonly experiments: ExperimentRepository,
    private readonly trials: TrialRepository,
  ) {}

  async resolve(caller: Caller, manifest: ExperimentManifest): Promise<PriorHistoryOutcome> {
    const listed = manifest.spec.priorExperiments ?? [];
    if (listed.length === 0) return { ok: true };
    const { spec, metadata } = manifest;
    const space = toSearchSpace(spec.parameters);
    // An experiment the caller may not read is answered as one that does not exist: its name tells nothing.
    const records = await Promise.all(listed.map((ref) => (caller.may('read', ref.namespace) ? this.experiments.get(ref) : undefined)));
    const errors = listed.flatMap((ref, i) => priorExperimentErrors(i, ref, spec, records[i]?.manifest.spec, metadata));
    if (errors.length > 0) return { ok: false, errors };
    const trialLists = await Promise.all(listed.map((ref) => this.trials.list(ref)));
    const parts = listed.map((prior, i) => ({ prior, ...priorEntriesOf(trialLists[i], space, spec.objective) }));
    const history = combinePriorHistory(parts);
    if (history.status.importedTrials > MAX_PRIOR_TRIALS) {
      return {
        ok: false,
        errors: [{ path: 'spec.priorExperiments', message: `would import ${history.status.importedTrials} trials, more than ${MAX_PRIOR_TRIALS}: name fewer experiments, or narrow the space` }],
      };
    }
    return { ok: true, history };
  }
}
