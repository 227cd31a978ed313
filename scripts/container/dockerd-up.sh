#!/usr/bin/env bash
# Starts a Docker engine in the background for the container tests, unless one already answers.
# Only an engine started here is recorded (pid file), so dockerd-down.sh never stops someone else's daemon.
# Needs root. Log: $DOCKERD_LOG (default /tmp/iris-lab-dockerd.log).
set -euo pipefail

pid_file="${DOCKERD_PID_FILE:-/tmp/iris-lab-dockerd.pid}"
log_file="${DOCKERD_LOG:-/tmp/iris-lab-dockerd.log}"

if docker info >/dev/null 2>&1; then
  echo "dockerd-up: a Docker engine already answers; using it"
  exit 0
fi
command -v dockerd >/dev/null || { echo "dockerd-up: dockerd not found (apt-get install docker.io)" >&2; exit 1; }
nohup dockerd >"$log_file" 2>&1 &
echo $! >"$pid_file"
for _ in $(seq 1 60); do
  if docker info >/dev/null 2>&1; then
    echo "dockerd-up: dockerd $(cat "$pid_file") is up (log: $log_file)"
    exit 0
  fi
  kill -0 "$(cat "$pid_file")" 2>/dev/null || break
  sleep 1
done
echo "dockerd-up: dockerd did not come up; last lines of $log_file:" >&2
tail -n 20 "$log_file" >&2
exit 1
