# shellcheck shell=bash
# bin/bench startup, the container rows: the images compose builds (microlab/<service>:0.1.0), each
# started alone with `docker run` as compose starts it (its memory limit, read-only root, user 10001,
# compose's JAVA_OPTS), from `docker run` to 200 on /health/readiness through a published port, and the
# resident memory of its JVM then; with the AOT cache the image carries, and with it turned off
# (-XX:AOTMode=off). PostgreSQL and Redis run beside them on a network of the bench's own, started once
# and not measured.

CT_PREFIX=microlab-bench
CT_NETWORK=$CT_PREFIX
# published on loopback 30000 above the services' own ports, beside bin/up, compose and the JVM rows
CT_PORT_OFFSET=30000

# what compose gives each service (compose/compose.yaml): memory limit, then JAVA_OPTS
ct_limit() { [[ $1 == forecast ]] && echo 1536m || echo 448m; }
ct_java_opts() {
  if [[ $1 == forecast ]]; then
    echo "-XX:MaxDirectMemorySize=64m -XX:+UseSerialGC"
  else
    echo "-XX:MaxRAMPercentage=40 -XX:MaxDirectMemorySize=32m -XX:+UseSerialGC"
  fi
}

ct_env() {
  local db
  case $1 in
    users-service | orders-service | forecast)
      db=${1%-service}
      printf '%s\n' "DATASOURCES_DEFAULT_URL=jdbc:postgresql://postgres:5432/$db" "DATASOURCES_DEFAULT_USERNAME=$db" \
        "DATASOURCES_DEFAULT_PASSWORD=$db" ;;
  esac
  printf '%s\n' REDIS_URI=redis://redis:6379 MICRONAUT_HTTP_SERVICES_USERS_URL=http://users-service:8081
  [[ $1 != forecast ]] || printf '%s\n' FORECAST_STATE_DIR=/tmp/state
}

# ct_run SERVICE JAVA_OPTS PORT: a service container as compose runs it, published on loopback PORT
ct_run() {
  local svc=$1 opts=$2 publish=$3 tmpfs=/tmp args=() line
  [[ $svc != forecast ]] || tmpfs=/tmp:exec,mode=1777
  while IFS= read -r line; do args+=(-e "$line"); done < <(ct_env "$svc")
  docker run -d --rm --name "$CT_PREFIX-$svc" --network "$CT_NETWORK" --network-alias "$svc" -m "$(ct_limit "$svc")" \
    -p "127.0.0.1:$publish:${SERVICE_PORT[$svc]}" \
    --read-only --tmpfs "$tmpfs" --user 10001:10001 --cap-drop ALL --security-opt no-new-privileges:true \
    "${args[@]}" -e "JAVA_OPTS=$opts" "microlab/$svc:$JAR_VERSION" >/dev/null
}

# ct_wait NAME URL: until URL answers 2xx (2 minutes at most, and not past the container's exit)
ct_wait() {
  local name=$1 url=$2 waited=0
  until curl -fsS -o /dev/null --max-time 1 "$url" 2>/dev/null; do
    [[ $(docker inspect -f '{{.State.Running}}' "$name" 2>/dev/null) == true ]] ||
      die "container $name exited while starting (docker logs is gone with it; run the image by hand to see why)"
    sleep 0.02
    waited=$((waited + 1))
    ((waited < 6000)) || { docker logs --tail 30 "$name" >&2; die "$name did not answer $url within 2 minutes"; }
  done
}

ct_cleanup() {
  docker ps -aq --filter "name=^$CT_PREFIX-" | xargs -r docker rm -f >/dev/null 2>&1 || true
  docker network rm "$CT_NETWORK" >/dev/null 2>&1 || true
}

