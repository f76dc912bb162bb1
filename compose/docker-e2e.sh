#!/usr/bin/env bash
# The Docker path end to end on a real engine: build the images as compose does, bring the stack up,
# check it through the published gateway, show the scenarios, build once more with JKube, and leave
# nothing behind. One line per step with its result and time; a failed step shows its containers' logs.
set -euo pipefail

usage() {
  cat <<'EOF'
Usage: compose/docker-e2e.sh [--keep] [--help]

Runs, in order, against the Docker daemon the docker CLI talks to:
  build      docker compose build (every image from the root Dockerfile, SERVICE naming its module)
  up         docker compose up -d, then waits until every container's healthcheck passes
  smoke      bin/smoke through the published gateway port
  scenario1  the client container's loop reaching users-service by name (its logs)
  scenario2  removes and recreates the forecast container: through the gateway the boot count has
             risen by one and the fitted models came from the volume; the gateway follows the new address
  lstm       an LSTM forecast in the read-only forecast container (PyTorch from its exec tmpfs)
  ports      only the gateway publishes a host port
  scale-out  users-service at 2 replicas, one restarted under reads and writes through the gateway:
             no request fails, no acknowledged write is lost, both replicas served
  volume-sh  compose/scenario-2-volume.sh
  network-sh compose/scenario-4-network.sh
  jkube      ./mvnw clean package k8s:build (docker build strategy), then starts that consumer-service image
  down       docker compose down -v, then checks no container, network or volume of the run is left

  --keep   leave the compose stack running at the end (the other steps still clean up after themselves)

Environment: the base images and build settings compose reads (JDK_IMAGE, RUNTIME_IMAGE,
MAVEN_MIRROR_URL, POSTGRES_IMAGE, REDIS_IMAGE, CURL_IMAGE; see compose/compose.yaml),
GATEWAY_PORT (default 8080, where the gateway is published), S4_PORT (default 18083, scenario 4's port),
HEALTHY_TIMEOUT (default 300 s).
EOF
}

KEEP=false
for arg in "$@"; do
  case $arg in
    --keep) KEEP=true ;;
    -h | --help) usage; exit 0 ;;
    *) printf 'docker-e2e: unknown argument %s (see --help)\n' "$arg" >&2; exit 2 ;;
  esac
done

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
# shellcheck source=../bin/lib/e2e.sh
source bin/lib/e2e.sh
BASE=http://localhost:${GATEWAY_PORT:-8080}
HEALTHY_TIMEOUT=${HEALTHY_TIMEOUT:-300}
STARTED=$SECONDS

say() { printf 'docker-e2e: [%4ds] %s\n' $((SECONDS - STARTED)) "$*"; }

command -v docker >/dev/null 2>&1 || { echo "docker-e2e: the docker command is missing; this needs a Docker engine." >&2; exit 1; }
docker info >/dev/null 2>&1 || { echo "docker-e2e: no Docker daemon answers (docker info fails); start one, then run this again." >&2; exit 1; }
if docker compose version >/dev/null 2>&1; then
  COMPOSE=(docker compose -f compose/compose.yaml)
elif command -v docker-compose >/dev/null 2>&1; then
  COMPOSE=(docker-compose -f compose/compose.yaml)
else
  echo "docker-e2e: neither the compose plugin (docker compose) nor docker-compose is installed." >&2
  exit 1
fi
PROJECT=compose # compose names the project after the compose file's folder
compose() { "${COMPOSE[@]}" "$@"; }

# What existed before the run, so the last step can tell what the run left behind.
snapshot() {
  {
    docker ps -aq --no-trunc | sed 's/^/container /'
    docker network ls -q --no-trunc | sed 's/^/network /'
    docker volume ls -q | sed 's/^/volume /'
  } | sort
}
BEFORE=$(snapshot)

