"""The LoadTestShape plays every profile of lab/profiles.yaml (the expected values come from PyYAML's reading
of the file, an oracle independent of the locustfile's own reader), plus validation, shares and inputs."""

import os
import random
import statistics
import types
import unittest
from unittest import mock

import yaml

from lab.locust.test import support

import locustfile  # noqa: E402  (imported after support put lab/locust on sys.path)

with open(support.PROFILES_YAML, encoding="utf-8") as handle:
    ORACLE = yaml.safe_load(handle)


def fake_runner(profile, users=0, requests=0, **options):
    parsed = types.SimpleNamespace(lab_profile=profile, lab_users="", lab_duration="", **options)
    return types.SimpleNamespace(
        environment=types.SimpleNamespace(parsed_options=parsed),
        user_count=users,
        stats=types.SimpleNamespace(total=types.SimpleNamespace(num_requests=requests)),
    )


def shape_at(runner, run_time):
    shape = locustfile.LabProfileShape()
    shape.runner = runner
    shape.reset_time()
    shape.get_run_time = lambda: run_time
    return shape


def tick(profile, run_time, **options):
    return shape_at(fake_runner(profile, **options), run_time).tick()


@mock.patch.dict(os.environ, {"LAB_PROFILE": "", "LAB_USERS": "", "LAB_DURATION_SECONDS": ""})
class ShapePlaysProfiles(unittest.TestCase):
    def expected_mix(self, raw):
        return [(name, weight) for name, weight in raw["userMix"].items()]

    def assert_tick(self, result, users, rate, mix):
        self.assertIsNotNone(result)
        self.assertEqual(result[:2], (users, rate))
        self.assertEqual([(cls.__name__, cls.weight) for cls in result[2]], mix)

    def test_every_single_stage_profile(self):
        played = 0
        for profile_id, raw in ORACLE["profiles"].items():
            if "users" not in raw:
                continue
            with self.subTest(profile=profile_id):
                mix = self.expected_mix(raw)
                self.assert_tick(tick(profile_id, 0), raw["users"], raw["spawnRate"], mix)
                end = raw["durationSeconds"]
                self.assert_tick(tick(profile_id, end - 0.01), raw["users"], raw["spawnRate"], mix)
                self.assertIsNone(tick(profile_id, end))
                played += 1
        self.assertGreaterEqual(played, 4)  # demo, ci-smoke, 150, 300, 500 at least

    def test_staged_run_150_300_500(self):
        raw = ORACLE["profiles"]["staged"]
        self.assertEqual([s["users"] for s in raw["stages"]], [150, 300, 500])
        mix = self.expected_mix(raw)
        boundary = 0
        for stage in raw["stages"]:
            self.assert_tick(tick("staged", boundary), stage["users"], stage["spawnRate"], mix)
            boundary += stage["durationSeconds"]
            self.assert_tick(tick("staged", boundary - 0.01), stage["users"], stage["spawnRate"], mix)
        self.assertIsNone(tick("staged", boundary))

    def test_fixed_count_runs_spawn_all_workers_then_end_when_all_requests_are_counted(self):
        for profile_id in ("fixed-100", "fixed-1000", "fixed-2000"):
            raw = ORACLE["profiles"][profile_id]
            with self.subTest(profile=profile_id):
                workers, requests = raw["workers"], raw["requests"]
                expected = (workers, workers, [locustfile.FixedCountUser])
                self.assertEqual(tick(profile_id, 0), expected)
                self.assertEqual(tick(profile_id, 30, users=workers, requests=requests - 1), expected)
                self.assertIsNone(tick(profile_id, 30, users=workers, requests=requests))

    def test_fixed_count_run_ends_when_every_worker_stopped(self):
        runner = fake_runner("fixed-100")
        shape = shape_at(runner, 0)
        self.assertIsNotNone(shape.tick())  # nobody spawned yet: keep going
        runner.user_count = 5
        self.assertIsNotNone(shape.tick())
        runner.user_count = 0  # every worker has sent its share and stopped
        self.assertIsNone(shape.tick())

    def test_environment_selects_the_profile_and_overrides(self):
        with mock.patch.dict(os.environ, {"LAB_PROFILE": "150", "LAB_USERS": "12", "LAB_DURATION_SECONDS": "8"}):
            self.assertEqual(tick("", 7.9)[:2], (12, ORACLE["profiles"]["150"]["spawnRate"]))
            self.assertIsNone(tick("", 8))

    def test_no_or_unknown_profile_stops_with_nothing_played(self):
        self.assertIsNone(tick("", 0))
        self.assertIsNone(tick("no-such-profile", 0))

    def test_bad_overrides_stop_instead_of_crashing(self):
        self.assertIsNone(shape_with("150", lab_users="x"))
        self.assertIsNone(shape_with("150", lab_duration="0"))
        self.assertIsNone(shape_with("staged", lab_users="10"))


