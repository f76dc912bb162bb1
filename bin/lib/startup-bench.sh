# shellcheck shell=bash
# bin/bench startup: each service alone, from launch to 200 on /health/readiness, and its resident
# memory then; RUNS starts per mode, the median printed. Modes: plain (java -jar with bin/up's flags) and
# aot (the same with the JDK's AOT cache, trained first by one start that serves a few requests and
# stops). Each service is ready without the services it calls (its readiness is its own database and
# Redis), so none runs beside it.

STARTUP_RUNS=${RUNS:-5}
BENCH_DIR="$RUN_DIR/bench"
# the services listen 20000 above their own ports, so the bench runs beside bin/up (and compose)
BENCH_PORT_OFFSET=20000
bench_port() { printf '%s\n' $((SERVICE_PORT[$1] + BENCH_PORT_OFFSET)); }

startup_usage() {
  cat <<EOF
Usage: bin/bench startup [--no-build] [--no-containers | --containers] [SERVICE...]

Each service (default: all five) alone, ${STARTUP_RUNS} starts per mode (RUNS=N to change), on the same
machine in the same run: launch to ready (median, min, max) and resident memory at ready (median),
for a plain start and for a start from the JDK's AOT cache, and the ratio of the two. Then, when a
Docker daemon answers and the images are built (docker compose -f compose/compose.yaml build), the
same for the images: docker run as compose runs them, with their AOT cache and with it off.

  --no-build        use the jars as they are
  --no-containers   only the bare JVM rows
  --containers      only the container rows (no jar build, no bare JVM rows)

Environment:
  SERVICE_JAVA   the java to run (default: as bin/up picks it, the newest Java 25 or newer installed,
                 else java on PATH); the AOT rows need Java 25 or newer
  RUNS           starts per mode (default 5)
The services listen on 28080-28084, so it runs beside bin/up; PostgreSQL and Redis are provided as
bin/up does. The figures are ratios on one machine in one run: a shared machine's absolute times vary.
EOF
}

# start_once SVC JAVA FLAGS...: starts the service, waits for readiness, prints "<ms> <rss KiB> <pid>"
start_once() {
  local svc=$1 java=$2 started pid port
  port=$(bench_port "$svc")
  shift 2
  started=$(now_us)
  # shellcheck disable=SC2046 # service_env prints one VAR=value per line
  env $(service_env "$svc") "$java" "$@" -jar "$(bench_jar "$svc")" </dev/null >"$BENCH_DIR/$svc.log" 2>&1 &
  pid=$!
  wait_http "http://127.0.0.1:$port/health/readiness" "$svc" "$BENCH_DIR/$svc.log" "$pid"
  printf '%s %s %s\n' "$((($(now_us) - started) / 1000))" "$(awk '/VmRSS/ { print $2 }' "/proc/$pid/status")" "$pid"
}

# stop PID of SERVICE: TERM, then up to 60 s for the exit (an AOT training run writes its cache now)
bench_stop() { stop_pid "$1" "$(basename "$(bench_jar "$2")")" 60; }

# the jar of each service, copied once so a rebuild during the run changes nothing
bench_jar() { printf '%s/jars/%s-%s.jar' "$BENCH_DIR" "$1" "$JAR_VERSION"; }

service_flags() {
  if [[ $1 == forecast ]]; then
    printf '%s\n' "-Xmx768m -XX:+UseSerialGC -Doffline=true"
  else
    printf '%s\n' "-Xms16m -Xmx256m -XX:+UseSerialGC -XX:TieredStopAtLevel=1"
  fi
}

service_env() {
  printf '%s\n' "MICRONAUT_SERVER_PORT=$(bench_port "$1")" "MICRONAUT_HTTP_SERVICES_USERS_URL=http://localhost:$(bench_port users-service)"
  if [[ $1 == forecast ]]; then
    printf '%s\n' PYTORCH_FLAVOR=cpu "DJL_CACHE_DIR=${DJL_CACHE_DIR:-$RUN_DIR/djl}" "FORECAST_STATE_DIR=$BENCH_DIR/forecast-state"
  fi
}

median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : int((v[NR / 2] + v[NR / 2 + 1]) / 2) }'; }

