"""Locust load of the Iris Scaling Lab: the reports' user classes and their tasks, and a LoadTestShape that plays
a profile of lab/profiles.yaml (think times, task weights, user mix, stages and fixed-count runs are read from
that file, never written here).

Pick the profile with LAB_PROFILE=<id> or `--lab-profile <id>` (also a field of the web UI form and of the
master's POST /swarm, which passes it on to the workers), and the conditions with LAB_CONDITIONS=<id> or
`--lab-conditions <id>` (default `lab`): their clientTimeoutSeconds is every request's timeout, so a request
over it fails with requests' own ReadTimeout (or ConnectTimeout), recorded by Locust as a failure of its own kind. Locust refuses `--run-time` and ignores `-u/-r` when a
shape is defined, so `lab run --users/--duration` reach the shape as LAB_USERS / LAB_DURATION_SECONDS (or
`--lab-users` / `--lab-duration`), single-stage profiles only. A headless run with no profile is plain Locust:
`locust -f locustfile.py --headless -u 50 -r 10 -t 1m --host ...` plays the reports' three user classes, with
no shape. Runs on Locust 2.12 (Debian's python3-locust, used
by the tests) and 2.43 (the cluster image): it only uses APIs both have.

Report 004's fixed-count runs (N requests over W concurrent workers, load_test.py) map onto Locust as W
FixedCountUser users spawned at once, each sending POST /predict back to back with no think time until its
share of the N requests is sent (N/W each, the remainder to the first users), then stopping itself; the shape
ends the run when N requests are counted or every user has stopped.
"""

import argparse
import logging
import os
import sys

from locust import HttpUser, LoadTestShape, between, constant, events
from locust.exception import StopUser

from iris_inputs import FEATURES, sample_flower
from lab_profiles import DEFAULT_CONDITIONS, client_timeout, load_plan, read_profiles, with_overrides

logger = logging.getLogger(__name__)

HERE = os.path.dirname(os.path.abspath(__file__))
# In the cluster the ConfigMap mounts profiles.yaml next to this file and sets LAB_PROFILES_PATH.
PROFILES_PATH = os.environ.get("LAB_PROFILES_PATH") or os.path.join(HERE, "..", "profiles.yaml")
PROFILES = read_profiles(PROFILES_PATH)
SPECIES = frozenset(PROFILES["irisInputs"])
BATCH_SIZE = 5
TASK_WEIGHTS = PROFILES["tasks"]
if set(TASK_WEIGHTS) != {"predict", "predictBatch", "modelCard"}:
    raise ValueError(f"{PROFILES_PATH}: tasks must be predict, predictBatch and modelCard, not {sorted(TASK_WEIGHTS)}")

# Load traffic says it is synthetic, so traces and logs can tell it from real use: a plain header, and W3C
# baggage that OpenTelemetry propagators carry along the trace. The embedded lab's generator sends the same
# (lab/src/load/synthetic-traffic.ts; its spec compares the two), and the service logs them as synthetic: true.
SYNTHETIC_HEADERS = {"X-Load-Test": "iris-lab", "baggage": "synthetic=true"}


# Our options: (option, environment variable, help). String defaults, never None: Locust's /swarm form only
# updates options whose current value has a type.
LAB_OPTIONS = (
    ("lab_profile", "LAB_PROFILE", "profile id of lab/profiles.yaml to play"),
    ("lab_conditions", "LAB_CONDITIONS", "conditions id of lab/profiles.yaml (client timeout; default lab)"),
    ("lab_users", "LAB_USERS", "override the user count of a single-stage profile"),
    ("lab_duration", "LAB_DURATION_SECONDS", "override the duration (s) of a single-stage profile"),
)


@events.init_command_line_parser.add_listener
def _add_lab_options(parser):
    for name, variable, text in LAB_OPTIONS:
        flag = "--" + name.replace("_", "-")
        parser.add_argument(flag, default=os.environ.get(variable, ""), help=f"{text} (default: ${variable})")


def _lab_option(environment, name, variable):
    options = environment.parsed_options
    return str((getattr(options, name, "") if options else "") or os.environ.get(variable, ""))