def shape_with(profile, **options):
    runner = fake_runner(profile)
    vars(runner.environment.parsed_options).update(options)
    return shape_at(runner, 0).tick()


class UserClassesFromProfiles(unittest.TestCase):
    def test_think_times_are_the_profiles(self):
        for name, cls in locustfile.USER_CLASSES.items():
            low, high = ORACLE["userClasses"][name]["waitTime"]
            waits = [cls.wait_time(None) for _ in range(500)]
            self.assertGreaterEqual(min(waits), low)
            self.assertLessEqual(max(waits), high)
            self.assertGreater(max(waits) - min(waits), (high - low) * 0.8)

    def test_task_weights_are_the_profiles(self):
        weights = {task.__name__: count for task, count in _count(locustfile.IrisPredictionAPIUser.tasks).items()}
        tasks = ORACLE["tasks"]
        self.assertEqual(weights, {"predict": tasks["predict"], "predict_batch": tasks["predictBatch"], "model_card": tasks["modelCard"]})
        self.assertEqual(locustfile.HighLoadUser.tasks, locustfile.IrisPredictionAPIUser.tasks)
        self.assertEqual([t.__name__ for t in locustfile.FixedCountUser.tasks], ["send_next"])

    def test_fixed_shares_add_up_and_differ_by_at_most_one(self):
        for requests, workers in ((100, 5), (1000, 10), (2000, 20), (7, 3), (2, 5)):
            shares = [locustfile.fixed_share(requests, workers, i) for i in range(workers)]
            self.assertEqual(sum(shares), requests)
            self.assertLessEqual(max(shares) - min(shares), 1)


def _count(tasks):
    counts = {}
    for task in tasks:
        counts[task] = counts.get(task, 0) + 1
    return counts


class Validation(unittest.TestCase):
    def test_prediction_answers(self):
        self.assertIsNone(locustfile.prediction_problem(200, {"species": "virginica"}))
        self.assertEqual(locustfile.prediction_problem(503, {"species": "setosa"}), "HTTP 503, expected 200")
        self.assertEqual(locustfile.prediction_problem(200, {"species": "rose"}), "unknown species 'rose'")
        self.assertEqual(locustfile.prediction_problem(200, None), "unknown species None")

    def test_batch_answers(self):
        good = {"predictions": [{"species": "setosa"}] * 5}
        self.assertIsNone(locustfile.batch_problem(200, good, 5))
        self.assertEqual(locustfile.batch_problem(200, good, 4), "expected 4 predictions")
        bad = {"predictions": [{"species": "setosa"}] * 4 + [{"species": "rose"}]}
        self.assertEqual(locustfile.batch_problem(200, bad, 5), "unknown species 'rose'")
        self.assertEqual(locustfile.batch_problem(500, good, 5), "HTTP 500, expected 200")


class IrisInputs(unittest.TestCase):
    def test_each_species_follows_its_distribution_within_the_observed_range(self):
        rng = random.Random(7)
        drawn = {}
        for _ in range(6000):
            species, flower = locustfile.sample_flower(ORACLE["irisInputs"], rng)
            drawn.setdefault(species, []).append([flower[name] for name in locustfile.FEATURES])
        self.assertEqual(sorted(drawn), ["setosa", "versicolor", "virginica"])
        for species, rows in drawn.items():
            spread = ORACLE["irisInputs"][species]
            self.assertGreater(len(rows), 1700)  # uniform species choice: ~2000 each
            for index in range(4):
                column = [row[index] for row in rows]
                self.assertGreaterEqual(min(column), spread["min"][index])
                self.assertLessEqual(max(column), spread["max"][index])
                self.assertAlmostEqual(statistics.mean(column), spread["mean"][index], delta=spread["sd"][index] * 0.1)


if __name__ == "__main__":
    unittest.main()
