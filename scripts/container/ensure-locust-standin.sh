#!/usr/bin/env bash
# Builds the offline stand-in Locust image for machines no registry reaches: Debian bookworm minbase (the rootfs
# cached by standin-rootfs.sh, shared with the service's stand-in base) + Debian's python3-locust, installed by
# apt inside the build over the host's network. It is named as a stand-in, never as locustio/locust, so a lab run
# only uses it when told (--locust-image / LAB_LOCUST_IMAGE) and then says so. Prints the image name.
# Cached: an image already built for the same package version is reused. Needs root only for the first
# debootstrap. Usage: ensure-locust-standin.sh
set -euo pipefail

repo_root="$(cd "$(dirname "$0")/../.." && pwd)"
suite=bookworm
# The python3-locust version bookworm ships (2.12.1-1); the tag carries its minor version and the suite.
package_version="${LOCUST_STANDIN_PACKAGE_VERSION:-2.12.1-1}"
upstream="${package_version%%-*}"
image="iris-lab/locust-standin:${upstream%.*}-$suite"

if [[ "$(docker image inspect -f '{{ index .Config.Labels "org.iris-lab.standin.locust" }}' "$image" 2>/dev/null)" \
  == "$package_version" ]]; then
  echo "ensure-locust-standin: $image is there (Debian's python3-locust $package_version)" >&2
  echo "$image"
  exit 0
fi
rootfs_image="$("$repo_root/scripts/container/standin-rootfs.sh" "$suite")"
echo "ensure-locust-standin: building $image (Debian's python3-locust $package_version), about a minute" >&2
log="$(mktemp)"
trap 'rm -f "$log"' EXIT
# --network host: apt reaches the Debian mirror the way the host does; no registry is needed.
DOCKER_BUILDKIT=0 docker build -q --network host -t "$image" \
  --build-arg ROOTFS_IMAGE="$rootfs_image" --build-arg LOCUST_PACKAGE_VERSION="$package_version" \
  "$repo_root/scripts/container/locust-standin" >"$log" 2>&1 || { cat "$log" >&2; exit 1; }
echo "ensure-locust-standin: built $image: an OFFLINE STAND-IN (Locust $upstream), not locustio/locust" >&2
echo "$image"
