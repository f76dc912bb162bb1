#!/usr/bin/env bash
# The compose topology without Docker: every service of compose/compose.yaml gets a network namespace
# of its own with its own address on one private bridge, and the names compose gives the services
# resolve inside those namespaces only. The application services run as their jars with the
# environment compose.yaml gives them; `postgres` and `redis` are forwarders to the PostgreSQL and
# Redis of this machine. As in compose, only the gateway's port reaches the host. The script then
# runs bin/smoke through that port and shows that the host cannot reach users-service directly.
# It needs root (ip netns) and removes everything it made when it ends, also on failure or Ctrl-C.
set -euo pipefail

usage() {
  cat <<'EOF'
Usage: compose/netns-topology.sh [--cleanup] [--help]

Runs the services of compose/compose.yaml as jars in network namespaces (root only), runs bin/smoke
through the gateway's forwarded port, checks that users-service is unreachable from the host, and
removes the namespaces, links, processes and files it made.

  --cleanup   only remove what an interrupted earlier run left behind

Environment:
  HOST_PORT    host port forwarded to the gateway (default 38080, on 127.0.0.1)
  PGPORT       port of this machine's PostgreSQL on 127.0.0.1 (default 5432)
  REDIS_PORT   port of this machine's Redis on 127.0.0.1 (default 6379)
  KEEP_LOGS    a folder to copy the services' logs into before clean-up
  COMPOSE_FILE the compose file to stand in for (default compose/compose.yaml)
EOF
}

# Namespace names, the address range and the link names are this script's own; nothing else uses them.
PREFIX=microlab-
BRIDGE_NS=${PREFIX}net
SUBNET_BASE=10.213.77
SUBNET=$SUBNET_BASE.0/24

repo=$(cd "$(dirname "$0")/.." && pwd)
compose_file=${COMPOSE_FILE:-$repo/compose/compose.yaml}
env_file=$repo/compose/.env.example
host_port=${HOST_PORT:-38080}
pg_port=${PGPORT:-5432}
redis_port=${REDIS_PORT:-6379}
started=$SECONDS
# Everything the run makes outside the namespaces lives here, so clean-up (this run's, or --cleanup
# after a killed run) finds it: logs, sockets, the forwarders' pids, the guard-route marker.
work=/var/tmp/microlab-netns
main_pid=""

say() { printf '%s [%3ss] %s\n' "netns:" "$((SECONDS - started))" "$*"; }
die() { printf 'netns: %s\n' "$*" >&2; exit 1; }

our_namespaces() { ip netns list 2>/dev/null | awk -v p="$PREFIX" 'index($1, p) == 1 { print $1 }'; }

# descendants PID: the pids of every process below PID, deepest first
descendants() {
  local child
  for child in $(ps -o pid= --ppid "$1" 2>/dev/null); do
    descendants "$child"
    echo "$child"
  done
}

