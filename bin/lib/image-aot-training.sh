#!/bin/sh
# The training start of an image's AOT cache, run by the Dockerfile's `trained` stage (never part of an
# image): reads the service's settings (<module>/src/image/settings.sh: PORT, TRAINING_DATABASE,
# TRAINING_PATHS, JAVA_FLAGS and any defaults it exports), starts /app/app.jar with those flags while
# recording (-XX:AOTCacheOutput), asks it TRAINING_PATHS, and stops it, which writes /app/app.aot. The
# cache then goes into the image beside the same jar and the same Java runtime, and the entrypoint, which
# reads the same settings, starts from it.
#
#   image-aot-training.sh SETTINGS_FILE
#
# TRAINING_DATABASE: the services that need PostgreSQL to start (their pool waits for it, Flyway migrates)
# get a throwaway server of their own here, with the role and database of their localhost defaults
# (application.yml): a role and database of that name, password the same. It lives in this build step
# only. "-" for none: the gateway and consumer-service start without the services they call.
set -eu

# shellcheck source=/dev/null
. "$1"
port=$PORT database=$TRAINING_DATABASE paths=$TRAINING_PATHS

if [ "$database" != - ]; then
  bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
  data=$(mktemp -d)
  chown postgres "$data"
  runuser -u postgres -- "$bin/initdb" -D "$data" -A trust -U postgres >/dev/null
  runuser -u postgres -- "$bin/pg_ctl" -D "$data" -l "$data/server.log" -w \
    -o "-c listen_addresses=127.0.0.1 -c unix_socket_directories=$data" start >/dev/null
  runuser -u postgres -- "$bin/psql" -q -h 127.0.0.1 -U postgres -d postgres -v ON_ERROR_STOP=1 \
    -c "CREATE ROLE $database LOGIN PASSWORD '$database'" -c "CREATE DATABASE $database OWNER $database"
fi

# shellcheck disable=SC2086 # one flag a word
java $JAVA_FLAGS $NETTY_FLAGS -XX:AOTCacheOutput=/app/app.aot -jar /app/app.jar >/tmp/training.log 2>&1 &
pid=$!
i=0
until curl -fs -o /dev/null "http://localhost:$port/health/liveness"; do
  i=$((i + 1))
  if [ $i -gt 600 ] || ! kill -0 $pid 2>/dev/null; then
    cat /tmp/training.log
    echo "image-aot-training: the service did not come up on port $port" >&2
    exit 1
  fi
  sleep 0.2
done
for path in $paths; do
  curl -s -o /dev/null --max-time 10 "http://localhost:$port$path" || true
done
kill $pid
wait $pid || true
[ "$database" = - ] || runuser -u postgres -- "$bin/pg_ctl" -D "$data" -w stop >/dev/null
if ! [ -s /app/app.aot ]; then
  cat /tmp/training.log
  echo "image-aot-training: no AOT cache was written" >&2
  exit 1
fi
echo "image-aot-training: $(du -h /app/app.aot | cut -f 1) AOT cache from a start that served: $paths"
