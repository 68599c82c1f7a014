"""Reporting metrics from inside a trial kubetune runs (KUBETUNE_METRICS_URL, KUBETUNE_TRIAL_TOKEN)."""
import json
import os
import urllib.error
import urllib.request


class MetricsReportError(RuntimeError):
    def __init__(self, status, message):
        super().__init__(f"kubetune refused the report ({status}): {message}")
        self.status = status


def report_metrics(metrics, step=None, url=None, token=None, timeout=10.0):
    """Sends {name: value} for this trial; `step` is the epoch or step it belongs to."""
    url = url or os.environ.get("KUBETUNE_METRICS_URL")
    token = token or os.environ.get("KUBETUNE_TRIAL_TOKEN")
    if not url or not token:
        raise MetricsReportError(0, "KUBETUNE_METRICS_URL and KUBETUNE_TRIAL_TOKEN are not set: is this running as a kubetune trial?")
    body = {"metrics": metrics}
    if step is not None:
        body["step"] = step
    request = urllib.request.Request(
        url, data=json.dumps(body).encode(), method="POST",
        headers={"content-type": "application/json", "authorization": f"Bearer {token}"},
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return json.loads(response.read() or b"{}")
    except urllib.error.HTTPError as error:
        try:
            message = json.loads(error.read()).get("message", error.reason)
        except ValueError:
            message = error.reason
        raise MetricsReportError(error.code, message) from None