def selected_profile(environment):
    return _lab_option(environment, "lab_profile", "LAB_PROFILE")


def selected_client_timeout(environment):
    """The client timeout (s) of the selected conditions; KeyError names the known ids."""
    conditions = _lab_option(environment, "lab_conditions", "LAB_CONDITIONS") or DEFAULT_CONDITIONS
    return client_timeout(PROFILES, conditions)


def _number_option(environment, name, variable):
    text = _lab_option(environment, name, variable)
    if not text:
        return None
    try:
        value = int(text)
    except ValueError:
        raise KeyError(f"{variable} must be a whole number, not {text!r}") from None
    if value < 1:
        raise KeyError(f"{variable} must be at least 1, not {value}")
    return value


def selected_plan(environment):
    """The load plan of the selected profile with the users/duration overrides; KeyError says what is wrong."""
    plan = load_plan(PROFILES, selected_profile(environment))
    users = _number_option(environment, "lab_users", "LAB_USERS")
    duration = _number_option(environment, "lab_duration", "LAB_DURATION_SECONDS")
    return with_overrides(plan, users, duration)


def prediction_problem(status, body):
    """Why a /predict answer is not a good prediction, or None."""
    if status != 200:
        return f"HTTP {status}, expected 200"
    species = body.get("species") if isinstance(body, dict) else None
    if species not in SPECIES:
        return f"unknown species {species!r}"
    return None


def batch_problem(status, body, expected):
    if status != 200:
        return f"HTTP {status}, expected 200"
    predictions = body.get("predictions") if isinstance(body, dict) else None
    if not isinstance(predictions, list) or len(predictions) != expected:
        return f"expected {expected} predictions"
    for prediction in predictions:
        problem = prediction_problem(200, prediction)
        if problem:
            return problem
    return None


def _json(response):
    try:
        return response.json()
    except ValueError:
        return None


def _validate(response, problem):
    """Marks the request failed with the reason (Locust's failures CSV shows it), else successful. A request that
    got no answer (timeout, refused or reset connection) keeps requests' own exception, as Locust records it."""
    error = getattr(response, "error", None)
    if isinstance(error, Exception):
        response.failure(error)
    elif problem:
        response.failure(problem)
    else:
        response.success()


def _between(user_class):
    low, high = PROFILES["userClasses"][user_class]["waitTime"]
    return between(low, high)


class IrisRequests:
    """The requests every user sends, validated. A mixin, not a User: Locust merges the `tasks` of User base
    classes into subclasses, and FixedCountUser must not inherit the weighted tasks."""

    def on_start(self):
        self.client.headers.update(SYNTHETIC_HEADERS)
        self.timeout = selected_client_timeout(self.environment)

    def flower(self):
        return sample_flower(PROFILES["irisInputs"])[1]

    def predict(self):
        with self.client.post(
            "/predict", json=self.flower(), name="/predict", timeout=self.timeout, catch_response=True
        ) as response:
            _validate(response, prediction_problem(response.status_code, _json(response)))

    def predict_batch(self):
        instances = [self.flower() for _ in range(BATCH_SIZE)]
        with self.client.post(
            "/predict/batch",
            json={"instances": instances},
            name="/predict/batch",
            timeout=self.timeout,
            catch_response=True,
        ) as response:
            _validate(response, batch_problem(response.status_code, _json(response), BATCH_SIZE))

    def model_card(self):
        with self.client.get("/model", name="/model", timeout=self.timeout, catch_response=True) as response:
            ok = response.status_code == 200 and isinstance(_json(response), dict)
            _validate(response, None if ok else f"HTTP {response.status_code} or a body that is not JSON")


class IrisPredictionAPIUser(IrisRequests, HttpUser):
    """Normal load (report 001): think time and task weights from lab/profiles.yaml."""

    wait_time = _between("IrisPredictionAPIUser")
    tasks = {
        IrisRequests.predict: TASK_WEIGHTS["predict"],
        IrisRequests.predict_batch: TASK_WEIGHTS["predictBatch"],
        IrisRequests.model_card: TASK_WEIGHTS["modelCard"],
    }


