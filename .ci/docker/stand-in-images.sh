#!/usr/bin/env bash
# Why this exists: CI's machines reach no image registry, so the official base images microlab builds
# on (Temurin JDK and JRE, postgres, redis, curl) cannot be pulled there. This makes local stand-ins
# from Debian packages instead (debootstrap + docker import, then apt-get in a docker build) and prints,
# on stdout, the variables that point the Dockerfiles and compose at them. Nobody with a registry needs it.
# The JDK stand-in holds the Temurin 25 JDK installed beside this machine's own (Debian has no Java 25);
# the runtime stand-in is the plain Debian base, as the official Ubuntu image is a plain base.
#
#   .ci/docker/stand-in-images.sh > stand-ins.env && . ./stand-ins.env
#
# Needs root, debootstrap and a Docker daemon that answers; the Debian mirror is the one apt uses here.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
PREFIX=microlab-ci
BASE=$PREFIX/debian:base

say() { printf 'stand-ins: %s\n' "$*" >&2; }

# The first Debian mirror in apt's own configuration (deb822 .sources or a sources.list line).
apt_mirror() {
  local uri
  uri=$(awk '/^URIs:/ {print $2; exit}' /etc/apt/sources.list.d/*.sources 2>/dev/null || true)
  [[ -n $uri ]] || uri=$(awk '$1 == "deb" && $0 !~ /security/ {print $2; exit}' /etc/apt/sources.list 2>/dev/null || true)
  [[ -n $uri ]] || { say "no Debian mirror in apt's configuration"; return 1; }
  printf '%s\n' "$uri"
}

if ! docker image inspect "$BASE" >/dev/null 2>&1; then
  suite=$(. /etc/os-release && echo "$VERSION_CODENAME")
  rootfs=$(mktemp -d)
  trap 'rm -rf "$rootfs"' EXIT
  say "debootstrap $suite (minbase) for $BASE"
  debootstrap --variant=minbase "$suite" "$rootfs" "$(apt_mirror)" >/dev/null
  tar -C "$rootfs" -c . | docker import - "$BASE" >/dev/null
  rm -rf "$rootfs"
fi

# build NAME DIR_OR_-: one stand-in on top of the base; "-" reads the Dockerfile from stdin (no context)
build() {
  local name=$1 context=$2 started=$SECONDS
  docker build -q --build-arg BASE="$BASE" -t "$PREFIX/$name" "$context" >/dev/null
  say "$PREFIX/$name built in $((SECONDS - started)) s"
}

apt_image() {
  printf 'ARG BASE\nFROM ${BASE}\nRUN apt-get update -qq && apt-get install -y -qq --no-install-recommends %s >/dev/null && rm -rf /var/lib/apt/lists/*\n' "$*"
}

# a JDK 25 or newer among the machine's JDKs
jdk25() {
  local home major
  for home in /usr/lib/jvm/*/; do
    [[ -x $home/bin/jlink ]] || continue
    major=$("$home/bin/java" -version 2>&1 | awk -F '"' '/version/ { split($2, v, "."); print v[1]; exit }')
    if [[ $major =~ ^[0-9]+$ ]] && ((major >= 25)); then
      printf '%s\n' "${home%/}"
      return
    fi
  done
  say "no JDK 25 or newer with jlink under /usr/lib/jvm"
  return 1
}

jdk_context=$(mktemp -d)
trap 'rm -rf "$jdk_context"' EXIT
# -L: the packaged JDK links some files (its cacerts) to the machine's own
cp -rL "$(jdk25)" "$jdk_context/jdk"
printf '%s\n' 'ARG BASE' 'FROM ${BASE}' \
  'RUN apt-get update -qq && apt-get install -y -qq --no-install-recommends curl >/dev/null && rm -rf /var/lib/apt/lists/*' \
  'COPY jdk /opt/java/openjdk' 'ENV JAVA_HOME=/opt/java/openjdk PATH=/opt/java/openjdk/bin:$PATH' >"$jdk_context/Dockerfile"

pids=()
build jdk "$jdk_context" & pids+=($!)
apt_image curl | build curl - & pids+=($!)
build postgres "$HERE/postgres" & pids+=($!)
build redis "$HERE/redis" & pids+=($!)
for pid in "${pids[@]}"; do wait "$pid"; done

cat <<ENV
export JDK_IMAGE=$PREFIX/jdk RUNTIME_IMAGE=$BASE POSTGRES_IMAGE=$PREFIX/postgres REDIS_IMAGE=$PREFIX/redis CURL_IMAGE=$PREFIX/curl
ENV
