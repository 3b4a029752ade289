#!/usr/bin/env bash
# Starts or stops a throwaway PostgreSQL server for the test suite, from the machine's PostgreSQL installation
# (no download): a temporary data directory owned by the `postgres` user, a free port on 127.0.0.1.
#
#   eval "$(deploy/postgres/test-server.sh start)"   # exports PRESENCE_TEST_POSTGRES and PRESENCE_TEST_POSTGRES_DIR
#   dotnet test PresenceCluster.sln -c Release
#   deploy/postgres/test-server.sh stop "$PRESENCE_TEST_POSTGRES_DIR"
#
# The tests create their own databases in it and apply deploy/postgres/*.sql themselves (through init-db's code).
# They restart the server through PRESENCE_TEST_POSTGRES_RESTART to test an outage.
set -euo pipefail

bin_dir() {
    local pg_ctl
    pg_ctl=$(ls /usr/lib/postgresql/*/bin/pg_ctl 2>/dev/null | sort -V | tail -n 1 || true)
    if [ -z "$pg_ctl" ]; then
        echo "test-server.sh: no PostgreSQL server found under /usr/lib/postgresql (apt-get install postgresql)" >&2
        exit 2
    fi
    dirname "$pg_ctl"
}

as_postgres() {
    if [ "$(id -un)" = postgres ]; then "$@"; else runuser -u postgres -- "$@"; fi
}

free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

case "${1:-}" in
start)
    bin=$(bin_dir)
    dir=$(mktemp -d /tmp/presence-pg-XXXXXX)
    chown postgres "$dir" 2>/dev/null || true
    port=$(free_port)
    as_postgres "$bin/initdb" -D "$dir/data" -A trust -U postgres -E UTF8 >"$dir/initdb.log" 2>&1
    options="-p $port -k $dir -c listen_addresses=127.0.0.1 -c max_connections=300 -c fsync=on"
    as_postgres "$bin/pg_ctl" -D "$dir/data" -o "$options" -l "$dir/server.log" -w start >/dev/null
    echo "export PRESENCE_TEST_POSTGRES='Host=127.0.0.1;Port=$port;Username=postgres;Database=postgres'"
    echo "export PRESENCE_TEST_POSTGRES_DIR='$dir'"
    echo "export PRESENCE_TEST_POSTGRES_RESTART='$(realpath "$0") restart $dir'"
    ;;
restart)
    dir=${2:?usage: test-server.sh restart DIR}
    as_postgres "$(bin_dir)/pg_ctl" -D "$dir/data" -m fast -w restart >/dev/null
    ;;
stop)
    dir=${2:?usage: test-server.sh stop DIR}
    as_postgres "$(bin_dir)/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null || true
    rm -rf "$dir"
    ;;
*)
    echo "usage: test-server.sh start | restart DIR | stop DIR" >&2
    exit 2
    ;;
esac
