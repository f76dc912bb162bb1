#!/usr/bin/env bash
# CI's proof of the observability promises on the real programs: Jaeger and Prometheus built from the
# Go module proxy (.ci/kind/build.sh jaeger prometheus, cached outside the checkout; cold about 12
# minutes), the system on the bare JVM (bin/up --detach) exporting its spans to Jaeger, a second
# gateway on :18080 with the direct path off, Prometheus scraping all five with compose's
# configuration (the service names replaced by localhost). Then microlab.e2e.observability
# .ObservabilityCheck (e2e/) checks the traces on both gateway paths, the targets and every query of
# the dashboard. Everything it started is stopped again, also after a failure.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
# shellcheck source=kind/versions.sh
source .ci/kind/versions.sh
say() { printf '.ci/observability-check: %s\n' "$*"; }

.ci/kind/build.sh jaeger prometheus
JAEGER=$KIND_CACHE/jaeger-$JAEGER_VERSION/jaeger
PROMETHEUS=$KIND_CACHE/prometheus-$PROMETHEUS_VERSION/prometheus
FILTER_PATH_PORT=18080
DASHBOARD=compose/observability/grafana/dashboards/microlab.json

work=$(mktemp -d /tmp/microlab-observability.XXXXXX)
pids=()
up=
cleanup() {
  local status=$?
  [[ -z $up ]] || bin/down || status=1
  ((${#pids[@]} == 0)) || kill "${pids[@]}" 2>/dev/null || true
  ((${#pids[@]} == 0)) || wait "${pids[@]}" 2>/dev/null || true
  if ((status != 0)); then
    for log in "$work"/*.log; do
      [[ -f $log ]] && { printf '\n---- last lines of %s ----\n' "${log##*/}"; tail -n 30 "$log"; }
    done
  fi
  rm -rf "$work"
  exit "$status"
}
trap cleanup EXIT

# await NAME URL: until URL answers 200 (60 s at most)
await() {
  local started=$SECONDS
  until curl -fsS -o /dev/null "$2" 2>/dev/null; do
    ((SECONDS - started < 60)) || { say "$1 did not answer $2 within 60 s"; return 1; }
    sleep 0.5
  done
  say "$1 answers $2 ($((SECONDS - started)) s)"
}

# Jaeger's own default configuration: all in one, spans in memory, OTLP on 4317/4318, the UI and the
# query API on 16686
(cd "$work" && exec "$JAEGER" >"$work/jaeger.log" 2>&1) &
pids+=($!)
sed -E 's/"(gateway|users-service|orders-service|consumer-service|forecast):/"localhost:/' \
  compose/observability/prometheus.yml >"$work/prometheus.yml"
"$PROMETHEUS" --config.file="$work/prometheus.yml" --storage.tsdb.path="$work/tsdb" \
  --web.listen-address=127.0.0.1:9090 >"$work/prometheus.log" 2>&1 &
pids+=($!)
await jaeger http://localhost:16686/
await prometheus http://localhost:9090/-/ready

export OTEL_EXPORTER_OTLP_ENDPOINT=http://localhost:4318
up=1
bin/up --detach
GATEWAY_DIRECT_PROXY_ENABLED=false MICRONAUT_SERVER_PORT=$FILTER_PATH_PORT \
  java -jar .run/jars/gateway-*.jar </dev/null >.run/logs/gateway-filter-path.log 2>&1 &
pids+=($!)
await "the filter-path gateway" "http://localhost:$FILTER_PATH_PORT/health/readiness"

source bin/lib/e2e.sh
e2e_java microlab.e2e.observability.ObservabilityCheck \
  --gateway "direct path=http://localhost:8080" --gateway "filter path=http://localhost:$FILTER_PATH_PORT" \
  --jaeger http://localhost:16686 --prometheus http://localhost:9090 --dashboard "$DASHBOARD" \
  --jobs gateway,users-service,orders-service,consumer-service,forecast --logs .run/logs
