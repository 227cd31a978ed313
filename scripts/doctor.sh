#!/usr/bin/env bash
# Preflight of the kind lab (`make doctor`; `make lab-up` runs it first). It only looks: it never installs,
# configures or starts anything. Every failed check prints what to do about it; exit status 1 if any failed.
#
# Usage: scripts/doctor.sh [CHECK...]   CHECK: docker tools resources inotify ports context (default: all)
# Requirements (cluster name, minimum versions, CPU, memory, inotify) come from tilt/lab.env.
set -uo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source-path=SCRIPTDIR/..
source "$ROOT/tilt/lab.env"
# Seams for the tests (tilt/test/test_doctor.py): where kernel settings, memory and kind's port mappings are read.
PROC_SYS="${DOCTOR_PROC_SYS:-/proc/sys}"
MEMINFO="${DOCTOR_MEMINFO:-/proc/meminfo}"
KIND_CONFIG="${DOCTOR_KIND_CONFIG:-$ROOT/kind-config.yaml}"

failures=0
ok() { printf '  ok    %s\n' "$1"; }
fail() {
  printf '  FAIL  %s\n        fix: %s\n' "$1" "$2"
  failures=$((failures + 1))
}
has() { command -v "$1" >/dev/null 2>&1; }
semver() { grep -oE '[0-9]+\.[0-9]+\.[0-9]+' | head -n 1; }
# True when version $1 >= $2 (sort -V orders dotted versions numerically).
at_least() { [ "$(printf '%s\n%s\n' "$1" "$2" | sort -V | head -n 1)" = "$2" ]; }
cluster_exists() { has kind && kind get clusters 2>/dev/null | grep -qx "$KIND_CLUSTER"; }

check_docker() {
  if ! has docker; then
    fail "docker is not installed" "install Docker Engine or Docker Desktop (https://docs.docker.com/get-docker/)"
  elif ! docker info >/dev/null 2>&1; then
    fail "Docker is not running (docker info failed)" \
      "start it: Docker Desktop, or 'sudo systemctl start docker'; if it runs, add yourself to the docker group"
  else
    ok "Docker is running"
  fi
}

check_tool() { # name, minimum, version command...
  local name="$1" min="$2" have
  shift 2
  if ! has "$name"; then
    fail "$name is not installed (need >= $min)" "install $name $min or newer: see README, 'Run the lab on kind'"
    return
  fi
  have="$("$@" 2>/dev/null | semver)"
  if [ -z "$have" ]; then
    fail "cannot read the version of $name ('$*')" "check that '$*' works; $name >= $min is required"
  elif at_least "$have" "$min"; then
    ok "$name $have (>= $min)"
  else
    fail "$name $have is older than $min" "upgrade $name to $min or newer"
  fi
}

check_tools() {
  check_tool kind "$KIND_MIN_VERSION" kind version
  check_tool tilt "$TILT_MIN_VERSION" tilt version
  check_tool kubectl "$KUBECTL_MIN_VERSION" kubectl version --client
}

# CPU and memory as Docker sees them (on macOS and Windows that is Docker Desktop's VM, not the host).
check_resources() {
  local info cpus mem_bytes mem_gib avail_kib
  if ! info="$(docker info --format '{{.NCPU}} {{.MemTotal}}' 2>/dev/null)"; then
    fail "cannot read CPU and memory from Docker" "start Docker first (see the Docker check)"
    return
  fi
  read -r cpus mem_bytes <<<"$info"
  if [ "${cpus:-0}" -ge "$LAB_MIN_CPUS" ]; then
    ok "Docker has $cpus CPUs (>= $LAB_MIN_CPUS)"
  else
    fail "Docker has ${cpus:-0} CPUs, the lab needs $LAB_MIN_CPUS" \
      "give Docker more CPUs (Docker Desktop: Settings > Resources) or use a bigger machine"
  fi
  mem_gib=$(((${mem_bytes:-0} + 536870912) / 1073741824))
  if [ "$mem_gib" -ge "$LAB_MIN_MEMORY_GIB" ]; then
    ok "Docker has ${mem_gib} GiB of memory (>= $LAB_MIN_MEMORY_GIB)"
  else
    fail "Docker has ${mem_gib} GiB of memory, the lab needs $LAB_MIN_MEMORY_GIB GiB" \
      "give Docker more memory (Docker Desktop: Settings > Resources)"
  fi
  if [ -r "$MEMINFO" ]; then
    avail_kib="$(grep -E '^MemAvailable:' "$MEMINFO" | grep -oE '[0-9]+')"
    if [ $((${avail_kib:-0} / 1048576)) -ge "$LAB_MIN_FREE_MEMORY_GIB" ]; then
      ok "$((${avail_kib:-0} / 1048576)) GiB of memory free (>= $LAB_MIN_FREE_MEMORY_GIB)"
    else
      fail "only $((${avail_kib:-0} / 1048576)) GiB of memory free, the lab needs $LAB_MIN_FREE_MEMORY_GIB GiB" \
        "close memory-hungry programs, or stop other kind clusters ('kind get clusters')"
    fi
  fi
}

