#!/usr/bin/env bash
# Checks microlab on the kind cluster that k8s/kind-up.sh left running, end to end (CI runs it):
#   1. microlab.e2e.cluster.ClusterChecks (e2e/): pods and replicas, NetworkPolicy denials and allowances, volumes across
#      deleted pods, rolling restarts under load through the Ingress, readiness without users-service
#   2. the Gateway API overlay in place of the Ingress (k8s/overlays/kind-gateway-api): bin/smoke
#      through it, then the Ingress overlay back
#   3. JKube: k8s:resource k8s:apply of users-service's rendered manifests against the cluster
# One line per step with its time; exits 1 when anything failed. Usage: k8s/kind-check.sh [STEP...]
set -euo pipefail

case "${1:-}" in
  -h | --help) sed -n '2,8p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
esac
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
CLUSTER=${CLUSTER:-microlab}
CONTEXT="kind-$CLUSTER"
BUILD_OVERLAY=k8s/.kind-build
STARTED=$SECONDS
results=()
failed=0
LOGS=$(mktemp -d)
trap 'rm -rf "$LOGS"' EXIT

say() { printf '==> [%4ds] %s\n' $((SECONDS - STARTED)) "$*"; }
k() { kubectl --context "$CONTEXT" "$@"; }
step() {
  local name=$1 started=$SECONDS status=0
  shift
  say "$name"
  # a subshell outside any || or if, so that set -e stops the step at its first failing command
  set +e
  (set -e; "$@") 2>&1 | tee "$LOGS/$name.log"
  status=${PIPESTATUS[0]}
  set -e
  results+=("$(printf '%-14s %4d s  %s' "$name" $((SECONDS - started)) "$([[ $status == 0 ]] && echo ok || echo FAILED)")")
  # the lines that say why come again in the summary, where a log cut to its end still shows them
  if ((status != 0)); then
    failed=1
    mapfile -t -O "${#results[@]}" results < <( (grep -E 'FAILED|wrong|error' "$LOGS/$name.log" || echo "(no line says why; see above)") | tail -n 5 | sed 's/^ */  /')
  fi
}
[[ -f $BUILD_OVERLAY/kustomization.yaml ]] || { echo "kind-check: no $BUILD_OVERLAY; run k8s/kind-up.sh first" >&2; exit 1; }
[[ -S $BUILD_OVERLAY/docker/docker.sock ]] && export DOCKER_HOST="unix://$BUILD_OVERLAY/docker/docker.sock"

# CLUSTER_CHECKS: some of the checks only (default all)
# shellcheck source=bin/lib/e2e.sh
source bin/lib/e2e.sh
cluster() { e2e_java microlab.e2e.cluster.ClusterChecks --context "$CONTEXT" ${CLUSTER_CHECKS:-}; }

# the overlay kind-up.sh applied, with the Gateway API component on top (the same content tags)
with_overlay() {
  mkdir -p "$BUILD_OVERLAY/$1"
  sed "s#^  - .*overlays/kind\$#  - ../../overlays/$1#" "$BUILD_OVERLAY/kustomization.yaml" >"$BUILD_OVERLAY/$1/kustomization.yaml"
  echo "$BUILD_OVERLAY/$1"
}

await_localhost() {
  local i
  for ((i = 0; i < 90; i++)); do
    curl -fsS -o /dev/null --max-time 2 http://localhost/health/readiness 2>/dev/null && return 0
    sleep 1
  done
  echo "nothing answered on http://localhost within 90 s"
  return 1
}

gateway_api() {
  local overlay
  overlay=$(with_overlay kind-gateway-api)
  k apply -k "$overlay"
  # kustomize apply never deletes: the Ingress the Gateway replaces goes by hand
  k -n microlab delete ingress gateway --ignore-not-found
  k -n microlab wait --for=condition=Programmed gateway/microlab --timeout=120s
  k -n microlab get gateway,httproute
  await_localhost
  bin/smoke http://localhost
  # back to the Ingress, as kind-up.sh left it
  k -n microlab delete httproute gateway --ignore-not-found
  k -n microlab delete gateway microlab --ignore-not-found
  k apply -k "$BUILD_OVERLAY"
  await_localhost
}

# JKube applies users-service's manifests as rendered for this cluster, with one annotation added to
# its Deployment; the annotation on the live Deployment shows that JKube's apply reached the cluster
jkube() {
  local dir stamp
  dir=$(mktemp -d)
  # the step runs in a subshell of its own: its EXIT (the path written in now: dir is local)
  # shellcheck disable=SC2064
  trap "rm -rf '$dir'" EXIT
  stamp="jkube-$(date +%s)"
  kubectl kustomize "$BUILD_OVERLAY" --output "$dir/"
  find "$dir" -type f ! -name '*users-service*' -delete
  kubectl annotate --local -f "$dir/apps_v1_deployment_users-service.yaml" -o yaml "microlab.check/applied-by=$stamp" >"$dir/annotated"
  mv "$dir/annotated" "$dir/apps_v1_deployment_users-service.yaml"
  ls "$dir"
  ./mvnw -B -pl k8s k8s:resource k8s:apply -Djkube.resourceDir="$dir" -Djkube.namespace=microlab \
    -Djkube.targetDir="$dir/out" -Djkube.kubernetesManifest="$dir/out/kubernetes.yml" | grep -E 'k8s:|ERROR|BUILD' || true
  local seen
  seen=$(k -n microlab get deployment users-service -o jsonpath='{.metadata.annotations.microlab\.check/applied-by}')
  echo "users-service's Deployment: microlab.check/applied-by=$seen"
  [[ $seen == "$stamp" ]]
  k -n microlab rollout status deployment/users-service --timeout=180s
}

steps=("${@:-cluster gateway-api jkube}")
for name in ${steps[*]}; do
  case $name in
    cluster) step cluster cluster ;;
    gateway-api) step gateway-api gateway_api ;;
    jkube) step jkube jkube ;;
    *) echo "kind-check: no step $name (cluster, gateway-api, jkube)" >&2; exit 2 ;;
  esac
done
printf '\nkind-check:\n'
printf '  %s\n' "${results[@]}"
((failed == 0)) && say "every check passed" || { say "some checks FAILED (see above)"; exit 1; }
