#!/usr/bin/env bash
# Runs kubetune's Kubernetes executor against a real cluster for the cases its
# API double imitates, and compares what kubetune recorded with `kubectl logs`.
# NOT run in CI (no cluster can run there): run it on a workstation with
# Docker, kubectl, python3, curl and kind or minikube. Usage:
#   deploy/cluster-check/run.sh kind        containerd, kubelet containerLogMaxSize 1Mi
#   deploy/cluster-check/run.sh minikube    CRI-O, kubelet container-log-max-size 1Mi
#   KUEUE=1 ... adds the preemption case (installs Kueue $KUEUE_VERSION, default v0.9.1)
#   KEEP=1 ... leaves the cluster up afterwards (default: deleted)
# Prints one PASS/FAIL line per case; exits 1 on any FAIL. Takes about 15 min.
set -euo pipefail

flavour=${1:?usage: run.sh kind|minikube}
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
cluster=kubetune-check
image=kubetune:cluster-check
ns=kubetune-trials
api_port=18080
kueue_version=${KUEUE_VERSION:-v0.9.1}
work=$(mktemp -d)
failures=0

case "$flavour" in
  kind)
    # containerd stamps each line; a 1 MiB containerLogMaxSize makes a 20,000-line trial rotate its log.
    kind create cluster --name "$cluster" --config "$here/kind-config.yaml"
    docker build -t "$image" "$repo"
    kind load docker-image "$image" --name "$cluster"
    delete_cluster() { kind delete cluster --name "$cluster"; }
    ;;
  minikube)
    # CRI-O (conmon) stamps every line of one buffered write with the same timestamp.
    minikube start -p "$cluster" --container-runtime=cri-o --extra-config=kubelet.container-log-max-size=1Mi \
      --extra-config=kubelet.container-log-max-files=2
    minikube -p "$cluster" image build -t "$image" "$repo"
    delete_cluster() { minikube delete -p "$cluster"; }
    ;;
  *) echo "unknown flavour $flavour: kind or minikube" >&2; exit 2 ;;
esac

cleanup() {
  if [ -n "${forward:-}" ]; then kill "$forward" 2>/dev/null || true; fi
  rm -rf "$work"
  if [ "${KEEP:-0}" != 1 ]; then delete_cluster; fi
}
trap cleanup EXIT

# kubetune as deploy/overlays/production deploys it, with the image just built. Refused pods fail a trial
# after 60 s instead of 10 min, so that the quota case ends quickly.
kubectl create namespace kubetune --dry-run=client -o yaml | kubectl apply -f -
if ! kubectl -n kubetune get secret kubetune-admin-token >/dev/null 2>&1; then
  kubectl -n kubetune create secret generic kubetune-admin-token --from-literal=token="$(python3 -c 'import secrets; print(secrets.token_hex(32))')"
fi
token=$(kubectl -n kubetune get secret kubetune-admin-token -o jsonpath='{.data.token}' | base64 -d)
kubectl kustomize "$repo/deploy/overlays/production" | sed "s#ghcr.io/kubetune/kubetune:[^ ]*#$image#" | kubectl apply -f -
kubectl -n kubetune set env deployment/kubetune-worker KUBERNETES_CREATE_FAILURE_TIMEOUT_MS=60000
kubectl -n kubetune rollout status deployment/kubetune-api --timeout=300s
kubectl -n kubetune rollout status deployment/kubetune-worker --timeout=300s
kubectl -n kubetune port-forward svc/kubetune-api "$api_port:8080" >/dev/null 2>&1 &
forward=$!
api=http://127.0.0.1:$api_port/api/v1
for _ in $(seq 1 30); do curl -sf "http://127.0.0.1:$api_port/readyz" >/dev/null && break; sleep 1; done
auth=(-H "authorization: Bearer $token")

report() { # case, status (0 = pass), detail
  if [ "$2" = 0 ]; then echo "PASS $1 $3"; else echo "FAIL $1 $3"; failures=$((failures + 1)); fi
}

