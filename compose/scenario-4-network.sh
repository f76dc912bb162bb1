#!/usr/bin/env bash
# Scenario 4, independent services without an orchestrator: plain `docker network create` and `docker run`.
# users-service (with its PostgreSQL and Redis) and consumer-service join one user-defined network and find each
# other by name; only consumer-service is published, and `curl localhost:8080/summary` shows it reading
# users-service. Each docker command is printed before it runs: microlab.e2e.compose.Walkthrough (module e2e).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
# shellcheck source=../bin/lib/e2e.sh
source bin/lib/e2e.sh
e2e_java microlab.e2e.compose.Walkthrough network "$@"
