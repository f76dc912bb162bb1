#!/usr/bin/env bash
# Builds every part of a kind cluster that no registry can be pulled for here, from the Go module
# proxy and Debian's packages, into KIND_CACHE (outside the checkout), keyed by each part's version:
#   bin/kind, the Kubernetes binaries, etcd, CoreDNS, kube-router, Traefik, local-path-provisioner,
#   pause; a Debian root for the node and one for the tool images. Jaeger and Prometheus too, which
#   CI runs against the system (.ci/observability-check.sh), when named.
# A part already in the cache is reused and said so; every step prints how long it took.
# Usage: .ci/kind/build.sh [PART...]   (default: every part of the cluster; --list prints them,
# --missing [PART...] those not cached)
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=versions.sh
source "$HERE/versions.sh"
export CGO_ENABLED=0 GOFLAGS="-buildvcs=false -trimpath"
LDFLAGS="-s -w"

say() { printf '.ci/kind/build: %s\n' "$*"; }

# part NAME VERSION FUNCTION: runs FUNCTION with $out (a fresh folder) unless NAME-VERSION is cached
part() {
  local name=$1 version=$2 fn=$3 dir="$KIND_CACHE/$1-$2" started=$SECONDS
  if [[ -f $dir/.done ]]; then
    say "$name $version: cached ($dir)"
    return
  fi
  say "$name $version: building"
  rm -rf "$dir" "$dir.tmp"
  mkdir -p "$dir.tmp"
  out="$dir.tmp" "$fn" "$version"
  touch "$dir.tmp/.done"
  mv "$dir.tmp" "$dir"
  say "$name $version: built in $((SECONDS - started)) s"
}

# the wrapper modules' folders, removed however the script ends
BUILD_TMP=$(mktemp -d)
trap 'rm -rf "$BUILD_TMP"' EXIT

# a throwaway module that requires MODULE@VERSION, so that `go build` accepts its replace
# directives (go install refuses them); prints its folder
wrapper_module() {
  local module=$1 version=$2 dir
  dir=$(mktemp -d -p "$BUILD_TMP")
  (cd "$dir" && go mod init microlab.local/build >/dev/null 2>&1 && go mod edit -require="$module@$version")
  local gomod
  gomod=$(cd "$dir" && go mod download -json "$module@$version" | sed -n 's/.*"GoMod": "\(.*\)".*/\1/p')
  # the module's own replace directives, kept (they apply only in the main module)
  go mod edit -json "$gomod" | python3 -c '
import json, sys
for r in json.load(sys.stdin).get("Replace") or []:
    new = r["New"]
    if new["Path"].startswith("."):
        continue
    old = r["Old"]["Path"] + ("@" + r["Old"]["Version"] if r["Old"].get("Version") else "")
    print("-replace=" + old + "=" + new["Path"] + ("@" + new["Version"] if new.get("Version") else ""))
' | (cd "$dir" && xargs -r go mod edit)
  echo "$dir"
}

build_kind() { GOBIN="$out" go install -ldflags "$LDFLAGS" "sigs.k8s.io/kind@$1"; }