# ct_backing: PostgreSQL (compose's init script makes the three databases) and Redis, ready
ct_backing() {
  docker network create "$CT_NETWORK" >/dev/null
  docker run -d --rm --name "$CT_PREFIX-postgres" --network "$CT_NETWORK" --network-alias postgres \
    -e POSTGRES_PASSWORD=postgres -e USERS_DB_PASSWORD=users -e ORDERS_DB_PASSWORD=orders -e FORECAST_DB_PASSWORD=forecast \
    -v "$PWD/compose/postgres-init:/docker-entrypoint-initdb.d:ro" "${POSTGRES_IMAGE:-postgres:17-alpine}" >/dev/null
  docker run -d --rm --name "$CT_PREFIX-redis" --network "$CT_NETWORK" --network-alias redis "${REDIS_IMAGE:-redis:7-alpine}" >/dev/null
  local i
  for ((i = 0; i < 600; i++)); do
    docker exec "$CT_PREFIX-postgres" pg_isready -q -h 127.0.0.1 -U postgres 2>/dev/null &&
      docker exec "$CT_PREFIX-postgres" psql -qtA -U postgres -d forecast -c 'select 1' >/dev/null 2>&1 && return 0
    sleep 0.2
  done
  die "the bench's PostgreSQL container did not get ready within 2 minutes"
}

# ct_mode_runs SVC MODE: RUNS starts, prints "median min max rss-median"
ct_mode_runs() {
  local svc=$1 mode=$2 i started port opts runs=$BENCH_DIR/$svc-container-$mode.runs
  port=$((SERVICE_PORT[$svc] + CT_PORT_OFFSET))
  opts=$(ct_java_opts "$svc")
  [[ $mode == aot ]] || opts="$opts -XX:AOTMode=off"
  : >"$runs"
  for ((i = 0; i < STARTUP_RUNS; i++)); do
    started=$(now_us)
    ct_run "$svc" "$opts" "$port"
    ct_wait "$CT_PREFIX-$svc" "http://127.0.0.1:$port/health/readiness"
    printf '%s %s\n' "$((($(now_us) - started) / 1000))" \
      "$(docker exec "$CT_PREFIX-$svc" awk '/VmRSS/ { print $2 }' /proc/1/status)" >>"$runs"
    docker stop -t 30 "$CT_PREFIX-$svc" >/dev/null
  done
  printf '%s %s %s %s\n' "$(cut -d ' ' -f 1 "$runs" | median)" "$(cut -d ' ' -f 1 "$runs" | sort -n | head -n 1)" \
    "$(cut -d ' ' -f 1 "$runs" | sort -n | tail -n 1)" "$(($(cut -d ' ' -f 2 "$runs" | median) / 1024))"
}

# container_rows SERVICE...: the table, or a line saying why there is none
container_rows() {
  local svc missing=() p_med p_min p_max p_rss a_med a_min a_max a_rss
  if ! command -v docker >/dev/null 2>&1 || ! docker info >/dev/null 2>&1; then
    say "no Docker daemon answers: no container rows"
    return 0
  fi
  for svc in "$@"; do
    docker image inspect "microlab/$svc:$JAR_VERSION" >/dev/null 2>&1 || missing+=("microlab/$svc:$JAR_VERSION")
  done
  if ((${#missing[@]} > 0)); then
    say "no container rows: ${missing[*]} not built (docker compose -f compose/compose.yaml build)"
    return 0
  fi
  ct_cleanup
  # on any exit, a failure or ^C included: nothing of the bench's is left behind
  trap ct_cleanup EXIT
  say "containers: $(docker version -f '{{.Server.Version}}' 2>/dev/null) engine, the images as compose builds them"
  ct_backing
  printf '\n| container | start without the cache, median (min-max) | from the image'"'"'s AOT cache | ratio | RSS without | RSS with |\n|---|---|---|---|---|---|\n'
  for svc in "$@"; do
    read -r p_med p_min p_max p_rss <<<"$(ct_mode_runs "$svc" plain)"
    read -r a_med a_min a_max a_rss <<<"$(ct_mode_runs "$svc" aot)"
    printf '| %s | %d ms (%d-%d) | %d ms (%d-%d) | %.2fx | %d MiB | %d MiB |\n' "$svc" "$p_med" "$p_min" "$p_max" \
      "$a_med" "$a_min" "$a_max" "$(awk -v a="$a_med" -v p="$p_med" 'BEGIN { print a / p }')" "$p_rss" "$a_rss"
  done
  ct_cleanup
}
