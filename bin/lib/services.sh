# shellcheck shell=bash
# The five services as background JVMs: their jars, pid files and a graceful stop.

# the project version from the parent pom, which names every jar
project_version() {
  awk '/<artifactId>microlab<\/artifactId>/ { found = 1; next }
       found && /<version>/ { gsub(/.*<version>|<\/version>.*/, ""); print; exit }' pom.xml
}
JAR_VERSION=${JAR_VERSION:-$(project_version)}

service_jar() { printf '%s/target/%s-%s.jar' "$1" "$1" "$JAR_VERSION"; }

service_pid() { cat "$PID_DIR/$1.pid" 2>/dev/null || true; }

# true when the pid file names a live JVM running this service's jar
service_running() { pid_matches "$(service_pid "$1")" "$1-$JAR_VERSION.jar"; }

# Sends TERM to every running service at once (graceful shutdown lets requests in flight finish),
# waits up to $1 seconds, then KILLs what is left. Prints one line per service it stopped.
stop_services() {
  local timeout=${1:-20} svc pid waited=0
  local -a stopping=() left=()
  for svc in "${SERVICES[@]}"; do
    if service_running "$svc"; then
      pid=$(service_pid "$svc")
      say "stopping $svc (pid $pid)"
      kill -TERM "$pid" 2>/dev/null || true
      stopping+=("$svc")
    fi
  done
  while :; do
    left=()
    for svc in "${stopping[@]}"; do
      service_running "$svc" && left+=("$svc")
    done
    ((${#left[@]} > 0)) || break
    if ((waited >= timeout * 10)); then
      for svc in "${left[@]}"; do
        warn "$svc did not stop within ${timeout} s of TERM; sending KILL"
        kill -KILL "$(service_pid "$svc")" 2>/dev/null || true
      done
      sleep 0.3
      break
    fi
    sleep 0.1
    waited=$((waited + 1))
  done
  for svc in "${SERVICES[@]}"; do
    service_running "$svc" || rm -f "$PID_DIR/$svc.pid"
  done
  ((${#stopping[@]} > 0))
}
