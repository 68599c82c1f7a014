"""The REST API as a Python class, with Katib SDK-style names."""
import json
import os
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid

DEFAULT_SERVER = "http://127.0.0.1:8080"
DEFAULT_TOKEN_FILE = ".kubetune/token"
TERMINAL_PHASES = ("Succeeded", "Failed", "MetricsUnavailable", "EarlyStopped", "Killed")


class ApiError(Exception):
    """The service refused a request: `status`, its message, and for a bad spec one `errors` line per field."""

    def __init__(self, status, message, errors=None):
        self.status = status
        self.message = message
        self.errors = list(errors or [])
        detail = "".join(f"\n  {line}" for line in self.errors)
        super().__init__(f"{status}: {message}{detail}")


class ServerUnreachable(Exception):
    """Nothing answered at the server's URL."""

    def __init__(self, url, reason):
        super().__init__(f"no kubetune server answered at {url} ({reason})")
        self.url = url


def _local_token():
    path = os.environ.get("KUBETUNE_TOKEN_FILE", DEFAULT_TOKEN_FILE)
    try:
        with open(path, encoding="utf8") as file:
            return file.read().strip() or None
    except OSError:
        return None


class Client:
    """A kubetune server: `url` defaults to KUBETUNE_SERVER, `token` to KUBETUNE_TOKEN or the local server's token file."""

    def __init__(self, url=None, token=None, namespace="default", timeout=30.0):
        self.url = (url or os.environ.get("KUBETUNE_SERVER") or DEFAULT_SERVER).rstrip("/")
        self.token = token or os.environ.get("KUBETUNE_TOKEN") or _local_token()
        self.namespace = namespace
        self.timeout = timeout

    # -- experiments -------------------------------------------------------

    def create_experiment(self, experiment, namespace=None):
        """Submits a Katib Experiment: a dict, YAML or JSON text, or the path of a file holding it."""
        if isinstance(experiment, dict):
            body, content_type = json.dumps(experiment), "application/json"
        else:
            text = str(experiment)
            if "\n" not in text and os.path.isfile(text):
                with open(text, encoding="utf8") as file:
                    text = file.read()
            content_type = "application/json" if text.lstrip().startswith("{") else "application/yaml"
            body = text
        return self._request("POST", "/api/v1/experiments", namespace=namespace, body=body, content_type=content_type)

    def get_experiment(self, name, namespace=None):
        return self._request("GET", f"/api/v1/experiments/{_q(name)}", namespace=namespace)

    def list_experiments(self, namespace=None, name=None, status=None):
        """Every experiment (of one namespace, or all the token may read) in creation order, fetched page by page."""
        items, offset = [], 0
        filters = {key: value for key, value in (("name", name), ("status", status)) if value}
        while offset is not None:
            page = self._request("GET", "/api/v1/experiments", namespace=namespace, query={"offset": offset, "limit": 500, **filters})
            items.extend(page["items"])
            offset = page.get("nextOffset")
        return items

    def delete_experiment(self, name, namespace=None):
        self._request("DELETE", f"/api/v1/experiments/{_q(name)}", namespace=namespace)

    def edit_experiment_budget(self, name, max_trial_count=None, parallel_trial_count=None, max_failed_trial_count=None, namespace=None):
        """Katib's budget edit; resumes a LongRunning/FromVolume experiment that reached maxTrialCount."""
        spec = {
            key: value
            for key, value in (("maxTrialCount", max_trial_count), ("parallelTrialCount", parallel_trial_count), ("maxFailedTrialCount", max_failed_trial_count))
            if value is not None
        }
        return self._request("PATCH", f"/api/v1/experiments/{_q(name)}", namespace=namespace, body=json.dumps({"spec": spec}), content_type="application/merge-patch+json")

    def wait_for_experiment_condition(self, name, condition="Succeeded", namespace=None, timeout=600, polling_interval=1.0):
        """Waits until the experiment's `condition` is True; raises RuntimeError if it completes otherwise, TimeoutError after `timeout` s."""
        deadline = time.monotonic() + timeout
        while True:
            experiment = self.get_experiment(name, namespace)
            live = {c["type"]: c for c in experiment["status"]["conditions"] if c["status"] == "True"}
            if condition in live:
                return experiment
            ended = next((live[c] for c in ("Succeeded", "Failed", "Stopped") if c in live), None)
            if ended is not None:
                raise RuntimeError(f'experiment "{name}" ended {ended["type"]} ({ended["reason"]}) without becoming {condition}')
            if time.monotonic() > deadline:
                raise TimeoutError(f'experiment "{name}" was not {condition} after {timeout} s')
            time.sleep(polling_interval)

    def get_optimal_hyperparameters(self, name, namespace=None):
        """The best trial (Katib's currentOptimalTrial): {"trial", "parameters", "metrics"}; None before any result."""
        optimal = self._request("GET", f"/api/v1/experiments/{_q(name)}/optimal-trial", namespace=namespace)
        if not optimal.get("bestTrialName"):
            return None
        return {
            "trial": optimal["bestTrialName"],
            "parameters": {p["name"]: _number(p["value"]) for p in optimal["parameterAssignments"]},
            "metrics": {m["name"]: _number(m["latest"]) for m in optimal["observation"]["metrics"]},
        }

    # -- trials ------------------------------------------------------------

    def list_trials(self, name, namespace=None, phase=None, sort="created"):
        """Every trial as a row (name, phase, parameters, metrics' latest values): a pandas DataFrame when pandas is installed."""
        rows, offset = [], 0
        while True:
            page = self._request(
                "GET", f"/api/v1/experiments/{_q(name)}/trials", namespace=namespace,
                query={"offset": offset, "limit": 1000, "sort": sort, **({"phase": phase} if phase else {})},
            )
            for trial in page["items"]:
                row = {"name": trial["metadata"]["name"], "phase": _phase(trial)}
                row.update({p["name"]: _number(p["value"]) for p in trial["spec"]["parameterAssignments"]})
                row.update({m["name"]: _number(m["latest"]) for m in trial["status"].get("observation", {}).get("metrics", [])})
                rows.append(row)
            offset += len(page["items"])
            if offset >= page["total"] or not page["items"]:
                break
        try:
            import pandas
        except ImportError:
            return rows
        return pandas.DataFrame(rows)

    def get_trial_metrics(self, name, trial, namespace=None):
        """The trial's observation log: [{"metric", "value", "step"?, "time"}] in order."""
        found = self._request("GET", f"/api/v1/experiments/{_q(name)}/trials/{_q(trial)}", namespace=namespace)
        return [
            {"metric": log["metric"]["name"], "value": _number(log["metric"]["value"]), "time": log["timeStamp"], **({"step": log["step"]} if "step" in log else {})}
            for log in found["observationLog"]["metricLogs"]
        ]

    # -- ask/tell ----------------------------------------------------------

    def ask(self, name, count=1, namespace=None):
        """New trials of an experiment without a trialTemplate: [{"name", "parameters", "token"}]; ApiError 409 while every slot is taken, 410 once it is complete."""
        answer = self._request("POST", f"/api/v1/experiments/{_q(name)}/suggestions", namespace=namespace, body=json.dumps({"count": count}), content_type="application/json")
        return [
            {"name": t["name"], "token": t["token"], "parameters": {p["name"]: _number(p["value"]) for p in t["parameterAssignments"]}}
            for t in answer["trials"]
        ]

    def report(self, name, trial, metrics, step=None, namespace=None):
        """An intermediate value of a trial you run (trial: what `ask` returned)."""
        body = {"metrics": metrics, **({"step": step} if step is not None else {})}
        return self._request("POST", f"/api/v1/experiments/{_q(name)}/trials/{_q(trial['name'])}/metrics", namespace=namespace, body=json.dumps(body), content_type="application/json", token=trial["token"])

    def should_stop(self, name, trial, namespace=None):
        """Asks the experiment's early-stopping rule; True also ends the trial EarlyStopped."""
        return self._request("GET", f"/api/v1/experiments/{_q(name)}/trials/{_q(trial['name'])}/early-stopping", namespace=namespace, token=trial["token"])["shouldStop"]

    def tell(self, name, trial, metrics=None, state="Succeeded", message=None, namespace=None):
        """Completes a trial you ran: its final metrics ({"loss": 0.3}), or state Failed/Infeasible with a message."""
        body = {"state": state, **({"metrics": metrics} if metrics else {}), **({"message": message} if message else {})}
        return self._request("POST", f"/api/v1/experiments/{_q(name)}/trials/{_q(trial['name'])}/complete", namespace=namespace, body=json.dumps(body), content_type="application/json", token=trial["token"])

    def tune(self, objective, parameters, name=None, objective_metric_name="loss", objective_type="minimize", algorithm="random",
             algorithm_settings=None, max_trial_count=20, parallel_trial_count=1, max_failed_trial_count=None, goal=None,
             additional_metric_names=(), namespace=None, progress=True):
        """Tunes `objective(parameters) -> value or {metric: value}` in this process, `parallel_trial_count` calls at a time in threads.

        Creates an experiment without a trialTemplate (resumePolicy LongRunning, so
        `edit_experiment_budget` can extend it) and returns its best trial as
        `get_optimal_hyperparameters` does. An exception in `objective` fails that trial with its message;
        a dict result may carry the metrics named in `additional_metric_names` too.
        """
        name = name or f"tune-{uuid.uuid4().hex[:8]}"
        spec = {
            "objective": {"type": objective_type, "objectiveMetricName": objective_metric_name, "additionalMetricNames": list(additional_metric_names),
                          **({"goal": goal} if goal is not None else {})},
            "algorithm": {"algorithmName": algorithm, "algorithmSettings": [{"name": k, "value": str(v)} for k, v in (algorithm_settings or {}).items()]},
            "parallelTrialCount": parallel_trial_count,
            "maxTrialCount": max_trial_count,
            "resumePolicy": "LongRunning",
            "parameters": [{"name": key, **space} for key, space in parameters.items()],
        }
        if max_failed_trial_count is not None:
            spec["maxFailedTrialCount"] = max_failed_trial_count
        self.create_experiment({"apiVersion": "kubeflow.org/v1beta1", "kind": "Experiment", "metadata": {"name": name}, "spec": spec}, namespace=namespace)
        done = [0]
        failures = []
        lock = threading.Lock()

        def worker():
            try:
                serve()
            except BaseException as error:  # surfaced by tune itself, not lost in the thread
                failures.append(error)

        def serve():
            while True:
                try:
                    [trial] = self.ask(name, namespace=namespace)
                except ApiError as error:
                    if error.status == 410:
                        return
                    if error.status == 409:
                        time.sleep(0.05)
                        continue
                    raise
                try:
                    value = objective(dict(trial["parameters"]))
                except Exception as error:  # the trial failed, the search goes on
                    self.tell(name, trial, state="Failed", message=f"{type(error).__name__}: {error}", namespace=namespace)
                else:
                    metrics = value if isinstance(value, dict) else {objective_metric_name: value}
                    self.tell(name, trial, metrics={k: float(v) for k, v in metrics.items()}, namespace=namespace)
                with lock:
                    done[0] += 1
                    if progress:
                        best = self.get_optimal_hyperparameters(name, namespace)
                        shown = best["metrics"].get(objective_metric_name) if best else None
                        print(f"\r[{done[0]}/{max_trial_count}] {name} best {objective_metric_name}={shown}", end="", file=sys.stderr, flush=True)

        threads = [threading.Thread(target=worker, daemon=True) for _ in range(parallel_trial_count)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        if progress:
            print(file=sys.stderr)
        if failures:
            raise failures[0]
        return self.get_optimal_hyperparameters(name, namespace)

    # -- plumbing ----------------------------------------------------------

    def _request(self, method, path, namespace=None, query=None, body=None, content_type=None, token=None):
        params = {"namespace": namespace or self.namespace, **(query or {})}
        url = f"{self.url}{path}?{urllib.parse.urlencode(params)}"
        headers = {"accept": "application/json"}
        bearer = token or self.token
        if bearer:
            headers["authorization"] = f"Bearer {bearer}"
        if body is not None:
            headers["content-type"] = content_type
        request = urllib.request.Request(url, data=None if body is None else body.encode(), method=method, headers=headers)
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                raw = response.read()
        except urllib.error.HTTPError as error:
            raw = error.read()
            try:
                problem = json.loads(raw)
            except ValueError:
                problem = {"message": raw.decode(errors="replace") or error.reason}
            raise ApiError(error.code, problem.get("message", error.reason), problem.get("errors")) from None
        except (urllib.error.URLError, OSError) as error:
            raise ServerUnreachable(self.url, getattr(error, "reason", error)) from None
        return json.loads(raw) if raw else None


def _q(segment):
    return urllib.parse.quote(segment, safe="")


def _number(text):
    try:
        number = float(text)
    except (TypeError, ValueError):
        return text
    return int(number) if number.is_integer() and "." not in str(text) and "e" not in str(text).lower() else number


def _phase(trial):
    live = [c["type"] for c in trial["status"]["conditions"] if c["status"] == "True"]
    return live[-1] if live else "Created"