WORK=$(mktemp -d)
# Containers whose logs a failing step shows; a step names them with `concern ID...` (a step runs in a
# subshell of its own, where `set -e` holds, so the names go through a file).
concern() { printf '%s\n' "$@" >"$WORK/concerned"; }
project_containers() { docker ps -aq --filter "label=com.docker.compose.project=$PROJECT"; }
# The run ends with `down -v`: it must never take over (and delete the volumes of) a stack already there.
if [[ -n $(project_containers) ]]; then
  echo "docker-e2e: a compose stack of this project already exists (docker compose -f compose/compose.yaml ps);" \
    "stop it first (down, or down -v to drop its volumes too), then run this again." >&2
  rm -rf "$WORK"
  exit 1
fi

show_logs() {
  local c name
  for c in "$@"; do
    name=$(docker inspect -f '{{.Name}}' "$c" 2>/dev/null) || continue
    printf '\n---- last log lines of %s ----\n' "${name#/}"
    docker logs --tail 30 "$c" 2>&1 || true
  done
}

FAILED_STEP=
step() {
  local name=$1 started=$SECONDS status=0 concerned
  shift
  : >"$WORK/concerned"
  printf '\n'
  say "== $name"
  # in the background, because `set -e` is off in a function called as `f || ...`
  ("$@") &
  wait $! || status=$?
  if ((status != 0)); then
    FAILED_STEP=$name
    say "== $name: FAILED after $((SECONDS - started)) s"
    mapfile -t concerned <"$WORK/concerned"
    ((${#concerned[@]} > 0)) || mapfile -t concerned < <(project_containers)
    show_logs "${concerned[@]}"
    return "$status"
  fi
  say "== $name: ok in $((SECONDS - started)) s"
}

cleanup() {
  local status=$?
  if [[ -n $FAILED_STEP || $status != 0 ]]; then
    say "FAILED in step ${FAILED_STEP:-setup}"
    docker rm -f microlab-e2e-placeholder microlab-e2e-jkube >/dev/null 2>&1 || true
    if ! $KEEP; then
      compose down -v --remove-orphans >/dev/null 2>&1 || true
      docker volume rm microlab-forecast-state >/dev/null 2>&1 || true
    fi
  fi
  rm -rf "$WORK"
  exit "$status"
}
trap cleanup EXIT

health_of() { docker inspect -f '{{if .State.Health}}{{.State.Health.Status}}{{else}}{{.State.Status}}{{end}}' "$1" 2>/dev/null || echo gone; }

# wait_healthy SECONDS CONTAINER...: until every container's healthcheck passes
wait_healthy() {
  local seconds=$1 c pending
  shift
  local deadline=$((SECONDS + seconds))
  while ((SECONDS < deadline)); do
    pending=()
    for c in "$@"; do
      [[ $(health_of "$c") == healthy ]] || pending+=("$c")
    done
    ((${#pending[@]} == 0)) && return 0
    sleep 1
  done
  concern "${pending[@]}"
  echo "not healthy within ${seconds} s:"
  for c in "${pending[@]}"; do echo "  $(docker inspect -f '{{.Name}}' "$c") $(health_of "$c")"; done
  return 1
}

field() { grep -o "\"$1\":[^,}]*" | head -n 1 | cut -d: -f2; }

build_images() {
  compose build
  docker images --format '{{.Repository}}:{{.Tag}} {{.Size}}' | grep '^microlab/' | sort | sed 's/^/  image /'
}

up_stack() {
  local started=$SECONDS
  compose up -d
  mapfile -t containers < <(project_containers)
  wait_healthy "$HEALTHY_TIMEOUT" "${containers[@]}"
  echo "all ${#containers[@]} containers healthy $((SECONDS - started)) s after up"
  compose ps
}

smoke() { bin/smoke "$BASE"; }

scenario1() {
  concern "$(compose ps -q client)"
  local lines
  lines=$(compose logs --no-color client | grep 'users-service answered' | tail -n 3)
  [[ -n $lines ]] || { echo "the client loop has no answer from users-service in its logs"; return 1; }
  printf '%s\n' "$lines"
}

# scale-out: users-service at two replicas; under load through the gateway (four clients, each reading
# GET /users/1 and rewriting its own user with PUT), one replica is restarted (SIGTERM, its graceful
# shutdown, start, healthy again). No request may fail, every client's last acknowledged write must be
# what is stored, and both replicas must have served: the gateway spreads its connections over every
# address of the name and sends a request on to the next replica where it may
# (gateway/src/main/java/microlab/gateway/proxy/Replicas.java).
scale_out() {
  local seconds=${SCALE_LOAD_SECONDS:-40} c replicas load failed=0
  compose up -d --no-recreate --scale users-service=2 users-service
  mapfile -t replicas < <(compose ps -q users-service)
  concern "${replicas[@]}" "$(compose ps -q gateway)"
  ((${#replicas[@]} == 2)) || { echo "expected 2 users-service replicas, found ${#replicas[@]}"; return 1; }
  wait_healthy "$HEALTHY_TIMEOUT" "${replicas[@]}"
  sleep 6 # the gateway's DNS cache (5 s) learns the second address
  # the load and its verdict: microlab.e2e.load.WriteLoad (e2e/)
  e2e_java microlab.e2e.load.WriteLoad \
    --base "$BASE" --clients 4 --seconds "$seconds" >"$WORK/load.log" 2>&1 &
  load=$!
  sleep 10
  echo "restarting replica $(docker inspect -f '{{.Name}}' "${replicas[1]}") under load"
  docker restart -t 30 "${replicas[1]}" >/dev/null
  wait_healthy "$HEALTHY_TIMEOUT" "${replicas[1]}"
  echo "it is healthy again; the load goes on until ${seconds} s"
  wait "$load" || failed=1
  cat "$WORK/load.log"
  for c in "${replicas[@]}"; do
    printf '  replica %s served %s requests\n' "$(docker inspect -f '{{.Name}}' "$c")" \
      "$(docker exec "$c" curl -fsS http://localhost:8081/prometheus | awk '/^http_server_requests_seconds_count/ && /uri="\/users/ {sum += $NF} END {print sum + 0}')"
  done
  compose up -d --no-recreate --scale users-service=1 users-service
  ((failed == 0)) || { echo "requests failed or writes were lost across the replica restart (above)"; return 1; }
}

forecast_address() { docker inspect -f '{{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}' "$(compose ps -q forecast)"; }

scenario2() {
  concern "$(compose ps -q forecast)" "$(compose ps -q gateway)"
  curl -fsS --max-time 120 "$BASE/forecast/BTC?model=theta&horizon=7" >/dev/null
  local before old_address
  before=$(curl -fsS --max-time 10 "$BASE/forecast/status")
  old_address=$(forecast_address)
  echo "before: boot $(field bootCount <<<"$before"), forecast at $old_address"
  compose rm -sf forecast
  # A stand-in takes the freed address (the engine hands out the lowest free one), so the new container
  # gets another address and the gateway has to look the name up again to reach it.
  docker run -d --rm --name microlab-e2e-placeholder --network "${PROJECT}_microlab" \
    "${CURL_IMAGE:-curlimages/curl:8.8.0}" sleep 300 >/dev/null
  compose up -d forecast
  concern "$(compose ps -q forecast)" "$(compose ps -q gateway)"
  wait_healthy 180 "$(compose ps -q forecast)"
  local healthy_at=$SECONDS after
  until after=$(curl -fsS --max-time 5 "$BASE/forecast/status" 2>/dev/null); do
    ((SECONDS - healthy_at < 15)) || { echo "the gateway did not reach the new forecast container within 15 s"; return 1; }
    sleep 0.5
  done
  docker rm -f microlab-e2e-placeholder >/dev/null
  echo "after:  boot $(field bootCount <<<"$after"), forecast at $(forecast_address);" \
    "the gateway answered $((SECONDS - healthy_at)) s after the container turned healthy"
  echo "after:  modelsLoadedFromState $(field modelsLoadedFromState <<<"$after"), modelsLoaded $(field modelsLoaded <<<"$after")"
  [[ $(forecast_address) != "$old_address" ]] || { echo "the new container has the old address; the gateway's lookup went untested"; return 1; }
  [[ $(field bootCount <<<"$after") == $(($(field bootCount <<<"$before") + 1)) ]] || { echo "the boot count did not rise by one"; return 1; }
  [[ $(field modelsLoadedFromState <<<"$after") == true ]] || { echo "no model was loaded from the volume"; return 1; }
}

lstm() {
  concern "$(compose ps -q forecast)"
  docker inspect -f 'forecast container: read-only root {{.HostConfig.ReadonlyRootfs}}, tmpfs {{.HostConfig.Tmpfs}}, user {{.Config.User}}' \
    "$(compose ps -q forecast)"
  local body
  body=$(curl -sS --max-time 240 -w '\nstatus %{http_code} in %{time_total} s' "$BASE/forecast/BTC?model=lstm&horizon=7")
  tail -n 1 <<<"$body"
  [[ $(tail -n 1 <<<"$body") == "status 200 "* ]] || { head -c 600 <<<"$body"; echo; return 1; }
}

ports() {
  local c name published bad=0
  for c in $(project_containers); do
    name=$(docker inspect -f '{{.Name}}' "$c")
    published=$(docker port "$c" | tr '\n' ' ')
    echo "  ${name#/}: ${published:-no host port}"
    if [[ $name == *gateway* ]]; then
      [[ -n $published ]] || bad=1
    elif [[ -n $published ]]; then
      bad=1
    fi
  done
  ((bad == 0)) || { echo "a container other than the gateway publishes a port (or the gateway none)"; return 1; }
}

volume_script() {
  compose/scenario-2-volume.sh
  docker volume rm microlab-forecast-state >/dev/null
}

network_script() { HOST_PORT=${S4_PORT:-18083} compose/scenario-4-network.sh; }

jkube() {
  local args=()
  [[ -z ${JDK_IMAGE:-} ]] || args+=("-Ddocker.buildArg.JDK_IMAGE=$JDK_IMAGE")
  [[ -z ${RUNTIME_IMAGE:-} ]] || args+=("-Ddocker.buildArg.RUNTIME_IMAGE=$RUNTIME_IMAGE")
  [[ -z ${MAVEN_MIRROR_URL:-} ]] || args+=("-Ddocker.buildArg.MAVEN_MIRROR_URL=$MAVEN_MIRROR_URL")
  # clean: JKube assembles each context under target/docker and never empties it, so a file deleted
  # since the last build would still be in the image's context
  ./mvnw -B -q clean package k8s:build -DskipTests -DskipDeployChecks "${args[@]}"
  docker images --format '{{.Repository}}:{{.Tag}} {{.ID}} {{.CreatedSince}}' | grep '^microlab/' | sort | sed 's/^/  image /'
  local name=microlab-e2e-jkube
  docker run -d --name "$name" --network "${PROJECT}_microlab" --read-only --tmpfs /tmp --cap-drop ALL \
    -e MICRONAUT_HTTP_SERVICES_USERS_URL=http://users-service:8081 microlab/consumer-service:0.1.0 >/dev/null
  concern "$name"
  local i
  for ((i = 0; i < 60; i++)); do
    docker exec "$name" curl -fsS -o /dev/null http://localhost:8083/health/readiness 2>/dev/null && break
    sleep 1
  done
  echo "the JKube-built consumer-service, ready after ${i} s, answers /summary from users-service:"
  docker exec "$name" curl -fsS --max-time 10 http://localhost:8083/summary | head -c 300
  echo
  docker rm -fv "$name" >/dev/null
}

down_and_check() {
  compose down -v --remove-orphans
  local left
  left=$(comm -13 <(printf '%s\n' "$BEFORE") <(snapshot))
  if [[ -n $left ]]; then
    echo "left behind by this run:"
    printf '  %s\n' "$left"
    return 1
  fi
  echo "no container, network or volume of this run is left"
}

step build build_images
step up up_stack
step smoke smoke
step scenario1 scenario1
step scenario2 scenario2
step lstm lstm
step ports ports
step scale-out scale_out
step volume-sh volume_script
step network-sh network_script
step jkube jkube
if $KEEP; then
  say "--keep: the stack is still running; stop it with: ${COMPOSE[*]} down -v"
else
  step down down_and_check
fi
say "passed"
