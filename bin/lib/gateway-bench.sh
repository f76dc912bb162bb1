# shellcheck shell=bash
# bin/bench gateway: the gateway beside nginx doing the same job, in front of the same backends, in one
# run with the same wrk settings, taking turns (microlab.e2e.bench.TakingTurns, e2e/). nginx is configured as the gateway behaves: an
# access log line per request (buffered), X-Forwarded-For/-Proto/-Host, an X-Request-Id passed on.
# Three cases: GET /users/1 (users-service on PostgreSQL and its Redis cache), a 1 MiB response and a
# POST of a 64 KiB body (both from a static nginx backend, so the backend costs next to nothing).

GW_BENCH_DIR="$RUN_DIR/bench/gateway"
GW_PORT=18180       # the gateway under test
NGINX_PORT=18170    # nginx as the reverse proxy
STATIC_PORT=18190   # nginx as the static backend (1 MiB file, POST sink)
USERS_PORT=18181    # users-service
WRK_THREADS=${WRK_THREADS:-2}
WRK_CONNECTIONS=${WRK_CONNECTIONS:-32}
WRK_SECONDS=${WRK_SECONDS:-5}
# The JVMs compile their hot paths during the first tens of seconds under load, and on two cores the
# compiler threads take as much CPU as the event loops meanwhile: measured after 10 s, the gateway spent
# 376 us of CPU a request, after 40 s 121 us (users-service 480 and 229). So both JVMs are warmed up
# first, through the gateway, and every run still has a warm-up of its own.
WRK_WARMUP=${WRK_WARMUP:-40}
# the servers take turns for this many rounds of each case, the order turning by one each round (6: each of
# two or three servers takes each place equally often); the table gives medians and the spread
ROUNDS=${ROUNDS:-6}

