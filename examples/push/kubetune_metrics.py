"""Report metrics to kubetune from inside a trial, in any Python, stdlib only.

kubetune gives every trial KUBETUNE_METRICS_URL and KUBETUNE_TRIAL_TOKEN;
copy this file next to your training script and call:

    from kubetune_metrics import report
    for epoch in range(1, epochs + 1):
        ...
        report({"loss": val_loss, "accuracy": val_acc}, step=epoch)

A refused report raises MetricsReportError with the service's reason (for
example a metric name the experiment does not know, or a trial that already
finished).
"""
import json
import os
import urllib.error
import urllib.request

__all__ = ["report", "MetricsReportError"]


class MetricsReportError(RuntimeError):
    def __init__(self, status, message):
        super().__init__(f"kubetune refused the report ({status}): {message}")
        self.status = status


def report(metrics, step=None, timeout=10.0):
    """Sends {name: value} for this trial; `step` is the epoch or step it belongs to."""
    url = os.environ.get("KUBETUNE_METRICS_URL")
    token = os.environ.get("KUBETUNE_TRIAL_TOKEN")
    if not url or not token:
        raise MetricsReportError(0, "KUBETUNE_METRICS_URL and KUBETUNE_TRIAL_TOKEN are not set: is this running as a kubetune trial?")
    body = {"metrics": metrics}
    if step is not None:
        body["step"] = step
    request = urllib.request.Request(
        url,
        data=json.dumps(body).encode("utf-8"),
        method="POST",
        headers={"content-type": "application/json", "authorization": f"Bearer {token}"},
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return json.loads(response.read() or b"{}")
    except urllib.error.HTTPError as error:
        detail = error.read().decode("utf-8", "replace")
        try:
            detail = json.loads(detail).get("message", detail)
        except ValueError:
            pass
        raise MetricsReportError(error.code, detail) from None
