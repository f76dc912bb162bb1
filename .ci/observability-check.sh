#!/usr/bin/env bash
# CI's proof of the observability promises on the real programs: Jaeger and Prometheus built from the
# Go module proxy (.ci/kind/build.sh jaeger prometheus, cached outside the checkout; cold about 12
# minutes), then microlab.e2e.observability.ObservabilityRun (e2e/): the system on the bare JVM
# exporting its spans to Jaeger, a second gateway with the direct path off, Prometheus scraping all
# five with compose's configuration; the traces on both gateway paths, the targets and every query of
# the dashboard are checked. Everything it started is stopped again, also after a failure.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
# shellcheck source=kind/versions.sh
source .ci/kind/versions.sh
.ci/kind/build.sh jaeger prometheus
# shellcheck source=../bin/lib/e2e.sh
source bin/lib/e2e.sh
e2e_java microlab.e2e.observability.ObservabilityRun --jaeger "$KIND_CACHE/jaeger-$JAEGER_VERSION/jaeger" \
  --prometheus "$KIND_CACHE/prometheus-$PROMETHEUS_VERSION/prometheus" --filter-path-port 18080
