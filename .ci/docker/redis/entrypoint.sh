#!/bin/sh
# The part of the official redis image's contract that microlab uses: arguments are redis-server's,
# the server runs as user redis in /data, and without a config file it accepts clients from other
# containers (protected mode off).
set -eu
if [ "${1#-}" != "$1" ]; then
  set -- redis-server "$@"
fi
if [ "$1" = redis-server ]; then
  if [ "$(id -u)" = 0 ]; then
    chown -R redis:redis /data
    exec setpriv --reuid=redis --regid=redis --init-groups "$0" "$@"
  fi
  shift
  set -- redis-server --protected-mode no "$@"
fi
exec "$@"
