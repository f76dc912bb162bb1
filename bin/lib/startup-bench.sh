# shellcheck shell=bash
# bin/bench startup: each service alone, from launch to 200 on /health/readiness, and its resident memory
# then, RUNS starts per mode (plain java -jar, and from the JDK's AOT cache); then the same for the images
# when a Docker daemon answers. The measuring is microlab.e2e.bench.Startup (e2e/); here the options are
# read, the jars built and copied (a rebuild during the run changes nothing) and PostgreSQL and Redis provided.

STARTUP_RUNS=${RUNS:-5}
# the services listen 20000 above their own ports, so the bench runs beside bin/up (and compose)
BENCH_PORT_OFFSET=20000

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

startup_bench() {
  local build=1 jvm=1 containers=1 svc port
  local -a chosen=() args=(--name "$SCRIPT" --runs "$STARTUP_RUNS" --run-dir "$RUN_DIR" --version "$JAR_VERSION")
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
  for svc in "${SERVICES[@]}"; do args+=(--port "$svc=${SERVICE_PORT[$svc]}"); done
  if [[ -n $jvm ]]; then
    args+=(--jvm --java "$(service_java)" --port-offset "$BENCH_PORT_OFFSET")
    for svc in "${SERVICES[@]}"; do
      port=$((SERVICE_PORT[$svc] + BENCH_PORT_OFFSET))
      [[ -z $(port_pids "$port") ]] || die "port $port is taken ($(port_owner "$port"))."
    done
    if [[ -n $build ]]; then
      say "building the jars (./mvnw -B -q package -DskipTests)"
      ./mvnw -B -q package -DskipTests -DskipDeployChecks >/dev/null 2>&1 || die "the build failed; run ./mvnw package to see why."
    fi
    ensure_infra
    mkdir -p "$RUN_DIR/bench/jars"
    for svc in "${SERVICES[@]}"; do cp -p "$(service_jar "$svc")" "$RUN_DIR/bench/jars/"; done
  fi
  [[ -z $containers ]] || args+=(--containers)
  e2e_java microlab.e2e.bench.Startup "${args[@]}" "${chosen[@]}"
}