# An experiment of one trial, a Job running `python3 -c PROGRAM` in container "main", kept after it ends
# (trialTemplate.retain) so that `kubectl logs` can still be read. OPTIONS (JSON): collector (StdOut),
# container (extra fields), restartPolicy (Never), backoffLimit (0), pod (extra pod spec fields),
# labels (on the trial Job), experimentLabels.
submit() { # name, program, options
  python3 - "$1" "$2" "${3:-"{}"}" <<'PY' | curl -sf "${auth[@]}" -X POST -H 'content-type: application/json' --data-binary @- "$api/experiments?namespace=$ns" >/dev/null
import json, sys
name, program, options = sys.argv[1], sys.argv[2], json.loads(sys.argv[3])
container = {"name": "main", "image": "python:3.12-slim", "command": ["python3", "-c", program, "${trialParameters.x}"]}
container.update(options.get("container", {}))
job = {"apiVersion": "batch/v1", "kind": "Job", "metadata": {"labels": options.get("labels", {})},
       "spec": {"backoffLimit": options.get("backoffLimit", 0),
                "template": {"spec": {"restartPolicy": options.get("restartPolicy", "Never"), "containers": [container], **options.get("pod", {})}}}}
print(json.dumps({
  "apiVersion": "kubeflow.org/v1beta1", "kind": "Experiment",
  "metadata": {"name": name, "namespace": "kubetune-trials", "labels": options.get("experimentLabels", {})},
  "spec": {
    "objective": {"type": "minimize", "objectiveMetricName": "loss"},
    "algorithm": {"algorithmName": "random"},
    "parallelTrialCount": 1, "maxTrialCount": 1, "maxFailedTrialCount": 1,
    "metricsCollectorSpec": {"collector": {"kind": options.get("collector", "StdOut")}},
    "parameters": [{"name": "x", "parameterType": "double", "feasibleSpace": {"min": "0", "max": "1"}}],
    "trialTemplate": {"primaryContainerName": "main", "retain": True,
                      "trialParameters": [{"name": "x", "reference": "x"}], "trialSpec": job}}}))
PY
}

# The experiment's trial: its name once it exists (`first`), or once it has ended (`ended`).
trial_of() { # experiment, first|ended
  for _ in $(seq 1 240); do
    if curl -sf "${auth[@]}" "$api/experiments/$1/trials?namespace=$ns" | python3 -c '
import json, sys
items = json.load(sys.stdin)["items"]
ended = {"Succeeded", "Failed", "EarlyStopped", "MetricsUnavailable", "Killed"}
if items and (sys.argv[1] == "first" or any(c["status"] == "True" and c["type"] in ended for c in items[0]["status"]["conditions"])):
    print(items[0]["metadata"]["name"]); sys.exit(0)
sys.exit(1)' "$2"; then return 0; fi
    sleep 5
  done
  return 1
}

trial_json() { curl -sf "${auth[@]}" "$api/experiments/$1/trials/$2?namespace=$ns"; }

# Waits until a pod of the trial runs (up to 5 min).
wait_running() { # trial
  for _ in $(seq 1 60); do
    if kubectl -n "$ns" get pods -l "kubetune.io/trial=$1" -o jsonpath='{.items[*].status.phase}' | grep -q Running; then return 0; fi
    sleep 5
  done
  return 1
}

# The last true condition of the trial, and its message.
trial_outcome() { # experiment, trial
  trial_json "$1" "$2" | python3 -c 'import json,sys; c=[c for c in json.load(sys.stdin)["status"]["conditions"] if c["status"]=="True"][-1]; print(c["type"], c.get("message",""))'
}

# Every pod's log of the trial's container "main" (the whole current file), plus the instance before the
# last restart with `previous`.
trial_logs() { # trial [previous]
  kubectl -n "$ns" logs -l "kubetune.io/trial=$1" -c main --tail=-1 --max-log-requests=20 --prefix=false 2>/dev/null || true
  if [ "${2:-}" = previous ]; then kubectl -n "$ns" logs -l "kubetune.io/trial=$1" -c main --tail=-1 --previous 2>/dev/null || true; fi
}

