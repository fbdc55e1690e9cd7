#!/usr/bin/env bash
# Start a throwaway PostgreSQL server on 127.0.0.1 for the ledger tests.
#
#   eval "$(bash .ci/postgres.sh)"        # start; exports NEWSLEDGER_TEST_PG (and _DIR)
#   bash .ci/postgres.sh stop "${NEWSLEDGER_TEST_PG_DIR:-}"   # a no-op when nothing started
#
# Installs the Debian `postgresql` package when no server binaries are found.
# Only `export ...` lines go to stdout; everything else goes to stderr.
set -euo pipefail

find_bin() {  # the directory holding initdb, pg_ctl and createdb
  local d
  d=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
  if [ -n "$d" ] && [ -x "$d/pg_ctl" ]; then echo "$d"; return; fi
  if command -v pg_ctl >/dev/null 2>&1; then dirname "$(readlink -f "$(command -v pg_ctl)")"; fi
}

as_owner() {  # run as the data directory's owner (postgres when we are root)
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

if [ "${1:-}" = stop ]; then
  dir=${2:-}
  [ -n "$dir" ] && [ -d "$dir/data" ] || exit 0  # nothing was started
  as_owner "$(find_bin)/pg_ctl" -D "$dir/data" -m fast -w stop >&2 || true
  rm -rf "$dir"
  exit 0
fi

bin=$(find_bin || true)
if [ -z "$bin" ]; then
  echo "postgres.sh: installing postgresql (apt-get)" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq postgresql >&2
  bin=$(find_bin)
fi

if [ "$(id -u)" = 0 ] && ! id postgres >/dev/null 2>&1; then
  useradd --system --home-dir /var/lib/postgresql --shell /bin/sh postgres
fi

dir=$(mktemp -d /tmp/newsledger-pg.XXXXXX)
chmod 755 "$dir"
[ "$(id -u)" = 0 ] && chown postgres "$dir"
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')

as_owner "$bin/initdb" -D "$dir/data" -U postgres -A trust -E UTF8 --no-sync >&2
as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
  -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off" start >&2
as_owner "$bin/createdb" -h 127.0.0.1 -p "$port" -U postgres newsledger_test >&2

echo "export NEWSLEDGER_TEST_PG=postgresql://postgres@127.0.0.1:$port/newsledger_test"
echo "export NEWSLEDGER_TEST_PG_DIR=$dir"
