#!/usr/bin/env bash
# Imports a Debian minbase root filesystem (with ca-certificates) as the image iris-lab/standin-rootfs:<suite>,
# the base of the offline stand-in images (ensure-base-image.sh, ensure-locust-standin.sh), and prints its name.
# The debootstrap (~2-4 min, root only) runs once: its tarball is cached in .cache/standin/ (git-ignored) and
# shared by every stand-in. Usage: standin-rootfs.sh <debian suite>
set -euo pipefail

repo_root="$(cd "$(dirname "$0")/../.." && pwd)"
suite="${1:?usage: standin-rootfs.sh <debian suite>}"
cache_dir="${STANDIN_CACHE_DIR:-$repo_root/.cache/standin}"
rootfs_tar="$cache_dir/debian-$suite-minbase.tar"
rootfs_image="iris-lab/standin-rootfs:$suite"

debian_mirror() {
  # The Debian mirror apt is configured with (deb822 or one-line format), without the security archive.
  local uri
  uri="$(cat /etc/apt/sources.list.d/*.sources 2>/dev/null | awk '$1 == "URIs:" && $2 !~ /security/ { print $2; exit }')"
  [[ -n "$uri" ]] || uri="$(awk '$1 == "deb" && $2 !~ /security/ { print $2; exit }' /etc/apt/sources.list 2>/dev/null)"
  echo "${DEBIAN_MIRROR:-${uri:-http://deb.debian.org/debian}}"
}

if [[ ! -f "$rootfs_tar" ]] && ! docker image inspect "$rootfs_image" >/dev/null 2>&1; then
  work_dir="$(mktemp -d)"
  cleanup() {
    # debootstrap mounts proc/sys inside the target: unmount before deleting, and never cross a mount point.
    umount -R "$work_dir/rootfs/proc" "$work_dir/rootfs/sys" 2>/dev/null || true
    rm -rf --one-file-system "$work_dir"
  }
  trap cleanup EXIT
  mkdir -p "$cache_dir"
  mirror="$(debian_mirror)"
  echo "standin-rootfs: debootstrap $suite (minbase) from $mirror, a few minutes, cached afterwards" >&2
  debootstrap --variant=minbase --include=ca-certificates "$suite" "$work_dir/rootfs" "$mirror" \
    >"$work_dir/debootstrap.log" 2>&1 || { tail -n 30 "$work_dir/debootstrap.log" >&2; exit 1; }
  rm -rf "$work_dir"/rootfs/var/cache/apt/archives/*.deb "$work_dir"/rootfs/var/lib/apt/lists/*
  tar --numeric-owner -C "$work_dir/rootfs" -cf "$rootfs_tar.partial" .
  mv "$rootfs_tar.partial" "$rootfs_tar"
fi
# Imported once: importing again would leave the previous import behind as a dangling image.
docker image inspect "$rootfs_image" >/dev/null 2>&1 || docker import "$rootfs_tar" "$rootfs_image" >/dev/null
echo "$rootfs_image"
