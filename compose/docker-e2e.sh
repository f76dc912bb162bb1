#!/usr/bin/env bash
# The Docker path end to end on a real engine, with microlab.e2e.compose.ComposeRun (e2e/): build the
# images as compose does, bring the stack up, check it through the published gateway, show the
# scenarios, build once more with JKube, and leave nothing behind. One line per step with its result
# and time; a failed step shows its containers' logs. Usage: compose/docker-e2e.sh [--keep] [STEP...]
#   build      docker compose build (every image from the root Dockerfile, SERVICE naming its module)
#   up         docker compose up -d, then waits until every container's healthcheck passes
#   smoke      bin/smoke's checks through the published gateway port
#   scenario1  the client container's loop reaching users-service by name (its logs)
#   scenario2  removes and recreates the forecast container: through the gateway the boot count has
#              risen by one and the fitted models came from the volume; the gateway follows the new address
#   lstm       an LSTM forecast in the read-only forecast container (PyTorch from its exec tmpfs)
#   ports      only the gateway publishes a host port
#   scale-out  users-service at 2 replicas, one restarted under reads and writes through the gateway:
#              no request fails, no acknowledged write is lost, both replicas served
#   volume-sh  compose/scenario-2-volume.sh
#   network-sh compose/scenario-4-network.sh
#   jkube      ./mvnw clean package k8s:build (docker build strategy), then starts that consumer-service image
#   down       docker compose down -v, then checks no container, network or volume of the run is left
#   --keep     leave the compose stack running at the end (no down step)
# Named steps run alone, e.g. `scale-out` on a stack already up; a run without `up` leaves the stack as is.
# Environment: the base images and build settings compose reads (JDK_IMAGE, RUNTIME_IMAGE, MAVEN_MIRROR_URL,
# POSTGRES_IMAGE, REDIS_IMAGE, CURL_IMAGE; see compose/compose.yaml), GATEWAY_PORT (default 8080, where
# the gateway is published), S4_PORT (default 18083, scenario 4's port), HEALTHY_TIMEOUT (default 300 s).
set -euo pipefail
case "${1:-}" in
  -h | --help) sed -n '2,24p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
esac
cd "$(dirname "${BASH_SOURCE[0]}")/.."
command -v docker >/dev/null 2>&1 || { echo "docker-e2e: the docker command is missing; this needs a Docker engine." >&2; exit 1; }
docker info >/dev/null 2>&1 || { echo "docker-e2e: no Docker daemon answers (docker info fails); start one, then run this again." >&2; exit 1; }
if docker compose version >/dev/null 2>&1; then
  compose="docker compose -f compose/compose.yaml"
elif command -v docker-compose >/dev/null 2>&1; then
  compose="docker-compose -f compose/compose.yaml"
else
  echo "docker-e2e: neither the compose plugin (docker compose) nor docker-compose is installed." >&2
  exit 1
fi
# shellcheck source=../bin/lib/e2e.sh
source bin/lib/e2e.sh
# compose names the project after the compose file's folder
e2e_java microlab.e2e.compose.ComposeRun --compose "$compose" --project compose --base "http://localhost:${GATEWAY_PORT:-8080}" \
  --healthy-timeout "${HEALTHY_TIMEOUT:-300}" --load-seconds "${SCALE_LOAD_SECONDS:-40}" --scenario4-port "${S4_PORT:-18083}" "$@"
