#!/usr/bin/env bash
# Every overlay against a real API server: starts etcd and kube-apiserver from .ci/kind/build.sh's
# cache on loopback (built when missing), installs the Gateway API CRDs, creates namespace microlab as
# k8s/base/namespace.yaml labels it (Pod Security enforce and warn: restricted), and applies each
# overlay with `kubectl apply --server-side --dry-run=server`. Fails on any refusal and on any warning
# (Pod Security warns about a pod template it would refuse). Stops what it started, also on failure.
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
# shellcheck source=versions.sh
source "$HERE/versions.sh"
say() { printf '.ci/kind/apiserver-check: %s\n' "$*"; }

"$HERE/build.sh" kubernetes etcd
BIN=$KIND_CACHE/kubernetes-$KUBERNETES_VERSION
ETCD=$KIND_CACHE/etcd-$ETCD_VERSION/etcd
ETCD_PORT=${ETCD_PORT:-23790} API_PORT=${API_PORT:-26443}

work=$(mktemp -d)
pids=()
cleanup() {
  local pid
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

"$ETCD" --data-dir "$work/etcd" --listen-client-urls "http://127.0.0.1:$ETCD_PORT" \
  --advertise-client-urls "http://127.0.0.1:$ETCD_PORT" --listen-peer-urls http://127.0.0.1:0 >"$work/etcd.log" 2>&1 &
pids+=($!)
openssl genrsa -out "$work/sa.key" 2048 2>/dev/null
token=$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')
echo "$token,admin,admin,system:masters" >"$work/tokens.csv"
"$BIN/kube-apiserver" --etcd-servers "http://127.0.0.1:$ETCD_PORT" --bind-address 127.0.0.1 \
  --secure-port "$API_PORT" --cert-dir "$work/certs" --token-auth-file "$work/tokens.csv" \
  --authorization-mode RBAC --service-account-issuer https://kubernetes.default.svc \
  --service-account-key-file "$work/sa.key" --service-account-signing-key-file "$work/sa.key" \
  --service-cluster-ip-range 10.96.0.0/16 >"$work/apiserver.log" 2>&1 &
pids+=($!)

cat >"$work/kubeconfig" <<KUBECONFIG
apiVersion: v1
kind: Config
clusters: [{name: check, cluster: {server: "https://127.0.0.1:$API_PORT", insecure-skip-tls-verify: true}}]
users: [{name: admin, user: {token: "$token"}}]
contexts: [{name: check, context: {cluster: check, user: admin}}]
current-context: check
KUBECONFIG
k() { "$BIN/kubectl" --kubeconfig "$work/kubeconfig" "$@"; }
for ((i = 0; i < 120; i++)); do
  k get --raw /readyz >/dev/null 2>&1 && break
  sleep 0.5
done
k get --raw /readyz >/dev/null 2>&1 || { tail -n 30 "$work/apiserver.log" "$work/etcd.log"; say "the API server did not become ready"; exit 1; }
say "kube-apiserver $("$BIN/kube-apiserver" --version | awk '{print $2}') with etcd $ETCD_VERSION ready on 127.0.0.1:$API_PORT"

k apply --server-side -f "$("$HERE/gateway-api-crds.sh")" >/dev/null
k wait --for condition=Established crd --all --timeout=60s >/dev/null
k apply --server-side -f "$ROOT/k8s/base/namespace.yaml" >/dev/null
k create namespace traefik >/dev/null
say "namespace microlab: $(k get namespace microlab -o jsonpath='{.metadata.labels}')"

# the check itself: a pod template the restricted standard refuses is warned about, and counted
cat >"$work/root-pod.yaml" <<'YAML'
apiVersion: apps/v1
kind: Deployment
metadata: {name: runs-as-root, namespace: microlab}
spec:
  selector: {matchLabels: {app: runs-as-root}}
  template:
    metadata: {labels: {app: runs-as-root}}
    spec: {containers: [{name: c, image: x}]}
YAML
k apply --server-side --dry-run=server -f "$work/root-pod.yaml" >/dev/null 2>"$work/err" || true
grep -qi 'warning.*restricted' "$work/err" || { cat "$work/err"; say "a pod template running as root was not warned about: the check could not fail"; exit 1; }
say "a pod template running as root is warned about (the check can fail)"

failed=0
for target in k8s/overlays/* k8s/traefik; do
  [[ -f $ROOT/$target/kustomization.yaml ]] || continue
  if k apply --server-side --dry-run=server -k "$ROOT/$target" >"$work/out" 2>"$work/err" && ! grep -qi 'warning' "$work/err"; then
    say "$target: $(wc -l <"$work/out") objects accepted, no warning"
  else
    say "$target: REFUSED or warned:"
    cat "$work/err"
    failed=1
  fi
done
((failed == 0)) || exit 1
say "every overlay is accepted by the API server"
