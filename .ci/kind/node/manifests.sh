#!/usr/bin/env bash
# Prints a tar of the node's /kind/manifests: default-cni.yaml (see the file) and
# default-storage.yaml, kind's own local-path-provisioner manifest read from the kind module's source
# (pkg/build/nodeimage/const_storage.go) with the images built here.
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=../versions.sh
source "$HERE/../versions.sh"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
src=$(cd "$work" && GOFLAGS=-mod=mod go mod download -json "sigs.k8s.io/kind@$KIND_VERSION" | sed -n 's/.*"Dir": "\(.*\)".*/\1/p')
sed "s/KUBE_ROUTER_VERSION/$KUBE_ROUTER_VERSION/" "$HERE/default-cni.yaml" >"$work/default-cni.yaml"
python3 - "$src/pkg/build/nodeimage/const_storage.go" \
  "microlab-kind/local-path-provisioner:$LOCAL_PATH_PROVISIONER_VERSION" "microlab-kind/tools:$DEBIAN_SUITE" \
  >"$work/default-storage.yaml" <<'PY'
import re, sys
source, provisioner, helper = sys.argv[1:]
text = open(source).read()
body = re.search(r"const defaultStorageManifest = `(.*?)\n`", text, re.S)
if not body:
    sys.exit("no defaultStorageManifest in " + source)
manifest = body.group(1)
# the manifest splices two image constants in: ` + name + `
manifest = manifest.replace("` + storageProvisionerImage + `", provisioner).replace("` + storageHelperImage + `", helper)
if "`" in manifest:
    sys.exit("an image constant of " + source + " was not replaced")
print(manifest)
PY
tar -C "$work" -c default-cni.yaml default-storage.yaml
