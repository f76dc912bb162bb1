# shellcheck shell=bash
# The JDK's AOT cache (JEP 483/514, Java 25+): a run started with -XX:AOTCacheOutput=F records which
# classes it loads and links and how its methods run, and writes F when it exits; a later start with
# -XX:AOTCache=F finds them loaded and linked already. The first bin/up after a build is that training
# run (the cache is written when bin/down stops the service); the next one starts from the cache.
# A cache belongs to one jar, one JVM and one set of flags: AOT_KEY names all three, and a cache whose
# key differs is trained again. An unusable cache is not fatal: the JVM says so in the service's log
# and starts as if there were none.

AOT_DIR="$RUN_DIR/aot"

# The java the services run on: SERVICE_JAVA when set; otherwise the newest Java 25 or newer among
# java on PATH, $JAVA_HOME and the JDKs installed in JVM_DIRS (default: /usr/lib/jvm, /usr/java,
# /opt/java, ~/.sdkman/candidates/java, /Library/Java/JavaVirtualMachines); java on PATH when there
# is none. Prints the command, then on stderr (through `say`) once which one and why.
service_java() {
  if [[ -n ${SERVICE_JAVA:-} ]]; then
    say "services run on $SERVICE_JAVA (SERVICE_JAVA), Java $(java_major "$SERVICE_JAVA")" >&2
    printf '%s\n' "$SERVICE_JAVA"
    return
  fi
  local candidates=() seen=() candidate real major best='' best_major=0 dir
  command -v java >/dev/null 2>&1 && candidates+=("$(command -v java)")
  [[ -z ${JAVA_HOME:-} ]] || candidates+=("$JAVA_HOME/bin/java")
  for dir in ${JVM_DIRS:-/usr/lib/jvm /usr/java /opt/java "${HOME:-}/.sdkman/candidates/java" /Library/Java/JavaVirtualMachines}; do
    candidates+=("$dir"/*/bin/java "$dir"/*/Contents/Home/bin/java)
  done
  for candidate in "${candidates[@]}"; do
    [[ -x $candidate ]] || continue
    real=$(readlink -f "$candidate")
    [[ " ${seen[*]} " != *" $real "* ]] || continue
    seen+=("$real")
    major=$(java_major "$candidate")
    if ((major > best_major)); then
      best=$candidate best_major=$major
    fi
  done
  if ((best_major >= 25)); then
    say "services run on $best, Java $best_major, with an AOT cache per service (SERVICE_JAVA picks another java)" >&2
    printf '%s\n' "$best"
  else
    say "services run on java, Java $(java_major java): plain starts, no AOT cache (that needs a JDK 25 or newer, found in ${JVM_DIRS:-/usr/lib/jvm and the usual places} or given as SERVICE_JAVA)" >&2
    printf 'java\n'
  fi
}

# The flags a java gets beside the service's own. From Java 24 on, Netty (under Micronaut) stops using
# sun.misc.Unsafe unless told otherwise (so that the JVM prints no JEP 498 warning), and then frees its direct
# buffers through the garbage collector: on Java 25 the same gateway jar spent twice the CPU a request on the
# 64 KiB upload and the 1 MiB answer. --sun-misc-unsafe-memory-access=allow (known from Java 23) lets Netty use
# it again (the figures: docs/api.md, "Why the upload was at 0.38x"). --enable-native-access=ALL-UNNAMED: the
# gateway loads Netty's epoll library, which Java 24 on warns about (JEP 472) unless allowed.
java_flags() {
  (($(java_major "$1") >= 23)) && printf '%s\n' "--sun-misc-unsafe-memory-access=allow --enable-native-access=ALL-UNNAMED" || true
}

# what a cache is valid for: the jar's content, the JVM's exact version, the flags
aot_key() {
  local java=$1 jar=$2 opts=$3
  {
    cksum <"$jar"
    "$java" -version 2>&1
    printf '%s\n' "$opts"
  } | cksum | cut -d ' ' -f 1
}

# aot_flags SERVICE JAVA JAR OPTS: prints the AOT flags for this start and, on stderr through `say`,
# whether it trains or uses the cache. Nothing (a plain start) below Java 25 or with AOT=off.
aot_flags() {
  local svc=$1 java=$2 jar=$3 opts=$4 major key cache keyfile
  # bin/down gives a training run the time to write its cache (services.sh, aot_pending)
  rm -f "$PID_DIR/$svc.aot-training"
  if [[ ${AOT:-on} == off ]]; then
    say "$svc: AOT cache off (AOT=off), plain start" >&2
    return 0
  fi
  major=$(java_major "$java")
  # below 25 service_java has said so once
  ((major >= 25)) || return 0
  mkdir -p "$AOT_DIR"
  cache="$AOT_DIR/$svc.aot"
  keyfile="$AOT_DIR/$svc.key"
  key=$(aot_key "$java" "$jar" "$opts")
  # usable: made for this key, and written after the training run that the key file records began
  if [[ -f $cache && -f $keyfile && $(cat "$keyfile") == "$key" && $cache -nt $keyfile ]]; then
    say "$svc: starting from its AOT cache $cache" >&2
    printf '%s\n' "-XX:AOTCache=$cache"
  else
    rm -f "$cache"
    printf '%s\n' "$key" >"$keyfile"
    mkdir -p "$PID_DIR"
    touch "$PID_DIR/$svc.aot-training"
    say "$svc: training its AOT cache (written to $cache when it stops; the next start uses it)" >&2
    printf '%s\n' "-XX:AOTCacheOutput=$cache"
  fi
}
