#!/usr/bin/env bash
# Many apps on a default-sized PostgreSQL: starts a throwaway PostgreSQL cluster with max_connections = 100
# (initdb in a temporary folder, its own port; the machine's clusters are not touched), starts Rocket on it
# as the README does (mvn package cargo:run) with short idle times, and runs .ci/many_apps.py against it:
# APPS apps created and used; all must answer, another client must still get its sessions, the
# connections held to app databases must fall to about 0 once the apps are idle, and cold apps and app number
# APPS + 1 must still answer. With APPS=1000 a run takes about half an hour on a loaded 2-core machine (app
# creation: CREATE DATABASE and the system tables' migration, one app after another per client thread).
#
# Needs: Java 17, Maven, python3, curl, PostgreSQL 15 binaries (pg_config on the PATH), psql.
# Settings (environment):
#   PORT        HTTP port of the server (default 8090); RMI_PORT / AJP_PORT default PORT+10 / PORT+11
#   PG_PORT     port of the throwaway PostgreSQL (default 25432)
#   APPS        number of apps (default 300)
#   IDLE_CLOSE  the server's ROCKET_APP_POOL_IDLE_CLOSE in seconds for this run (default 20)
#   SKIP_BUILD  set to 1 to reuse target/rocket.war (cargo:run without package)
set -euo pipefail

PORT="${PORT:-8090}"
RMI_PORT="${RMI_PORT:-$((PORT + 10))}"
AJP_PORT="${AJP_PORT:-$((PORT + 11))}"
PG_PORT="${PG_PORT:-25432}"
APPS="${APPS:-300}"
IDLE_CLOSE="${IDLE_CLOSE:-20}"
ROOT="$(git rev-parse --show-toplevel)"
LOG_DIR="$ROOT/target/ci-logs"
PG_BIN="$(pg_config --bindir)"
WORK="$(mktemp -d /tmp/rocket-many-apps.XXXXXX)"
SERVER_PID=""

log() { printf '\n=== [many-apps] %s\n' "$*"; }

# initdb and postgres refuse to run as root
as_pg() {
    if [[ "$(id -u)" == "0" ]]; then runuser -u postgres -- "$@"; else "$@"; fi
}

cleanup() {
    local rc=$?
    if [[ -n "$SERVER_PID" ]] && kill -0 "$SERVER_PID" 2>/dev/null; then
        log "stopping the server (process group $SERVER_PID)"
        kill -TERM -- "-$SERVER_PID" 2>/dev/null || true
        for _ in $(seq 1 30); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 1; done
        kill -KILL -- "-$SERVER_PID" 2>/dev/null || true
    fi
    if [[ -f "$WORK/data/postmaster.pid" ]]; then
        as_pg "$PG_BIN/pg_ctl" -D "$WORK/data" -m immediate stop >/dev/null 2>&1 || true
    fi
    rm -rf "$WORK"
    if [[ $rc -eq 0 ]]; then log "OK"; else log "FAILED (exit $rc)"; fi
    exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

mkdir -p "$LOG_DIR"
if curl -s -o /dev/null --max-time 2 "http://127.0.0.1:$PORT/"; then
    echo "[many-apps] something already answers on port $PORT; set PORT to a free port" >&2
    exit 1
fi

log "throwaway PostgreSQL on 127.0.0.1:$PG_PORT with max_connections = 100 (data in $WORK)"
[[ "$(id -u)" == "0" ]] && chown postgres "$WORK"
as_pg "$PG_BIN/initdb" -D "$WORK/data" -A trust -U postgres >/dev/null
start_pg() {
    as_pg "$PG_BIN/pg_ctl" -D "$WORK/data" -l "$WORK/postgres.log" -w \
        -o "-p $PG_PORT -c listen_addresses=127.0.0.1 -c unix_socket_directories=$WORK -c max_connections=100" start >/dev/null
}
# it failed to start once in CI on 55432, inside Linux's ephemeral range (32768-60999), where any client socket
# may hold the port: hence 25432; should it fail anyway, show its log and try once more
if ! start_pg; then
    log "the throwaway PostgreSQL did not start; its log:"
    tail -n 40 "$WORK/postgres.log" || true
    sleep 5
    log "starting it once more"
    start_pg
fi

SERVER_LOG="$LOG_DIR/many-apps-server.log"
GOALS="package cargo:run"
[[ "${SKIP_BUILD:-}" == "1" ]] && GOALS="cargo:run"
log "starting the server on port $PORT (log: $SERVER_LOG)"
ROCKET_DB_URL="jdbc:postgresql://127.0.0.1:$PG_PORT/rocket" ROCKET_DB_USER=postgres \
    ROCKET_APP_POOL_IDLE_CLOSE="$IDLE_CLOSE" ROCKET_WEBHOOK_RETRY_INTERVAL=5 ROCKET_WORKFLOW_TIMEOUT_INTERVAL=5 \
    setsid mvn -B $GOALS -DskipTests \
    -Drocket.http.port="$PORT" \
    -Drocket.rmi.port="$RMI_PORT" -Dcargo.rmi.port="$RMI_PORT" \
    -Drocket.ajp.port="$AJP_PORT" -Dcargo.tomcat.ajp.port="$AJP_PORT" \
    </dev/null >"$SERVER_LOG" 2>&1 &
SERVER_PID=$!
deadline=$(( $(date +%s) + 240 ))
until [[ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 "http://127.0.0.1:$PORT/health" || true)" == "200" ]]; do
    if ! kill -0 "$SERVER_PID" 2>/dev/null || (( $(date +%s) >= deadline )); then
        log "the server did not answer /health; tail of $SERVER_LOG"
        tail -n 60 "$SERVER_LOG"
        exit 1
    fi
    sleep 1
done

# the Tomcat JVM Cargo started in the server's process group (for its resident memory)
JVM_PID="$(pgrep -g "$SERVER_PID" -f org.apache.catalina.startup.Bootstrap | head -1 || true)"
# idle close, plus one idle-check tick, plus the background tasks' lease after the last request (30 s)
python3 "$ROOT/.ci/many_apps.py" --base-url "http://127.0.0.1:$PORT" --pg-port "$PG_PORT" --apps "$APPS" \
    --idle-wait $(( IDLE_CLOSE + IDLE_CLOSE / 2 + 45 )) --server-pid "${JVM_PID:-0}"
