#!/usr/bin/env bash
# Prints the path of the Gateway API CRDs (standard channel, GATEWAY_API_VERSION), read from the
# sigs.k8s.io/gateway-api module (downloaded into Go's module cache when missing), for kubectl apply -f;
# without Go, the project's release file.
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=versions.sh
source "$HERE/versions.sh"
if ! command -v go >/dev/null; then
  echo "https://github.com/kubernetes-sigs/gateway-api/releases/download/$GATEWAY_API_VERSION/standard-install.yaml"
  exit 0
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
dir=$(cd "$work" && GOFLAGS=-mod=mod go mod download -json "sigs.k8s.io/gateway-api@$GATEWAY_API_VERSION" | sed -n 's/.*"Dir": "\(.*\)".*/\1/p')
[[ -d $dir/config/crd/standard ]] || { echo "gateway-api-crds: no config/crd/standard in $dir" >&2; exit 1; }
echo "$dir/config/crd/standard"
