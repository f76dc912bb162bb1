#!/usr/bin/env bash
# Deletes the kind cluster that kind-up.sh created, with everything in it (volumes included).
set -euo pipefail

case "${1:-}" in
  -h | --help)
    echo "Usage: k8s/kind-down.sh [--help]   deletes the kind cluster \$CLUSTER (default microlab)"
    exit 0 ;;
  "") ;;
  *) echo "Usage: k8s/kind-down.sh [--help]" >&2; exit 2 ;;
esac

CLUSTER=${CLUSTER:-microlab}
command -v kind >/dev/null || { echo "kind-down: kind is not installed, so there is no cluster to delete." >&2; exit 1; }

# read first, not piped into grep -q: under pipefail, grep leaving early can fail the pipe
clusters=$(kind get clusters 2>/dev/null)
if grep -qx "$CLUSTER" <<<"$clusters"; then
  echo "==> deleting kind cluster $CLUSTER"
  kind delete cluster --name "$CLUSTER"
else
  echo "==> no kind cluster named $CLUSTER; nothing to do"
fi
# the overlay with content tags kind-up.sh wrote
rm -rf "$(cd "$(dirname "$0")" && pwd)/.kind-build"
