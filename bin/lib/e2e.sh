# shellcheck shell=bash
# e2e_java CLASS ARG...: runs one of the end-to-end programs of module e2e (microlab.e2e.*) from the
# repository root, building the module first when its classes are missing or older than its sources.
e2e_java() {
  local root classpath
  root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
  classpath=$root/e2e/target/classpath.txt
  if [[ ! -f $classpath ]] || [[ -n $(find "$root/e2e/src/main" "$root/e2e/pom.xml" "$root/launcher/src/main" -newer "$classpath" -print -quit) ]]; then
    echo "building the end-to-end programs (./mvnw -q -pl e2e -am package)" >&2
    (cd "$root" && ./mvnw -B -q -pl e2e -am package -DskipTests >&2) || { echo "error: the e2e module did not build" >&2; return 1; }
    # Maven leaves an unchanged class path file as it was: its time marks this build
    touch "$classpath"
  fi
  java -cp "$root/e2e/target/classes:$(cat "$classpath")" "$@"
}
