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
            "schemaVersion": 1,
            "runId": "locustfile-ci",
            "target": "local",
            "profile": {"name": "ci-smoke", "durationSeconds": 8},
            "hpa": {"variant": "report-001", "spec": {}},
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
    def run_against_stub(self, species):
        port = support.free_port()
        stub = subprocess.Popen([support.DEBIAN_PYTHON, os.path.join(os.path.dirname(__file__), "stub_iris_server.py"), str(port), species])
        try:
            support.wait_until_ready(f"http://127.0.0.1:{port}/health/ready", stub)
            with tempfile.TemporaryDirectory() as results:
                prefix = os.path.join(results, "locust")
                env = {"LAB_PROFILE": "ci-smoke", "LAB_USERS": "5", "LAB_DURATION_SECONDS": "3"}
                run = support.run_locust(f"http://127.0.0.1:{port}", prefix, env)
                return run, read_stats(prefix), read_failures(prefix)
        finally:
            support.stop(stub)

    def test_marked_traffic_with_known_species_passes(self):
        # The stand-in answers 400 to any request without X-Load-Test and baggage synthetic=true.
        run, stats, failures = self.run_against_stub("versicolor")
        self.assertGreater(int(stats["Aggregated"]["Request Count"]), 0)
        self.assertEqual(failures, [])

    def test_unknown_species_fails_with_the_reason(self):
        run, stats, failures = self.run_against_stub("rose")
        self.assertNotEqual(run.returncode, 0)  # Locust exits 1 when requests failed
        predict = stats["/predict"]
        self.assertEqual(predict["Failure Count"], predict["Request Count"])
        reasons = {(row["Name"], row["Error"]) for row in failures}
        self.assertIn(("/predict", "CatchResponseError(\"unknown species 'rose'\")"), reasons)


if __name__ == "__main__":
    unittest.main()
