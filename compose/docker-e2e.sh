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
# Containers whose logs a failing step shows; a step names them with `concern ID...`, ComposeChecks with
# --concerned (a step runs in a subshell of its own, where `set -e` holds, so the names go through a file).
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

build_images() {
  compose build
  docker images --format '{{.Repository}}:{{.Tag}} {{.Size}}' | grep '^microlab/' | sort | sed 's/^/  image /'
}

up_stack() {
  compose up -d
  checks healthy
  compose ps
}

smoke() { bin/smoke "$BASE"; }

# the steps that check something: microlab.e2e.compose.ComposeChecks (e2e/), one step a run
checks() {
  e2e_java microlab.e2e.compose.ComposeChecks --compose "${COMPOSE[*]}" --project "$PROJECT" --base "$BASE" \
    --concerned "$WORK/concerned" --healthy-timeout "$HEALTHY_TIMEOUT" --load-seconds "${SCALE_LOAD_SECONDS:-40}" "$1"
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
for name in scenario1 scenario2 lstm ports scale-out; do
  step "$name" checks "$name"
done
step volume-sh volume_script
step network-sh network_script
step jkube jkube
if $KEEP; then
  say "--keep: the stack is still running; stop it with: ${COMPOSE[*]} down -v"
else
  step down down_and_check
fi
say "passed"
