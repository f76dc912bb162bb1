#!/usr/bin/env bash
# CI's Kubernetes phase (.ci/Ci.java), on the Docker phase's engine (its DIR/env): every part of a kind cluster
# built from the Go module proxy and Debian (build.sh, cached outside the checkout; cold about 26 minutes), the
# project on it (k8s/kind-up.sh, with the assembled images: no registry answers here) and the checks on it
# (k8s/kind-check.sh). DIR/kind-created tells the end of the run to delete the cluster. Usage: .ci/kind/phase.sh DIR
set -euo pipefail
# shellcheck source=/dev/null
source "$1/env"
.ci/kind/build.sh
# shellcheck source=versions.sh
source .ci/kind/versions.sh
export PATH="$KIND_CACHE/kubernetes-$KUBERNETES_VERSION:$KIND_CACHE/kind-$KIND_VERSION:$PATH"
touch "$1/kind-created"
ASSEMBLE=always k8s/kind-up.sh
k8s/kind-check.sh
