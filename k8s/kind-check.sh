#!/usr/bin/env bash
# Checks microlab on the kind cluster that k8s/kind-up.sh left running, end to end (CI runs it), with
# microlab.e2e.cluster.ClusterChecks (e2e/), one line per check with its time; exits 1 when any failed:
#   pods, network-policies, volumes, rolling-restart, readiness: replicas, NetworkPolicy denials and
#     allowances, volumes across deleted pods, rolling restarts under load through the Ingress,
#     readiness without users-service
#   gateway-api: the Gateway API overlay in place of the Ingress, the smoke through it, the Ingress back
#   jkube: k8s:resource k8s:apply of users-service's rendered manifests against the cluster
# Usage: k8s/kind-check.sh [CHECK...] (default all, in that order; "cluster" names the first five)
set -euo pipefail
case "${1:-}" in
  -h | --help) sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
esac
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
BUILD_OVERLAY=k8s/.kind-build
[[ -f $BUILD_OVERLAY/kustomization.yaml ]] || { echo "kind-check: no $BUILD_OVERLAY; run k8s/kind-up.sh first" >&2; exit 1; }
# the engine kind-up.sh started, when it started one: JKube's build goes to it
[[ -S $BUILD_OVERLAY/docker/docker.sock ]] && export DOCKER_HOST="unix://$BUILD_OVERLAY/docker/docker.sock"
# shellcheck source=bin/lib/e2e.sh
source bin/lib/e2e.sh
e2e_java microlab.e2e.cluster.ClusterChecks --context "kind-${CLUSTER:-microlab}" --build-overlay "$BUILD_OVERLAY" "$@"
