#!/usr/bin/env bash
# Scenario 2 (volumes) on plain Docker: state written by one forecast container is read by the next one
# after the first was removed. See --help.
set -euo pipefail

IMAGE="microlab/forecast:0.1.0"
VOLUME="microlab-forecast-state"
NAME="microlab-s2-forecast"
OWN_NETWORK="microlab-s2"
NETWORK=""
KEEP_VOLUME=false
DB_PASSWORD="${FORECAST_DB_PASSWORD:-forecast}"
POSTGRES_IMAGE="${POSTGRES_IMAGE:-postgres:17-alpine}"
REDIS_IMAGE="${REDIS_IMAGE:-redis:7-alpine}"
CREATED=()

usage() {
  cat <<USAGE
Usage: compose/scenario-2-volume.sh [--network NAME] [--keep-volume] [--help]

Runs the forecast image twice with 'docker run --rm -v ${VOLUME}:/data'. The first container counts
boot 1, fits models and saves them on the volume, and is removed. The second one, on the same volume,
reports boot 2 and loads the saved models instead of fitting them again (GET /forecast/status).

  --network NAME   use an existing Docker network on which PostgreSQL answers as 'postgres' (database
                   and role 'forecast') and Redis as 'redis', e.g. the compose stack's network
                   (docker network ls; with 'docker compose -f compose/compose.yaml' it is compose_microlab).
                   Without it the script starts a throwaway PostgreSQL and Redis (\$POSTGRES_IMAGE, default
                   postgres:17-alpine, and \$REDIS_IMAGE, default redis:7-alpine) on a private network
                   '${OWN_NETWORK}' and removes them, with their volumes, at the end.
  --keep-volume    keep what the volume already holds (boot counts continue); by default the volume
                   is recreated so the walkthrough starts at boot 1.
  --help           this text.

Needs Docker and the image ${IMAGE}:
  docker build --build-arg SERVICE=forecast -t ${IMAGE} .
Environment: FORECAST_DB_PASSWORD (default 'forecast'), POSTGRES_IMAGE, REDIS_IMAGE.
The volume is left in place at the end: docker volume rm ${VOLUME}
USAGE
}

say() { printf '\n== %s\n' "$*"; }
fail() { printf 'scenario-2: %s\n' "$*" >&2; exit 1; }

while [[ $# -gt 0 ]]; do
  case "$1" in
    --network) [[ $# -ge 2 ]] || fail "--network needs a network name."; NETWORK="$2"; shift 2 ;;
    --keep-volume) KEEP_VOLUME=true; shift ;;
    -h|--help) usage; exit 0 ;;
    *) usage >&2; fail "unknown option '$1'." ;;
  esac
done

command -v docker >/dev/null || fail "docker is not installed; this walkthrough needs a Docker engine."
docker info >/dev/null 2>&1 || fail "the Docker engine does not answer; start it (or check your permissions) and retry."
docker image inspect "$IMAGE" >/dev/null 2>&1 \
  || fail "image $IMAGE is missing; build it from the repository root: docker build --build-arg SERVICE=forecast -t $IMAGE ."

