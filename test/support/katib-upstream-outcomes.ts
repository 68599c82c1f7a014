import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';

/** Unmodified copies of every Experiment under Katib's examples/v1beta1 (see the README there). */
export const KATIB_UPSTREAM_DIR = resolve('test/fixtures/katib-upstream');

/** Katib's own trial-templates ConfigMap, which trial-configmap-source.yaml reads; not an Experiment. */
export const KATIB_TRIAL_TEMPLATES = 'trial-templates-configmap.yaml';

/**
 * What kubetune does with each upstream Experiment submitted unchanged under
 * the local executor: `accepted`, or refused with exactly these errors (each
 * `field.path: message`, as the API's `errors` array gives them). Every
 * refusal names the field, says why and says what to do instead. Where Katib
 * itself refuses the file (`katibRefusesToo`), the reason is Katib's rule.
 * docs/katib-compatibility.md is this table in prose.
 */
export type UpstreamOutcome = 'accepted' | { refused: RegExp[]; katibRefusesToo?: true };

const NAS = (algorithm: string) => [
  new RegExp(`^spec\\.algorithm\\.algorithmName: algorithm "${algorithm}" is not supported yet \\(available: .*random.*\\)$`),
  /^spec\.nasConfig: neural architecture search is not supported; describe the search space in spec\.parameters$/,
  /^spec\.parameters: must list at least one parameter$/,
];

export const UPSTREAM_OUTCOMES: Record<string, UpstreamOutcome> = {
  // argo/
  'argo-workflow.yaml': {
    refused: [/^spec\.trialTemplate\.trialSpec\.kind: an Argo Workflow runs its steps as pods, which the local executor cannot do: run it with EXECUTOR=kubernetes \(and Argo installed\)$/],
  },
  // early-stopping/
  'median-stop.yaml': 'accepted',
  'median-stop-with-json-format.yaml': 'accepted',
  // fpga/
  'xgboost-example.yaml': 'accepted',
  // hp-tuning/
  'bayesian-optimization.yaml': 'accepted',
  'cma-es.yaml': 'accepted',
  'grid.yaml': 'accepted',
  'hyperband.yaml': 'accepted',
  'hyperopt-distribution.yaml': 'accepted',
  'multivariate-tpe.yaml': 'accepted',
  'optuna-distribution.yaml': 'accepted',
  'random.yaml': 'accepted',
  'simple-pbt.yaml': {
    refused: [/^spec\.maxFailedTrialCount: must not exceed spec\.maxTrialCount of 2 \(got 3\)/],
    katibRefusesToo: true,
  },
  'sobol.yaml': 'accepted',
  'tpe.yaml': 'accepted',
  // kubeflow-trainer/
  'trainjob-pytorch.yaml': 'accepted',
  // kubeflow-training-operator/
  'mpijob-horovod.yaml': 'accepted',
  'pytorchjob-mnist.yaml': 'accepted',
  'tfjob-mnist-with-summaries.yaml': 'accepted',
  'xgboostjob-lightgbm.yaml': {
    refused: [
      /^spec\.trialTemplate\.trialSpec\.spec\.xgbReplicaSpecs\.Master\.template\.spec\.containers\[0\]\.command: container "xgboost" has args but no command: .*give the command \(e\.g\. \[python3, train\.py\]\) or run with EXECUTOR=kubernetes$/,
    ],
  },
  // metrics-collector/
  'custom-metrics-collector.yaml': {
    refused: [/^spec\.metricsCollectorSpec\.collector\.kind: a Custom collector is a sidecar container, and the local executor runs no containers: print the metrics \(StdOut\), write them to a file \(File\) or push them \(Push\)$/],
  },
  'file-metrics-collector.yaml': 'accepted',
  'file-metrics-collector-with-json-format.yaml': 'accepted',
  'metrics-collection-strategy.yaml': 'accepted',
  // nas/
  'darts-cpu.yaml': { refused: NAS('darts') },
  'darts-gpu.yaml': { refused: NAS('darts') },
  'enas-cpu.yaml': { refused: NAS('enas') },
  'enas-gpu.yaml': { refused: NAS('enas') },
  // resume-experiment/
  'from-volume-resume.yaml': 'accepted',
  'long-running-resume.yaml': 'accepted',
  // tekton/
  'pipeline-run.yaml': {
    // Upstream's template passes $(trialParameters.lr), never ${trialParameters.learningRate}; Katib's webhook refuses it the same way.
    refused: [/^spec\.trialTemplate\.trialParameters\[0\]\.name: "learningRate" is not used: spec\.trialTemplate\.trialSpec has no \$\{trialParameters\.learningRate\}/],
    katibRefusesToo: true,
  },
  // trial-template/
  'trial-configmap-source.yaml': {
    refused: [/^spec\.trialTemplate\.configMap: ConfigMap-sourced templates need EXECUTOR=kubernetes \(the local executor has no cluster to read them from\)$/],
  },
  'trial-metadata-substitution.yaml': 'accepted',
};

