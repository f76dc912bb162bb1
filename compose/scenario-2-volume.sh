#!/usr/bin/env bash
# Scenario 2 (volumes) on plain Docker: state written by one forecast container is read by the next one after the
# first was removed. Each docker command is printed before it runs: microlab.e2e.compose.Walkthrough (module e2e),
# whose --help says more.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
# shellcheck source=../bin/lib/e2e.sh
source bin/lib/e2e.sh
e2e_java microlab.e2e.compose.Walkthrough volume "$@"
