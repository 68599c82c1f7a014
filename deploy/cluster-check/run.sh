#!/usr/bin/env bash
# Runs kubetune's Kubernetes executor against a real cluster for the cases its
# API double imitates, and compares what kubetune recorded with `kubectl logs`.
# NOT run in CI (no cluster can run there): run it on a workstation with
# Docker and kind or minikube. Usage:
#   deploy/cluster-check/run.sh kind|minikube      (KUEUE=1 adds the preemption case)
# Prints one PASS/FAIL line per case; exits 1 on any FAIL.
set -euo pipefail

flavour=${1:?usage: run.sh kind|minikube}
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
cluster=kubetune-check
image=kubetune:cluster-check
ns=kubetune-trials
api_port=18080
failures=0

case "$flavour" in
  kind)
    # containerd; a 1 MiB containerLogMaxSize makes a 20,000-line trial rotate its log.
    kind create cluster --name "$cluster" --config "$here/kind-config.yaml"
    docker build -t "$image" "$repo"
    kind load docker-image "$image" --name "$cluster"
    ;;
  minikube)
    # CRI-O stamps every line of one buffered write with the same timestamp.
    minikube start -p "$cluster" --container-runtime=cri-o --extra-config=kubelet.container-log-max-size=1Mi \
      --extra-config=kubelet.container-log-max-files=2
    minikube -p "$cluster" image build -t "$image" "$repo"
    ;;
  *) echo "unknown flavour $flavour: kind or minikube" >&2; exit 2 ;;
esac

kubectl kustomize "$repo/deploy/overlays/production" | sed "s#ghcr.io/kubetune/kubetune:[^ ]*#$image#" | kubectl apply -f -
kubectl -n kubetune set env deployment/kubetune-worker KUBERNETES_CREATE_FAILURE_TIMEOUT_MS=60000 PUBLIC_URL=http://kubetune-api.kubetune:8080
kubectl -n kubetune rollout status deployment/kubetune-api deployment/kubetune-worker --timeout=300s
kubectl -n kubetune port-forward svc/kubetune-api "$api_port:8080" >/dev/null 2>&1 &
forward=$!
trap 'kill $forward 2>/dev/null || true' EXIT
sleep 3
api=http://127.0.0.1:$api_port/api/v1

report() { # name, ok(0|1), detail
  if [ "$2" = 0 ]; then echo "PASS $1 $3"; else echo "FAIL $1 $3"; failures=$((failures + 1)); fi
}

# An experiment of one trial running `python3 -c PROGRAM` (collector: StdOut unless $3 says Push).
submit() { # name, program, collector, extra container fields (JSON), restartPolicy, extra pod spec fields (JSON)
  local name=$1 program=$2 collector=${3:-StdOut} extra=${4:-'{}'} restart=${5:-Never} pod=${6:-'{}'}
  python3 - "$name" "$program" "$collector" "$extra" "$restart" "$pod" <<'PY' | curl -sf -X POST -H 'content-type: application/json' --data-binary @- "$api/experiments?namespace=kubetune-trials" >/dev/null
import json, sys
name, program, collector, extra, restart, pod = sys.argv[1:]
container = {"name": "main", "image": "python:3.12-slim", "command": ["python3", "-c", program, "${trialParameters.x}"]}
container.update(json.loads(extra))
print(json.dumps({
  "apiVersion": "kubeflow.org/v1beta1", "kind": "Experiment",
  "metadata": {"name": name, "namespace": "kubetune-trials"},
  "spec": {
    "objective": {"type": "minimize", "objectiveMetricName": "loss"},
    "algorithm": {"algorithmName": "random"},
    "parallelTrialCount": 1, "maxTrialCount": 1, "maxFailedTrialCount": 1,
    "metricsCollectorSpec": {"collector": {"kind": collector}},
    "parameters": [{"name": "x", "parameterType": "double", "feasibleSpace": {"min": "0", "max": "1"}}],
    "trialTemplate": {"primaryContainerName": "main", "trialParameters": [{"name": "x", "reference": "x"}],
      "trialSpec": {"apiVersion": "batch/v1", "kind": "Job", "spec": {"backoffLimit": 0,
        "template": {"spec": {"restartPolicy": restart, "containers": [container], **json.loads(pod)}}}}}}}))
PY
}

wait_done() { # name → prints the trial name once the experiment has completed
  for _ in $(seq 1 360); do
    if curl -sf "$api/experiments/$1?namespace=$ns" | python3 -c 'import json,sys; c=json.load(sys.stdin)["status"].get("completionTime"); sys.exit(0 if c else 1)'; then
      curl -sf "$api/experiments/$1/trials?namespace=$ns" | python3 -c 'import json,sys; print(json.load(sys.stdin)["items"][0]["metadata"]["name"])'
      return 0
    fi
    sleep 5
  done
  return 1
}

