/**
 * Names a trial may use for its progress, finest first: a line that reports
 * both `epoch=2` and `global_step=1500` is at step 1500.
 */
export const STEP_KEYS = ['step', 'global_step', 'iteration', 'epoch'] as const;
