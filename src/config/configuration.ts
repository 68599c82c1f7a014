import { z } from 'zod';

/**
 * The process environment, read and validated once at boot: a bad value stops
 * the process with a list of what is wrong instead of failing later mid-trial.
 */
const environmentSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  HOST: z.string().min(1).default('127.0.0.1'),
  REDIS_URL: z.string().url().default('redis://127.0.0.1:6379'),
  /** How trials reach the API to push metrics; defaults to where this process listens. */
  PUBLIC_URL: z.string().url().optional(),
  /** `all` serves the API and runs workers in one process (the embedded default). */
  ROLE: z.enum(['all', 'api', 'worker']).default('all'),
  /**
   * `local` runs trials as child processes; `kubernetes` runs them as Jobs (or
   * training-operator jobs) in each experiment's namespace, with credentials
   * from KUBECONFIG, ~/.kube/config or the pod's service account.
   */
  EXECUTOR: z.enum(['local', 'kubernetes']).default('local'),
  /** How long a trial's pod may stay unschedulable before the trial fails. */
  KUBERNETES_UNSCHEDULABLE_TIMEOUT_MS: z.coerce.number().int().min(0).default(300_000),
  /**
   * How long a trial's pod may wait only for GPUs (unschedulable for
   * `Insufficient nvidia.com/gpu`: other trials hold them, or the autoscaler's
   * new node has not advertised them yet) before the trial fails; longer than
   * the unschedulable deadline, since the wait ends by itself.
   */
  KUBERNETES_GPU_WAIT_TIMEOUT_MS: z.coerce.number().int().min(0).default(3_600_000),
  /**
   * How long the kubelet may keep failing to pull a trial's image (ErrImagePull,
   * ImagePullBackOff, retried with back-off up to 5 min) before the trial fails.
   */
  KUBERNETES_IMAGE_PULL_TIMEOUT_MS: z.coerce.number().int().min(0).default(600_000),
  /** How long a trial object may stay without pods while the API refuses them (FailedCreate: quota, admission). */
  KUBERNETES_CREATE_FAILURE_TIMEOUT_MS: z.coerce.number().int().min(0).default(600_000),
  /** A pod log stream that brings nothing for this long is resumed (kubelets can stall a stream after log rotation). */
  KUBERNETES_LOG_IDLE_TIMEOUT_MS: z.coerce.number().int().min(1).default(120_000),
  /**
   * A watch that brings nothing for this long, not even the bookmark the API
   * server sends every minute, is resumed: its connection died without closing.
   */
  KUBERNETES_WATCH_IDLE_TIMEOUT_MS: z.coerce.number().int().min(1).default(150_000),
  /**
   * PBT's checkpoint claim `<experiment>-pbt`, created with the experiment's
   * first trial when it does not exist: its storage request (Katib's default
   * for the suggestion volume, 1Gi), its access mode (every trial of the
   * population mounts it, from any node: ReadWriteMany; ReadWriteOnce only on
   * a one-node cluster) and its storage class (the cluster's default if unset).
   */
  KUBERNETES_PBT_CLAIM_STORAGE: z.string().regex(/^\d+(\.\d+)?(Ki|Mi|Gi|Ti|Pi|Ei|k|M|G|T|P|E)?$/, 'a Kubernetes quantity such as 1Gi or 500Mi').default('1Gi'),
  KUBERNETES_PBT_CLAIM_ACCESS_MODE: z.enum(['ReadWriteMany', 'ReadWriteOnce']).default('ReadWriteMany'),
  KUBERNETES_PBT_CLAIM_STORAGE_CLASS: z.string().min(1).optional(),
  /**
   * GPUs the local executor hands out through CUDA_VISIBLE_DEVICES, as a
   * comma-separated list of device ids ("0,1", or GPU UUIDs); empty means none.
   * Unset: discovered with nvidia-smi.
   */
  LOCAL_GPU_DEVICES: z.string().optional(),
  /** Every Redis key and BullMQ queue lives under this prefix. */
  KEY_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9_.-]+$/, 'letters, digits, "_", "." and "-" only')
    .default('kubetune'),
  /** Where local trials get their private directories (metrics files, scratch). */
  TRIAL_WORK_DIR: z.string().min(1).default('.kubetune/trials'),
  /** How many trials one worker process runs at once (a Kubernetes worker only watches its Jobs, so it can hold many). */
  TRIAL_CONCURRENCY: z.coerce.number().int().min(1).max(1024).default(16),
  /**
   * How long a worker's claim on a running job lasts without renewal; a worker
   * that died is noticed after about this long and its trials restart elsewhere.
   */
  JOB_LOCK_MS: z.coerce.number().int().min(500).default(30_000),
  /**
   * How many reconciles one worker runs at once. A reconcile mostly waits on
   * Redis (and on the suggestion pool), so many can overlap; with hundreds of
   * live experiments a small number would make a freed slot wait for others.
   */
  RECONCILE_CONCURRENCY: z.coerce.number().int().min(1).max(1024).default(64),
  /**
   * Worker threads that run algorithms' suggestions, at most (one is kept
   * warm; more start while all are busy, so a slow bayesianoptimization call
   * never makes a cheap suggestion wait). Unset: twice the CPU count, at least 4.
   */
  SUGGESTION_THREADS: z.coerce.number().int().min(1).max(64).optional(),
  /** Period of the safety-net sweep that re-reconciles every live experiment. */
  RESYNC_INTERVAL_MS: z.coerce.number().int().min(100).default(10_000),
  /**
   * A trial that its caller runs (ask/tell) and that neither reports nor
   * completes for this long is Failed, so its place in the budget is freed.
   */
  CALLER_TRIAL_TIMEOUT_MS: z.coerce.number().int().min(1000).default(600_000),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error', 'silent']).default('info'),
  /**
   * The bootstrap admin token (`*:admin`): from a Secret on a cluster. Unset on
   * a loopback HOST, one is generated into KUBETUNE_TOKEN_FILE at start.
   */
  KUBETUNE_ADMIN_TOKEN: z.string().min(16, 'at least 16 characters (e.g. `openssl rand -hex 32`)').optional(),
  /** Where the generated local token is kept (mode 0600), for the CLI and scripts to find. */
  KUBETUNE_TOKEN_FILE: z.string().min(1).default('.kubetune/token'),
  /** `json`: one JSON object per line, for log pipelines; `pretty`: for a terminal (the demo's default). */
  LOG_FORMAT: z.enum(['json', 'pretty']).default('json'),
});

