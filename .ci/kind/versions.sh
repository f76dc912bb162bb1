# The versions of everything the kind cluster is assembled from (sourced by .ci/kind/*.sh and
# k8s/kind-up.sh). Each built part is cached under KIND_CACHE by its name and version, so changing a
# line here rebuilds that part alone.
KIND_VERSION=v0.33.0
# 1.34: the newest line that still starts on a cgroup v1 host without being told to (1.35 refuses)
KUBERNETES_VERSION=v1.34.4
# what kubeadm v1.34 lists (kubeadm config images list); the images are tagged exactly so
ETCD_VERSION=v3.6.16
ETCD_IMAGE_TAG=3.6.5-0
COREDNS_VERSION=v1.12.1
PAUSE_IMAGE_TAG=3.10.1
# NetworkPolicy on iptables and ipset (kindnetd's engine needs nftables' queue verdict)
# v2.1.0 is the one version the Go module proxy serves here (newer ones are refused)
KUBE_ROUTER_VERSION=v2.1.0
# the ingress controller for Ingress and the Gateway API (pure Go; Contour needs Envoy, C++)
TRAEFIK_VERSION=v3.6.2
GATEWAY_API_VERSION=v1.4.0
LOCAL_PATH_PROVISIONER_VERSION=v0.0.30
# the observability component's trace store and metrics scraper (compose pins the same versions);
# CI runs them against the system too (.ci/observability-check.sh)
JAEGER_VERSION=v1.75.0
PROMETHEUS_VERSION=v0.316.0
# the node's root file system
DEBIAN_SUITE=bookworm
KIND_CACHE=${KIND_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/microlab/kind}
