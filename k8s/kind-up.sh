#!/usr/bin/env bash
# Creates a kind cluster (or reuses it), builds microlab's images and loads them under a tag made from
# their content, installs the Contour ingress controller, applies the kind overlay with those tags,
# waits for every rollout, checks that every pod runs the image just built, and runs bin/smoke through
# the Ingress and through kubectl port-forward.
set -euo pipefail

usage() {
  cat <<'TEXT'
Usage: k8s/kind-up.sh [--help]

Needs docker, kind (v0.29.0 or newer), kubectl and curl on the PATH, and about 4 GiB of memory for
Docker (see the README). Steps:
  1. kind create cluster --config k8s/kind-config.yaml   (skipped if the cluster exists)
  2. docker build -f <module>/Dockerfile . for the five services; each image is tagged 0.1.0 and with
     the first 12 hex digits of its image ID, and loaded with kind load docker-image
  3. install Contour (pinned) and wait for its certificate job, its controller and its Envoy proxies
  4. kubectl apply -k on an overlay of k8s/overlays/kind that sets the content tags (written to
     k8s/.kind-build/), retried once; wait for every rollout; print the image of every pod and fail if
     a pod runs anything but the image just built
  5. wait until the gateway answers through the Ingress, then bin/smoke http://localhost and
     bin/smoke through kubectl port-forward svc/gateway

A rerun rebuilds the images: changed code gets a new tag, so the Deployments roll to new pods.

Environment:
  CLUSTER            kind cluster name (default microlab)
  CONTOUR_MANIFEST   the ingress controller manifest (default: Contour's own, pinned to CONTOUR_VERSION)
  PORT_FORWARD_PORT  local port for the port-forward smoke run (default 18080)
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
# Contour: a maintained (CNCF) controller that serves Ingress and the Gateway API. 1.33 is tested on
# Kubernetes 1.31 to 1.33, and kind-config.yaml pins a 1.33 node.
CONTOUR_VERSION=v1.33.6
CONTOUR_MANIFEST=${CONTOUR_MANIFEST:-https://raw.githubusercontent.com/projectcontour/contour/$CONTOUR_VERSION/examples/render/contour.yaml}
PORT_FORWARD_PORT=${PORT_FORWARD_PORT:-18080}
CONTEXT="kind-$CLUSTER"
BUILD_OVERLAY="$ROOT/k8s/.kind-build"

say() { printf '==> %s\n' "$*"; }
die() { printf 'kind-up: %s\n' "$*" >&2; exit 1; }
k() { kubectl --context "$CONTEXT" "$@"; }

for tool in docker kind kubectl curl; do
  command -v "$tool" >/dev/null || die "$tool is not installed; it is needed to run microlab on kind."
done
docker info >/dev/null 2>&1 || die "docker does not answer; start the Docker daemon and try again."

# The list is read first, not piped into grep -q: under pipefail, grep leaving early can fail the pipe.
clusters=$(kind get clusters 2>/dev/null)
if grep -qx "$CLUSTER" <<<"$clusters"; then
  say "kind cluster $CLUSTER exists, reusing it"
else
  say "creating kind cluster $CLUSTER"
  kind create cluster --name "$CLUSTER" --config "$ROOT/k8s/kind-config.yaml" --wait 120s
fi

# TAGS[i] is the content tag of MODULES[i] (indexed arrays: macOS ships bash 3.2, without declare -A)
TAGS=()
for module in "${MODULES[@]}"; do
  image="microlab/$module:$VERSION"
  say "building $image"
  docker build -f "$ROOT/$module/Dockerfile" -t "$image" "$ROOT"
  id=$(docker image inspect --format '{{.Id}}' "$image")
  id=${id#sha256:}
  tag=${id:0:12}
  TAGS+=("$tag")
  docker tag "$image" "microlab/$module:$tag"
  say "loading microlab/$module:$tag into $CLUSTER"
  kind load docker-image --name "$CLUSTER" "$image" "microlab/$module:$tag"
done

say "installing Contour $CONTOUR_VERSION"
k apply -f "$CONTOUR_MANIFEST"
# The certgen job writes the TLS secrets the controller and Envoy talk over; both wait for them.
k -n projectcontour wait --for=condition=complete job --all --timeout=180s
k -n projectcontour rollout status deployment/contour --timeout=180s
k -n projectcontour rollout status daemonset/envoy --timeout=180s

say "applying k8s/overlays/kind with the content tags"
mkdir -p "$BUILD_OVERLAY"
{
  printf '# Written by k8s/kind-up.sh: the kind overlay with the tags of the images it just built.\n'
  printf 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - ../overlays/kind\nimages:\n'
  for i in "${!MODULES[@]}"; do
    printf '  - name: microlab/%s\n    newTag: "%s"\n' "${MODULES[$i]}" "${TAGS[$i]}"
  done
} >"$BUILD_OVERLAY/kustomization.yaml"
if ! k apply -k "$BUILD_OVERLAY"; then
  # A controller's admission webhook can refuse objects for a few seconds after its rollout.
  say "the apply was refused; retrying once in 10 s"
  sleep 10
  k apply -k "$BUILD_OVERLAY"
fi
k -n microlab rollout status statefulset/postgres --timeout=180s
for deployment in redis users-service orders-service consumer-service forecast gateway client; do
  k -n microlab rollout status "deployment/$deployment" --timeout=300s
done

say "the pods and the images they run"
stale=0
for i in "${!MODULES[@]}"; do
  module=${MODULES[$i]}
  expected="microlab/$module:${TAGS[$i]}"
  # pods being deleted (the old replicas of a rollout) get no new requests; they are left out
  while read -r pod image deleting; do
    [[ -n $pod ]] || continue
    [[ $deleting == "<none>" ]] || continue
    printf '    %-42s %s\n' "$pod" "$image"
    [[ $image == "$expected" ]] || { printf '    ^ expected %s\n' "$expected"; stale=1; }
  done < <(k -n microlab get pods -l "app.kubernetes.io/name=$module" --no-headers \
    -o custom-columns='POD:.metadata.name,IMAGE:.spec.containers[0].image,DELETING:.metadata.deletionTimestamp')
done
((stale == 0)) || die "some pods do not run the images just built; see above."

say "waiting for the gateway to answer through the Ingress (http://localhost)"
for attempt in $(seq 1 60); do
  curl -fsS -o /dev/null --max-time 2 http://localhost/health/readiness 2>/dev/null && break
  ((attempt < 60)) || die "the gateway did not answer through the Ingress within 120 s (k -n projectcontour logs daemonset/envoy)."
  sleep 2
done

say "smoke test through the Ingress: http://localhost"
"$ROOT/bin/smoke" http://localhost

say "smoke test through kubectl port-forward svc/gateway $PORT_FORWARD_PORT:8080"
k -n microlab port-forward svc/gateway "$PORT_FORWARD_PORT:8080" >/dev/null &
forward=$!
trap 'kill "$forward" 2>/dev/null || true' EXIT
for _ in $(seq 1 50); do
  curl -fsS -o /dev/null "http://localhost:$PORT_FORWARD_PORT/health/liveness" 2>/dev/null && break
  sleep 0.2
done
"$ROOT/bin/smoke" "http://localhost:$PORT_FORWARD_PORT"

say "microlab runs on kind: http://localhost (client loop: kubectl -n microlab logs -f deploy/client)"
