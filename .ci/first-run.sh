#!/usr/bin/env bash
# What a new user does, start to stop, with no database settings: `mvn package cargo:run` (the README's
# command) starts Tomcat with Rocket on an embedded PostgreSQL; /health answers; the platform admin signs in;
# Ctrl-C (a TERM to the process group here) stops everything within STOP_LIMIT seconds. CYCLES times in a
# row, on one data directory (the first cycle creates it, the others start on it again). Then the two traps
# of a rough first hour:
#   - kill -9 of Maven and Tomcat while they run leaves the embedded PostgreSQL behind; the next start clears
#     it and answers /health;
#   - a start that cannot succeed (a broken setting) ends the run with a non-zero exit instead of a Tomcat
#     that says "started" and answers 404.
# Fails on a hang, a postgres process left behind, or a SEVERE line / stack trace in the output.
#
# The embedded database lives in a fresh temporary directory (ROCKET_DATA_DIR; Java reads the home directory
# from the user database, not from $HOME, so that variable would not move ~/.rocket).
#
# Settings (environment): PORT (default 8090), CYCLES (5), STOP_LIMIT (15 s), START_LIMIT (300 s; the first
# start, which builds, runs the unit tests and creates the database: FIRST_START_LIMIT, 900 s), FULL_BUILD=1 to run `mvn package cargo:run` in every
# cycle (default: the first cycle only; later cycles run `mvn cargo:run` on the WAR just built, as a user
# restarting does), MVN_ARGS (extra Maven arguments, e.g. -Dadmin.skip), KEEP=1 keeps the temp directory.
set -euo pipefail

ROOT="$(git -C "$(dirname "$0")" rev-parse --show-toplevel)"
PORT="${PORT:-8090}"
CYCLES="${CYCLES:-5}"
STOP_LIMIT="${STOP_LIMIT:-15}"
START_LIMIT="${START_LIMIT:-300}"
FIRST_START_LIMIT="${FIRST_START_LIMIT:-900}"
RMI_PORT=$((PORT + 10))
AJP_PORT=$((PORT + 11))
WORK="$(mktemp -d /tmp/rocket-first-run.XXXXXX)"
DATA="$WORK/.rocket"
LOG_DIR="$ROOT/target/ci-logs/first-run"
MVN_ARGS="${MVN_ARGS:-}"
# Tomcat's own log file under cargo:run (src/main/cargo/logging.properties): it keeps what is logged while
# stopping, which Maven's console loses
TOMCAT_LOGS="$ROOT/target/cargo/configurations/tomcat10x/logs"
mkdir -p "$LOG_DIR"
cd "$ROOT"