class HighLoadUser(IrisPredictionAPIUser):
    """Aggressive load (report 001)."""

    wait_time = _between("HighLoadUser")


class StressTestUser(IrisPredictionAPIUser):
    """Stress load (report 001)."""

    wait_time = _between("StressTestUser")


USER_CLASSES = {cls.__name__: cls for cls in (IrisPredictionAPIUser, HighLoadUser, StressTestUser)}


def fixed_share(requests, workers, index):
    """Requests the index-th of `workers` users sends so that together they send exactly `requests`."""
    return requests // workers + (1 if index < requests % workers else 0)


class FixedCountUser(IrisRequests, HttpUser):
    """One of report 004's concurrent workers: POST /predict back to back until its share is sent.

    Shares are numbered per Locust process, so with several Locust workers and N not a multiple of W the
    remainder is sent once per process (all of report 004's runs divide evenly)."""

    wait_time = constant(0)
    started = 0

    def on_start(self):
        super().on_start()
        plan = load_plan(PROFILES, selected_profile(self.environment))
        self.quota = fixed_share(plan["requests"], plan["workers"], FixedCountUser.started)
        FixedCountUser.started += 1
        self.sent = 0

    def send_next(self):
        if self.sent >= self.quota:
            raise StopUser()
        self.sent += 1
        self.predict()

    tasks = [send_next]


@events.test_start.add_listener
def _reset_fixed_shares(**_kwargs):
    FixedCountUser.started = 0


def user_classes_for(plan):
    """The profile's user classes with Locust weights set to its userMix (read by the dispatcher at start)."""
    classes = []
    for name, weight in plan["user_mix"].items():
        USER_CLASSES[name].weight = weight
        classes.append(USER_CLASSES[name])
    return classes


def users_tick(plan, run_time):
    """(users, spawn rate, user classes) of the stage running at run_time seconds, None after the last one."""
    stage_end = 0
    for stage in plan["stages"]:
        stage_end += stage["durationSeconds"]
        if run_time < stage_end:
            return stage["users"], stage["spawnRate"], user_classes_for(plan)
    return None


class LabProfileShape(LoadTestShape):
    """Plays the selected profile: its stages one after the other, or a fixed-count run."""

    def reset_time(self):
        super().reset_time()
        self.workers_seen = False

    def tick(self):
        try:
            plan = selected_plan(self.runner.environment)
        except KeyError as error:
            logger.error("no load to play: %s (profile: LAB_PROFILE or --lab-profile)", error)
            return None
        if plan["kind"] == "users":
            return users_tick(plan, self.get_run_time())
        return self.fixed_count_tick(plan)

    def fixed_count_tick(self, plan):
        users = self.runner.user_count
        self.workers_seen = getattr(self, "workers_seen", False) or users >= plan["workers"]
        if self.runner.stats.total.num_requests >= plan["requests"] or (self.workers_seen and users == 0):
            return None
        return plan["workers"], plan["workers"], [FixedCountUser]


def plain_locust_run(argv, environ):
    """Whether this is a headless (or autostarted) run with no profile chosen: Locust's plain -u/-r/-t flags then
    set the load. Read from the command line and LOCUST_* variables before Locust parses them, as Locust itself
    reads -f, because Locust picks up a LoadTestShape while importing this file. The web UI keeps the shape: the
    cluster's master starts with no profile and receives it in POST /swarm."""
    parser = argparse.ArgumentParser(add_help=False, allow_abbrev=False)
    parser.add_argument("--headless", action="store_true")
    parser.add_argument("--autostart", action="store_true")
    parser.add_argument("--lab-profile", default="")
    known, _ = parser.parse_known_args(argv)
    started = known.headless or known.autostart
    started = started or any(environ.get(name, "").lower() == "true" for name in ("LOCUST_HEADLESS", "LOCUST_AUTOSTART"))
    return started and not (known.lab_profile or environ.get("LAB_PROFILE"))


if plain_locust_run(sys.argv[1:], os.environ):
    # Locust finds shapes and users by scanning this module: without the shape it honours -u/-r/-t, and an abstract
    # FixedCountUser is left out (its quota comes from a fixed-count profile).
    del LabProfileShape
    FixedCountUser.abstract = True
