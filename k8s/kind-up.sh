#!/usr/bin/env bash
# Creates a kind cluster (or reuses it), builds microlab's images and loads them under a tag made from
# their content, installs the Traefik ingress controller and the Gateway API CRDs, applies the kind
# overlay with those tags, waits for every rollout, checks that every pod runs the image just built,
# and runs bin/smoke through the Ingress and through kubectl port-forward. Leaves the cluster running.
set -euo pipefail

usage() {
  cat <<'TEXT'
Usage: k8s/kind-up.sh [--help]

Needs docker, kubectl and curl; kind v0.33 (on the PATH, or built with Go when Go is there). Steps:
  1. a Docker engine: the one `docker` talks to; where none answers and this runs as root on Debian,
     an engine of its own (bin/lib/docker-engine.sh), stopped again by k8s/kind-down.sh
  2. the node image and the images the cluster itself runs (Traefik, PostgreSQL, Redis, curl):
     pulled where a registry answers (KIND_NODE_IMAGE, default the kindest/node image for
     Kubernetes 1.34); where none does, assembled here from the Go module proxy and Debian's
     packages (.ci/kind/node-image.sh, cached; about 20 minutes the first time) and said so
  3. kind create cluster --config k8s/kind-config.yaml   (skipped if the cluster exists)
  4. docker build --build-arg SERVICE=<module> . (the root Dockerfile) for the five services; each image is tagged 0.1.0 and with
     the first 12 hex digits of its image ID, and loaded with kind load docker-image
  5. the Gateway API CRDs and Traefik (k8s/traefik), waited for
  6. kubectl apply -k on an overlay of k8s/overlays/kind (OVERLAY) that sets the content tags
     (written to k8s/.kind-build/); wait for every rollout; fail if a pod runs anything but the
     image just built
  7. bin/smoke http://localhost (the Ingress) and through kubectl port-forward svc/gateway

A rerun rebuilds the images: changed code gets a new tag, so the Deployments roll to new pods.

Environment:
  CLUSTER            kind cluster name (default microlab)
  OVERLAY            the overlay to apply (default k8s/overlays/kind; k8s/overlays/kind-gateway-api
                     serves the same through a Gateway and an HTTPRoute)
  KIND_NODE_IMAGE    the node image (default kindest/node:v1.34.3, pulled; assembled where no
                     registry answers)
  ASSEMBLE           always (assemble every image here, even with a registry) or never
  PORT_FORWARD_PORT  local port for the port-forward smoke run (default 18080)
  JDK_IMAGE, RUNTIME_IMAGE, MAVEN_MIRROR_URL   passed to docker build as compose does
Remove everything with k8s/kind-down.sh.
TEXT
}

case "${1:-}" in
  -h | --help) usage; exit 0 ;;
  "") ;;
  *) usage >&2; exit 2 ;;
esac

ROOT=$(cd "$(dirname "$0")/.." && pwd)
source "$ROOT/.ci/kind/versions.sh"
CLUSTER=${CLUSTER:-microlab}
OVERLAY=${OVERLAY:-$ROOT/k8s/overlays/kind}
VERSION=0.1.0
MODULES=(users-service orders-service consumer-service gateway forecast)
PULLED_NODE_IMAGE=kindest/node:v1.34.3
KIND_NODE_IMAGE=${KIND_NODE_IMAGE:-$PULLED_NODE_IMAGE}
PORT_FORWARD_PORT=${PORT_FORWARD_PORT:-18080}
CONTEXT="kind-$CLUSTER"
BUILD_OVERLAY="$ROOT/k8s/.kind-build"
STARTED=$SECONDS

say() { printf '==> [%4ds] %s\n' $((SECONDS - STARTED)) "$*"; }
die() { printf 'kind-up: %s\n' "$*" >&2; exit 1; }
k() { kubectl --context "$CONTEXT" "$@"; }

for tool in docker kubectl curl; do
  command -v "$tool" >/dev/null || die "$tool is not installed; it is needed to run microlab on kind."
done
mkdir -p "$BUILD_OVERLAY"

# 1. the engine
if ! docker info >/dev/null 2>&1; then
  if [[ -n ${DOCKER_HOST:-} || $(id -u) != 0 ]] || ! command -v apt-get >/dev/null; then
    die "docker does not answer; start the Docker daemon and try again."
  fi
  say "no Docker engine answers: starting one of this script's own (stopped by k8s/kind-down.sh)"
  source "$ROOT/bin/lib/docker-engine.sh"
  docker_engine_start "$BUILD_OVERLAY/docker"
fi
[[ -S $BUILD_OVERLAY/docker/docker.sock ]] && export DOCKER_HOST="unix://$BUILD_OVERLAY/docker/docker.sock"

if ! command -v kind >/dev/null; then
  command -v go >/dev/null || die "kind is not installed (go install sigs.k8s.io/kind@$KIND_VERSION)."
  "$ROOT/.ci/kind/build.sh" kind
  export PATH="$KIND_CACHE/kind-$KIND_VERSION:$PATH"
fi

# 2. images: pulled, or assembled here
assemble=${ASSEMBLE:-}
if [[ -z $assemble ]]; then
  if docker image inspect "$KIND_NODE_IMAGE" >/dev/null 2>&1 || docker pull -q "$KIND_NODE_IMAGE" >/dev/null 2>&1; then
    assemble=never
  else
    assemble=always
    say "cannot pull $KIND_NODE_IMAGE (no registry answers): assembling the node and the cluster's images here"
  fi
