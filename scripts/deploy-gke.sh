#!/usr/bin/env bash
# Deploys k8s/overlays/gke to a GKE cluster without rewriting tracked files: the image and HPA variant are composed
# in by scripts/compose-overlay.sh (a kustomization under the git-ignored .cache/), the overlay's PROJECT_ID
# placeholder is filled in the rendered manifest (a temp file), then apply and wait for the rollout.
# Used by `make deploy-gke` and .github/workflows/deploy-gke.yml.
#
# Usage: scripts/deploy-gke.sh --context gke_<project>_<location>_<cluster> --project PROJECT_ID
#                              --image REGISTRY/iris-service:TAG [--hpa VARIANT] [--render-only]
#   --render-only prints the manifest instead of applying it (no cluster needed).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

# shellcheck source-path=SCRIPTDIR/..
source tilt/lab.env # LAB_NAMESPACE
die() {
  echo "deploy-gke: $*" >&2
  exit 2
}

context="" project="" image="" hpa="" render_only=false
while [ $# -gt 0 ]; do
  case "$1" in
    --context | --project | --image | --hpa)
      [ $# -ge 2 ] || die "$1 needs a value"
      declare "${1#--}=$2"
      shift 2
      ;;
    --render-only) render_only=true && shift ;;
    *) die "unknown argument '$1'" ;;
  esac
done

# Never anything but a GKE context, and only one that exists: a typo must not fall back to the current context.
case "$context" in
  gke_*) ;;
  *) die "--context must be a gke_<project>_<location>_<cluster> context, got '$context'" ;;
esac
# Google's project id rules; also keeps the value safe inside the sed expression below.
[[ "$project" =~ ^[a-z][a-z0-9-]{4,28}[a-z0-9]$ ]] || die "--project must be a Google Cloud project id, got '$project'"
[ -n "$image" ] || die "--image is required (the Artifact Registry image to deploy, e.g. REGION-docker.pkg.dev/...:SHA)"
if ! $render_only && ! kubectl config get-contexts -o name | grep -qx "$context"; then
  die "no kube context '$context' (gcloud container clusters get-credentials ... creates it)"
fi

args=(k8s/overlays/gke --image "$image")
[ -z "$hpa" ] || args+=(--hpa "$hpa")
overlay="$(scripts/compose-overlay.sh "${args[@]}")"
manifest="$(mktemp "${TMPDIR:-/tmp}/iris-gke.XXXXXX.yaml")"
trap 'rm -f "$manifest"' EXIT
kubectl kustomize "$overlay" | sed "s/PROJECT_ID/$project/g" >"$manifest"
if grep -nE 'PROJECT_ID|REGION-docker\.pkg\.dev' "$manifest" >&2; then
  die "placeholders left in the rendered overlay (lines above)"
fi

if $render_only; then
  cat "$manifest"
  exit 0
fi
kubectl --context "$context" apply -f "$manifest"
kubectl --context "$context" -n "$LAB_NAMESPACE" rollout status deployment/iris --timeout=5m
