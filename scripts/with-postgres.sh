#!/usr/bin/env bash
# scripts/with-postgres.sh COMMAND [ARGS...]
#
# Starts a throwaway PostgreSQL server in a temporary directory, runs COMMAND with
# DATABASE_URL=postgres://postgres@127.0.0.1:PORT/liemchinh, then stops the server and deletes
# the directory (also when COMMAND fails or is interrupted). Exits with COMMAND's status.
#
# The server listens on a free loopback port only, with trust authentication for 127.0.0.1 and its
# socket inside the temporary directory; fsync is off (the data is thrown away). PostgreSQL refuses
# to run as root, so under root the cluster belongs to the `postgres` system user (created if
# missing) and initdb/pg_ctl run through runuser. Missing server binaries are installed with
# apt-get when running as root.
set -euo pipefail

if [[ $# -eq 0 ]]; then
    echo "usage: $0 COMMAND [ARGS...]" >&2
    exit 2
fi

log() { echo "with-postgres: $*" >&2; }

find_pg_bin() {
    local dir best=""
    # The highest installed major version wins.
    for dir in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V); do
        [[ -x "$dir/pg_ctl" && -x "$dir/initdb" && -x "$dir/postgres" ]] && best="$dir"
    done
    if [[ -z "$best" ]] && command -v pg_ctl >/dev/null && command -v initdb >/dev/null; then
        best="$(dirname "$(readlink -f "$(command -v pg_ctl)")")"
    fi
    echo "$best"
}

PG_BIN="$(find_pg_bin)"
if [[ -z "$PG_BIN" ]]; then
    if [[ $EUID -eq 0 ]] && command -v apt-get >/dev/null; then
        log "PostgreSQL server not found; installing it with apt-get"
        export DEBIAN_FRONTEND=noninteractive
        apt-get update -qq
        apt-get install -y -qq postgresql >/dev/null
        PG_BIN="$(find_pg_bin)"
    fi
    if [[ -z "$PG_BIN" ]]; then
        log "PostgreSQL server binaries (initdb, pg_ctl) not found."
        log "Install them, e.g. 'sudo apt-get install postgresql' (Debian/Ubuntu), then re-run."
        exit 1
    fi
fi

# Who owns and runs the cluster.
RUN_AS=()
if [[ $EUID -eq 0 ]]; then
    if ! id -u postgres >/dev/null 2>&1; then
        useradd --system --user-group --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin postgres
    fi
    RUN_AS=(runuser -u postgres --)
fi

free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

PG_DIR="$(mktemp -d "${TMPDIR:-/tmp}/liemchinh-pg.XXXXXX")"
chmod 700 "$PG_DIR"
if [[ $EUID -eq 0 ]]; then
    chown postgres: "$PG_DIR"
fi
DATA="$PG_DIR/data"
started=0

cleanup() {
    if [[ $started -eq 1 ]]; then
        "${RUN_AS[@]}" "$PG_BIN/pg_ctl" -D "$DATA" -m immediate -w stop >/dev/null 2>&1 || true
    fi
    rm -rf "$PG_DIR"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

"${RUN_AS[@]}" "$PG_BIN/initdb" -D "$DATA" -U postgres --auth=trust --encoding=UTF8 --no-locale \
    --no-sync >/dev/null
# Only TCP connections from 127.0.0.1, without a password.
echo "host all all 127.0.0.1/32 trust" >"$DATA/pg_hba.conf"
if [[ $EUID -eq 0 ]]; then
    chown postgres: "$DATA/pg_hba.conf"
fi

for attempt in 1 2 3; do
    PG_PORT="$(free_port)"
    if "${RUN_AS[@]}" "$PG_BIN/pg_ctl" -D "$DATA" -l "$PG_DIR/server.log" -w -t 60 start -o \
        "-c listen_addresses=127.0.0.1 -p $PG_PORT -k $PG_DIR -c fsync=off -c synchronous_commit=off \
         -c full_page_writes=off -c max_connections=50" >/dev/null; then
        started=1
        break
    fi
    log "server did not start on port $PG_PORT (attempt $attempt):"
    tail -n 20 "$PG_DIR/server.log" >&2 || true
done
if [[ $started -ne 1 ]]; then
    log "could not start PostgreSQL"
    exit 1
fi

"$PG_BIN/createdb" -h 127.0.0.1 -p "$PG_PORT" -U postgres liemchinh
export DATABASE_URL="postgres://postgres@127.0.0.1:$PG_PORT/liemchinh"
log "PostgreSQL $("$PG_BIN/postgres" --version | awk '{print $3}') on 127.0.0.1:$PG_PORT (DATABASE_URL set)"

status=0
"$@" || status=$?
exit $status
