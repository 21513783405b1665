#!/usr/bin/env bash
# Compares the production web servers on this machine: gunicorn (sync workers, as
# gunicorn.conf.py has it, and gthread workers) and granian (WSGI), each serving the
# register with production settings (DEBUG off, a SECRET_KEY, collectstatic done, no HTTPS
# redirect) on a scratch copy of the SQLite database, or on DATABASE_URL when it is set.
# Each answers `/healthz` (no database) and `/sign-in/` (a whole page: template, CSRF
# token, CSP nonce) to wrk at 1 and at 20 connections; the table gives requests a second
# and the median latency.
#
#   apt-get install -y wrk
#   python3 -m venv /tmp/granianenv && /tmp/granianenv/bin/pip install granian   # optional
#   bench/server_compare.sh                 # WORKERS=5 DURATION=10s GRANIAN=/tmp/granianenv/bin/granian
#
# granian is never installed in the project: it runs from its own virtualenv with the
# project's packages on PYTHONPATH (both on the same Python). wrk shares the machine's
# cores with the server, so compare the rows with one another, not with another machine.
set -euo pipefail
cd "$(dirname "$0")/.."

WORKERS="${WORKERS:-5}"
THREADS="${THREADS:-4}"
DURATION="${DURATION:-10s}"
GRANIAN="${GRANIAN:-/tmp/granianenv/bin/granian}"
PORT="${BENCH_PORT:-8765}"
scratch="$(mktemp -d)"
server_pid=""

stop_server() {
    if [ -n "${server_pid}" ]; then
        kill "${server_pid}" 2>/dev/null || true
        wait "${server_pid}" 2>/dev/null || true
        server_pid=""
    fi
}
trap 'stop_server; rm -rf "${scratch}"' EXIT

export DEBUG=false
export SECRET_KEY="bench-only-$(head -c 24 /dev/urandom | base64 | tr -d '/+=')"
export ALLOWED_HOSTS=127.0.0.1
export SECURE_SSL_REDIRECT=false
export STATIC_ROOT="${scratch}/static"
export LOG_LEVEL=WARNING # the request lines would cost as much as the requests
if [ -z "${DATABASE_URL:-}" ]; then
    export DATABASE_URL="sqlite:///${scratch}/db.sqlite3"
fi
.venv/bin/python manage.py collectstatic --noinput -v 0
.venv/bin/python manage.py migrate --noinput -v 0

wait_until_up() {
    for _ in $(seq 100); do
        if curl -fsS "http://127.0.0.1:${PORT}/healthz" >/dev/null 2>&1; then
            return 0
        fi
        sleep 0.1
    done
    echo "the server did not start" >&2
    exit 1
}

# "requests/s median" for one wrk run.
measure() {
    local connections="$1" path="$2" output
    output=$(wrk -t "$((connections < 2 ? 1 : 2))" -c "${connections}" -d "${DURATION}" \
        --latency "http://127.0.0.1:${PORT}${path}")
    if grep -q "Non-2xx" <<<"${output}"; then
        echo "wrk got errors from ${path}: ${output}" >&2
        exit 1
    fi
    printf '%s %s\n' \
        "$(awk '/^Requests\/sec/ {print $2}' <<<"${output}")" \
        "$(awk '$1 == "50%" {print $2}' <<<"${output}")"
}

run() {
    local name="$1"
    shift
    "$@" >"${scratch}/${name}.log" 2>&1 &
    server_pid=$!
    wait_until_up
    for path in /healthz /sign-in/; do
        for connections in 1 20; do
            measure 1 "${path}" >/dev/null # warm every worker's caches
            read -r rate median < <(measure "${connections}" "${path}")
            printf '| %s | %s | %s | %s | %s |\n' \
                "${name}" "${path}" "${connections}" "${rate}" "${median}"
        done
    done
    stop_server
}

echo "| server | path | connections | requests/s | median latency |"
echo "| --- | --- | --- | --- | --- |"
run "gunicorn sync x${WORKERS}" .venv/bin/gunicorn -c gunicorn.conf.py \
    --bind "127.0.0.1:${PORT}" --workers "${WORKERS}" conduct_register.wsgi
run "gunicorn gthread x${WORKERS}x${THREADS}" .venv/bin/gunicorn -c gunicorn.conf.py \
    --bind "127.0.0.1:${PORT}" --workers "${WORKERS}" --worker-class gthread \
    --threads "${THREADS}" conduct_register.wsgi
if [ -x "${GRANIAN}" ]; then
    site_packages=$(.venv/bin/python -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')
    PYTHONPATH="${PWD}:${site_packages}" run "granian wsgi x${WORKERS}" "${GRANIAN}" \
        --interface wsgi --host 127.0.0.1 --port "${PORT}" --workers "${WORKERS}" \
        --no-ws conduct_register.wsgi:application
else
    echo "(granian not measured: no ${GRANIAN})" >&2
fi
