#!/usr/bin/env bash
# Every overlay against a real API server: etcd and kube-apiserver from .ci/kind/build.sh's cache
# (built when missing) on loopback, checked by microlab.e2e.cluster.ApiServerCheck (e2e/): namespace
# microlab as k8s/base/namespace.yaml labels it (Pod Security restricted), each overlay applied with
# `kubectl apply --server-side --dry-run=server`, any refusal or warning a failure.
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
cd "$HERE/../.."
# shellcheck source=versions.sh
source "$HERE/versions.sh"
"$HERE/build.sh" kubernetes etcd
# shellcheck source=../../bin/lib/e2e.sh
source bin/lib/e2e.sh
e2e_java microlab.e2e.cluster.ApiServerCheck --bin "$KIND_CACHE/kubernetes-$KUBERNETES_VERSION" \
  --etcd "$KIND_CACHE/etcd-$ETCD_VERSION/etcd" --crds "$("$HERE/gateway-api-crds.sh")" \
  --etcd-port "${ETCD_PORT:-23790}" --api-port "${API_PORT:-26443}"
