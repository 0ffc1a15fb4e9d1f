#!/usr/bin/env bash
# Load benchmark of public petition submissions (POST /api/v1/petitions/).
#
#   benchmarks/bench_petitions_load.sh
#
# Runs itself inside scripts/with-postgres.sh (throwaway PostgreSQL on loopback), migrates, loads
# the demo province (it provides the inspectorate that receives petitions), starts gunicorn on a
# free 127.0.0.1 port with DEBUG off, the CAPTCHA off and the API rate limits raised, then drives
# it with wrk and benchmarks/petitions_submit.lua for a fixed duration.
#
# It prints requests/s, latency p50/p90/p99, the non-201 count, the accepted (201) count and the
# rows added to the database, and exits 1 when:
#   - any answer was not 201, or any socket error/timeout occurred;
#   - any acknowledged tracking code is missing from the database (a lost submission);
#   - rows added < accepted, or rows added > accepted + requests still unanswered when wrk stopped
#     (wrk drops its open connections at the deadline, but the workers still finish and commit
#     those requests: at most one per connection, reported as "unanswered at stop").
#
# Options (environment): DURATION (30s), THREADS (4), CONNECTIONS (32), WORKERS (4 gunicorn sync
# workers), WRK_TIMEOUT (30s). Only loopback addresses are used; the run is bounded by DURATION.
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT="$(pwd)"

if [[ -z "${DATABASE_URL:-}" || "${BENCH_INSIDE_PG:-}" != 1 ]]; then
    if ! command -v wrk >/dev/null; then
        echo "bench: wrk not found; installing it with apt-get" >&2
        export DEBIAN_FRONTEND=noninteractive
        SUDO=()
        [[ $EUID -ne 0 ]] && SUDO=(sudo)
        if ! "${SUDO[@]}" apt-get install -y -qq wrk >/dev/null; then
            "${SUDO[@]}" apt-get update -qq
            "${SUDO[@]}" apt-get install -y -qq wrk >/dev/null
        fi
    fi
    BENCH_INSIDE_PG=1 exec "$ROOT/scripts/with-postgres.sh" "$0" "$@"
fi

PY="${PY:-$ROOT/.venv/bin/python}"
GUNICORN="${GUNICORN:-$ROOT/.venv/bin/gunicorn}"
DURATION="${DURATION:-30s}"
THREADS="${THREADS:-4}"
CONNECTIONS="${CONNECTIONS:-32}"
WORKERS="${WORKERS:-4}"
WRK_TIMEOUT="${WRK_TIMEOUT:-30s}"

export DJANGO_SETTINGS_MODULE=config.settings.dev
export DEBUG=false
export PETITIONS_CAPTCHA_ENABLED=false
export PETITIONS_RATE_API_SUBMIT=100000000
export PETITIONS_RATE_API_TRACK=100000000
export PETITIONS_RATE_SUBMIT=100000000
export PETITIONS_RATE_TRACK=100000000