/** Hosts only this machine can reach: the one case where a token may be generated instead of configured. */
export function isLoopbackHost(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127(\.\d{1,3}){3}$/.test(host);
}

/**
 * An API reachable from other machines must not start open: anyone who
 * reaches the port could run commands through trials. A worker serves only
 * health probes, so it needs no token.
 */
const servingRules = environmentSchema.superRefine((config, context) => {
  if (config.ROLE !== 'worker' && !isLoopbackHost(config.HOST) && !config.KUBETUNE_ADMIN_TOKEN) {
    context.addIssue({
      code: 'custom',
      path: ['KUBETUNE_ADMIN_TOKEN'],
      message: `required when HOST=${config.HOST} serves the API beyond this machine: set KUBETUNE_ADMIN_TOKEN (e.g. \`openssl rand -hex 32\`), or listen on HOST=127.0.0.1`,
    });
  }
});

export type AppConfig = z.infer<typeof environmentSchema>;

export class ConfigurationError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigurationError';
  }
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const parsed = servingRules.safeParse(env);
  if (!parsed.success) {
    throw new ConfigurationError(
      parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`),
    );
  }
  return parsed.data;
}

/** Just where the data lives, for command-line tools that serve nothing. */
export function loadStorageConfig(env: NodeJS.ProcessEnv = process.env): Pick<AppConfig, 'REDIS_URL' | 'KEY_PREFIX'> {
  const parsed = environmentSchema.pick({ REDIS_URL: true, KEY_PREFIX: true }).safeParse(env);
  if (!parsed.success) {
    throw new ConfigurationError(parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`));
  }
  return parsed.data;
}

export const APP_CONFIG = Symbol('APP_CONFIG');
