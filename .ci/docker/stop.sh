#!/usr/bin/env bash
# Stops what .ci/docker/phase.sh DIR started (the Maven mirror, the Docker engine) and removes DIR.
set -uo pipefail
# shellcheck source=maven-mirror.sh
source .ci/docker/maven-mirror.sh
maven_mirror_stop "$1"
# shellcheck source=../../bin/lib/docker-engine.sh
source bin/lib/docker-engine.sh
docker_engine_stop "$1/engine"
rm -rf "$1"