WORK="$(mktemp -d "${TMPDIR:-/tmp}/liemchinh-bench.XXXXXX")"
gunicorn_pid=""
cleanup() {
    if [[ -n "$gunicorn_pid" ]] && kill -0 "$gunicorn_pid" 2>/dev/null; then
        kill -TERM "$gunicorn_pid" 2>/dev/null || true
        wait "$gunicorn_pid" 2>/dev/null || true
    fi
    rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

echo "bench: migrating" >&2
"$PY" manage.py migrate --noinput >/dev/null
"$PY" manage.py createcachetable
"$PY" manage.py demo >/dev/null

PORT="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')"
URL="http://127.0.0.1:$PORT/api/v1/petitions/"

"$GUNICORN" config.wsgi --bind "127.0.0.1:$PORT" --workers "$WORKERS" --worker-class sync \
    --timeout 60 --log-level warning --error-logfile "$WORK/gunicorn.log" &
gunicorn_pid=$!

ready=0
for _ in $(seq 1 120); do
    code="$(curl -s -o /dev/null -w '%{http_code}' -X POST -H 'Content-Type: application/json' \
        --data '{}' "$URL" || true)"
    if [[ "$code" == 400 ]]; then
        ready=1
        break
    fi
    kill -0 "$gunicorn_pid" 2>/dev/null || break
    sleep 0.5
done
if [[ $ready -ne 1 ]]; then
    echo "bench: gunicorn did not become ready on $URL" >&2
    cat "$WORK/gunicorn.log" >&2 || true
    exit 1
fi

count_rows() {
    "$PY" manage.py shell --no-imports -v 0 -c \
        "from liemchinh.petitions.models import Petition; print(Petition.objects.count())"
}

rows_before="$(count_rows)"
mkdir -p "$WORK/codes"
echo "bench: wrk -t$THREADS -c$CONNECTIONS -d$DURATION --latency $URL (gunicorn: $WORKERS sync workers)" >&2
CODES_DIR="$WORK/codes" wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --timeout "$WRK_TIMEOUT" --latency \
    -s "$ROOT/benchmarks/petitions_submit.lua" "$URL" | tee "$WORK/wrk.out"

# wrk closes its connections at the deadline; the workers still finish (and commit) the requests
# that were in flight. Wait until the row count stops moving (at most 60 s), then stop them.
last="$(count_rows)"
for _ in $(seq 1 20); do
    sleep 3
    now="$(count_rows)"
    [[ "$now" == "$last" ]] && break
    last="$now"
done
kill -TERM "$gunicorn_pid" 2>/dev/null || true
wait "$gunicorn_pid" 2>/dev/null || true
gunicorn_pid=""

rows_after="$(count_rows)"
cat "$WORK/codes"/codes-*.txt >"$WORK/acknowledged.txt"
missing="$(CODES_FILE="$WORK/acknowledged.txt" "$PY" manage.py shell --no-imports -v 0 <<'PYEOF'
import os
from liemchinh.petitions.models import Petition
codes = [c for c in open(os.environ["CODES_FILE"], encoding="utf-8").read().split() if c]
found = set()
for i in range(0, len(codes), 5000):
    chunk = codes[i:i + 5000]
    found.update(Petition.objects.filter(tracking_code__in=chunk).values_list("tracking_code", flat=True))
print(len(codes) - len(found) + (len(codes) - len(set(codes))))
PYEOF
)"

val() { sed -n "s/^BENCH $1=//p" "$WORK/wrk.out"; }
accepted="$(val accepted)"
non201="$(val non201)"
sent="$(val sent)"
socket_errors="$(val socket_errors)"
in_flight=$((sent - accepted - non201))
rows_added=$((rows_after - rows_before))

echo
echo "== Public petition submissions: gunicorn ($WORKERS sync workers) + PostgreSQL, loopback =="
echo "duration            $(val duration_s) s  (wrk -t$THREADS -c$CONNECTIONS)"
echo "requests/s          $(val rps)"
echo "latency p50/p90/p99 $(val p50_ms) / $(val p90_ms) / $(val p99_ms) ms  (max $(val max_ms) ms)"
echo "non-201 answers     $non201 $(val non201_statuses)"
echo "socket errors       $socket_errors"
echo "accepted (201)      $accepted"
echo "unanswered at stop  $in_flight  (sent $sent; wrk drops open requests at its deadline)"
echo "rows added          $rows_added"
echo "acknowledged codes missing from the database: $missing"

status=0
if [[ "$non201" -ne 0 || "$socket_errors" -ne 0 ]]; then
    echo "FAIL: $non201 non-201 answers, $socket_errors socket errors" >&2
    status=1
fi
if [[ "$missing" -ne 0 ]]; then
    echo "FAIL: $missing acknowledged submissions are not in the database" >&2
    status=1
fi
# Every 201 is a row (checked code by code above); beyond them, only requests that were still
# unanswered when wrk stopped may have added rows.
if [[ "$rows_added" -lt "$accepted" || "$rows_added" -gt $((accepted + in_flight)) ]]; then
    echo "FAIL: rows added ($rows_added) outside [accepted ($accepted), accepted + unanswered at stop" \
        "($((accepted + in_flight)))]" >&2
    status=1
fi
if [[ -s "$WORK/gunicorn.log" ]]; then
    echo "gunicorn log:" >&2
    tail -n 20 "$WORK/gunicorn.log" >&2
fi
[[ $status -eq 0 ]] && echo "OK"
exit $status
