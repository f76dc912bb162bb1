#!/usr/bin/env bash
# CI's Docker phase (.ci/Ci.java), in DIR: no image registry and no Maven Central over TLS are reachable from
# containers on CI's machines, so it runs the engine of Debian's docker.io with a data directory of its own, makes
# stand-ins for the official base images from Debian packages (stand-in-images.sh), serves the local Maven
# repository that bin/test filled on the engine's bridge address, which the build stages reach from their containers
# (MavenRepo.java), and runs compose/docker-e2e.sh with those overrides. What the kube phase needs of it goes to
# DIR/env; .ci/docker/stop.sh DIR stops it. Usage: .ci/docker/phase.sh DIR
set -euo pipefail
dir=$1
# shellcheck source=../../bin/lib/docker-engine.sh
source bin/lib/docker-engine.sh
docker_engine_start "$dir/engine"
echo ".ci/run: $(docker-compose version --short 2>/dev/null | sed 's/^/docker-compose /')"
started=$SECONDS
stand_ins=$(.ci/docker/stand-in-images.sh)
eval "$stand_ins"
echo ".ci/run: stand-in base images ready in $((SECONDS - started)) s"
# shellcheck source=maven-mirror.sh
source .ci/docker/maven-mirror.sh
maven_mirror_start "$dir" "${MAVEN_MIRROR_PORT:-38123}"
printf 'export DOCKER_HOST=%q PATH=%q MAVEN_MIRROR_URL=%q\n%s\n' "$DOCKER_HOST" "$PATH" "$MAVEN_MIRROR_URL" "$stand_ins" >"$dir/env"
compose/docker-e2e.sh