# Checks the recorded loss values against the logs (see compare.py for the options).
compare() { # case, experiment, trial, logs file, compare.py options...
  local name=$1 experiment=$2 trial=$3 logs=$4 detail status=0
  shift 4
  trial_json "$experiment" "$trial" >"$work/$trial.json"
  detail=$(python3 "$here/compare.py" "$work/$trial.json" "$logs" "$@") || status=1
  report "$name" "$status" "($detail; $(trial_outcome "$experiment" "$trial"))"
}

# 1, 2. 20,000 metric lines, unbuffered and block-buffered (Python's print through a pipe writes 8 KiB
#       blocks, which CRI-O stamps with one timestamp), over about 45 s so that the kubelet (which checks
#       every 10 s) rotates the log past 1 MiB while it is read. kubectl logs then serves only the current
#       file, a lower bound; kubetune must have all 20,000 values.
lines20k='import time
for step in range(20000):
    print(f"step={step} loss={1/(step+1)}", flush=FLUSH)
    time.sleep(0.002)'
for mode in unbuffered buffered; do
  flush=$([ "$mode" = unbuffered ] && echo True || echo False)
  submit "check-$mode" "${lines20k//FLUSH/$flush}"
  if trial=$(trial_of "check-$mode" ended); then
    trial_logs "$trial" >"$work/$mode.log"
    compare "$mode-20000-lines" "check-$mode" "$trial" "$work/$mode.log" --expect 20000
  else
    report "$mode-20000-lines" 1 "(the trial did not end within 20 min)"
  fi
done

# 3. A crash under restartPolicy OnFailure: the kubelet restarts the container in the same pod (backoffLimit 1
#    lets the Job controller allow that one restart). Both runs' lines are recorded, exactly those of the
#    two logs (`kubectl logs --previous` and the current one). An emptyDir outlives the restart, so the
#    second run knows it is the second.
submit check-onfailure 'import os, sys
print("step=1 loss=0.9", flush=True)
if not os.path.exists("/scratch/crashed"):
    open("/scratch/crashed", "w").close()
    sys.exit(1)
print("step=2 loss=0.1", flush=True)' \
  '{"restartPolicy": "OnFailure", "backoffLimit": 1, "container": {"volumeMounts": [{"name": "scratch", "mountPath": "/scratch"}]},
    "pod": {"volumes": [{"name": "scratch", "emptyDir": {}}]}}'
if trial=$(trial_of check-onfailure ended); then
  trial_logs "$trial" previous >"$work/onfailure.log"
  compare onfailure-restart check-onfailure "$trial" "$work/onfailure.log" --same --expect 3
else
  report onfailure-restart 1 "(the trial did not end within 20 min)"
fi

# 4. A Push trial (30 pushes, 2 s apart) during which both workers are restarted (SIGTERM: they let go of
#    their trials, the new ones re-attach): the trial keeps its token and every pushed value. It prints
#    what it pushed, so the log tells what should have been recorded.
submit check-push 'import json, os, time, urllib.request
def push(step):
    request = urllib.request.Request(os.environ["KUBETUNE_METRICS_URL"], method="POST",
        data=json.dumps({"metrics": {"loss": 1 / step}, "step": step}).encode(),
        headers={"content-type": "application/json", "authorization": "Bearer " + os.environ["KUBETUNE_TRIAL_TOKEN"]})
    urllib.request.urlopen(request).read()
    print(f"pushed step={step} loss={1 / step}", flush=True)
for step in range(1, 31):
    push(step)
    time.sleep(2)' '{"collector": "Push"}'