gateway_usage() {
  cat <<EOF
Usage: bin/bench gateway [--no-build] [--tracing]

nginx and the gateway take turns, first one then the other, ROUNDS ($ROUNDS) rounds of each case (GET /users/1, a 1 MiB GET, a 64 KiB
POST), each run wrk -t$WRK_THREADS -c$WRK_CONNECTIONS -d${WRK_SECONDS}s after a discarded one as long (before all
rounds each server gets ${WRK_WARMUP} s of each case, so the JVMs' compilers are done); prints per case the
median requests per second, p99 and CPU a request, and the gateway's ratios to nginx round by round
(median and spread). Needs wrk and nginx (installed with apt-get when root). Ports 18170-18190; runs beside bin/up.

--tracing: instead, what tracing costs: the gateway as it ships (trace ids, no span recorded) beside one with
OpenTelemetry switched off and one exporting to a real Jaeger (built from the Go module proxy the first
time, about 6 minutes; it needs ports 4317, 4318 and 16686), in turns the same way.

Environment: ROUNDS, WRK_THREADS, WRK_CONNECTIONS, WRK_SECONDS, WRK_WARMUP; GATEWAY_BENCH_JAVA_OPTS (default
-Xmx256m -XX:+UseSerialGC, the pods' collector with full JIT), SERVICE_JAVA (default: as bin/up picks it).
EOF
}

write_nginx_conf() {
  mkdir -p "$GW_BENCH_DIR/nginx/logs" "$GW_BENCH_DIR/nginx/static/forecast"
  head -c 1048576 /dev/urandom >"$GW_BENCH_DIR/nginx/static/forecast/big.bin"
  sed -e "s#@DIR@#$GW_BENCH_DIR#g" -e "s#@STATIC_PORT@#$STATIC_PORT#g" -e "s#@USERS_PORT@#$USERS_PORT#g" \
    -e "s#@NGINX_PORT@#$NGINX_PORT#g" bin/lib/gateway-bench-nginx.conf >"$GW_BENCH_DIR/nginx/nginx.conf"
}

# the servers a gateway bench started (globals: an exit from inside the bench has left its locals behind)
GW_PIDS=()
GW_NGINX=
gateway_bench_stop() {
  local p
  for p in ${GW_PIDS[@]+"${GW_PIDS[@]}"}; do kill "$p" 2>/dev/null || true; done
  GW_PIDS=()
  [[ -z $GW_NGINX ]] || "$GW_NGINX" -c "$GW_BENCH_DIR/nginx/nginx.conf" -p "$GW_BENCH_DIR/nginx" -s stop 2>/dev/null || true
  GW_NGINX=
}

gateway_bench() {
  local build=1 java= opts=${GATEWAY_BENCH_JAVA_OPTS:--Xmx256m -XX:+UseSerialGC} name tracing=
  while (($#)); do
    case $1 in
      -h | --help) gateway_usage; return 0 ;;
      --no-build) build= ;;
      --tracing) tracing=1 ;;
      *) die "unknown argument '$1'; see bin/bench gateway --help." ;;
    esac
    shift
  done
  java=$(service_java)
  opts="$opts $(java_flags "$java")"
  # the gateways as they ship: trace ids, no span recorded (--tracing adds one that exports)
  unset OTEL_EXPORTER_OTLP_ENDPOINT
  local missing=()
  command -v wrk >/dev/null 2>&1 || missing+=(wrk)
  command -v nginx >/dev/null 2>&1 || [[ -x /usr/sbin/nginx ]] || missing+=(nginx)
  command -v curl >/dev/null 2>&1 || missing+=(curl)
  ((${#missing[@]} == 0)) || apt_install "${missing[@]}"
  GW_NGINX=$(command -v nginx || echo /usr/sbin/nginx)
  if [[ -n $build ]]; then
    say "building the jars (./mvnw -B -q package -DskipTests)"
    ./mvnw -B -q package -DskipTests -DskipDeployChecks >/dev/null 2>&1 || die "the build failed; run ./mvnw package to see why."
  fi
  if [[ -n $tracing ]]; then
    .ci/kind/build.sh jaeger || die "Jaeger did not build (output above)."
  fi
  ensure_infra
  mkdir -p "$GW_BENCH_DIR"
  write_nginx_conf
  head -c 65536 /dev/urandom >"$GW_BENCH_DIR/body-64k.bin"
  # what it started goes with it, however it ends (a failed step exits the shell, which skips RETURN)
  trap gateway_bench_stop RETURN
  trap 'gateway_bench_stop; stop_started_infra' EXIT
  "$GW_NGINX" -c "$GW_BENCH_DIR/nginx/nginx.conf" -p "$GW_BENCH_DIR/nginx" 2>"$GW_BENCH_DIR/nginx.log" \
    || die "nginx did not start: $(cat "$GW_BENCH_DIR/nginx.log")"
  # shellcheck disable=SC2086
  env MICRONAUT_SERVER_PORT=$USERS_PORT "$java" $opts -jar "$(service_jar users-service)" >"$GW_BENCH_DIR/users-service.log" 2>&1 &
  GW_PIDS+=($!)
  # shellcheck disable=SC2086
  env MICRONAUT_SERVER_PORT=$GW_PORT MICRONAUT_HTTP_SERVICES_USERS_URL=http://127.0.0.1:$USERS_PORT \
    MICRONAUT_HTTP_SERVICES_FORECAST_URL=http://127.0.0.1:$STATIC_PORT \
    "$java" $opts -jar "$(service_jar gateway)" >"$GW_BENCH_DIR/gateway.log" 2>&1 &
  GW_PIDS+=($!)
  wait_http "http://127.0.0.1:$USERS_PORT/health/readiness" users-service "$GW_BENCH_DIR/users-service.log" "${GW_PIDS[0]}"
  wait_http "http://127.0.0.1:$GW_PORT/health/readiness" gateway "$GW_BENCH_DIR/gateway.log" "${GW_PIDS[1]}"
  if [[ -n $tracing ]]; then
    tracing_bench "$java" "$opts"
    return
  fi
  wait_http "http://127.0.0.1:$NGINX_PORT/users/1" nginx "$GW_BENCH_DIR/nginx.log"
  say "the gateway on $("$java" -version 2>&1 | head -n 1) $opts"
  # nginx's workers, the children of its master process: their CPU is nginx's
  local workers
  workers=$(pgrep -d, -P "$(cat "$GW_BENCH_DIR/nginx/nginx.pid")") || die "nginx's worker processes were not found"
  e2e_java microlab.e2e.bench.TakingTurns \
    --reference "nginx=http://127.0.0.1:$NGINX_PORT" --target "gateway=http://127.0.0.1:$GW_PORT" \
    --pid "nginx=$workers" --pid "gateway=${GW_PIDS[1]}" \
    --case "GET /users/1=GET /users/1" --case "GET 1 MiB=GET /forecast/big.bin" --case "POST 64 KiB=POST /forecast/upload" \
    --body "$GW_BENCH_DIR/body-64k.bin" --rounds "$ROUNDS" --warmup "$WRK_WARMUP" --seconds "$WRK_SECONDS" \
    --threads "$WRK_THREADS" --connections "$WRK_CONNECTIONS" || { warn "the measurement failed (output above)"; return 1; }
}


# bin/bench gateway --tracing: what tracing costs the gateway. Beside the gateway as it ships (trace ids, no
# span recorded: no OTLP endpoint set), one with OpenTelemetry switched off and one exporting every span to
# a real Jaeger (built from the Go module proxy; OTLP over HTTP on 4318), in front of the same backends.
# microlab.e2e.bench.TakingTurns (e2e/) runs wrk on the three in turn and prints the table.
tracing_bench() {
  local java=$1 opts=$2 jaeger work=$GW_BENCH_DIR/jaeger port off=$((GW_PORT + 2)) exporting=$((GW_PORT + 3))
  # shellcheck source=.ci/kind/versions.sh
  source .ci/kind/versions.sh
  jaeger=$KIND_CACHE/jaeger-$JAEGER_VERSION/jaeger
  for port in 4317 4318 16686; do
    port_open "$port" && die "port $port is taken by $(port_owner "$port"); Jaeger needs it (stop what holds it)."
  done
  mkdir -p "$work"
  (cd "$work" && exec "$jaeger" >"$work/jaeger.log" 2>&1) &
  GW_PIDS+=($!)
  wait_http "http://127.0.0.1:16686/" jaeger "$work/jaeger.log" "${GW_PIDS[-1]}"
  # shellcheck disable=SC2086
  env MICRONAUT_SERVER_PORT=$off MICRONAUT_OTEL_ENABLED=false MICRONAUT_HTTP_SERVICES_USERS_URL=http://127.0.0.1:$USERS_PORT \
    MICRONAUT_HTTP_SERVICES_FORECAST_URL=http://127.0.0.1:$STATIC_PORT \
    "$java" $opts -jar "$(service_jar gateway)" >"$GW_BENCH_DIR/gateway-off.log" 2>&1 &
  GW_PIDS+=($!)
  # shellcheck disable=SC2086
  env MICRONAUT_SERVER_PORT=$exporting OTEL_EXPORTER_OTLP_ENDPOINT=http://127.0.0.1:4318 \
    MICRONAUT_HTTP_SERVICES_USERS_URL=http://127.0.0.1:$USERS_PORT MICRONAUT_HTTP_SERVICES_FORECAST_URL=http://127.0.0.1:$STATIC_PORT \
    "$java" $opts -jar "$(service_jar gateway)" >"$GW_BENCH_DIR/gateway-export.log" 2>&1 &
  GW_PIDS+=($!)
  wait_http "http://127.0.0.1:$off/health/readiness" "gateway (tracing off)" "$GW_BENCH_DIR/gateway-off.log" "${GW_PIDS[-2]}"
  wait_http "http://127.0.0.1:$exporting/health/readiness" "gateway (exporting)" "$GW_BENCH_DIR/gateway-export.log" "${GW_PIDS[-1]}"
  say "the gateway on $("$java" -version 2>&1 | head -n 1) $opts"
  e2e_java microlab.e2e.bench.TakingTurns \
    --reference "tracing off=http://127.0.0.1:$off" --target "as shipped=http://127.0.0.1:$GW_PORT" \
    --target "exporting=http://127.0.0.1:$exporting" \
    --pid "tracing off=${GW_PIDS[-2]}" --pid "as shipped=${GW_PIDS[1]}" --pid "exporting=${GW_PIDS[-1]}" \
    --case "GET /users/1=GET /users/1" --case "POST 64 KiB=POST /forecast/upload" --body "$GW_BENCH_DIR/body-64k.bin" \
    --rounds "$ROUNDS" --warmup "$WRK_WARMUP" --seconds "$WRK_SECONDS" --threads "$WRK_THREADS" --connections "$WRK_CONNECTIONS" \
    || { warn "the measurement failed (output above)"; return 1; }
  local services
  services=$(curl -fsS "http://127.0.0.1:16686/api/services" 2>/dev/null || true)
  [[ $services == *\"gateway\"* ]] || { warn "Jaeger holds no span of the exporting gateway: its figures are not tracing's cost (see $GW_BENCH_DIR/gateway-export.log)"; return 1; }
  say "Jaeger holds the exporting gateway's spans: $services"
}
