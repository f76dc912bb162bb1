#!/usr/bin/env bash
# Scenario 4, independent services without an orchestrator: plain `docker network create` and
# `docker run`. users-service (with its PostgreSQL and Redis) and consumer-service join one
# user-defined network and find each other by name; only consumer-service is published, on
# localhost:8080, and `curl localhost:8080/summary` shows it reading users-service. Everything the
# script creates is removed at the end, also when a step fails or on Ctrl-C (unless --keep).
set -euo pipefail

usage() {
  cat <<'EOF'
Usage: compose/scenario-4-network.sh [--keep] [--help]

Runs users-service and consumer-service on a user-defined Docker network with plain `docker run`,
calls consumer-service's /summary through its published port, then removes what it created.

  --keep   leave the containers and the network running; the script prints how to remove them

Environment:
  HOST_PORT   host port for consumer-service (default 8080; stop `docker compose` first or pick another)
  IMAGE_TAG   tag of the microlab images (default 0.1.0); missing images are built from the repository
  POSTGRES_IMAGE, REDIS_IMAGE   the images for PostgreSQL and Redis (default postgres:17-alpine, redis:7-alpine)
EOF
}

keep=false
for arg in "$@"; do
  case "$arg" in
    --keep) keep=true ;;
    -h | --help) usage; exit 0 ;;
    *) echo "unknown argument: $arg (see --help)" >&2; exit 2 ;;
  esac
done

command -v docker >/dev/null || { echo "docker is not installed: this walkthrough needs a Docker engine" >&2; exit 1; }
docker info >/dev/null 2>&1 || { echo "the Docker engine does not answer: start it, then run this again" >&2; exit 1; }

repo=$(cd "$(dirname "$0")/.." && pwd)
host_port=${HOST_PORT:-8080}
tag=${IMAGE_TAG:-0.1.0}
POSTGRES_IMAGE=${POSTGRES_IMAGE:-postgres:17-alpine}
REDIS_IMAGE=${REDIS_IMAGE:-redis:7-alpine}
network=microlab-scenario4
# Container names carry a prefix so they never clash with other containers; the network aliases
# are the names the services use to find each other.
prefix=microlab-s4
containers=("$prefix-consumer-service" "$prefix-users-service" "$prefix-redis" "$prefix-postgres")

cleanup() {
  local status=$?
  if $keep && [ "$status" -eq 0 ]; then
    echo "left running; remove with: docker rm -fv ${containers[*]} && docker network rm $network"
    return
  fi
  if [ "$status" -ne 0 ]; then
    for c in "${containers[@]}"; do
      docker logs --tail 20 "$c" 2>&1 | sed "s/^/$c: /" || true
    done
  fi
  echo "== removing the containers and the network"
  docker rm -fv "${containers[@]}" >/dev/null 2>&1 || true
  docker network rm "$network" >/dev/null 2>&1 || true
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# wait_for DESCRIPTION SECONDS COMMAND...: retries COMMAND once a second until it succeeds.
wait_for() {
  local what=$1 seconds=$2
  shift 2
  for ((i = 0; i < seconds; i++)); do
    if "$@" >/dev/null 2>&1; then
      echo "   $what after ${i}s"
      return 0
    fi
    sleep 1
  done
  echo "$what did not happen within ${seconds}s" >&2
  return 1
}

for module in users-service consumer-service; do
  if ! docker image inspect "microlab/$module:$tag" >/dev/null 2>&1; then
    echo "== building microlab/$module:$tag"
    docker build --build-arg "SERVICE=$module" -t "microlab/$module:$tag" "$repo"
  fi
done

echo "== docker network create $network"
docker network create "$network" >/dev/null

echo "== PostgreSQL as 'postgres' (its init script creates the users database and role)"
docker run -d --name "$prefix-postgres" --network "$network" --network-alias postgres \
  -e POSTGRES_PASSWORD=postgres -e USERS_DB_PASSWORD=users \
  -e ORDERS_DB_PASSWORD=orders -e FORECAST_DB_PASSWORD=forecast \
  -v "$repo/compose/postgres-init:/docker-entrypoint-initdb.d:ro" \
  "$POSTGRES_IMAGE" >/dev/null

echo "== Redis as 'redis' (users-service's cache and visit counter)"
docker run -d --name "$prefix-redis" --network "$network" --network-alias redis "$REDIS_IMAGE" >/dev/null

# No orchestrator: this script does what depends_on does in compose.
wait_for "postgres accepts connections" 60 \
  docker exec "$prefix-postgres" pg_isready -h 127.0.0.1 -p 5432 -U users -d users

echo "== users-service as 'users-service', not published"
docker run -d --name "$prefix-users-service" --network "$network" --network-alias users-service \
  -e DATASOURCES_DEFAULT_URL=jdbc:postgresql://postgres:5432/users \
  -e DATASOURCES_DEFAULT_USERNAME=users -e DATASOURCES_DEFAULT_PASSWORD=users \
  -e REDIS_URI=redis://redis:6379 \
  "microlab/users-service:$tag" >/dev/null
wait_for "users-service is ready" 120 \
  docker exec "$prefix-users-service" curl -fsS http://localhost:8081/health/readiness

echo "== consumer-service, published as localhost:$host_port, calling http://users-service:8081"
docker run -d --name "$prefix-consumer-service" --network "$network" \
  -p "127.0.0.1:$host_port:8083" \
  -e MICRONAUT_HTTP_SERVICES_USERS_URL=http://users-service:8081 \
  "microlab/consumer-service:$tag" >/dev/null
wait_for "consumer-service is ready" 120 curl -fsS "http://localhost:$host_port/health/readiness"

echo "== curl localhost:$host_port/summary"
curl -fsS "http://localhost:$host_port/summary"
echo

echo "== users-service has no published port: docker port prints nothing for it"
docker port "$prefix-users-service" || true
