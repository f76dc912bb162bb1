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

# true when the running service was started to train its AOT cache (bin/lib/aot.sh) and has not
# written it yet: on TERM that JVM writes the cache before it exits, tens of seconds on two busy cores
aot_pending() { [[ -f $PID_DIR/$1.aot-training && ! ($RUN_DIR/aot/$1.aot -nt $PID_DIR/$1.aot-training) ]]; }

# Sends TERM to every running service at once (graceful shutdown lets requests in flight finish),
# waits up to $1 seconds (AOT_WRITE_TIMEOUT, default 120, for one writing its AOT cache), then KILLs
# what is left. Prints one line per service it stopped.
stop_services() {
  local timeout=${1:-20} svc pid waited=0 killed=
  local -a stopping=() left=()
  local -A limit=()
  for svc in "${SERVICES[@]}"; do
    if service_running "$svc"; then
      pid=$(service_pid "$svc")
      limit[$svc]=$timeout
      if aot_pending "$svc"; then
        limit[$svc]=${AOT_WRITE_TIMEOUT:-120}
        say "stopping $svc (pid $pid; it writes its AOT cache first)"
      else
        say "stopping $svc (pid $pid)"
      fi
      kill -TERM "$pid" 2>/dev/null || true
      stopping+=("$svc")
    fi
  done
  while :; do
    left=()
    for svc in "${stopping[@]}"; do
      service_running "$svc" || continue
      if ((waited >= ${limit[$svc]} * 10)); then
        warn "$svc did not stop within ${limit[$svc]} s of TERM; sending KILL"
        kill -KILL "$(service_pid "$svc")" 2>/dev/null || true
        killed=1
      else
        left+=("$svc")
      fi
    done
    ((${#left[@]} > 0)) || break
    sleep 0.1
    waited=$((waited + 1))
  done
  [[ -z $killed ]] || sleep 0.3
  for svc in "${SERVICES[@]}"; do
    service_running "$svc" || rm -f "$PID_DIR/$svc.pid" "$PID_DIR/$svc.aot-training"
  done
  ((${#stopping[@]} > 0))
}