cleanup() {
  local status=$? ns pid alive log
  trap - EXIT INT TERM
  # Stop the run first so it makes nothing more, then what it started.
  if [ -n "$main_pid" ]; then
    for pid in $(descendants "$main_pid") "$main_pid"; do kill -KILL "$pid" 2>/dev/null || true; done
  fi
  if [ -d "$work/logs" ]; then
    if [ -n "${KEEP_LOGS:-}" ]; then
      mkdir -p "$KEEP_LOGS"
      cp "$work"/logs/*.log "$KEEP_LOGS"/ 2>/dev/null || true
    fi
    if [ "$status" -ne 0 ]; then
      for log in "$work"/logs/*.log; do
        [ -s "$log" ] || continue
        echo "---- last lines of $(basename "$log")" >&2
        tail -n 15 "$log" >&2
      done
    fi
  fi
  # Every process inside our namespaces, and the forwarders on the host, by the pids recorded.
  for ns in $(our_namespaces); do
    for pid in $(ip netns pids "$ns" 2>/dev/null); do kill -TERM "$pid" 2>/dev/null || true; done
  done
  if [ -f "$work/host.pids" ]; then
    while read -r pid; do kill -TERM "$pid" 2>/dev/null || true; done <"$work/host.pids"
  fi
  for _ in $(seq 1 100); do
    alive=""
    for ns in $(our_namespaces); do alive+=$(ip netns pids "$ns" 2>/dev/null); done
    [ -z "$alive" ] && break
    sleep 0.1
  done
  for ns in $(our_namespaces); do
    for pid in $(ip netns pids "$ns" 2>/dev/null); do kill -KILL "$pid" 2>/dev/null || true; done
  done
  if [ -f "$work/host.pids" ]; then
    while read -r pid; do kill -KILL "$pid" 2>/dev/null || true; done <"$work/host.pids"
  fi
  # Deleting a namespace deletes its links, and the bridge with the bridge's namespace.
  for ns in $(our_namespaces); do ip netns delete "$ns" 2>/dev/null || true; done
  rm -rf /etc/netns/"$PREFIX"*
  if [ -f "$work/guard-route" ]; then ip route del unreachable "$SUBNET" 2>/dev/null || true; fi
  rm -rf "$work"
  if [ "$status" -eq 0 ]; then
    say "removed the namespaces, links, processes and files"
  else
    echo "netns: FAILED (exit $status); removed the namespaces, links, processes and files" >&2
  fi
  exit "$status"
}

case "${1:-}" in
  -h | --help) usage; exit 0 ;;
  --cleanup)
    [ "$(id -u)" -eq 0 ] || die "run as root: network namespaces need it"
    trap cleanup EXIT
    exit 0
    ;;
  "") ;;
  *) die "unknown argument: $1 (see --help)" ;;
esac

# ---------------------------------------------------------------------------------------------------
# Prerequisites: root, iproute2, socat, curl, a YAML parser, docker-compose, the jars, the databases.
[ "$(id -u)" -eq 0 ] || die "run as root: network namespaces need it (sudo $0)"
missing=()
command -v ip >/dev/null || missing+=(iproute2)
command -v socat >/dev/null || missing+=(socat)
command -v curl >/dev/null || missing+=(curl)
command -v docker-compose >/dev/null || missing+=(docker-compose)
python=""
for candidate in python3 /usr/bin/python3; do
  if command -v "$candidate" >/dev/null && "$candidate" -c 'import yaml' 2>/dev/null; then
    python=$candidate
    break
  fi
done
[ -n "$python" ] || missing+=(python3-yaml)
if [ ${#missing[@]} -gt 0 ]; then
  say "installing ${missing[*]}"
  apt-get install -y -q "${missing[@]}" >/dev/null 2>&1 ||
    { apt-get update -q >/dev/null 2>&1 && apt-get install -y -q "${missing[@]}" >/dev/null; } ||
    die "could not install ${missing[*]}; install them and run this again"
  [ -n "$python" ] || python=/usr/bin/python3
fi
command -v java >/dev/null || die "java is not on PATH; install a JDK 17 or newer"

if [ -n "$(our_namespaces)" ] || [ -d "/etc/netns/${BRIDGE_NS}" ] || [ -d "$work" ]; then
  die "an earlier run is still going or left things behind ($(our_namespaces | tr '\n' ' ')$work); if none runs, remove them with: $0 --cleanup"
fi
if ip -4 route show | grep -q "^[a-z ]*${SUBNET_BASE//./\\.}\." || ip -4 -o addr show | grep -q " ${SUBNET_BASE//./\\.}\."; then
  die "this machine already uses $SUBNET, which the topology needs to itself (after a killed run: $0 --cleanup)"
fi
tcp_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
tcp_open "$pg_port" || die "nothing answers on 127.0.0.1:$pg_port; start PostgreSQL first (bin/up or bin/test provide one)"
tcp_open "$redis_port" || die "nothing answers on 127.0.0.1:$redis_port; start Redis first (bin/up or bin/test provide one)"
if tcp_open "$host_port"; then die "127.0.0.1:$host_port is taken; set HOST_PORT to a free port"; fi

mkdir -m 700 "$work"
mkdir -p "$work/env" "$work/logs" "$work/sock" "$work/jars" "$work/forecast-data" "$work/djl"
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# The run itself is a child process and this shell only waits for it: `wait` is where bash reliably
# runs a trap at once, so Ctrl-C, a CI timeout's TERM or a failure all end in cleanup above.
run_topology() {
  # -------------------------------------------------------------------------------------------------
  # The plan, read from compose.yaml itself: docker-compose resolves it (defaults and .env.example), and
  # a small parser turns every service into its start level (from depends_on), its address, its jar and
  # port (application services, i.e. those with `build`), and its environment.
  say "reading $(basename "$compose_file") through docker-compose config"
  docker-compose -f "$compose_file" --env-file "$env_file" config >"$work/compose.resolved.yaml"
  "$python" - "$work" "$repo" "$SUBNET_BASE" "$work/compose.resolved.yaml" >"$work/plan.tsv" <<'PY'
import os, sys, yaml

work, repo, base, resolved = sys.argv[1:5]
with open(resolved) as f:
    services = yaml.safe_load(f)["services"]

def unescape(value):
    # docker-compose config prints a literal $ as $$, as compose files write it
    return str(value).replace("$$", "$")

def level(name, seen=()):
    deps = services[name].get("depends_on") or {}
    if name in seen:
        raise SystemExit(f"depends_on has a cycle through {name}")
    return 0 if not deps else 1 + max(level(d, seen + (name,)) for d in deps)

def server_port(module):
    with open(os.path.join(repo, module, "src/main/resources/application.yml")) as f:
        return int(yaml.safe_load(f)["micronaut"]["server"]["port"])

names = sorted(services, key=lambda n: (level(n), n))
for index, name in enumerate(names):
    service = services[name]
    address = f"{base}.{10 + index}"
    environment = service.get("environment") or {}
    if isinstance(environment, list):
        environment = dict(item.split("=", 1) for item in environment)
    with open(os.path.join(work, "env", name), "wb") as f:
        for key, value in environment.items():
            f.write(f"{key}={unescape(value if value is not None else '')}".encode() + b"\0")
    if "build" in service:
        module = os.path.dirname(service["build"]["dockerfile"])
        kind, port = "app", server_port(module)
    elif name in ("postgres", "redis"):
        kind, module, port = name, "-", 5432 if name == "postgres" else 6379
    elif "entrypoint" in service:
        kind, module, port = "script", "-", 0
        with open(os.path.join(work, "env", name + ".sh"), "w") as f:
            f.write(unescape(service["entrypoint"][-1]))
    else:
        raise SystemExit(f"service {name}: no build, no entrypoint and not a database; nothing to run")
    # the container side of each published port, from the long form docker-compose config prints
    published = ",".join(str(p["target"] if isinstance(p, dict) else str(p).split(":")[-1])
                         for p in service.get("ports") or [])
    print("\t".join(map(str, (name, kind, level(name), address, module, port, published or "-"))))
PY

  declare -A kind_of level_of addr_of module_of port_of published_of pid_of
  order=()
  while IFS=$'\t' read -r name kind lvl addr module port published; do
    order+=("$name")
    kind_of[$name]=$kind level_of[$name]=$lvl addr_of[$name]=$addr
    module_of[$name]=$module port_of[$name]=$port published_of[$name]=$published
  done <"$work/plan.tsv"
  printf '  %-18s %-8s %-6s %-14s %s\n' service kind level address port
  for name in "${order[@]}"; do
    printf '  %-18s %-8s %-6s %-14s %s\n' "$name" "${kind_of[$name]}" "${level_of[$name]}" "${addr_of[$name]}" "${port_of[$name]}"
  done
  published=()
  for name in "${order[@]}"; do [ "${published_of[$name]}" != - ] && published+=("$name"); done
  [ ${#published[@]} -eq 1 ] || die "compose.yaml publishes ports on ${#published[@]} services (${published[*]}); exactly one, the gateway, is expected"
  front=${published[0]}
  front_port=${published_of[$front]}

  missing_jars=()
  for name in "${order[@]}"; do
    [ "${kind_of[$name]}" = app ] || continue
    jar=$repo/${module_of[$name]}/target/${module_of[$name]}-0.1.0.jar
    [ -f "$jar" ] || missing_jars+=("${module_of[$name]}")
  done
  if [ ${#missing_jars[@]} -gt 0 ]; then
    say "building ${missing_jars[*]}"
    (cd "$repo" && ./mvnw -B -q -DskipTests -pl "$(IFS=,; echo "${missing_jars[*]}")" -am package)
  fi
  # Each service runs a copy of its jar, as a container runs the jar of its image: a rebuild during
  # the run cannot change a jar under a running JVM.
  for name in "${order[@]}"; do
    [ "${kind_of[$name]}" = app ] || continue
    cp "$repo/${module_of[$name]}/target/${module_of[$name]}-0.1.0.jar" "$work/jars/"
  done

  # -------------------------------------------------------------------------------------------------
  # The network: a bridge inside a namespace of its own, one veth per service. The host gets no link and
  # no address on it, and an unreachable route makes sure nothing addressed to the range leaves the host.
  say "creating the network $SUBNET: one bridge namespace and ${#order[@]} service namespaces"
  touch "$work/guard-route"
  ip route add unreachable "$SUBNET"
  ip netns add "$BRIDGE_NS"
  ip -n "$BRIDGE_NS" link add br0 type bridge
  ip -n "$BRIDGE_NS" link set br0 up
  ip -n "$BRIDGE_NS" link set lo up

  hosts_lines=$(for name in "${order[@]}"; do printf '%s\t%s\n' "${addr_of[$name]}" "$name"; done)
  index=0
  for name in "${order[@]}"; do
    ns=$PREFIX$name
    index=$((index + 1))
    ip netns add "$ns"
    ip link add eth0 netns "$ns" type veth peer name "veth$index" netns "$BRIDGE_NS"
    ip -n "$BRIDGE_NS" link set "veth$index" master br0 up
    ip -n "$ns" addr add "${addr_of[$name]}/24" dev eth0
    ip -n "$ns" link set eth0 up
    ip -n "$ns" link set lo up
    # `ip netns exec` mounts these over /etc/hosts and /etc/resolv.conf: the compose names resolve in
    # the namespaces only, and no name lookup leaves them.
    mkdir -p "/etc/netns/$ns"
    {
      printf '127.0.0.1\tlocalhost\n%s\t%s %s\n' "${addr_of[$name]}" "$name" "$(hostname)"
      grep -v "[[:space:]]$name\$" <<<"$hosts_lines"
    } >"/etc/netns/$ns/hosts"
    # A name server on the namespace's own loopback, where nothing listens: a lookup the hosts file
    # does not answer fails at once, and resolvers never fall back to a public server.
    printf 'nameserver 127.0.0.1\noptions timeout:1 attempts:1\n' >"/etc/netns/$ns/resolv.conf"
  done

  in_ns() { local name=$1; shift; ip netns exec "$PREFIX$name" "$@"; }

  # PostgreSQL and Redis under their compose names: a forwarder listens on the service's address in its
  # namespace and hands each connection over a Unix socket to a forwarder on the host, which connects to
  # 127.0.0.1, so the databases see the same local clients as under bin/up.
  forward_database() {
    local name=$1 host_target=$2 sock=$work/sock/$1.sock
    socat "UNIX-LISTEN:$sock,fork,mode=600" "TCP:$host_target" 2>>"$work/logs/$name.log" &
    echo $! >>"$work/host.pids"
    in_ns "$name" socat "TCP-LISTEN:${port_of[$name]},bind=${addr_of[$name]},fork,reuseaddr" \
      "UNIX-CONNECT:$sock" 2>>"$work/logs/$name.log" &
  }
  forward_database postgres "127.0.0.1:$pg_port"
  forward_database redis "127.0.0.1:$redis_port"

  # -------------------------------------------------------------------------------------------------
  # The services, level by level as depends_on orders them; a level starts when the one before is
  # healthy, as `condition: service_healthy` does. Health is asked inside each namespace, like compose's
  # healthchecks run inside the container.
  start_app() {
    local name=$1 module=${module_of[$1]} extra_opts
    local -a environment
    mapfile -d '' -t environment <"$work/env/$name"
    # What differs from compose, and why: a small heap for a 2-core CI machine, and what the image
    # provides for forecast (a writable state directory and the DJL settings of its Dockerfile).
    extra_opts="-Xmx256m -XX:+UseSerialGC -XX:TieredStopAtLevel=1"
    if [ "$module" = forecast ]; then
      extra_opts="-Xmx384m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Doffline=true"
      environment+=("FORECAST_STATE_DIR=$work/forecast-data" "PYTORCH_FLAVOR=cpu" "DJL_CACHE_DIR=$work/djl")
    fi
    environment+=("JAVA_OPTS=$extra_opts")
    # shellcheck disable=SC2086 # JAVA_OPTS is a list of flags, as in the images' entrypoint
    in_ns "$name" env -i "PATH=$PATH" "HOME=$work" "${environment[@]}" \
      java $extra_opts -jar "$work/jars/$module-0.1.0.jar" >"$work/logs/$name.log" 2>&1 &
    pid_of[$name]=$!
  }

  start_script() {
    local name=$1
    local -a environment
    mapfile -d '' -t environment <"$work/env/$name"
    # shellcheck disable=SC2016 # $1 is expanded by the inner shell: the loop from compose.yaml
    # its own /tmp, as the container has, so the loop's marker file stays out of the host's /tmp
    in_ns "$name" env -i "PATH=$PATH" "${environment[@]}" \
      sh -c 'mount -t tmpfs -o size=1m tmpfs /tmp && exec /bin/sh -c "$1"' sh "$(cat "$work/env/$name.sh")" \
      >"$work/logs/$name.log" 2>&1 &
    pid_of[$name]=$!
  }

  healthy() {
    local name=$1
    case "${kind_of[$name]}" in
      app) in_ns "$name" curl -fs -o /dev/null --max-time 2 "http://127.0.0.1:${port_of[$name]}/health/readiness" ;;
      postgres | redis) in_ns "$name" bash -c "exec 3<>/dev/tcp/${addr_of[$name]}/${port_of[$name]}" 2>/dev/null ;;
      script) grep -qs . "$work/logs/$name.log" ;;
    esac
  }

  max_level=0
  for name in "${order[@]}"; do ((${level_of[$name]} > max_level)) && max_level=${level_of[$name]}; done
  for ((lvl = 0; lvl <= max_level; lvl++)); do
    level_started=$SECONDS
    waiting=()
    for name in "${order[@]}"; do
      [ "${level_of[$name]}" -eq "$lvl" ] || continue
      case "${kind_of[$name]}" in
        app) start_app "$name" ;;
        script) start_script "$name" ;;
      esac
      waiting+=("$name")
    done
    say "level $lvl: ${waiting[*]}"
    deadline=$((SECONDS + 180))
    while [ ${#waiting[@]} -gt 0 ]; do
      still=()
      for name in "${waiting[@]}"; do
        if healthy "$name"; then
          say "  $name healthy at ${addr_of[$name]} after $((SECONDS - level_started))s"
        elif [ -n "${pid_of[$name]:-}" ] && ! kill -0 "${pid_of[$name]}" 2>/dev/null; then
          die "$name exited before it became healthy"
        else
          still+=("$name")
        fi
      done
      waiting=("${still[@]}")
      [ ${#waiting[@]} -eq 0 ] && break
      [ "$SECONDS" -lt "$deadline" ] || die "not healthy within 180s: ${waiting[*]}"
      sleep 0.5
    done
  done

  # Only the front service's port reaches the host, the way compose publishes `ports`: a forwarder in
  # its namespace on a Unix socket, and one on the host's 127.0.0.1.
  in_ns "$front" socat "UNIX-LISTEN:$work/sock/$front.sock,fork,mode=600" "TCP:127.0.0.1:$front_port" \
    2>>"$work/logs/$front-publish.log" &
  for _ in $(seq 1 50); do [ -S "$work/sock/$front.sock" ] && break; sleep 0.1; done
  socat "TCP-LISTEN:$host_port,bind=127.0.0.1,fork,reuseaddr" "UNIX-CONNECT:$work/sock/$front.sock" \
    2>>"$work/logs/$front-publish.log" &
  echo $! >>"$work/host.pids"
  for _ in $(seq 1 50); do tcp_open "$host_port" && break; sleep 0.1; done
  say "$front published on http://127.0.0.1:$host_port (its port $front_port in its namespace)"

  # -------------------------------------------------------------------------------------------------
  say "bin/smoke http://127.0.0.1:$host_port"
  smoke_started=$SECONDS
  "$repo/bin/smoke" "http://127.0.0.1:$host_port"
  say "bin/smoke passed in $((SECONDS - smoke_started))s"

  if [ -n "${kind_of[client]:-}" ]; then
    for _ in $(seq 1 30); do grep -q 'answered' "$work/logs/client.log" && break; sleep 1; done
    grep -q 'answered' "$work/logs/client.log" || die "the client loop got no answer from users-service"
    say "scenario 1, the client loop reaching users-service by name:"
    grep 'answered' "$work/logs/client.log" | head -n 2 | cut -c1-160 | sed 's/^/    /'
  fi

  # users-service is up on its address (asked from the gateway's namespace), yet the host reaches it
  # neither by name nor by address.
  users_url="http://${addr_of[users-service]}:${port_of[users-service]}/health/liveness"
  in_ns "$front" curl -fsS -o /dev/null --max-time 2 "$users_url" ||
    die "users-service does not answer on $users_url even inside the network"
  say "from the $front namespace: users-service answers on $users_url"
  if getent -s files hosts users-service >/dev/null; then
    die "users-service resolves on the host; it must resolve only inside the network"
  fi
  say "on the host: the name users-service does not resolve"
  if ip -4 -o addr show | grep -q " ${SUBNET_BASE//./\\.}\."; then
    die "the host has an address in $SUBNET; it must have no link into the network"
  fi
  say "on the host: no interface has an address in $SUBNET (only the guard route: $(ip route show "$SUBNET"))"
  if curl -sS -o /dev/null --max-time 2 "$users_url" 2>"$work/host-curl.err"; then
    die "the host opened a connection to users-service at $users_url"
  fi
  say "on the host: curl $users_url fails: $(tr -d '\n' <"$work/host-curl.err")"
  say "passed: the compose topology in namespaces, smoke through the one published port, users-service closed to the host"
}

run_topology &
main_pid=$!
wait "$main_pid"
