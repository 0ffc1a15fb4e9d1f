#!/usr/bin/env bash
# The test stages of `make test`, runnable one by one: scripts/test.sh lint sqlite ...
#
#   lint        ruff over the whole tree
#   migrations  no model change without its migration (makemigrations --check --dry-run)
#   deploy      `check --deploy --fail-level WARNING` under the production settings
#   sqlite      pytest on SQLite (everything but browser and PostgreSQL-only tests)
#   postgres    pytest on a throwaway PostgreSQL server (scripts/with-postgres.sh)
#   browser     pytest -m browser in headless Chromium (Playwright)
#   all         every stage above, in that order
#
# Every stage runs even when an earlier one failed; a summary with each stage's wall time is
# printed at the end, and the exit status is non-zero if any stage failed.
# PYTEST_WORKERS (default 2) sets pytest-xdist's worker count; 0 runs in one process.
set -uo pipefail

cd "$(dirname "$0")/.."
PY="${PY:-.venv/bin/python}"
PYTEST_WORKERS="${PYTEST_WORKERS:-2}"
PYTEST_ARGS=(-p no:cacheprovider -q)
if [[ "$PYTEST_WORKERS" != "0" ]]; then
    PYTEST_ARGS+=(-n "$PYTEST_WORKERS")
fi

stage_lint() {
    "$PY" -m ruff check .
}

stage_migrations() {
    env -u DATABASE_URL DJANGO_SETTINGS_MODULE=config.settings.test \
        "$PY" manage.py makemigrations --check --dry-run
}

stage_deploy() {
    local data_dir secret identity_key index_key status
    data_dir="$(mktemp -d)"
    secret="$("$PY" -c 'import secrets; print(secrets.token_urlsafe(64))')"
    identity_key="$("$PY" -c 'from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())')"
    index_key="$("$PY" -c 'import secrets; print(secrets.token_urlsafe(32))')"
    env -u DATABASE_URL -u DEBUG \
        DJANGO_SETTINGS_MODULE=config.settings.production \
        SECRET_KEY="$secret" \
        IDENTITY_KEYS="$identity_key" \
        IDENTITY_INDEX_KEY="$index_key" \
        ALLOWED_HOSTS="liemchinh.example.vn" \
        CSRF_TRUSTED_ORIGINS="https://liemchinh.example.vn" \
        DATA_DIR="$data_dir" \
        "$PY" manage.py check --deploy --fail-level WARNING
    status=$?
    rm -rf "$data_dir"
    return $status
}

stage_sqlite() {
    env -u DATABASE_URL "$PY" -m pytest "${PYTEST_ARGS[@]}" -m "not browser and not postgres_only" --ignore=tests/e2e
}

stage_postgres() {
    scripts/with-postgres.sh "$PY" -m pytest "${PYTEST_ARGS[@]}" -m "not browser" --ignore=tests/e2e
}

stage_browser() {
    scripts/ensure-chromium.sh || return 1
    env -u DATABASE_URL DJANGO_ALLOW_ASYNC_UNSAFE=true \
        "$PY" -m pytest -p no:cacheprovider -q -m browser tests/e2e
}

ALL_STAGES=(lint migrations deploy sqlite postgres browser)
stages=()
for arg in "${@:-all}"; do
    if [[ "$arg" == "all" ]]; then
        stages+=("${ALL_STAGES[@]}")
    elif declare -F "stage_$arg" >/dev/null; then
        stages+=("$arg")
    else
        echo "scripts/test.sh: unknown stage '$arg' (stages: ${ALL_STAGES[*]} all)" >&2
        exit 2
    fi
done

summary=()
failed=0
total_start=$EPOCHREALTIME
for stage in "${stages[@]}"; do
    echo
    echo "==> $stage"
    start=$EPOCHREALTIME
    "stage_$stage"
    status=$?
    seconds=$(awk -v a="$start" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.1f", b - a }')
    if [[ $status -eq 0 ]]; then result="ok"; else result="FAILED (exit $status)"; failed=1; fi
    line=$(printf "%-11s %-20s %8s s" "$stage" "$result" "$seconds")
    echo "==> $line"
    summary+=("$line")
done
total=$(awk -v a="$total_start" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.1f", b - a }')

if [[ ${#stages[@]} -gt 1 ]]; then
    echo
    echo "Summary"
    printf '  %s\n' "${summary[@]}"
    printf '  %-32s %8s s\n' "total" "$total"
fi
exit $failed
