# A Docker engine of the project's own, for machines where none runs (CI's, a fresh Debian box as
# root): Debian's docker.io, with its data, socket and pid under one folder, stopped by its pid.
# Sourced; docker_engine_start DIR exports DOCKER_HOST, docker_engine_stop DIR stops it and removes DIR.
#
# Where every process lacks CAP_SYS_RESOURCE (grep CapBnd /proc/self/status), a privileged container
# (kind's nodes) cannot start under runc; the engine then runs containers through
# bin/lib/runc-without-sys-resource, which asks for every capability but that one.

docker_engine_start() {
  local dir=$1 lib
  lib=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
  # jq: the runc wrapper (below) edits the container's spec with it
  if ! command -v dockerd >/dev/null 2>&1 || ! command -v jq >/dev/null 2>&1; then
    [[ $(id -u) == 0 ]] && command -v apt-get >/dev/null 2>&1 || { echo "docker-engine: dockerd or jq is missing, and cannot install docker.io and jq (not root on Debian)" >&2; return 1; }
    [[ -n ${APT_UPDATED:-} ]] || apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq docker.io jq >/dev/null
  fi
  mkdir -p "$dir"
  local runtime=()
  local bounding
  bounding=$(awk '/^CapBnd/ {print $2}' /proc/self/status)
  # CAP_SYS_RESOURCE is capability 24
  if (((16#$bounding >> 24 & 1) == 0)); then
    runtime=(--add-runtime "microlab-runc=$lib/runc-without-sys-resource" --default-runtime microlab-runc)
  fi
  dockerd --storage-driver overlay2 --data-root "$dir/root" --exec-root "$dir/exec" --pidfile "$dir/dockerd.pid" \
    -H "unix://$dir/docker.sock" "${runtime[@]}" >"$dir/dockerd.log" 2>&1 &
  export DOCKER_HOST="unix://$dir/docker.sock"
  # the engine's own client (another docker client on the PATH may be newer than the engine)
  export PATH="$(dirname "$(command -v dockerd)")/../bin:$PATH"
  local i
  for ((i = 0; i < 60; i++)); do docker info >/dev/null 2>&1 && break; sleep 1; done
  docker info >/dev/null 2>&1 || { tail -n 20 "$dir/dockerd.log" >&2; echo "docker-engine: the Docker daemon did not start" >&2; return 1; }
  echo "docker-engine: Docker $(docker version -f '{{.Server.Version}}') on $DOCKER_HOST, storage $(docker info -f '{{.Driver}}')${runtime:+, runtime without CAP_SYS_RESOURCE}" >&2
}

docker_engine_stop() {
  local dir=$1 pid
  [[ -d $dir ]] || return 0
  pid=$(cat "$dir/dockerd.pid" 2>/dev/null) || true
  if [[ -n $pid ]] && kill "$pid" 2>/dev/null; then
    for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 1; done
  fi
  # what the engine mounted under its folder (overlay2 layers, container namespaces)
  grep -o " $dir/[^ ]*" /proc/mounts | sort -r | xargs -r -n 1 umount -l 2>/dev/null || true
  rm -rf "$dir"
}
