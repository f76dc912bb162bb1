#!/usr/bin/env bash
# Creates a kind cluster, builds and loads microlab's images, applies the kind overlay, waits for the
# rollout and runs bin/smoke through the Ingress and through kubectl port-forward.
set -euo pipefail

usage() {
  cat <<'TEXT'
Usage: k8s/kind-up.sh [--help]

Needs docker, kind (0.24+) and kubectl on the PATH. Steps:
  1. kind create cluster --config k8s/kind-config.yaml   (skipped if the cluster exists)
  2. docker build -f <module>/Dockerfile . for the five services, then kind load docker-image
  3. install the nginx ingress controller and wait for it
  4. kubectl apply -k k8s/overlays/kind and wait for every rollout
  5. bin/smoke http://localhost (Ingress) and bin/smoke through kubectl port-forward svc/gateway

Environment:
  CLUSTER                  kind cluster name (default microlab)
  INGRESS_NGINX_MANIFEST   the ingress controller manifest (default: ingress-nginx's kind deployment, pinned)
  PORT_FORWARD_PORT        local port for the port-forward smoke run (default 18080)
Remove everything with k8s/kind-down.sh.
TEXT
}

case "${1:-}" in
  -h | --help) usage; exit 0 ;;
  "") ;;
  *) usage >&2; exit 2 ;;
esac

ROOT=$(cd "$(dirname "$0")/.." && pwd)
CLUSTER=${CLUSTER:-microlab}
VERSION=0.1.0
MODULES=(users-service orders-service consumer-service gateway forecast)
INGRESS_NGINX_MANIFEST=${INGRESS_NGINX_MANIFEST:-https://raw.githubusercontent.com/kubernetes/ingress-nginx/controller-v1.12.1/deploy/static/provider/kind/deploy.yaml}
PORT_FORWARD_PORT=${PORT_FORWARD_PORT:-18080}
CONTEXT="kind-$CLUSTER"

say() { printf '==> %s\n' "$*"; }
die() { printf 'kind-up: %s\n' "$*" >&2; exit 1; }

for tool in docker kind kubectl curl; do
  command -v "$tool" >/dev/null || die "$tool is not installed; it is needed to run microlab on kind."
done
docker info >/dev/null 2>&1 || die "docker does not answer; start the Docker daemon and try again."

if kind get clusters | grep -qx "$CLUSTER"; then
  say "kind cluster $CLUSTER exists, reusing it"
else
  say "creating kind cluster $CLUSTER"
  kind create cluster --name "$CLUSTER" --config "$ROOT/k8s/kind-config.yaml" --wait 120s
fi

for module in "${MODULES[@]}"; do
  image="microlab/$module:$VERSION"
  say "building $image"
  docker build -f "$ROOT/$module/Dockerfile" -t "$image" "$ROOT"
  say "loading $image into $CLUSTER"
  kind load docker-image --name "$CLUSTER" "$image"
done

say "installing the nginx ingress controller"
kubectl --context "$CONTEXT" apply -f "$INGRESS_NGINX_MANIFEST"
kubectl --context "$CONTEXT" -n ingress-nginx rollout status deployment/ingress-nginx-controller --timeout=180s

say "applying k8s/overlays/kind"
kubectl --context "$CONTEXT" apply -k "$ROOT/k8s/overlays/kind"
kubectl --context "$CONTEXT" -n microlab rollout status statefulset/postgres --timeout=180s
for deployment in redis users-service orders-service consumer-service forecast gateway client; do
  kubectl --context "$CONTEXT" -n microlab rollout status "deployment/$deployment" --timeout=300s
done

say "smoke test through the Ingress: http://localhost"
"$ROOT/bin/smoke" http://localhost

say "smoke test through kubectl port-forward svc/gateway $PORT_FORWARD_PORT:8080"
kubectl --context "$CONTEXT" -n microlab port-forward svc/gateway "$PORT_FORWARD_PORT:8080" >/dev/null &
forward=$!
trap 'kill "$forward" 2>/dev/null || true' EXIT
for _ in $(seq 1 50); do
  curl -fsS -o /dev/null "http://localhost:$PORT_FORWARD_PORT/health/liveness" 2>/dev/null && break
  sleep 0.2
done
"$ROOT/bin/smoke" "http://localhost:$PORT_FORWARD_PORT"

say "microlab runs on kind: http://localhost (client loop: kubectl -n microlab logs -f deploy/client)"
