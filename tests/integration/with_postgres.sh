#!/usr/bin/env bash
# Runs a command beside a PostgreSQL server of its own: initdb into a temporary directory (as
# an unprivileged user when run as root: the server refuses root), a free loopback port,
# durable settings (fsync, synchronous_commit), stopped and removed at the end whatever happens.
# The command finds the server in RATUSZ_TEST_POSTGRES (its administrator's URL); the
# integration harness creates a database of its own for every data directory it starts ratusz on.
#   tests/integration/with_postgres.sh ctest --preset release -L integration
set -euo pipefail
bin="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)"
dir="$(mktemp -d /tmp/ratusz-pg-XXXXXX)"
port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
as=()
if [ "$(id -u)" -eq 0 ]; then
  chown nobody "$dir"
  as=(runuser -u nobody --)
fi
cleanup() {
  "${as[@]}" "$bin/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$dir"
}
trap cleanup EXIT
"${as[@]}" "$bin/initdb" -D "$dir/data" -U ratusz --auth=trust --encoding=UTF8 \
  --locale=C.UTF-8 >/dev/null
"${as[@]}" "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -o \
  "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=on -c synchronous_commit=on -c max_connections=400" \
  start >/dev/null
export RATUSZ_TEST_POSTGRES="postgresql://ratusz@127.0.0.1:$port/postgres"
export RATUSZ_TEST_PSQL="$bin/psql"
echo "PostgreSQL $("$bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$port ($dir)"
status=0
"$@" || status=$?
if [ $status -ne 0 ]; then
  echo "== the PostgreSQL server's log (last lines)"
  tail -n 40 "$dir/server.log" || true
fi
exit $status