/** What this repository's own examples get under the local executor. */
export const REPOSITORY_EXAMPLE_OUTCOMES: Record<string, UpstreamOutcome> = {
  'examples/quickstart.yaml': 'accepted',
  'examples/grid-local.yaml': 'accepted',
  // Accepted: their trial command runs on this machine (it needs the script there; a GPU request is not enforced).
  'examples/kubernetes/gpu-job.yaml': 'accepted',
  'examples/kubernetes/pytorchjob.yaml': 'accepted',
  'examples/kubernetes/configmap-template.yaml': {
    refused: [/^spec\.trialTemplate\.configMap: ConfigMap-sourced templates need EXECUTOR=kubernetes/],
  },
};

/** The Experiment files in the fixture directory (everything but Katib's ConfigMap). */
export function upstreamExperimentFiles(): string[] {
  return readdirSync(KATIB_UPSTREAM_DIR)
    .filter((file) => file.endsWith('.yaml') && file !== KATIB_TRIAL_TEMPLATES)
    .sort();
}

export const readUpstream = (file: string): string => readFileSync(join(KATIB_UPSTREAM_DIR, file), 'utf8');
export const upstreamName = (file: string): string => (parse(readUpstream(file)) as { metadata: { name: string } }).metadata.name;

const IN_THE_POD = (collector: string, path: string) =>
  new RegExp(
    `^spec\\.metricsCollectorSpec\\.collector\\.kind: ${collector} reads ${path.replace(/[.]/g, '\\.')} inside the trial's pod, which this executor cannot read without a sidecar: on Kubernetes print the metrics \\(StdOut, read from the pod log\\) or push them \\(Push\\)$`,
  );

/**
 * Where EXECUTOR=kubernetes differs from the local table (with Katib's own
 * trial-templates ConfigMap in the cluster); every other file fares the same.
 */
export const KUBERNETES_DIFFERENCES: Record<string, UpstreamOutcome> = {
  'argo-workflow.yaml': 'accepted',
  'xgboostjob-lightgbm.yaml': 'accepted',
  'custom-metrics-collector.yaml': {
    refused: [/^spec\.metricsCollectorSpec\.collector\.kind: a Custom collector sidecar's output does not reach this service: on Kubernetes print the metrics \(StdOut, read from the pod log\) or push them \(Push\)$/],
  },
  'file-metrics-collector.yaml': { refused: [IN_THE_POD('File', '/katib/mnist.log')] },
  'file-metrics-collector-with-json-format.yaml': { refused: [IN_THE_POD('File', '/katib/mnist.json')] },
  'median-stop-with-json-format.yaml': { refused: [IN_THE_POD('File', '/katib/mnist.json')] },
  'tfjob-mnist-with-summaries.yaml': { refused: [IN_THE_POD('TensorFlowEvent', '/mnist-with-summaries-logs/test')] },
  'trial-configmap-source.yaml': {
    // Katib's shipped ConfigMap template takes learningRate and momentum; the example declares learningRate, numberLayers and optimizer.
    refused: [
      /^spec\.trialTemplate\.trialParameters\[1\]\.name: "numberLayers" is not used: .*\[spec\.trialTemplate\.trialSpec is key "defaultTrialTemplate\.yaml" of ConfigMap "trial-templates" in namespace "kubeflow"\]$/,
      /^spec\.trialTemplate\.trialParameters\[2\]\.name: "optimizer" is not used: /,
      /^spec\.trialTemplate\.trialSpec\.spec\.template\.spec\.containers\[0\]\.command\[5\]: \$\{trialParameters\.momentum\} is not declared in spec\.trialTemplate\.trialParameters/,
    ],
    katibRefusesToo: true,
  },
};
