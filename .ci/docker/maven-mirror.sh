# Sourced. The machine's local Maven repository served to the image builds' Maven stage, which cannot
# reach Maven Central from a container here (see MavenRepo.java), on the address of the Docker
# engine's bridge.
#   maven_mirror_start DIR [PORT]   exports MAVEN_MIRROR_URL; its pid and log go to DIR
#   maven_mirror_stop DIR
# The repository must hold what the build needs: a host build (./mvnw package) fills it.

maven_mirror_start() {
  local dir=$1 port=${2:-38123} root bridge i
  root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
  mkdir -p "$dir"
  # the wrapper's own Maven download, served from the same repository
  (cd "$root" && ./mvnw -B -q dependency:get -Dartifact=org.apache.maven:apache-maven:3.9.11:tar.gz:bin -Dtransitive=false)
  bridge=$(ip -4 -o addr show "$(docker network inspect bridge -f '{{index .Options "com.docker.network.bridge.name"}}')" | awk '{print $4}' | cut -d/ -f1)
  java "$root/.ci/docker/MavenRepo.java" "$bridge" "$port" >"$dir/maven-mirror.log" 2>&1 &
  echo $! >"$dir/maven-mirror.pid"
  export MAVEN_MIRROR_URL="http://$bridge:$port"
  for ((i = 0; i < 30; i++)); do
    curl -fsS -o /dev/null "$MAVEN_MIRROR_URL/org/apache/maven/apache-maven/3.9.11/apache-maven-3.9.11.pom" 2>/dev/null && break
    sleep 1
  done
  cat "$dir/maven-mirror.log" >&2
}

maven_mirror_stop() {
  local pid
  pid=$(cat "$1/maven-mirror.pid" 2>/dev/null) && kill "$pid" 2>/dev/null
  rm -f "$1/maven-mirror.pid"
}