if trial=$(trial_of check-push first) && wait_running "$trial"; then
  sleep 20
  kubectl -n kubetune rollout restart deployment/kubetune-worker
  kubectl -n kubetune rollout status deployment/kubetune-worker --timeout=300s
  trial_of check-push ended >/dev/null || true
  trial_logs "$trial" >"$work/push.log"
  compare push-across-worker-restart check-push "$trial" "$work/push.log" --same --expect 30
else
  report push-across-worker-restart 1 "(no trial pod ran)"
fi

# 5. A zero-GPU ResourceQuota: no pod asking for a GPU is ever created; the trial fails with the Job's
#    FailedCreate message once KUBERNETES_CREATE_FAILURE_TIMEOUT_MS (60 s here) has passed.
kubectl apply -f "$here/gpu-quota.yaml"
# Quota admission refuses every pod ("status unknown for quota") until the quota controller has filled in its status.
kubectl -n "$ns" wait --for=jsonpath='{.status.hard.requests\.nvidia\.com/gpu}'=0 resourcequota/check-gpu --timeout=60s
submit check-quota 'print("step=1 loss=1")' '{"container": {"resources": {"limits": {"nvidia.com/gpu": 1}}}}'
if trial=$(trial_of check-quota ended); then
  outcome=$(trial_outcome check-quota "$trial")
  pods=$(kubectl -n "$ns" get pods -l "kubetune.io/trial=$trial" -o name | wc -l)
  status=1
  if [[ "$outcome" == Failed*FailedCreate:*"exceeded quota: check-gpu"* ]] && [ "$pods" = 0 ]; then status=0; fi
  report zero-gpu-quota "$status" "($outcome; $pods pods)"
else
  report zero-gpu-quota 1 "(the trial did not end within 20 min)"
fi
kubectl delete -f "$here/gpu-quota.yaml"

# 6. Kueue preemption (KUEUE=1): the trial, queued at low priority in a ClusterQueue with room for one,
#    is evicted by a high-priority Job (Kueue suspends the trial's Job, whose pod is deleted), shows
#    Queued while it waits, and is admitted again once that Job has finished: a new pod runs the program
#    from its first step. The first pod's log went with it; everything the second pod logged is recorded,
#    and so is what the first logged before the preemption (at least 60 + 1 values). backoffLimit 2: the case
#    is about following the new pod, not about whether a Kubernetes version counts the evicted one as failed.
if [ "${KUEUE:-0}" = 1 ]; then
  kubectl apply --server-side -f "https://github.com/kubernetes-sigs/kueue/releases/download/$kueue_version/manifests.yaml"
  kubectl -n kueue-system rollout status deployment/kueue-controller-manager --timeout=300s
  kubectl apply -f "$here/kueue.yaml"
  submit check-kueue 'import time
for step in range(60):
    print(f"step={step} loss={1/(step+1)}", flush=True)
    time.sleep(1)' '{"backoffLimit": 2, "container": {"resources": {"requests": {"cpu": "500m"}}},
    "experimentLabels": {"kueue.x-k8s.io/queue-name": "check"}, "labels": {"kueue.x-k8s.io/priority-class": "check-low"}}'
  if trial=$(trial_of check-kueue first) && wait_running "$trial"; then
    sleep 20
    kubectl apply -f "$here/preemptor.yaml"
    queued=no
    for _ in $(seq 1 30); do
      if trial_json check-kueue "$trial" | grep -q '"reason":"Queued"'; then queued=yes; break; fi
      sleep 1
    done
    trial_of check-kueue ended >/dev/null || true
    trial_logs "$trial" >"$work/kueue.log"
    if [ "$queued" = yes ]; then
      compare kueue-preemption check-kueue "$trial" "$work/kueue.log" --at-least 61
    else
      report kueue-preemption 1 "(the trial never showed Queued after the preemptor was created)"
    fi
    kubectl delete -f "$here/preemptor.yaml" --ignore-not-found
  else
    report kueue-preemption 1 "(no trial pod ran: was it admitted?)"
  fi
fi

echo "$failures case(s) failed"
[ "$failures" = 0 ]
