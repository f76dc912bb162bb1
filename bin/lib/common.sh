# shellcheck shell=bash disable=SC2034 # the variables here are read by the scripts that source this
# Sourced by the bin/ scripts: where things live, how to speak, how to stop with a useful sentence.
# The caller has already done `cd` to the repository root and set SCRIPT to its own name.

if ((BASH_VERSINFO[0] < 5)); then
  printf '%s: error: needs bash 5 or newer (this is %s); install a newer bash and run it again.\n' "$SCRIPT" "$BASH_VERSION" >&2
  exit 1
fi

RUN_DIR="${MICROLAB_RUN_DIR:-.run}"
[[ $RUN_DIR == /* ]] || RUN_DIR="$PWD/$RUN_DIR"
PID_DIR="$RUN_DIR/pids"
LOG_DIR="$RUN_DIR/logs"

# service name, port; gateway last so that its home page finds its backends already listening
SERVICES=(users-service orders-service consumer-service forecast gateway)
declare -A SERVICE_PORT=(
  [gateway]=8080
  [users-service]=8081
  [orders-service]=8082
  [consumer-service]=8083
  [forecast]=8084
)

say() { printf '%s: %s\n' "$SCRIPT" "$*"; }
warn() { printf '%s: warning: %s\n' "$SCRIPT" "$*" >&2; }
die() {
  printf '%s: error: %s\n' "$SCRIPT" "$*" >&2
  exit 1
}

# microseconds since the epoch, without forking
now_us() { local t=${EPOCHREALTIME/./}; echo "${t#0}"; }

# "3.2 s" from a start taken with now_us
elapsed_since() {
  local us=$(($(now_us) - $1))
  printf '%d.%d s' $((us / 1000000)) $((us % 1000000 / 100000))
}

is_root() { [[ $(id -u) -eq 0 ]]; }

# true when something accepts TCP connections on 127.0.0.1:$1
port_open() {
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# the pids listening on a port, one per line; nothing when ss is missing or cannot tell
port_pids() {
  command -v ss >/dev/null 2>&1 || return 0
  ss -Hltnp "sport = :$1" 2>/dev/null | grep -o 'pid=[0-9]*' | cut -d = -f 2 | sort -u || true
}

# "java (pid 1234)" for whatever listens on a port, or "an unknown process" when ss cannot tell
port_owner() {
  local line
  if command -v ss >/dev/null 2>&1; then
    line=$(ss -Hltnp "sport = :$1" 2>/dev/null | grep -o 'users:(("[^"]*",pid=[0-9]*' | head -n 1 || true)
    if [[ $line =~ \"([^\"]*)\",pid=([0-9]+) ]]; then
      printf '%s (pid %s)' "${BASH_REMATCH[1]}" "${BASH_REMATCH[2]}"
      return
    fi
  fi
  printf 'an unknown process'
}

# true when pid $1 is alive and its command line contains $2
pid_matches() {
  local pid=$1 pattern=$2 cmdline
  [[ $pid =~ ^[0-9]+$ ]] || return 1
  kill -0 "$pid" 2>/dev/null || return 1
  cmdline=$(tr '\0' ' ' 2>/dev/null <"/proc/$pid/cmdline" || ps -o args= -p "$pid" 2>/dev/null || true)
  [[ $cmdline == *"$pattern"* ]]
}

# Sends TERM, waits up to $3 seconds, then KILL. $2 guards against a recycled pid.
stop_pid() {
  local pid=$1 pattern=$2 timeout=${3:-20} waited=0
  pid_matches "$pid" "$pattern" || return 0
  kill -TERM "$pid" 2>/dev/null || return 0
  while pid_matches "$pid" "$pattern"; do
    if ((waited >= timeout * 10)); then
      warn "pid $pid ($pattern) did not stop within ${timeout} s of TERM; sending KILL"
      kill -KILL "$pid" 2>/dev/null || true
      sleep 0.2
      return 0
    fi
    sleep 0.1
    waited=$((waited + 1))
  done
}

# the feature version of the java command $1 (17, 21, 25, ...), 0 when it cannot tell
# wait_http URL NAME LOG [PID]: polls URL every 20 ms until it answers 2xx, for up to 2 minutes;
# fails at once if PID exits first (LOG is where to look)
wait_http() {
  local url=$1 name=$2 log=$3 pid=${4:-} waited=0
  until curl -fsS -o /dev/null --max-time 1 "$url" 2>/dev/null; do
    [[ -z $pid ]] || kill -0 "$pid" 2>/dev/null || die "$name exited while starting; see $log"
    sleep 0.02
    waited=$((waited + 1))
    ((waited < 6000)) || die "$name did not answer $url within 2 minutes; see $log"
  done
}

java_major() {
  local version major
  version=$("$1" -version 2>&1 | awk -F '"' '/version/ { print $2; exit }')
  major=${version%%.*}
  [[ $major == 1 ]] && major=$(cut -d . -f 2 <<<"$version")
  [[ $major =~ ^[0-9]+$ ]] && printf '%s\n' "$major" || printf '0\n'
}

# java on PATH, version 17 or newer
check_java() {
  command -v java >/dev/null 2>&1 ||
    die "java is not on PATH; install a JDK 17 or newer (on Debian: apt-get install -y openjdk-17-jdk-headless) and run $SCRIPT again."
  if (($(java_major java) < 17)); then
    die "java on PATH is $(java -version 2>&1 | head -n 1); microlab needs 17 or newer: put a newer JDK first on PATH."
  fi
}

APT_UPDATED=${APT_UPDATED:-}
# apt-get install (after one `apt-get update` per run), or a sentence saying what to install by hand.
# A first argument --with-recommends keeps the packages' recommended extras (Chromium wants its fonts).
apt_install() {
  local recommends=--no-install-recommends log
  if [[ ${1:-} == --with-recommends ]]; then
    recommends=
    shift
  fi
  if ! is_root || ! command -v apt-get >/dev/null 2>&1; then
    die "missing: $*. Install them (on Debian/Ubuntu: sudo apt-get install -y $*) and run $SCRIPT again."
  fi
  mkdir -p "$LOG_DIR"
  log="$LOG_DIR/apt.log"
  if [[ -z $APT_UPDATED ]]; then
    say "refreshing the package lists (apt-get update)"
    DEBIAN_FRONTEND=noninteractive apt-get update >>"$log" 2>&1 ||
      die "apt-get update failed (see $log); check the network and the apt sources, then run $SCRIPT again."
    APT_UPDATED=1
    export APT_UPDATED
  fi
  say "installing $* (apt-get install)"
  # shellcheck disable=SC2086 # $recommends is one flag or nothing
  DEBIAN_FRONTEND=noninteractive apt-get install -y $recommends "$@" >>"$log" 2>&1 ||
    die "apt-get install $* failed (see $log); fix what it says, then run $SCRIPT again."
}
