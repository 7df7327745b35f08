#!/bin/sh
# A throwaway PostgreSQL 15 on 127.0.0.1 for rasd's store tests.
#
#   export RASD_TEST_PG_URL=$(scripts/pg_test_server.sh start)   # prints the URL (logs go to stderr)
#   eval "$(scripts/pg_test_server.sh env)"                      # the same, as an export line
#   .venv/bin/pytest tests/store                                 # the suite now also runs on PostgreSQL
#   scripts/pg_test_server.sh stop                               # (destroy also deletes the data)
#
# start prints `postgresql://rasd@127.0.0.1:PORT/rasd_test` on stdout; env prints
# `export RASD_TEST_PG_URL=...`. Both are idempotent: a server already running in the data directory is reused.
#
# Binaries: $PG_BIN, else /usr/lib/postgresql/15/bin (Debian package postgresql-15), else initdb on PATH
# (e.g. /usr/local/bin). `start --install` apt-installs postgresql-15 (+ postgis when the package exists) first.
# PostgreSQL refuses to run as root, so as root the server runs as the `postgres` user (or a created
# `rasdpg` user). Data lives in $RASD_PG_DIR (default /tmp/rasd-pg-test); trust auth on 127.0.0.1 only.
set -eu

cmd=${1:-start}
DIR=${RASD_PG_DIR:-/tmp/rasd-pg-test}
PORT=${RASD_PG_PORT:-55432}
DB=${RASD_PG_DB:-rasd_test}
PGUSER_NAME=rasd

log() { echo "pg_test_server: $*" >&2; }

find_bin() {
    if [ -n "${PG_BIN:-}" ] && [ -x "$PG_BIN/initdb" ]; then echo "$PG_BIN"; return; fi
    for d in /usr/lib/postgresql/15/bin /usr/lib/postgresql/*/bin; do
        if [ -x "$d/initdb" ]; then echo "$d"; return; fi
    done
    if command -v initdb >/dev/null 2>&1; then dirname "$(command -v initdb)"; return; fi
    echo ""
}

install_pg() {
    if [ "$(id -u)" != 0 ]; then log "--install needs root"; exit 1; fi
    apt-get update >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y postgresql-15 >&2
    if apt-cache show postgresql-15-postgis-3 >/dev/null 2>&1; then
        DEBIAN_FRONTEND=noninteractive apt-get install -y postgresql-15-postgis-3 >&2 || log "postgis not installed"
    fi
}

# Run a command as the server's owner (a non-root user when we are root).
RUNAS=""
pick_user() {
    if [ "$(id -u)" != 0 ]; then RUNAS=""; return; fi
    if id postgres >/dev/null 2>&1; then RUNAS=postgres
    else
        id rasdpg >/dev/null 2>&1 || useradd --system --no-create-home --shell /bin/sh rasdpg
        RUNAS=rasdpg
    fi
}
as_owner() {
    if [ -n "$RUNAS" ]; then
        # su keeps the argument list intact through "$@" via sh -c.
        su -s /bin/sh "$RUNAS" -c '"$@"' -- sh "$@"
    else
        "$@"
    fi
}

url() { echo "postgresql://$PGUSER_NAME@127.0.0.1:$PORT/$DB"; }

case "$cmd" in
env)
    shift
    echo "export RASD_TEST_PG_URL=$("$0" start "$@")"
    ;;
start)
    if [ "${2:-}" = "--install" ]; then install_pg; fi
    BIN=$(find_bin)
    if [ -z "$BIN" ]; then
        log "no PostgreSQL binaries found; install postgresql-15 (or run: $0 start --install)"
        exit 1
    fi
    pick_user
    mkdir -p "$DIR"
    if [ -n "$RUNAS" ]; then chown "$RUNAS" "$DIR"; fi
    chmod 700 "$DIR"
    if [ ! -f "$DIR/PG_VERSION" ]; then
        log "initdb in $DIR with $BIN"
        as_owner "$BIN/initdb" -D "$DIR" -U "$PGUSER_NAME" --auth=trust -E UTF8 --locale=C.UTF-8 >&2 \
            || as_owner "$BIN/initdb" -D "$DIR" -U "$PGUSER_NAME" --auth=trust -E UTF8 --locale=C >&2
    fi
    if ! as_owner "$BIN/pg_ctl" -D "$DIR" status >/dev/null 2>&1; then
        log "starting on 127.0.0.1:$PORT"
        # fsync off: a test server trades durability for speed; the data is thrown away.
        as_owner "$BIN/pg_ctl" -D "$DIR" -l "$DIR/server.log" -w -t 60 \
            -o "-p $PORT -k $DIR -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
            start >&2
    fi
    if ! as_owner "$BIN/psql" -h 127.0.0.1 -p "$PORT" -U "$PGUSER_NAME" -d postgres -tAc \
        "SELECT 1 FROM pg_database WHERE datname = '$DB'" | grep -q 1; then
        as_owner "$BIN/createdb" -h 127.0.0.1 -p "$PORT" -U "$PGUSER_NAME" "$DB" >&2
    fi
    url
    ;;
stop)
    BIN=$(find_bin)
    pick_user
    if [ -f "$DIR/PG_VERSION" ]; then
        as_owner "$BIN/pg_ctl" -D "$DIR" -m fast -w stop >&2 || true
    fi
    ;;
destroy)
    "$0" stop
    rm -rf "$DIR"
    ;;
url)
    url
    ;;
*)
    echo "usage: $0 start [--install] | env [--install] | stop | destroy | url" >&2
    exit 2
    ;;
esac