build_kubernetes() {
  local version=$1 dir minor
  dir=$(wrapper_module k8s.io/kubernetes "$version")
  # the staging modules (./staging/src/k8s.io/X in the module itself) at their published versions
  local staging="v0.${version#v1.}"
  local gomod
  gomod=$(cd "$dir" && go mod download -json "k8s.io/kubernetes@$version" | sed -n 's/.*"GoMod": "\(.*\)".*/\1/p')
  sed -n 's#^\t\(k8s.io/[a-z0-9-]*\) => ./staging/src/.*#\1#p' "$gomod" |
    while read -r m; do printf -- '-replace=%s=%s@%s\n' "$m" "$m" "$staging"; done | (cd "$dir" && xargs go mod edit)
  minor=${version#v1.}
  minor=${minor%%.*}
  local v="k8s.io/component-base/version"
  (cd "$dir" && GOFLAGS="$GOFLAGS -mod=mod" go build -o "$out/" \
    -ldflags "$LDFLAGS -X $v.gitVersion=$version -X $v.gitMajor=1 -X $v.gitMinor=$minor -X $v.gitTreeState=clean -X $v.buildDate=1970-01-01T00:00:00Z" \
    k8s.io/kubernetes/cmd/kubeadm k8s.io/kubernetes/cmd/kubelet k8s.io/kubernetes/cmd/kubectl \
    k8s.io/kubernetes/cmd/kube-apiserver k8s.io/kubernetes/cmd/kube-controller-manager \
    k8s.io/kubernetes/cmd/kube-scheduler k8s.io/kubernetes/cmd/kube-proxy)
  # the pause program, from the same module's C source
  local src
  src=$(cd "$dir" && go list -mod=mod -m -f '{{.Dir}}' k8s.io/kubernetes)
  gcc -Os -static -o "$out/pause" "$src/build/pause/linux/pause.c"
  strip "$out/pause"
  rm -rf "$dir"
}

build_etcd() {
  local dir
  dir=$(wrapper_module go.etcd.io/etcd/server/v3 "$1")
  cat >"$dir/main.go" <<'GO'
// etcd's own main, as the etcd image runs it
package main

import (
	"os"

	"go.etcd.io/etcd/server/v3/etcdmain"
)

func main() { etcdmain.Main(os.Args) }
GO
  (cd "$dir" && GOFLAGS="$GOFLAGS -mod=mod" go build -ldflags "$LDFLAGS" -o "$out/etcd" .)
  rm -rf "$dir"
}

build_go_main() { # MODULE PACKAGE VERSION: a main package of a module with replace directives
  local dir
  dir=$(wrapper_module "$1" "$3")
  (cd "$dir" && GOFLAGS="$GOFLAGS -mod=mod" go build -ldflags "$LDFLAGS" -o "$out/" "$2")
  rm -rf "$dir"
}
build_coredns() { build_go_main github.com/coredns/coredns github.com/coredns/coredns "$1"; }
build_kube_router() { build_go_main github.com/cloudnativelabs/kube-router/v2 github.com/cloudnativelabs/kube-router/v2/cmd/kube-router "$1"; }
build_traefik() { build_go_main github.com/traefik/traefik/v3 github.com/traefik/traefik/v3/cmd/traefik "$1"; }
build_jaeger() { build_go_main github.com/jaegertracing/jaeger github.com/jaegertracing/jaeger/cmd/jaeger "$1"; }
build_prometheus() { build_go_main github.com/prometheus/prometheus github.com/prometheus/prometheus/cmd/prometheus "$1"; }
build_local_path_provisioner() { build_go_main github.com/rancher/local-path-provisioner github.com/rancher/local-path-provisioner "$1"; }

# the mirror apt uses on this machine, for debootstrap
debian_mirror() {
  local m
  m=$(grep -rhoE 'https?://[^ ]+/debian/?$' /etc/apt/sources.list /etc/apt/sources.list.d/ 2>/dev/null | head -n 1 || true)
  [[ -n $m ]] || m=$(grep -rhE '^deb ' /etc/apt/sources.list 2>/dev/null | grep -v security | awk '{print $2; exit}' || true)
  [[ -n $m ]] || { say "no Debian mirror in apt's configuration"; return 1; }
  echo "$m"
}

# the node's root: what kind's base image installs, with Debian's containerd, runc and CNI plugins
build_node_root() {
  debootstrap --variant=minbase --include=systemd,systemd-sysv,dbus,containerd,runc,containernetworking-plugins,conntrack,iptables,ipset,iproute2,ethtool,util-linux,mount,kmod,libseccomp2,pigz,e2fsprogs,bash,ca-certificates,curl,jq,procps,socat,nfs-common \
    "$1" "$out/root" "$(debian_mirror)" >"$out/debootstrap.log" 2>&1 || { tail -n 20 "$out/debootstrap.log"; return 1; }
  rm -rf "$out/root/var/cache/apt/archives/"*.deb "$out/root/var/lib/apt/lists/"*
}

# the root of the images that need a shell or iptables (kube-proxy, kube-router, the volume helper)
build_tools_root() {
  debootstrap --variant=minbase --include=iptables,ipset,conntrack,iproute2,kmod \
    "$1" "$out/root" "$(debian_mirror)" >"$out/debootstrap.log" 2>&1 || { tail -n 20 "$out/debootstrap.log"; return 1; }
  rm -rf "$out/root/var/cache/apt/archives/"*.deb "$out/root/var/lib/apt/lists/"*
}

ALL=(kind kubernetes etcd coredns kube-router traefik local-path-provisioner node-root tools-root)
OTHERS=(jaeger prometheus)
version_of() {
  case $1 in
    kind) echo "$KIND_VERSION" ;; kubernetes) echo "$KUBERNETES_VERSION" ;; etcd) echo "$ETCD_VERSION" ;;
    coredns) echo "$COREDNS_VERSION" ;; kube-router) echo "$KUBE_ROUTER_VERSION" ;; traefik) echo "$TRAEFIK_VERSION" ;;
    local-path-provisioner) echo "$LOCAL_PATH_PROVISIONER_VERSION" ;; jaeger) echo "$JAEGER_VERSION" ;;
    prometheus) echo "$PROMETHEUS_VERSION" ;; node-root | tools-root) echo "$DEBIAN_SUITE" ;;
  esac
}
case ${1:-} in
  --list) printf '%s\n' "${ALL[@]}" "${OTHERS[@]}"; exit 0 ;;
  --missing)
    shift
    for name in "${@:-${ALL[@]}}"; do [[ -f $KIND_CACHE/$name-$(version_of "$name")/.done ]] || echo "$name"; done
    exit 0 ;;
esac
# the programs the parts to build need: installed with apt-get where it can (root on Debian), named otherwise
need_programs() {
  local name missing=()
  command -v go >/dev/null 2>&1 || { say "go is not installed: the parts build from the Go module proxy (Go 1.24 or newer)"; exit 1; }
  for name in "$@"; do
    [[ -f $KIND_CACHE/$name-$(version_of "$name")/.done ]] && continue
    case $name in
      kubernetes) command -v gcc >/dev/null 2>&1 || missing+=(gcc) ;;
      node-root | tools-root) command -v debootstrap >/dev/null 2>&1 || missing+=(debootstrap) ;;
    esac
    command -v python3 >/dev/null 2>&1 || missing+=(python3)
  done
  ((${#missing[@]} > 0)) || return 0
  mapfile -t missing < <(printf '%s\n' "${missing[@]}" | sort -u)
  if [[ $(id -u) != 0 ]] || ! command -v apt-get >/dev/null 2>&1; then
    say "missing: ${missing[*]}; install them (on Debian: sudo apt-get install -y ${missing[*]}) and run it again"
    exit 1
  fi
  say "installing ${missing[*]} (apt-get)"
  [[ -n ${APT_UPDATED:-} ]] || apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
}

started=$SECONDS
mkdir -p "$KIND_CACHE"
if (($# > 0)); then need_programs "$@"; else need_programs "${ALL[@]}"; fi
for name in "${@:-${ALL[@]}}"; do
  version=$(version_of "$name")
  [[ -n $version ]] || { say "unknown part $name (--list)"; exit 2; }
  part "$name" "$version" "build_${name//-/_}"
done
say "done in $((SECONDS - started)) s; cache $KIND_CACHE ($(du -sh "$KIND_CACHE" | cut -f1))"
