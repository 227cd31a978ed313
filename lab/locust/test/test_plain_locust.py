"""Locust's plain flags work on the locustfile: with no lab profile chosen, a headless run takes -u/-r/-t (the
profile's LoadTestShape is out of the way and so is the fixed-count user); with a profile the shape plays it."""

import csv
import json
import os
import subprocess
import tempfile
import unittest

from lab.locust.test import support

import locustfile  # noqa: E402  (imported after support put lab/locust on sys.path)

LAB_VARIABLES = ("LAB_PROFILE", "LAB_USERS", "LAB_DURATION_SECONDS")

# What Locust itself finds in the locustfile (its own checks), imported by Debian's interpreter as `locust` runs it.
FOUND_BY_LOCUST = """
import json, sys
from locust.util.load_locustfile import is_shape_class, is_user_class
sys.argv = ["locust"] + sys.argv[1:]
import locustfile
found = vars(locustfile).values()
print(json.dumps({"shapes": sorted(c.__name__ for c in found if is_shape_class(c)),
                  "users": sorted(c.__name__ for c in found if is_user_class(c))}))
"""


def without_lab_variables(**extra):
    env = {name: value for name, value in os.environ.items() if name not in LAB_VARIABLES}
    return {**env, **extra}


def found_by_locust(argv, env):
    run = subprocess.run(
        [support.DEBIAN_PYTHON, "-c", FOUND_BY_LOCUST, *argv],
        env={**env, "PYTHONPATH": support.LOCUST_DIR},
        capture_output=True,
        text=True,
        timeout=60,
    )
    if run.returncode != 0:
        raise AssertionError(run.stderr[-2000:])
    return json.loads(run.stdout)


class ShapeOnlyWithAProfile(unittest.TestCase):
    REPORT_USERS = ["HighLoadUser", "IrisPredictionAPIUser", "StressTestUser"]

    def test_headless_without_a_profile_has_no_shape_and_no_fixed_count_user(self):
        found = found_by_locust(["--headless", "-u", "50", "-r", "10", "-t", "1m"], without_lab_variables())
        self.assertEqual(found, {"shapes": [], "users": self.REPORT_USERS})

    def test_a_profile_by_flag_or_variable_keeps_the_shape(self):
        for argv, env in (
            (["--headless", "--lab-profile", "150"], without_lab_variables()),
            (["--headless"], without_lab_variables(LAB_PROFILE="150")),
            ([], without_lab_variables()),  # the web UI: the profile may come later, in POST /swarm
        ):
            with self.subTest(argv=argv, profile=env.get("LAB_PROFILE")):
                found = found_by_locust(argv, env)
                self.assertEqual(found["shapes"], ["LabProfileShape"])
                self.assertIn("FixedCountUser", found["users"])

    def test_plain_run_detection(self):
        plain = locustfile.plain_locust_run
        self.assertTrue(plain(["-f", "locustfile.py", "--headless", "-u", "5"], {}))
        self.assertTrue(plain(["--autostart"], {}))
        self.assertTrue(plain([], {"LOCUST_HEADLESS": "true"}))
        self.assertTrue(plain(["--headless"], {"LAB_PROFILE": ""}))
        self.assertFalse(plain(["--headless", "--lab-profile=demo"], {}))
        self.assertFalse(plain(["--headless"], {"LAB_PROFILE": "demo"}))
        self.assertFalse(plain(["-u", "5"], {}))


class PlainFlagsRun(unittest.TestCase):
    def test_users_spawn_rate_and_run_time_drive_a_headless_run(self):
        port = support.free_port()
        stub = subprocess.Popen(
            [support.DEBIAN_PYTHON, os.path.join(os.path.dirname(__file__), "stub_iris_server.py"), str(port), "setosa"]
        )
        try:
            support.wait_until_ready(f"http://127.0.0.1:{port}/health/ready", stub)
            with tempfile.TemporaryDirectory() as results:
                prefix = os.path.join(results, "locust")
                command = [support.DEBIAN_PYTHON, "-m", "locust", "-f", support.LOCUSTFILE, "--headless"]
                command += ["-u", "4", "-r", "4", "-t", "3s", "--host", f"http://127.0.0.1:{port}"]
                command += ["--csv", prefix, "--only-summary"]
                run = subprocess.run(
                    command, env=without_lab_variables(), capture_output=True, text=True, timeout=60, cwd="/tmp"
                )
                self.assertEqual(run.returncode, 0, run.stderr[-2000:])
                self.assertNotIn("makes no sense to combine --run-time", run.stderr)
                with open(prefix + "_stats.csv", newline="") as handle:
                    stats = {row["Name"]: row for row in csv.DictReader(handle)}
        finally:
            support.stop(stub)
        # The stand-in answers 400 to unmarked requests: zero failures also means plain runs say they are synthetic.
        self.assertGreater(int(stats["Aggregated"]["Request Count"]), 0)
        self.assertEqual(int(stats["Aggregated"]["Failure Count"]), 0)
        self.assertIn("/predict", stats)


if __name__ == "__main__":
    unittest.main()
