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
   * How long the kubelet may keep failing to pull a trial's image (ErrImagePull,
   * ImagePullBackOff, retried with back-off up to 5 min) before the trial fails.
   */
  KUBERNETES_IMAGE_PULL_TIMEOUT_MS: z.coerce.number().int().min(0).default(600_000),
  /** How long a trial object may stay without pods while the API refuses them (FailedCreate: quota, admission). */
  KUBERNETES_CREATE_FAILURE_TIMEOUT_MS: z.coerce.number().int().min(0).default(600_000),
  /** A pod log stream that brings nothing for this long is resumed (kubelets can stall a stream after log rotation). */
  KUBERNETES_LOG_IDLE_TIMEOUT_MS: z.coerce.number().int().min(1).default(120_000),
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
  /** How many trials one worker process runs at once. */
  TRIAL_CONCURRENCY: z.coerce.number().int().min(1).max(256).default(16),
  /**
   * How long a worker's claim on a running job lasts without renewal; a worker
   * that died is noticed after about this long and its trials restart elsewhere.
   */
  JOB_LOCK_MS: z.coerce.number().int().min(500).default(30_000),
  /** Period of the safety-net sweep that re-reconciles every live experiment. */
  RESYNC_INTERVAL_MS: z.coerce.number().int().min(100).default(10_000),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error', 'silent']).default('info'),
});

export type AppConfig = z.infer<typeof environmentSchema>;

export class ConfigurationError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigurationError';
  }
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const parsed = environmentSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigurationError(
      parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`),
    );
  }
  return parsed.data;
}

export const APP_CONFIG = Symbol('APP_CONFIG');
