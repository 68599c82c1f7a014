"""kubetune from Python, standard library only.

    from kubetune import Client, search

    client = Client()                      # KUBETUNE_SERVER / KUBETUNE_TOKEN, or the local server's .kubetune/token
    best = client.tune(
        lambda p: train(lr=p["lr"], depth=p["depth"]),    # returns the loss (or {"loss": ..., "accuracy": ...})
        {"lr": search.double(1e-4, 1e-1, log=True), "depth": search.int(2, 8)},
        max_trial_count=30, parallel_trial_count=4,
    )

The same REST API as the CLI and the dashboard (docs/api.md): experiments
written as Katib YAML or dicts, read back in Katib's shapes; `tune` runs an
ask/tell loop in this process against an experiment without a trialTemplate.
"""
from ._client import ApiError, Client, ServerUnreachable
from ._metrics import MetricsReportError, report_metrics
from . import search

__all__ = ["Client", "ApiError", "ServerUnreachable", "report_metrics", "MetricsReportError", "search"]
