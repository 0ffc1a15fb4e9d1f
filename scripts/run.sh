#!/usr/bin/env bash
# `make run`: migrate the embedded SQLite database in var/, load the demo province (idempotent),
# collect static files, then serve with gunicorn on 127.0.0.1:$PORT while the background job
# worker (django-tasks-db) runs beside it. Stopping gunicorn (Ctrl-C) stops the worker too.
set -euo pipefail

cd "$(dirname "$0")/.."
PY="${PY:-.venv/bin/python}"
PORT="${PORT:-8000}"
export DJANGO_SETTINGS_MODULE="${DJANGO_SETTINGS_MODULE:-config.settings.dev}"

"$PY" manage.py migrate --noinput
"$PY" manage.py createcachetable
demo_output="$("$PY" manage.py demo)"
"$PY" manage.py collectstatic --noinput --verbosity 0

worker_pid=""
scheduler_pid=""
stop_worker() {
    for pid in "$worker_pid" "$scheduler_pid"; do
        if [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null; then
            kill -TERM "$pid" 2>/dev/null || true
            wait "$pid" 2>/dev/null || true
        fi
    done
}
trap stop_worker EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

"$PY" manage.py db_worker &
worker_pid=$!
"$PY" manage.py run_scheduler &
scheduler_pid=$!

echo
echo "$demo_output"
echo
echo "Liêm Chính đang chạy tại http://127.0.0.1:$PORT/"
echo "(Ctrl-C để dừng)"
echo

"$(dirname "$PY")/gunicorn" config.wsgi:application \
    --bind "127.0.0.1:$PORT" \
    --workers 2 \
    --access-logfile - \
    --error-logfile - \
    --graceful-timeout 5 \
    --env "DJANGO_SETTINGS_MODULE=$DJANGO_SETTINGS_MODULE"
