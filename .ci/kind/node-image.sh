#!/usr/bin/env bash
# Assembles the kind node image, NODE_IMAGE (printed on stdout), from what .ci/kind/build.sh put in
# the cache: Debian's systemd, containerd, runc and CNI plugins; kind's own base files from the
# sigs.k8s.io/kind module; the Kubernetes binaries; and every image the cluster runs for itself
# (kubeadm's list, the CNI and NetworkPolicy engine, the ingress controller, the volume provisioner),
# tagged as their manifests name them and imported into the node's containerd when it boots. So
# `kind create cluster --image "$NODE_IMAGE"` pulls nothing. Needs a Docker daemon that answers.
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=versions.sh
source "$HERE/versions.sh"
say() { printf '.ci/kind/node-image: %s\n' "$*" >&2; }

# tagged by what goes into it, so a change to any of these builds a new node image
inputs=$(cat "$HERE/versions.sh" "$HERE/node-image.sh" "$HERE/build.sh" "$HERE"/node/* "$HERE/../../bin/lib/runc-without-sys-resource" | sha256sum)
NODE_IMAGE=microlab-kind/node:$KUBERNETES_VERSION-${inputs:0:12}
TOOLS_IMAGE=microlab-kind/tools:$DEBIAN_SUITE
K8S=$KIND_CACHE/kubernetes-$KUBERNETES_VERSION
started=$SECONDS

"$HERE/build.sh" >&2
export PATH="$KIND_CACHE/kind-$KIND_VERSION:$PATH"

if docker image inspect "$NODE_IMAGE" >/dev/null 2>&1; then
  say "$NODE_IMAGE exists"
  echo "$NODE_IMAGE"
  exit 0
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# import_root DIR IMAGE: a root folder as an image
import_root() { tar -C "$1" -c . | docker import - "$2" >/dev/null; }

# image NAME BASE FILE... [-- DOCKERFILE LINES]: an image of the given static binaries on BASE
# (scratch or the tools root), saved for the node
image() {
  local name=$1 base=$2 dir
  shift 2
  dir=$(mktemp -d -p "$work")
  {
    printf 'FROM %s\n' "$base"
    while (($#)) && [[ $1 != -- ]]; do
      cp "$1" "$dir/"
      printf 'COPY %s /usr/local/bin/\n' "$(basename "$1")"
      shift
    done
    [[ ${1:-} == -- ]] && shift
    printf '%s\n' "$@"
    printf "%s\n" "$ENV_PATH"
  } >"$dir/Dockerfile"
  docker build -q -t "$name" "$dir" >/dev/null
  docker save "$name" >"$work/images/$(echo "$name" | tr '/:' '__').tar"
  say "image $name"
}

mkdir -p "$work/images"
import_root "$KIND_CACHE/tools-root-$DEBIAN_SUITE/root" "$TOOLS_IMAGE"
ENV_PATH='ENV PATH=/usr/local/bin:/usr/local/sbin:/usr/bin:/usr/sbin:/bin:/sbin'
# kubeadm's images, named as `kubeadm config images list` prints them
for component in kube-apiserver kube-controller-manager kube-scheduler; do
  image "registry.k8s.io/$component:$KUBERNETES_VERSION" scratch "$K8S/$component" -- "$ENV_PATH"
done
image "registry.k8s.io/kube-proxy:$KUBERNETES_VERSION" "$TOOLS_IMAGE" "$K8S/kube-proxy"
image "registry.k8s.io/etcd:$ETCD_IMAGE_TAG" scratch "$KIND_CACHE/etcd-$ETCD_VERSION/etcd" -- "$ENV_PATH"
image "registry.k8s.io/coredns/coredns:$COREDNS_VERSION" scratch "$KIND_CACHE/coredns-$COREDNS_VERSION/coredns" -- \
  'ENTRYPOINT ["/usr/local/bin/coredns"]'
# kubeadm's pause and the one kind's containerd configuration names
image "registry.k8s.io/pause:$PAUSE_IMAGE_TAG" scratch "$K8S/pause" -- 'ENTRYPOINT ["/usr/local/bin/pause"]'
image "registry.k8s.io/pause:3.10" scratch "$K8S/pause" -- 'ENTRYPOINT ["/usr/local/bin/pause"]'
# what the node's own manifests run (kind applies /kind/manifests/*.yaml)
image "microlab-kind/kube-router:$KUBE_ROUTER_VERSION" "$TOOLS_IMAGE" "$KIND_CACHE/kube-router-$KUBE_ROUTER_VERSION/kube-router"
image "microlab-kind/local-path-provisioner:$LOCAL_PATH_PROVISIONER_VERSION" "$TOOLS_IMAGE" \
  "$KIND_CACHE/local-path-provisioner-$LOCAL_PATH_PROVISIONER_VERSION/local-path-provisioner"
image "$TOOLS_IMAGE" "$TOOLS_IMAGE"
# the ingress controller, installed by k8s/kind-up.sh
image "traefik:$TRAEFIK_VERSION" scratch "$KIND_CACHE/traefik-$TRAEFIK_VERSION/traefik" -- \
  'ENTRYPOINT ["/usr/local/bin/traefik"]'

# the node: kind's base image, rebuilt on Debian's packages (node/Dockerfile)
KIND_SRC=$(cd "$work" && GOFLAGS=-mod=mod go mod download -json "sigs.k8s.io/kind@$KIND_VERSION" | sed -n 's/.*"Dir": "\(.*\)".*/\1/p')
ctx=$work/node
mkdir -p "$ctx/bin"
cp -r "$KIND_SRC/images/base/files" "$ctx/files"
chmod -R u+w "$ctx/files"
cp "$K8S/kubeadm" "$K8S/kubelet" "$K8S/kubectl" "$ctx/bin/"
cp "$HERE/node/microlab-preload.service" "$HERE/node/10-microlab-bridge.conflist" "$HERE/../../bin/lib/runc-without-sys-resource" "$ctx/"
"$HERE/node/manifests.sh" >"$ctx/manifests.tar"
mv "$work/images" "$ctx/images"
import_root "$KIND_CACHE/node-root-$DEBIAN_SUITE/root" microlab-kind/node-root:$DEBIAN_SUITE
cp "$HERE/node/Dockerfile" "$ctx/"
docker build -q --build-arg DEBIAN_SUITE="$DEBIAN_SUITE" --build-arg KUBERNETES_VERSION="$KUBERNETES_VERSION" \
  -t "$NODE_IMAGE" "$ctx" >/dev/null
say "$NODE_IMAGE built in $((SECONDS - started)) s ($(docker image inspect -f '{{.Size}}' "$NODE_IMAGE" | awk '{printf "%d MB", $1/1e6}'))"
echo "$NODE_IMAGE"
