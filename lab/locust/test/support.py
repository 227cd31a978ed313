"""Shared helpers of the locustfile tests: paths, free ports, child processes that always end."""

import os
import socket
import subprocess
import sys
import time
import urllib.request

LOCUST_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
LAB_DIR = os.path.dirname(LOCUST_DIR)
REPO_ROOT = os.path.dirname(LAB_DIR)
LOCUSTFILE = os.path.join(LOCUST_DIR, "locustfile.py")
PROFILES_YAML = os.path.join(LAB_DIR, "profiles.yaml")
SERVICE_DIR = os.path.join(REPO_ROOT, "service")
LAB_CLI = os.path.join(LAB_DIR, "dist", "src", "cli", "main.js")
# Debian's interpreter: it has python3-locust and python3-yaml (the pyenv python3 on PATH has neither).
DEBIAN_PYTHON = "/usr/bin/python3"

if LOCUST_DIR not in sys.path:
    sys.path.insert(0, LOCUST_DIR)


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until_ready(url, process, seconds=20):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"{url}: the process exited with {process.returncode} before it was ready")
        try:
            with urllib.request.urlopen(url, timeout=1) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise AssertionError(f"{url} not ready after {seconds} s")


def stop(process):
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def run_locust(host, csv_prefix, env, seconds=60):
    """Runs the locustfile headless under Debian's Locust; returns the CompletedProcess."""
    command = [DEBIAN_PYTHON, "-m", "locust", "--headless", "-f", LOCUSTFILE, "--host", host]
    command += ["--csv", csv_prefix, "--only-summary", "--loglevel", "WARNING"]
    return subprocess.run(
        command, env={**os.environ, **env}, capture_output=True, text=True, timeout=seconds, cwd="/tmp"
    )
