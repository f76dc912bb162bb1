# shellcheck shell=bash
# Sourced from the repository root by bin/up, bin/down and bin/test: their logic is microlab.launcher.Main (module
# launcher), whose classes are built here when they are missing or older than their sources. Then LAUNCHER is the
# command that runs it: "${LAUNCHER[@]}" up --detach.
launcher_main=launcher/target/classes/microlab/launcher/Main.class
command -v java >/dev/null 2>&1 || {
  echo "error: java is not on PATH; install a JDK 17 or newer (on Debian: apt-get install -y openjdk-17-jdk-headless)." >&2
  exit 1
}
launcher_java=$(java -version 2>&1 | awk -F '"' '/version/ { split($2, v, "."); print (v[1] == 1 ? v[2] : v[1]); exit }')
((${launcher_java:-0} >= 17)) || {
  echo "error: java on PATH is $(java -version 2>&1 | head -n 1); microlab needs 17 or newer: put a newer JDK first on PATH." >&2
  exit 1
}
if [[ ! -f $launcher_main || -n $(find launcher/src/main launcher/pom.xml pom.xml -newer "$launcher_main" -print -quit) ]]; then
  echo "building the launcher (./mvnw -q -pl launcher compile)" >&2
  ./mvnw -B -q -pl launcher compile >&2 || { echo "error: the launcher module did not build (output above)." >&2; exit 1; }
  # an unchanged class is left as it was: its time marks this build
  touch "$launcher_main"
fi
LAUNCHER=(java -cp launcher/target/classes microlab.launcher.Main)