recorded_steps() { # experiment, trial → number of loss observations
  curl -sf "$api/experiments/$1/trials/$2?namespace=$ns" | python3 -c 'import json,sys; print(sum(1 for l in json.load(sys.stdin)["observationLog"]["metricLogs"] if l["metric"]["name"]=="loss"))'
}

trial_phase() { # experiment, trial
  curl -sf "$api/experiments/$1/trials/$2?namespace=$ns" | python3 -c 'import json,sys; print([c["type"] for c in json.load(sys.stdin)["status"]["conditions"] if c["status"]=="True"][-1])'
}

lines20k='import sys
for step in range(20000): print(f"step={step} loss={1/(step+1)}", flush=FLUSH)'

# 1, 2. 20,000 metric lines, unbuffered and block-buffered (rotates at 1 MiB). kubectl logs serves only the
#       current file, so it is the lower bound; kubetune should have all 20,000.
for mode in unbuffered buffered; do
  flush=$([ $mode = unbuffered ] && echo True || echo False)
  submit "check-$mode" "${lines20k//FLUSH/$flush}"
  trial=$(wait_done "check-$mode")
  got=$(recorded_steps "check-$mode" "$trial")
  in_log=$(kubectl -n $ns logs "job/$trial" 2>/dev/null | grep -c '^step=' || true)
  report "$mode-20000-lines" "$([ "$got" = 20000 ] && echo 0 || echo 1)" "(recorded $got, kubectl logs now shows $in_log)"
done

# 3. A crash under OnFailure: the container is restarted in the same pod; both runs' lines are recorded.
# An emptyDir outlives a container restart, so the second run knows it is the second.
submit check-onfailure 'import os, sys
print("step=1 loss=0.9", flush=True)
if not os.path.exists("/scratch/crashed"): open("/scratch/crashed", "w").close(); sys.exit(1)
print("step=2 loss=0.1", flush=True)' StdOut '{"volumeMounts":[{"name":"scratch","mountPath":"/scratch"}]}' OnFailure \
  '{"volumes":[{"name":"scratch","emptyDir":{}}]}'
trial=$(wait_done check-onfailure)
report onfailure-restart "$([ "$(recorded_steps check-onfailure "$trial")" = 3 ] && echo 0 || echo 1)" "(expect 3 loss values over two container runs)"

# 4. A Push trial during which the worker is restarted: the re-attached trial keeps its token and observations.
submit check-push 'import json, os, time, urllib.request
def push(step):
    request = urllib.request.Request(os.environ["KUBETUNE_METRICS_URL"], method="POST",
        data=json.dumps({"metrics": {"loss": 1 / step}, "step": step}).encode(),
        headers={"content-type": "application/json", "authorization": "Bearer " + os.environ["KUBETUNE_TRIAL_TOKEN"]})
    urllib.request.urlopen(request).read()
for step in range(1, 31): push(step); time.sleep(2)' Push
sleep 15
kubectl -n kubetune rollout restart deployment/kubetune-worker
trial=$(wait_done check-push)
report push-across-worker-restart "$([ "$(recorded_steps check-push "$trial")" = 30 ] && [ "$(trial_phase check-push "$trial")" = Succeeded ] && echo 0 || echo 1)" "(expect 30 pushes, Succeeded)"

# 5. A zero-GPU quota: no pod is ever created; the trial fails with the FailedCreate message after the deadline.
kubectl -n $ns create quota check-gpu --hard=requests.nvidia.com/gpu=0
submit check-quota 'print("step=1 loss=1")' StdOut '{"resources":{"limits":{"nvidia.com/gpu":1}}}'
trial=$(wait_done check-quota)
message=$(curl -sf "$api/experiments/check-quota/trials/$trial?namespace=$ns" | python3 -c 'import json,sys; print([c.get("message","") for c in json.load(sys.stdin)["status"]["conditions"] if c["type"]=="Failed"][0])')
kubectl -n $ns delete quota check-gpu
report zero-gpu-quota "$(echo "$message" | grep -q 'FailedCreate: .*exceeded quota' && echo 0 || echo 1)" "($message)"

# 6. Kueue preemption (only with KUEUE=1 and Kueue installed with a LocalQueue "check" in the namespace):
#    a low-priority trial is preempted by a high-priority Job, resumed, and finishes with both runs' lines.
if [ "${KUEUE:-0}" = 1 ]; then
  submit check-kueue 'import time
for step in range(60): print(f"step={step} loss={1/(step+1)}", flush=True); time.sleep(1)'
  sleep 20
  kubectl -n $ns create job check-preemptor --image=busybox -- sleep 30
  kubectl -n $ns label job check-preemptor kueue.x-k8s.io/queue-name=check kueue.x-k8s.io/priority-class=high --overwrite
  trial=$(wait_done check-kueue)
  report kueue-preemption "$([ "$(trial_phase check-kueue "$trial")" = Succeeded ] && echo 0 || echo 1)" "(recorded $(recorded_steps check-kueue "$trial") loss values; at least 60 expected)"
fi

echo "$failures case(s) failed"
[ "$failures" = 0 ]
