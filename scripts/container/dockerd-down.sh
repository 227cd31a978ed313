#!/usr/bin/env bash
# Stops the Docker engine that dockerd-up.sh started (and only that one): SIGTERM, then waits for it to exit.
set -euo pipefail

pid_file="${DOCKERD_PID_FILE:-/tmp/iris-lab-dockerd.pid}"
[[ -f "$pid_file" ]] || { echo "dockerd-down: no engine started by dockerd-up.sh"; exit 0; }
pid="$(cat "$pid_file")"
rm -f "$pid_file"
kill -0 "$pid" 2>/dev/null || { echo "dockerd-down: dockerd $pid already gone"; exit 0; }
kill -TERM "$pid"
# dockerd stops its containers first (10 s each at most) before it exits.
for _ in $(seq 1 60); do
  kill -0 "$pid" 2>/dev/null || { echo "dockerd-down: dockerd $pid stopped"; exit 0; }
  sleep 1
done
echo "dockerd-down: dockerd $pid still running after 60 s" >&2
exit 1
