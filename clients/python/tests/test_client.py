"""The Python client against a real kubetune server (KUBETUNE_SERVER, KUBETUNE_TOKEN), as test/python-client.e2e.ts runs it.

    KUBETUNE_SERVER=http://127.0.0.1:8080 KUBETUNE_TOKEN=... /usr/bin/python3 -m unittest discover -s clients/python/tests
"""
import os
import sys
import unittest
import uuid

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from kubetune import ApiError, Client, ServerUnreachable, search  # noqa: E402


@unittest.skipUnless(os.environ.get("KUBETUNE_SERVER"), "needs a running server: set KUBETUNE_SERVER (and KUBETUNE_TOKEN)")
class ClientTest(unittest.TestCase):
    def setUp(self):
        self.client = Client()
        self.name = f"py-{uuid.uuid4().hex[:8]}"

    def test_tune_finds_the_minimum_with_threads_and_the_rest_reads_it_back(self):
        def objective(p):
            return (p["x"] - 0.3) ** 2 + (0 if p["kind"] == "a" else 1) + 0.01 * p["n"]

        best = self.client.tune(
            objective,
            {"x": search.double(0, 1), "kind": search.categorical(["a", "b"]), "n": search.int(0, 3)},
            name=self.name, algorithm="random", max_trial_count=24, parallel_trial_count=3, progress=False,
        )
        self.assertEqual(best["parameters"]["kind"], "a")
        self.assertLess(best["metrics"]["loss"], 0.2)
        experiment = self.client.wait_for_experiment_condition(self.name, "Succeeded", timeout=30)
        self.assertEqual(experiment["status"]["trials"], 24)
        rows = self.client.list_trials(self.name)
        rows = rows.to_dict("records") if hasattr(rows, "to_dict") else rows
        self.assertEqual(len(rows), 24)
        self.assertTrue(all(row["phase"] == "Succeeded" for row in rows))
        self.assertEqual(min(rows, key=lambda r: r["loss"])["name"], best["trial"])
        log = self.client.get_trial_metrics(self.name, best["trial"])
        self.assertEqual([entry["metric"] for entry in log], ["loss"])
        self.assertAlmostEqual(log[0]["value"], best["metrics"]["loss"])
        # The list is paged by the server; the client follows every page, filters passed through.
        listed = [e["metadata"]["name"] for e in self.client.list_experiments(name=self.name, status="Succeeded")]
        self.assertEqual(listed, [self.name])
        self.assertEqual(self.client.list_experiments(name=self.name, status="Stopped"), [])

        # tune's experiments are LongRunning: the budget can be extended and the search resumes.
        resumed = self.client.edit_experiment_budget(self.name, max_trial_count=26)
        self.assertEqual(resumed["spec"]["maxTrialCount"], 26)
        for trial in self.client.ask(self.name, count=2):
            self.client.report(self.name, trial, {"loss": 5.0}, step=1)
            self.assertFalse(self.client.should_stop(self.name, trial))
            self.client.tell(self.name, trial, {"loss": 4.0})
        self.client.wait_for_experiment_condition(self.name, "Succeeded", timeout=30)
        with self.assertRaises(ApiError) as gone:
            self.client.ask(self.name)
        self.assertEqual(gone.exception.status, 410)
        self.client.delete_experiment(self.name)
        with self.assertRaises(ApiError) as missing:
            self.client.get_experiment(self.name)
        self.assertEqual(missing.exception.status, 404)

    def test_a_failing_objective_fails_its_trial_and_the_search_goes_on(self):
        def objective(p):
            if p["x"] > 0.5:
                raise ValueError("diverged")
            return p["x"]

        best = self.client.tune(objective, {"x": search.double(0, 1)}, name=self.name, max_trial_count=10, max_failed_trial_count=10, progress=False)
        rows = self.client.list_trials(self.name)
        rows = rows.to_dict("records") if hasattr(rows, "to_dict") else rows
        self.assertEqual(len(rows), 10)
        failed = [row for row in rows if row["phase"] == "Failed"]
        self.assertTrue(all(row["x"] > 0.5 for row in failed))
        self.assertLessEqual(best["parameters"]["x"], 0.5)

    def test_an_undeclared_metric_stops_tune_with_the_services_reason(self):
        with self.assertRaises(ApiError) as refused:
            self.client.tune(lambda p: {"loss": p["x"], "accuracy": 1 - p["x"]}, {"x": search.double(0, 1)}, name=self.name, max_trial_count=2, progress=False)
        self.assertEqual(refused.exception.status, 400)
        self.assertTrue(any(line.startswith("metrics.accuracy: not a metric of this experiment") for line in refused.exception.errors), refused.exception.errors)

    def test_refusals_name_their_fields_and_an_absent_server_names_its_url(self):
        with self.assertRaises(ApiError) as refused:
            self.client.create_experiment({"apiVersion": "kubeflow.org/v1beta1", "kind": "Experiment", "metadata": {"name": self.name},
                                           "spec": {"objective": {"type": "minimize", "objectiveMetricName": "loss"}, "algorithm": {"algorithmName": "random"},
                                                    "parallelTrialCount": 0, "parameters": []}})
        self.assertEqual(refused.exception.status, 400)
        self.assertIn("spec.parallelTrialCount: must be at least 1 (got 0)", refused.exception.errors)
        with self.assertRaises(ServerUnreachable) as unreachable:
            Client("http://127.0.0.1:9", token="t").list_experiments()
        self.assertIn("http://127.0.0.1:9", str(unreachable.exception))


if __name__ == "__main__":
    unittest.main()
