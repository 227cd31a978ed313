"""Readers of the lab's shared files, for the tests: tilt/lab.env and lab/profiles.yaml (never copied here)."""

import os

import yaml

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
# Where the tests let scripts/compose-overlay.sh write (git-ignored), never .cache/overlays, which a running
# `tilt up` watches.
TEST_OVERLAY_CACHE = '.cache/test-overlays'


def lab_env():
    """tilt/lab.env as a dict."""
    with open(os.path.join(REPO, 'tilt', 'lab.env')) as handle:
        pairs = [line.split('=', 1) for line in handle.read().splitlines() if line and not line.startswith('#')]
    return {key: value for key, value in pairs}


def profiles():
    """The profiles of lab/profiles.yaml, by id."""
    with open(os.path.join(REPO, 'lab', 'profiles.yaml')) as handle:
        return yaml.safe_load(handle)['profiles']


def conditions():
    """The conditions of lab/profiles.yaml, by id."""
    with open(os.path.join(REPO, 'lab', 'profiles.yaml')) as handle:
        return yaml.safe_load(handle)['conditions']
