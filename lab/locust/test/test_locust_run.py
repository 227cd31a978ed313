"""The locustfile run for real by Debian's Locust: against the real built service (zero failures, every task
played, CSVs the lab's report pipeline accepts and checks), and against a stand-in service whose answers are
wrong or which refuses unmarked traffic (validation fails with the reason)."""

import csv
import json
import os
import subprocess
import sys
import tempfile
import unittest

import yaml

from lab.locust.test import support

BUILD_HINT = "run `npm run build` at the repository root first (the root `npm test` builds before testing)"


def read_stats(prefix):
    with open(prefix + "_stats.csv", newline="") as handle:
        return {row["Name"]: row for row in csv.DictReader(handle)}


def read_failures(prefix):
    with open(prefix + "_failures.csv", newline="") as handle:
        return list(csv.DictReader(handle))


class AgainstTheRealService(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        entry = os.path.join(support.SERVICE_DIR, "dist", "src", "main.js")
        for built in (entry, support.LAB_CLI):
            if not os.path.exists(built):
                raise AssertionError(f"{built} is missing: {BUILD_HINT}")
        port = support.free_port()
        cls.host = f"http://127.0.0.1:{port}"
        env = {**os.environ, "PORT": str(port), "HOST": "127.0.0.1", "OTEL_SDK_DISABLED": "true", "LOG_LEVEL": "warn"}
        cls.service = subprocess.Popen(
            ["node", "--require", "./dist/src/telemetry/register.js", "dist/src/main.js"],
            cwd=support.SERVICE_DIR,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            support.wait_until_ready(cls.host + "/health/ready", cls.service)
        except AssertionError:
            support.stop(cls.service)
            raise

    @classmethod
    def tearDownClass(cls):
        support.stop(cls.service)

    def test_ci_profile_runs_with_zero_failures_and_goes_through_the_report_pipeline(self):
        with tempfile.TemporaryDirectory() as results:
            prefix = os.path.join(results, "locust")  # the results folder's locust_*.csv names
            run = support.run_locust(self.host, prefix, {"LAB_PROFILE": "ci-smoke", "LAB_DURATION_SECONDS": "8"})
            self.assertEqual(run.returncode, 0, run.stderr[-2000:])
            stats = read_stats(prefix)
            total = stats["Aggregated"]
            self.assertGreater(int(total["Request Count"]), 50)
            self.assertEqual(int(total["Failure Count"]), 0, read_failures(prefix))
            self.assertEqual(set(stats) - {"Aggregated"}, {"/predict", "/predict/batch", "/model"})
            self.write_meta(results)
            report = subprocess.run(
                ["node", support.LAB_CLI, "report", results, "--check"], capture_output=True, text=True, timeout=60
            )
            self.assertEqual(report.returncode, 0, report.stdout + report.stderr)
            self.assertIn("consistent with the raw files", report.stdout)
            with open(os.path.join(results, "report.md"), encoding="utf-8") as handle:
                markdown = handle.read()
            self.assertIn(f"{int(total['Request Count']):,}".replace(",", ""), markdown.replace(",", "").replace(" ", ""))

    def test_fixed_count_run_sends_exactly_its_requests(self):
        with tempfile.TemporaryDirectory() as results:
            prefix = os.path.join(results, "locust")
            run = support.run_locust(self.host, prefix, {"LAB_PROFILE": "fixed-100"})
            self.assertEqual(run.returncode, 0, run.stderr[-2000:])
            stats = read_stats(prefix)
            self.assertEqual(set(stats), {"/predict", "Aggregated"})
            self.assertEqual((int(stats["Aggregated"]["Request Count"]), int(stats["Aggregated"]["Failure Count"])), (100, 0))

    def write_meta(self, results):
        """The run's meta.json as `lab run` writes it, for a Locust-only run (no pods were watched)."""
        meta = {
            "schemaVersion": 2,
            "runId": "locustfile-ci",
            "target": "local",
            "profile": {"id": "ci-smoke", "load": {"kind": "users", "stages": [{"users": 20, "spawnRate": 10, "durationSeconds": 8}]}},
            "hpa": {
                "variant": "report-001",
                "spec": {
                    "scaleTargetRef": {"apiVersion": "apps/v1", "kind": "Deployment", "name": "iris"},
                    "minReplicas": 1,
                    "maxReplicas": 1,
                },
            },
            "modelCost": {"modelCostMs": 0, "source": "service default (not set by this test)"},
            "machine": {"cpuModel": "test", "cores": os.cpu_count(), "memoryBytes": 0, "os": sys.platform, "nodeVersion": "n/a"},
            "load": {"kind": "locust"},
            "startedAt": "2026-01-01T00:00:00.000Z",
            "endedAt": "2026-01-01T00:00:08.000Z",
            "status": "completed",
            "missing": [{"part": "pods", "reason": "locustfile test: only the load was recorded"}],
        }
        with open(os.path.join(results, "meta.json"), "w", encoding="utf-8") as handle:
            json.dump(meta, handle)


class AgainstAStandIn(unittest.TestCase):
    def run_against_stub(self, species, delay_seconds=0, env=None):
        port = support.free_port()
        stub_args = [os.path.join(os.path.dirname(__file__), "stub_iris_server.py"), str(port), species, str(delay_seconds)]
        stub = subprocess.Popen([support.DEBIAN_PYTHON, *stub_args])
        try:
            support.wait_until_ready(f"http://127.0.0.1:{port}/health/ready", stub)
            with tempfile.TemporaryDirectory() as results:
                prefix = os.path.join(results, "locust")
                env = {"LAB_PROFILE": "ci-smoke", "LAB_USERS": "5", "LAB_DURATION_SECONDS": "3", **(env or {})}
                run = support.run_locust(f"http://127.0.0.1:{port}", prefix, env)
                return run, read_stats(prefix), read_failures(prefix), port
        finally:
            support.stop(stub)

    def test_marked_traffic_with_known_species_passes(self):
        # The stand-in answers 400 to any request without X-Load-Test and baggage synthetic=true.
        run, stats, failures, _ = self.run_against_stub("versicolor")
        self.assertGreater(int(stats["Aggregated"]["Request Count"]), 0)
        self.assertEqual(failures, [])

    def test_unknown_species_fails_with_the_reason(self):
        run, stats, failures, _ = self.run_against_stub("rose")
        self.assertNotEqual(run.returncode, 0)  # Locust exits 1 when requests failed
        predict = stats["/predict"]
        self.assertEqual(predict["Failure Count"], predict["Request Count"])
        reasons = {(row["Name"], row["Error"]) for row in failures}
        self.assertIn(("/predict", "CatchResponseError(\"unknown species 'rose'\")"), reasons)

    def test_an_answer_later_than_the_conditions_client_timeout_is_a_read_timeout_failure(self):
        # The conditions' clientTimeoutSeconds, from a copy of profiles.yaml with a 0.5 s set (the reports' are 5 s
        # and more); the stand-in answers 1.5 s late, so every request times out. The text is requests' exception
        # as Locust records it, the same the embedded generator writes (lab/src/load/http-session.ts).
        with tempfile.TemporaryDirectory() as folder:
            profiles = os.path.join(folder, "profiles.yaml")
            with open(support.PROFILES_YAML, encoding="utf-8") as handle:
                text = handle.read()
            quick = "conditions:\n  quick:\n    description: a short client timeout\n    clientTimeoutSeconds: 0.5\n"
            with open(profiles, "w", encoding="utf-8") as handle:
                handle.write(text.replace("conditions:\n", quick, 1))
            env = {"LAB_PROFILES_PATH": profiles, "LAB_CONDITIONS": "quick", "LAB_USERS": "2"}
            run, stats, failures, port = self.run_against_stub("versicolor", delay_seconds=1.5, env=env)
        self.assertNotEqual(run.returncode, 0, "Locust exits 1 when requests failed")
        total = stats["Aggregated"]
        self.assertGreater(int(total["Request Count"]), 0)
        self.assertEqual(total["Failure Count"], total["Request Count"])
        expected = f"ReadTimeout(ReadTimeoutError(\"HTTPConnectionPool(host='127.0.0.1', port={port}): Read timed out. (read timeout=0.5)\"))"
        self.assertEqual({row["Error"] for row in failures}, {expected})

    def test_unknown_conditions_are_refused_with_the_known_ids(self):
        run, stats, failures, _ = self.run_against_stub("versicolor", env={"LAB_CONDITIONS": "report-002"})
        with open(support.PROFILES_YAML, encoding="utf-8") as handle:
            known = ", ".join(yaml.safe_load(handle)["conditions"])
        self.assertIn(f"unknown conditions 'report-002'; known: {known}\"", run.stderr)
        self.assertEqual(int(stats["Aggregated"]["Request Count"]), 0)


class AgainstNoServer(unittest.TestCase):
    def test_a_refused_connection_fails_with_its_own_error_not_http_0(self):
        port = support.free_port()  # nothing listens there once the probe socket is closed
        with tempfile.TemporaryDirectory() as results:
            prefix = os.path.join(results, "locust")
            env = {"LAB_PROFILE": "ci-smoke", "LAB_USERS": "2", "LAB_DURATION_SECONDS": "2"}
            run = support.run_locust(f"http://127.0.0.1:{port}", prefix, env)
            failures = read_failures(prefix)
        self.assertNotEqual(run.returncode, 0)
        errors = {row["Error"] for row in failures}
        self.assertTrue(errors, run.stderr[-2000:])
        for error in errors:
            self.assertIn("Connection refused", error)
            self.assertNotIn("HTTP 0", error)


if __name__ == "__main__":
    unittest.main()
