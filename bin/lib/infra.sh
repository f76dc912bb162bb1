# shellcheck shell=bash disable=SC2034 # the variables here are read by the scripts that source this
# PostgreSQL and Redis on localhost for bin/test and bin/up: use the ones that answer, otherwise start
# private ones from the machine's binaries (installed with apt-get when root). What is started here is
# written under $PID_DIR, so bin/down stops exactly that and never a server it found running.

PGPORT=${PGPORT:-5432}
REDIS_PORT=${REDIS_PORT:-6379}
PG_SUPERUSER=${PG_SUPERUSER:-postgres}
STARTED_POSTGRES=
STARTED_REDIS=

# role (password = name) -> its databases
PG_OWNED_DATABASES=(
  users:users users:users_test
  orders:orders orders:orders_test
  forecast:forecast forecast:forecast_test
)

# the newest server binaries folder: Debian's /usr/lib/postgresql/<major>/bin, else the one on PATH
pg_bin_dir() {
  local dir found=
  while IFS= read -r dir; do
    [[ -x $dir/initdb && -x $dir/pg_ctl && -x $dir/postgres ]] && found=$dir
  done < <(printf '%s\n' /usr/lib/postgresql/*/bin | sort -V)
  if [[ -z $found ]] && command -v pg_ctl >/dev/null 2>&1 && command -v initdb >/dev/null 2>&1; then
    found=$(dirname "$(command -v pg_ctl)")
  fi
  printf '%s' "$found"
}

# a client tool; the server's own folder first (Debian's /usr/bin ones go through a slower wrapper)
pg_tool() {
  local name=$1 dir
  dir=$(pg_bin_dir)
  if [[ -n $dir && -x $dir/$name ]]; then
    printf '%s/%s\n' "$dir" "$name"
  else
    command -v "$name"
  fi
}

# true when PostgreSQL accepts connections on PGPORT; a server still starting up is given 30 s
pg_answers() {
  local isready status tries=0
  isready=$(pg_tool pg_isready || true)
  [[ -n $isready ]] || {
    port_open "$PGPORT"
    return
  }
  while :; do
    status=0
    "$isready" -q -h 127.0.0.1 -p "$PGPORT" -U "$PG_SUPERUSER" -t 3 || status=$?
    # 1 means "rejecting connections": starting up or shutting down
    ((status == 1 && tries++ < 30)) || return "$status"
    sleep 1
  done
}

# what Redis says to PING on REDIS_PORT (empty when nothing answers); plain bash, no redis-cli needed
redis_reply() {
  local line=
  line=$( {
    exec 3<>"/dev/tcp/127.0.0.1/$REDIS_PORT" &&
      printf 'PING\r\n' >&3 &&
      IFS= read -r -t 3 line <&3 &&
      printf '%s' "${line%$'\r'}"
  } 2>/dev/null) || true
  printf '%s' "$line"
}

redis_answers() { [[ $(redis_reply) == +PONG ]]; }

# runs a PostgreSQL server command as a user PostgreSQL accepts (it refuses root)
as_pg_owner() {
  if is_root; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

# A folder the server's user can write: .run/postgres, or one under /var/lib/microlab (kept like any
# database's data, never in /tmp) when that user cannot reach into the checkout (for instance a
# checkout in a home folder other users cannot enter); one folder a checkout.
private_pg_base() {
  local base="$RUN_DIR/postgres"
  mkdir -p "$base"
  if is_root; then
    chown postgres: "$base"
    if ! runuser -u postgres -- test -w "$base"; then
      base="/var/lib/microlab/postgres-$(printf '%s' "$RUN_DIR" | cksum | cut -d ' ' -f 1)"
      mkdir -p "$base"
      chown postgres: "$base"
      chmod 700 "$base"
    fi
  fi
  printf '%s' "$base"
}

start_private_postgres() {
  local bin base data log socket_dir
  bin=$(pg_bin_dir)
  if [[ -z $bin ]]; then
    apt_install postgresql
    # Debian's package may start a cluster of its own on 5432; if so, it is the machine's, not ours
    if pg_answers; then
      say "PostgreSQL answers on localhost:$PGPORT since the install; using it"
      return
    fi
    bin=$(pg_bin_dir)
    [[ -n $bin ]] || die "PostgreSQL's server binaries are still missing after apt-get install postgresql; install them and run $SCRIPT again."
  fi
  if is_root && ! id postgres >/dev/null 2>&1; then
    say "creating the system user postgres (PostgreSQL refuses to run as root)"
    useradd --system --user-group --home-dir /var/lib/postgresql --shell /bin/sh postgres ||
      die "could not create the user postgres; create it, or start PostgreSQL on localhost:$PGPORT yourself, then run $SCRIPT again."
  fi
  base=$(private_pg_base)
  data="$base/data"
  log="$base/postgres.log"
  if [[ ! -s $data/PG_VERSION ]]; then
    say "creating a private PostgreSQL cluster in $data"
    # into a side folder first, so that an interrupted initdb never leaves a half-made cluster behind
    rm -rf "$data.new"
    as_pg_owner "$bin/initdb" -D "$data.new" -U postgres -A trust -E UTF8 --locale=C --no-sync >"$base/initdb.log" 2>&1 ||
      die "initdb failed (see $base/initdb.log); fix what it says or start PostgreSQL on localhost:$PGPORT yourself."
    rm -rf "$data"
    mv "$data.new" "$data"
  fi
  # A private server for local runs and tests: trust on 127.0.0.1 only, and no fsync, because its data
  # is disposable and waiting for the disk would only slow the tests down.
  # A socket path longer than the kernel's limit would stop the server; TCP alone is enough for us.
  socket_dir=$base
  ((${#socket_dir} < 90)) || socket_dir=
  say "starting a private PostgreSQL $("$bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$PGPORT (data in $data)"
  if ! as_pg_owner "$bin/pg_ctl" -D "$data" -l "$log" -w -t 60 \
    -o "-p $PGPORT -c listen_addresses=127.0.0.1 -c unix_socket_directories='$socket_dir' -c fsync=off" start >/dev/null; then
    tail -n 20 "$log" >&2 || true
    die "the private PostgreSQL did not start (log above, full log in $log); is port $PGPORT taken by something else?"
  fi
  mkdir -p "$PID_DIR"
  printf '%s\n' "$data" >"$PID_DIR/postgres.datadir"
  printf '%s\n' "$bin" >"$PID_DIR/postgres.bindir"
  head -n 1 "$data/postmaster.pid" >"$PID_DIR/postgres.pid"
  STARTED_POSTGRES=1
}

ensure_postgres() {
  if pg_answers; then
    say "PostgreSQL answers on localhost:$PGPORT; using it"
  elif port_open "$PGPORT"; then
    die "port $PGPORT is taken by $(port_owner "$PGPORT"), which does not answer like PostgreSQL; free it or set PGPORT to PostgreSQL's port."
  else
    say "nothing answers on localhost:$PGPORT"
    start_private_postgres
  fi
  ensure_roles_and_databases
}

PSQL=
PG_SUPER_HOW=
# psql as a superuser: over TCP as $PG_SUPERUSER (PGPASSWORD is honoured), else as the OS user
# postgres over the local socket (peer authentication, Debian's default)
psql_super() {
  case $PG_SUPER_HOW in
    tcp) PGCONNECT_TIMEOUT=5 "$PSQL" -X -w -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$PGPORT" -U "$PG_SUPERUSER" -d postgres "$@" ;;
    socket) (cd / && runuser -u postgres -- "$PSQL" -X -w -v ON_ERROR_STOP=1 -p "$PGPORT" -d postgres "$@") ;;
  esac
}

find_psql_super() {
  PSQL=$(pg_tool psql || true)
  if [[ -z $PSQL ]]; then
    apt_install postgresql-client
    PSQL=$(pg_tool psql || true)
    [[ -n $PSQL ]] || die "psql is missing; install PostgreSQL's client and run $SCRIPT again."
  fi
  for PG_SUPER_HOW in tcp socket; do
    if [[ $PG_SUPER_HOW == socket ]] && ! { is_root && id postgres >/dev/null 2>&1; }; then
      continue
    fi
    if [[ $(psql_super -Atqc 'select rolsuper from pg_roles where rolname = current_user' </dev/null 2>/dev/null) == t ]]; then
      return 0
    fi
  done
  PG_SUPER_HOW=
  return 1
}

# "role@database (what the server said)" for each pair that cannot log in with password = role name
failing_logins() {
  local pair role db error
  for pair in "${PG_OWNED_DATABASES[@]}"; do
    role=${pair%%:*}
    db=${pair#*:}
    if ! error=$(PGPASSWORD=$role PGCONNECT_TIMEOUT=5 "$PSQL" -X -w -h 127.0.0.1 -p "$PGPORT" -U "$role" -d "$db" \
      -Atqc 'select 1' </dev/null 2>&1 >/dev/null); then
      printf '%s (%s); ' "$role@$db" "$(tr '\n' ' ' <<<"$error" | sed -E 's/^psql: error: //; s/ +$//')"
    fi
  done
}

ensure_roles_and_databases() {
  local values="" pair role db missing failing
  for pair in "${PG_OWNED_DATABASES[@]}"; do
    values+="${values:+, }('${pair#*:}', '${pair%%:*}')"
  done
  if ! find_psql_super; then
    failing=$(failing_logins)
    [[ -z $failing ]] && {
      say "roles and databases are in place (no superuser access needed)"
      return
    }
    die "cannot connect to PostgreSQL on localhost:$PGPORT as a superuser (tried psql -h 127.0.0.1 -U $PG_SUPERUSER, then the postgres OS user over the socket), and these logins fail: $failing. Set PG_SUPERUSER/PGPASSWORD to a superuser's, or create the roles (password = name) and databases yourself."
  fi
  missing=$(psql_super -Atq <<SQL
SELECT string_agg(what, ', ') FROM (
  SELECT 'role ' || r AS what FROM (SELECT DISTINCT o FROM (VALUES $values) v(d, o)) x(r)
   WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = r)
  UNION ALL
  SELECT 'database ' || d FROM (VALUES $values) v(d, o)
   WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = d)) m;
SQL
  ) || die "could not read PostgreSQL's roles and databases on localhost:$PGPORT."
  if [[ -n $missing ]]; then
    say "creating $missing"
  fi
  psql_super -q >/dev/null <<SQL || die "could not create the roles and databases on localhost:$PGPORT (error above)."
SELECT format('CREATE ROLE %I LOGIN PASSWORD %L', r, r)
  FROM (SELECT DISTINCT o FROM (VALUES $values) v(d, o)) x(r)
 WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = r) \gexec
SELECT format('CREATE DATABASE %I OWNER %I', d, o) FROM (VALUES $values) v(d, o)
 WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = d) \gexec
SELECT format('ALTER DATABASE %I OWNER TO %I', d, o) FROM (VALUES $values) v(d, o)
  JOIN pg_database db ON db.datname = d
 WHERE pg_get_userbyid(db.datdba) <> o \gexec
SQL
  failing=$(failing_logins)
  if [[ -n $failing ]]; then
    # a server at its connection limit refuses for a moment only
    sleep 2
    failing=$(failing_logins)
  fi
  [[ -z $failing ]] ||
    die "these logins fail on localhost:$PGPORT with password = role name: $failing. If the server says so, allow password logins from 127.0.0.1 in pg_hba.conf, set each role's password to its name (ALTER ROLE users PASSWORD 'users'), or free connections."
  say "roles users, orders, forecast and their databases (and *_test) are ready"
}

start_private_redis() {
  local bin
  bin=$(command -v redis-server || true)
  if [[ -z $bin ]]; then
    apt_install redis-server
    if redis_answers; then
      say "Redis answers on localhost:$REDIS_PORT since the install; using it"
      return
    fi
    bin=$(command -v redis-server || true)
    [[ -n $bin ]] || die "redis-server is still missing after apt-get install redis-server; install it and run $SCRIPT again."
  fi
  mkdir -p "$RUN_DIR/redis" "$PID_DIR" "$LOG_DIR"
  say "starting a private Redis on 127.0.0.1:$REDIS_PORT (in memory only)"
  "$bin" --port "$REDIS_PORT" --bind 127.0.0.1 --save '' --appendonly no --daemonize yes \
    --dir "$RUN_DIR/redis" --pidfile "$PID_DIR/redis.pid" --logfile "$LOG_DIR/redis.log" ||
    die "redis-server failed to start; see $LOG_DIR/redis.log."
  local tries=0
  until redis_answers; do
    ((tries++ < 50)) || {
      tail -n 20 "$LOG_DIR/redis.log" >&2 || true
      die "the private Redis does not answer on 127.0.0.1:$REDIS_PORT (log above); is the port taken?"
    }
    sleep 0.1
  done
  STARTED_REDIS=1
}

ensure_redis() {
  local reply
  reply=$(redis_reply)
  if [[ $reply == +PONG ]]; then
    say "Redis answers on localhost:$REDIS_PORT; using it"
  elif [[ -n $reply ]] || port_open "$REDIS_PORT"; then
    die "port $REDIS_PORT is taken by $(port_owner "$REDIS_PORT"), which does not answer PING with PONG (it said: ${reply:-nothing}); free it, or set REDIS_PORT to a Redis without a password."
  else
    say "nothing answers on localhost:$REDIS_PORT"
    start_private_redis
  fi
}

ensure_infra() {
  ensure_postgres
  ensure_redis
}

# Stops the private Redis and PostgreSQL this process started (ensure_*), and nothing it found running.
stop_started_infra() {
  [[ -z $STARTED_REDIS ]] || stop_private_redis
  [[ -z $STARTED_POSTGRES ]] || stop_private_postgres
}

stop_private_postgres() {
  local data bin
  [[ -f $PID_DIR/postgres.datadir ]] || return 0
  data=$(<"$PID_DIR/postgres.datadir")
  bin=$(cat "$PID_DIR/postgres.bindir" 2>/dev/null || pg_bin_dir)
  if [[ -f $data/postmaster.pid ]] && pid_matches "$(head -n 1 "$data/postmaster.pid")" postgres; then
    say "stopping the private PostgreSQL (data in $data)"
    as_pg_owner "$bin/pg_ctl" -D "$data" -m fast -w -t 30 stop >/dev/null ||
      warn "pg_ctl stop failed; stop it with: pg_ctl -D $data stop"
  fi
  rm -f "$PID_DIR/postgres.datadir" "$PID_DIR/postgres.bindir" "$PID_DIR/postgres.pid"
}

stop_private_redis() {
  [[ -f $PID_DIR/redis.pid ]] || return 0
  local pid
  pid=$(<"$PID_DIR/redis.pid")
  if pid_matches "$pid" redis-server; then
    say "stopping the private Redis (pid $pid)"
    stop_pid "$pid" redis-server 10
  fi
  rm -f "$PID_DIR/redis.pid"
}