# mode_runs SVC JAVA MODE: RUNS starts, prints "median min max rss-median"
mode_runs() {
  local svc=$1 java=$2 mode=$3 i line flags aot=()
  read -r -a flags <<<"$(service_flags "$svc")"
  if [[ $mode == aot ]]; then
    aot=("-XX:AOTCache=$BENCH_DIR/$svc.aot")
  fi
  : >"$BENCH_DIR/$svc-$mode.runs"
  for ((i = 0; i < STARTUP_RUNS; i++)); do
    line=$(start_once "$svc" "$java" "${flags[@]}" "${aot[@]}")
    bench_stop "${line##* }" "$svc"
    printf '%s\n' "$line" >>"$BENCH_DIR/$svc-$mode.runs"
  done
  printf '%s %s %s %s\n' \
    "$(cut -d ' ' -f 1 "$BENCH_DIR/$svc-$mode.runs" | median)" \
    "$(cut -d ' ' -f 1 "$BENCH_DIR/$svc-$mode.runs" | sort -n | head -n 1)" \
    "$(cut -d ' ' -f 1 "$BENCH_DIR/$svc-$mode.runs" | sort -n | tail -n 1)" \
    "$(($(cut -d ' ' -f 2 "$BENCH_DIR/$svc-$mode.runs" | median) / 1024))"
}

# train SVC JAVA: one start that records, a few requests, a stop that writes the cache
train() {
  local svc=$1 java=$2 flags line path
  read -r -a flags <<<"$(service_flags "$svc")"
  rm -f "$BENCH_DIR/$svc.aot"
  line=$(start_once "$svc" "$java" "${flags[@]}" "-XX:AOTCacheOutput=$BENCH_DIR/$svc.aot")
  for path in / /users/1 /users /orders /summary /visits /forecast/symbols /health/readiness; do
    curl -s -o /dev/null --max-time 5 "http://127.0.0.1:$(bench_port "$svc")$path" || true
  done
  bench_stop "${line##* }" "$svc"
  [[ -s $BENCH_DIR/$svc.aot ]] || die "$svc wrote no AOT cache; see $BENCH_DIR/$svc.log"
}

startup_bench() {
  local build=1 java= jvm=1 containers=1
  local -a chosen=()
  while (($#)); do
    case $1 in
      -h | --help) startup_usage; return 0 ;;
      --no-build) build= ;;
      --no-containers) containers= ;;
      --containers) jvm= build= ;;
      users-service | orders-service | consumer-service | gateway | forecast) chosen+=("$1") ;;
      *) die "unknown argument '$1'; see bin/bench startup --help." ;;
    esac
    shift
  done
  ((${#chosen[@]} > 0)) || chosen=("${SERVICES[@]}")
  command -v curl >/dev/null 2>&1 || die "curl is needed to poll the services; install it."
  mkdir -p "$BENCH_DIR"
  if [[ -n $jvm ]]; then
    java=$(service_java)
    jvm_rows "$build" "$java" "${chosen[@]}"
  fi
  if [[ -n $containers ]]; then
    container_rows "${chosen[@]}"
  fi
}

# jvm_rows BUILD JAVA SERVICE...: the bare JVM table
jvm_rows() {
  local build=$1 java=$2 major svc
  shift 2
  local -a chosen=("$@")
  for svc in "${SERVICES[@]}"; do
    [[ -z $(port_pids "$(bench_port "$svc")") ]] || die "port $(bench_port "$svc") is taken ($(port_owner "$(bench_port "$svc")"))."
  done
  if [[ -n $build ]]; then
    say "building the jars (./mvnw -B -q package -DskipTests)"
    ./mvnw -B -q package -DskipTests -DskipDeployChecks >/dev/null 2>&1 || die "the build failed; run ./mvnw package to see why."
  fi
  ensure_infra
  mkdir -p "$BENCH_DIR/jars" "$BENCH_DIR/forecast-state"
  for svc in "${SERVICES[@]}"; do
    cp -p "$(service_jar "$svc")" "$(bench_jar "$svc")"
  done
  major=$(java_major "$java")
  say "$("$java" -version 2>&1 | head -n 1), $(nproc) cores, $STARTUP_RUNS starts per mode"
  printf '\n| service | plain start, median (min-max) | from the AOT cache | ratio | RSS plain | RSS AOT |\n|---|---|---|---|---|---|\n'
  for svc in "${chosen[@]}"; do
    read -r p_med p_min p_max p_rss <<<"$(mode_runs "$svc" "$java" plain)"
    if ((major >= 25)); then
      train "$svc" "$java"
      read -r a_med a_min a_max a_rss <<<"$(mode_runs "$svc" "$java" aot)"
      printf '| %s | %d ms (%d-%d) | %d ms (%d-%d) | %.2fx | %d MiB | %d MiB |\n' "$svc" "$p_med" "$p_min" "$p_max" \
        "$a_med" "$a_min" "$a_max" "$(awk -v a="$a_med" -v p="$p_med" 'BEGIN { print a / p }')" "$p_rss" "$a_rss"
    else
      printf '| %s | %d ms (%d-%d) | n/a (Java %s; set SERVICE_JAVA to a JDK 25) | | %d MiB | |\n' "$svc" "$p_med" "$p_min" "$p_max" "$major" "$p_rss"
    fi
  done
}
