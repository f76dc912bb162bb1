# shellcheck shell=bash
# bin/bench gateway: the gateway beside nginx doing the same job, in front of the same backends, with
# the same wrk settings, taking turns. This installs wrk and nginx, builds, starts PostgreSQL and Redis
# and picks the Java; microlab.e2e.bench.GatewayBench (e2e/) starts the servers and measures.

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

gateway_bench() {
  local build=1 java opts=${GATEWAY_BENCH_JAVA_OPTS:--Xmx256m -XX:+UseSerialGC} jaeger=()
  while (($#)); do
    case $1 in
      -h | --help) gateway_usage; return 0 ;;
      --no-build) build= ;;
      --tracing)
        # shellcheck source=.ci/kind/versions.sh
        source .ci/kind/versions.sh
        jaeger=(--jaeger "$KIND_CACHE/jaeger-$JAEGER_VERSION/jaeger")
        ;;
      *) die "unknown argument '$1'; see bin/bench gateway --help." ;;
    esac
    shift
  done
  java=$(service_java)
  opts="$opts $(java_flags "$java")"
  local missing=()
  command -v wrk >/dev/null 2>&1 || missing+=(wrk)
  command -v nginx >/dev/null 2>&1 || [[ -x /usr/sbin/nginx ]] || missing+=(nginx)
  ((${#missing[@]} == 0)) || apt_install "${missing[@]}"
  if [[ -n $build ]]; then
    say "building the jars (./mvnw -B -q package -DskipTests)"
    ./mvnw -B -q package -DskipTests -DskipDeployChecks >/dev/null 2>&1 || die "the build failed; run ./mvnw package to see why."
  fi
  if ((${#jaeger[@]})); then
    .ci/kind/build.sh jaeger || die "Jaeger did not build (output above)."
  fi
  ensure_infra
  e2e_java microlab.e2e.bench.GatewayBench --dir "$RUN_DIR/bench/gateway" --java "$java" --opts "$opts" \
    --nginx "$(command -v nginx || echo /usr/sbin/nginx)" --users-jar "$(service_jar users-service)" \
    --gateway-jar "$(service_jar gateway)" ${jaeger[@]+"${jaeger[@]}"} --rounds "$ROUNDS" --warmup "$WRK_WARMUP" \
    --seconds "$WRK_SECONDS" --threads "$WRK_THREADS" --connections "$WRK_CONNECTIONS"
}
