#!/usr/bin/env bash
# Deletes the kind cluster that kind-up.sh created, with everything in it (volumes included), and the
# Docker engine kind-up.sh started when none answered (with its images and containers).
set -euo pipefail

case "${1:-}" in
  -h | --help)
    echo "Usage: k8s/kind-down.sh [--help]   deletes the kind cluster \$CLUSTER (default microlab)"
    exit 0 ;;
  "") ;;
  *) echo "Usage: k8s/kind-down.sh [--help]" >&2; exit 2 ;;
esac

ROOT=$(cd "$(dirname "$0")/.." && pwd)
source "$ROOT/.ci/kind/versions.sh"
CLUSTER=${CLUSTER:-microlab}
BUILD_OVERLAY="$ROOT/k8s/.kind-build"
ENGINE="$BUILD_OVERLAY/docker"
[[ -S $ENGINE/docker.sock ]] && export DOCKER_HOST="unix://$ENGINE/docker.sock"
command -v kind >/dev/null || export PATH="$KIND_CACHE/kind-$KIND_VERSION:$PATH"

if ! command -v kind >/dev/null; then
  echo "==> kind is not installed, so there is no cluster to delete"
elif ! docker info >/dev/null 2>&1; then
  echo "==> no Docker engine answers, so there is no cluster to delete"
else
  # read first, not piped into grep -q: under pipefail, grep leaving early can fail the pipe
  clusters=$(kind get clusters 2>/dev/null)
  if grep -qx "$CLUSTER" <<<"$clusters"; then
    echo "==> deleting kind cluster $CLUSTER"
    kind delete cluster --name "$CLUSTER"
  else
    echo "==> no kind cluster named $CLUSTER; nothing to do"
  fi
fi
if [[ -d $ENGINE ]]; then
  echo "==> stopping the Docker engine kind-up.sh started"
  source "$ROOT/bin/lib/docker-engine.sh"
  docker_engine_stop "$ENGINE"
fi
# the overlay with content tags kind-up.sh wrote
rm -rf "$BUILD_OVERLAY"