# kind's known issue: each node runs systemd and kubelet, which exhaust the default inotify limits.
check_inotify() {
  local key value min
  if [ ! -d "$PROC_SYS/fs/inotify" ]; then
    ok "inotify limits: not a Linux host (Docker Desktop's VM sets its own)"
    return
  fi
  for key in max_user_watches max_user_instances; do
    value="$(<"$PROC_SYS/fs/inotify/$key")"
    if [ "$key" = max_user_watches ]; then min="$INOTIFY_MIN_WATCHES"; else min="$INOTIFY_MIN_INSTANCES"; fi
    if [ "$value" -ge "$min" ]; then
      ok "fs.inotify.$key = $value (>= $min)"
    else
      fail "fs.inotify.$key = $value, kind needs >= $min" \
        "sudo sysctl fs.inotify.$key=$min; to keep it, add 'fs.inotify.$key = $min' to /etc/sysctl.d/99-kind.conf"
    fi
  done
}

# Before the cluster exists, the host ports that kind-config.yaml maps (and Tilt's UI port) must be free.
check_ports() {
  local port tilt_port="${TILT_URL##*:}"
  if cluster_exists; then
    ok "ports: cluster $KIND_CLUSTER already holds its port mappings"
    return
  fi
  if [ ! -r "$KIND_CONFIG" ]; then
    fail "cannot read $KIND_CONFIG" "run from a complete checkout of the repository"
    return
  fi
  for port in $(grep -oE 'hostPort:[[:space:]]*[0-9]+' "$KIND_CONFIG" | grep -oE '[0-9]+') "$tilt_port"; do
    # Bash's /dev/tcp connects only when something listens: no extra tool needed.
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      fail "port $port on 127.0.0.1 is in use" \
        "stop what listens there (find it: 'lsof -i :$port' or 'ss -ltnp sport = :$port')"
    else
      ok "port $port is free"
    fi
  done
}

# The lab deploys only to its own kind cluster: the current context must be kind-iris-lab, and reachable.
check_context() {
  local current
  if ! has kubectl; then
    fail "kubectl is not installed: cannot check the kube context" "install kubectl (see the tools check)"
    return
  fi
  current="$(kubectl config current-context 2>/dev/null)"
  if [ "$current" = "$KIND_CONTEXT" ]; then
    if kubectl --context "$KIND_CONTEXT" --request-timeout=5s get --raw /readyz >/dev/null 2>&1; then
      ok "kube context is $KIND_CONTEXT and its API server is ready"
    else
      fail "kube context is $KIND_CONTEXT but its API server does not answer" \
        "start the node ('docker start $KIND_CLUSTER-control-plane') or recreate it: make lab-down lab-up"
    fi
  elif cluster_exists; then
    fail "kube context is '${current:-<none>}', not $KIND_CONTEXT: the lab never deploys anywhere else" \
      "kubectl config use-context $KIND_CONTEXT"
  else
    ok "cluster $KIND_CLUSTER does not exist yet: make lab-up creates it and switches to $KIND_CONTEXT"
  fi
}

checks=("$@")
[ ${#checks[@]} -gt 0 ] || checks=(docker tools resources inotify ports context)
echo "Iris Scaling Lab preflight (${checks[*]})"
for check in "${checks[@]}"; do
  case "$check" in
    docker | tools | resources | inotify | ports | context) "check_$check" ;;
    *)
      echo "doctor: unknown check '$check' (known: docker tools resources inotify ports context)" >&2
      exit 2
      ;;
  esac
done
if [ "$failures" -gt 0 ]; then
  echo "$failures check(s) failed: fix them and run 'make doctor' again."
  exit 1
fi
echo "All checks passed."