now() { date +%s.%N; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", b - a }'; }
say() { printf '[first-run] %s\n' "$*"; }
fail() { say "FAILED: $*"; exit 1; }

RUN_PID=""
cleanup() {
    if [[ -n "$RUN_PID" ]] && kill -0 "$RUN_PID" 2>/dev/null; then
        kill -KILL -- "-$RUN_PID" 2>/dev/null || true
    fi
    leftover_pids | xargs -r kill -KILL 2>/dev/null || true
    [[ "${KEEP:-}" == 1 ]] || rm -rf "$WORK"
}
trap cleanup EXIT

# postgres processes serving our data directory (their command line names it)
leftover_pids() { pgrep -f -- "-D $DATA/pgdata" || true; }

# start [goals...]: the README's command, in its own process group, as a user in a terminal would run it
start() {
    local log="$1"; shift
    if curl -s -o /dev/null --max-time 2 "http://127.0.0.1:$PORT/"; then
        fail "something already answers on port $PORT; set PORT"
    fi
    rm -f "$TOMCAT_LOGS"/catalina.*.log
    # shellcheck disable=SC2086
    ROCKET_DATA_DIR="$DATA" setsid mvn -B "$@" $MVN_ARGS \
        -Drocket.http.port="$PORT" -Drocket.rmi.port="$RMI_PORT" -Dcargo.rmi.port="$RMI_PORT" \
        -Drocket.ajp.port="$AJP_PORT" -Dcargo.tomcat.ajp.port="$AJP_PORT" </dev/null >"$log" 2>&1 &
    RUN_PID=$!
}

# wait_health LOG LIMIT: /health 200 within LIMIT seconds
wait_health() {
    local log="$1" limit="$2" deadline=$(( $(date +%s) + $2 ))
    until [[ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 "http://127.0.0.1:$PORT/health" || true)" == 200 ]]; do
        if ! kill -0 "$RUN_PID" 2>/dev/null; then
            tail -n 60 "$log"; fail "the run ended before /health answered (log: $log)"
        fi
        if (( $(date +%s) >= deadline )); then
            tail -n 60 "$log"; fail "no /health 200 within ${limit}s (log: $log)"
        fi
        sleep 0.5
    done
}

# one API request: the platform admin signs in with the seeded password
sign_in() {
    local body
    body=$(curl -s --max-time 10 "http://127.0.0.1:$PORT/api/_platform/auth/login" -H 'Content-Type: application/json' \
        -d '{"email":"platform@localhost","password":"changeme"}')
    [[ "$body" == *'"access_token"'* ]] || fail "platform sign-in did not answer with a token: $body"
}

# stop_run LOG: Ctrl-C's equivalent for a background process group; must end within STOP_LIMIT seconds
stop_run() {
    local log="$1" t0 waited
    t0=$(now)
    kill -TERM -- "-$RUN_PID" 2>/dev/null || true
    while kill -0 "$RUN_PID" 2>/dev/null; do
        if awk -v a="$t0" -v b="$(now)" -v l="$STOP_LIMIT" 'BEGIN { exit !(b - a > l) }'; then
            tail -n 40 "$log"; fail "still running ${STOP_LIMIT}s after the stop signal (log: $log)"
        fi
        sleep 0.1
    done
    waited=$(secs "$t0" "$(now)")
    # Maven is gone; Tomcat's JVM and the database must be gone with it (give them a moment)
    for _ in $(seq 1 20); do
        [[ -z "$(leftover_pids)" ]] && ! pgrep -f -- "-Dcatalina.base=.*-Dcargo.*$PORT" >/dev/null && break
        sleep 0.25
    done
    [[ -z "$(leftover_pids)" ]] || fail "a postgres process on $DATA/pgdata was left running: $(leftover_pids | tr '\n' ' ')"
    RUN_PID=""
    STOP_SECS="$waited"
}

# quiet LOG: no SEVERE line and no stack trace, in Maven's output and in Tomcat's log file; and Rocket
# stopped in order (its last line)
quiet() {
    local log="$1" tomcat_log
    tomcat_log=$(ls "$TOMCAT_LOGS"/catalina.*.log 2>/dev/null | head -1 || true)
    [[ -n "$tomcat_log" ]] || fail "no Tomcat log file in $TOMCAT_LOGS"
    cp "$tomcat_log" "${log%.log}.tomcat.log"
    if grep -nE 'SEVERE|^\[INFO\][[:space:]]+at [a-zA-Z_$][a-zA-Z0-9_$.]*\(|^[[:space:]]+at [a-zA-Z_$][a-zA-Z0-9_$.]*\(|Exception in thread|SLF4J\(W\)' \
            "$log" "$tomcat_log" | head -20 | grep .; then
        fail "the log has a SEVERE line, a stack trace or an slf4j warning (logs: $log, $tomcat_log)"
    fi
    grep -q "Rocket stopped in" "$tomcat_log" || fail "Rocket did not log its stop (log: $tomcat_log)"
    STOPPED_LINE=$(grep -o "Rocket stopped in [0-9]* ms" "$tomcat_log" | tail -1)
}

START_TIMES=()
STOP_TIMES=()
for i in $(seq 1 "$CYCLES"); do
    log="$LOG_DIR/cycle-$i.log"
    if [[ $i -eq 1 || "${FULL_BUILD:-}" == 1 ]]; then goals=(package cargo:run); else goals=(cargo:run); fi
    say "cycle $i/$CYCLES: mvn ${goals[*]} (data: $DATA)"
    t0=$(now)
    start "$log" "${goals[@]}"
    if [[ $i -eq 1 ]]; then wait_health "$log" "$FIRST_START_LIMIT"; else wait_health "$log" "$START_LIMIT"; fi
    start_secs=$(secs "$t0" "$(now)")
    sign_in
    grep -q "Rocket is ready at http://localhost:$PORT/" "$log" || fail "no 'Rocket is ready at' line in $log"
    stop_run "$log"
    quiet "$log"
    say "cycle $i: /health after ${start_secs}s, stopped in ${STOP_SECS}s ($STOPPED_LINE)"
    START_TIMES+=("$start_secs")
    STOP_TIMES+=("$STOP_SECS")
done

# ---- trap 1: a hard kill leaves the embedded PostgreSQL running; the next start clears it ----------------
log="$LOG_DIR/after-kill-9.log"
say "kill -9 of Maven and Tomcat, then start again"
start "$LOG_DIR/killed.log" cargo:run
wait_health "$LOG_DIR/killed.log" "$START_LIMIT"
kill -KILL -- "-$RUN_PID"
for _ in $(seq 1 20); do kill -0 "$RUN_PID" 2>/dev/null || break; sleep 0.25; done
[[ -n "$(leftover_pids)" ]] || fail "expected the embedded PostgreSQL to outlive kill -9 (the test needs it to)"
say "left behind: postgres $(leftover_pids | head -1)"
t0=$(now)
start "$log" cargo:run
wait_health "$log" "$START_LIMIT"
AFTER_KILL_SECS=$(secs "$t0" "$(now)")
sign_in
grep -q "left by a Rocket that did not stop cleanly" "$log" || fail "the leftover server was not reported in $log"
stop_run "$log"
quiet "$log"
say "start after kill -9: /health after ${AFTER_KILL_SECS}s (leftover stopped), stopped in ${STOP_SECS}s"

# ---- trap 2: a start that fails ends the run -------------------------------------------------------------
log="$LOG_DIR/failed-start.log"
say "a start with a broken setting must end the run"
t0=$(now)
ROCKET_DB_POOL_SIZE=not-a-number start "$log" cargo:run
deadline=$(( $(date +%s) + START_LIMIT ))
while kill -0 "$RUN_PID" 2>/dev/null; do
    if (( $(date +%s) >= deadline )); then tail -n 40 "$log"; fail "a failed start kept running (log: $log)"; fi
    if curl -s -o /dev/null --max-time 2 "http://127.0.0.1:$PORT/health"; then
        code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "http://127.0.0.1:$PORT/health" || true)
        [[ "$code" != 200 ]] || fail "a start with a broken setting answered /health 200"
    fi
    sleep 0.5
done
set +e; wait "$RUN_PID"; rc=$?; set -e
RUN_PID=""
FAILED_SECS=$(secs "$t0" "$(now)")
[[ $rc -ne 0 ]] || fail "the failed start exited with status 0"
grep -q "ROCKET_DB_POOL_SIZE must be an integer" "$log" || fail "the failed start did not say why (log: $log)"
for _ in $(seq 1 20); do [[ -z "$(leftover_pids)" ]] && break; sleep 0.25; done
[[ -z "$(leftover_pids)" ]] || fail "the failed start left postgres running"
say "failed start: exit $rc after ${FAILED_SECS}s"

say "start to /health (s): ${START_TIMES[*]}; stop (s): ${STOP_TIMES[*]}; after kill -9: ${AFTER_KILL_SECS}; failed start ends after ${FAILED_SECS}"
say "OK"