cleanup() {
  docker rm -fv "$NAME" >/dev/null 2>&1 || true
  local i
  for (( i=${#CREATED[@]}-1; i>=0; i-- )); do
    case "${CREATED[$i]}" in
      network:*) docker network rm "${CREATED[$i]#network:}" >/dev/null 2>&1 || true ;;
      container:*) docker rm -fv "${CREATED[$i]#container:}" >/dev/null 2>&1 || true ;;
    esac
  done
}
trap cleanup EXIT

if [[ -z "$NETWORK" ]]; then
  NETWORK="$OWN_NETWORK"
  say "Starting a throwaway PostgreSQL and Redis on network $NETWORK"
  docker network inspect "$NETWORK" >/dev/null 2>&1 || { docker network create "$NETWORK" >/dev/null; CREATED+=("network:$NETWORK"); }
  docker rm -fv microlab-s2-postgres microlab-s2-redis >/dev/null 2>&1 || true
  docker run -d --rm --name microlab-s2-postgres --network "$NETWORK" --network-alias postgres \
    -e POSTGRES_USER=forecast -e POSTGRES_PASSWORD="$DB_PASSWORD" -e POSTGRES_DB=forecast "$POSTGRES_IMAGE" >/dev/null
  CREATED+=("container:microlab-s2-postgres")
  docker run -d --rm --name microlab-s2-redis --network "$NETWORK" --network-alias redis "$REDIS_IMAGE" >/dev/null
  CREATED+=("container:microlab-s2-redis")
  for _ in $(seq 1 60); do
    docker exec microlab-s2-postgres pg_isready -h 127.0.0.1 -U forecast -d forecast >/dev/null 2>&1 && break
    sleep 1
  done
  docker exec microlab-s2-postgres pg_isready -h 127.0.0.1 -U forecast -d forecast >/dev/null 2>&1 \
    || fail "PostgreSQL did not become ready within 60 s (docker logs microlab-s2-postgres)."
else
  docker network inspect "$NETWORK" >/dev/null 2>&1 || fail "there is no Docker network '$NETWORK' (docker network ls)."
fi

if [[ "$KEEP_VOLUME" == false ]]; then
  say "Recreating the volume $VOLUME so the walkthrough starts at boot 1"
  docker volume rm "$VOLUME" >/dev/null 2>&1 || true
fi
docker volume create "$VOLUME" >/dev/null

# Starts one forecast container on the volume and waits until it is ready.
start_forecast() {
  docker run -d --rm --name "$NAME" --network "$NETWORK" \
    -v "$VOLUME":/data \
    -e FORECAST_STATE_DIR=/data \
    -e DATASOURCES_DEFAULT_URL=jdbc:postgresql://postgres:5432/forecast \
    -e DATASOURCES_DEFAULT_USERNAME=forecast \
    -e DATASOURCES_DEFAULT_PASSWORD="$DB_PASSWORD" \
    -e REDIS_URI=redis://redis:6379 \
    "$IMAGE" >/dev/null
  for _ in $(seq 1 180); do
    if docker exec "$NAME" curl -fsS -o /dev/null http://localhost:8084/health/readiness 2>/dev/null; then
      return 0
    fi
    docker inspect "$NAME" >/dev/null 2>&1 || fail "the forecast container exited during start."
    sleep 1
  done
  docker logs --tail 40 "$NAME" >&2 || true
  fail "the forecast container was not ready within 180 s."
}

api() { docker exec "$NAME" curl -fsS --max-time 120 "http://localhost:8084$1"; }
field() { grep -o -m 1 "\"$1\":[^,}]*" | head -n 1 | cut -d: -f2; }

say "First container: boot, fit models, save them on the volume"
start_forecast
api "/forecast/BTC?model=theta&horizon=30" >/dev/null
api "/forecast/ETH?model=auto&horizon=30" >/dev/null
first=$(api /forecast/status)
echo "$first"
first_boot=$(field bootCount <<<"$first")
docker logs "$NAME" 2>&1 | grep -E "Boot [0-9]+|Fitted|state directory" || true
say "Removing the first container (docker stop; --rm deletes it)"
docker stop "$NAME" >/dev/null
for _ in $(seq 1 20); do
  docker inspect "$NAME" >/dev/null 2>&1 || break
  sleep 0.5
done
docker inspect "$NAME" >/dev/null 2>&1 && fail "the first container still exists after docker stop."

say "Second container on the same volume: expect boot $((first_boot + 1)) and models loaded from the volume"
start_forecast
second=$(api /forecast/status)
echo "$second"
docker logs "$NAME" 2>&1 | grep -E "Boot [0-9]+|Loaded .* from the state directory" || true
second_boot=$(field bootCount <<<"$second")
warm=$(field modelsLoadedFromState <<<"$second")

[[ "$second_boot" == "$((first_boot + 1))" ]] || fail "expected boot $((first_boot + 1)) after the restart, got '$second_boot'."
[[ "$warm" == "true" ]] || fail "the second container did not load any model from the volume."
say "Scenario 2 shown: boot $second_boot, models read from the volume $VOLUME instead of being fitted again"