fi
if [[ $assemble == always ]]; then
  KIND_NODE_IMAGE=$("$ROOT/.ci/kind/node-image.sh")
  # the kubectl of the cluster's own version (a client more than one minor away is unsupported)
  export PATH="$KIND_CACHE/kubernetes-$KUBERNETES_VERSION:$KIND_CACHE/kind-$KIND_VERSION:$PATH"
  say "node image $KIND_NODE_IMAGE (Kubernetes $KUBERNETES_VERSION, Traefik $TRAEFIK_VERSION preloaded)"
  # PostgreSQL, Redis and curl: Debian stand-ins tagged as the names the manifests use
  eval "$("$ROOT/.ci/docker/stand-in-images.sh")"
  THIRD_PARTY=()
  for pair in "postgres:17-alpine=$POSTGRES_IMAGE" "redis:7-alpine=$REDIS_IMAGE" "curlimages/curl:8.8.0=$CURL_IMAGE"; do
    docker tag "${pair#*=}" "${pair%%=*}"
    THIRD_PARTY+=("${pair%%=*}")
  done
  export JDK_IMAGE RUNTIME_IMAGE
  if [[ -z ${MAVEN_MIRROR_URL:-} ]]; then
    # the image builds' Maven stage reaches no Maven Central from a container here: it gets the local
    # repository, filled by a host build
    say "building on the host, then serving its Maven repository to the image builds"
    (cd "$ROOT" && ./mvnw -B -q -DskipTests -DskipDeployChecks package)
    source "$ROOT/.ci/docker/maven-mirror.sh"
    maven_mirror_start "$BUILD_OVERLAY"
    trap 'maven_mirror_stop "$BUILD_OVERLAY"' EXIT
  fi
fi

# 3. the cluster
clusters=$(kind get clusters 2>/dev/null)
if grep -qx "$CLUSTER" <<<"$clusters"; then
  say "kind cluster $CLUSTER exists, reusing it"
else
  say "creating kind cluster $CLUSTER from $KIND_NODE_IMAGE"
  kind create cluster --name "$CLUSTER" --config "$ROOT/k8s/kind-config.yaml" --image "$KIND_NODE_IMAGE" --wait 300s
  say "cluster $CLUSTER up"
fi
if [[ $assemble == always ]]; then
  kind load docker-image --name "$CLUSTER" "${THIRD_PARTY[@]}"
fi

# 4. microlab's images. TAGS[i] is the content tag of MODULES[i].
build_args=()
for arg in JDK_IMAGE RUNTIME_IMAGE MAVEN_MIRROR_URL; do
  [[ -n ${!arg:-} ]] && build_args+=(--build-arg "$arg=${!arg}")
done
TAGS=()
for module in "${MODULES[@]}"; do
  image="microlab/$module:$VERSION"
  say "building $image"
  docker build -q "${build_args[@]}" --build-arg "SERVICE=$module" -t "$image" "$ROOT" >/dev/null
  id=$(docker image inspect --format '{{.Id}}' "$image")
  id=${id#sha256:}
  tag=${id:0:12}
  TAGS+=("$tag")
  docker tag "$image" "microlab/$module:$tag"
  say "loading microlab/$module:$tag into $CLUSTER"
  kind load docker-image --name "$CLUSTER" "$image" "microlab/$module:$tag"
done

# 5. the ingress controller
say "installing the Gateway API CRDs $GATEWAY_API_VERSION and Traefik $TRAEFIK_VERSION"
k apply --server-side -f "$("$ROOT/.ci/kind/gateway-api-crds.sh")"
k wait --for condition=Established crd/gateways.gateway.networking.k8s.io crd/httproutes.gateway.networking.k8s.io --timeout=60s
k apply -k "$ROOT/k8s/traefik"
k -n traefik rollout status deployment/traefik --timeout=180s

# 6. microlab
say "applying $(basename "$OVERLAY") with the content tags"
{
  printf '# Written by k8s/kind-up.sh: the overlay with the tags of the images it just built.\n'
  printf 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - %s\nimages:\n' "$(realpath --relative-to="$BUILD_OVERLAY" "$OVERLAY")"
  for i in "${!MODULES[@]}"; do
    printf '  - name: microlab/%s\n    newTag: "%s"\n' "${MODULES[$i]}" "${TAGS[$i]}"
  done
} >"$BUILD_OVERLAY/kustomization.yaml"
k apply -k "$BUILD_OVERLAY"
k -n microlab rollout status statefulset/postgres --timeout=300s
for deployment in redis users-service orders-service consumer-service forecast gateway client; do
  k -n microlab rollout status "deployment/$deployment" --timeout=300s
done

# every pod runs the image just built; bin/smoke's checks through the Ingress and through a port-forward
# shellcheck source=../bin/lib/e2e.sh
source "$ROOT/bin/lib/e2e.sh"
(cd "$ROOT" && e2e_java microlab.e2e.cluster.Deployed --context "$CONTEXT" --build-overlay "$BUILD_OVERLAY" \
  --port-forward "$PORT_FORWARD_PORT")
say "microlab runs on kind: http://localhost (client loop: kubectl -n microlab logs -f deploy/client)"
[[ -n ${DOCKER_HOST:-} && -S $BUILD_OVERLAY/docker/docker.sock ]] && say "its Docker engine: export DOCKER_HOST=$DOCKER_HOST"
true
