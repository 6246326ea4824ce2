#!/usr/bin/env bash
# Two Rocket nodes on one management database: two Tomcat 10.1 servers (installed from Maven Central as in
# .ci/server-matrix.sh, data source as deploy/tomcat describes), the same WAR, one fresh management database,
# short webhook-retry and workflow-timeout intervals. .ci/two_nodes.py then checks, through a round-robin
# client: metadata changed on A serves on B within 1 s; a user deactivated on A is refused on B at once; a
# webhook retry and a workflow timeout fire exactly once; kill -9 of A under write load loses no acknowledged
# write, B keeps answering and delivers the webhooks A left behind.
#
# Needs: Java 17, Maven, python3, curl, unzip, psql; PostgreSQL on PGHOST_PORT (user postgres, trust auth).
# Settings (environment):
#   PORT         HTTP port of node A; node B on PORT_B (default PORT+20); default 8400
#   PGHOST_PORT  PostgreSQL (default 127.0.0.1:5432)
#   SHARED_DIR   folder holding conformance/ (its rb.py helpers are used; default ../shared)
#   WAR          the WAR (default target/rocket.war; build it first)
#   MAVEN_REPO   Maven's local repository (default ~/.m2/repository)
#   DB           name of the management database it creates and drops (default rocket_two_nodes)
#   METADATA_BUDGET_MS  how soon a metadata change on A must serve on B (default 1000; the measured time is printed)
set -euo pipefail

ROOT="$(git rev-parse --show-toplevel)"
cd "$ROOT"
PORT="${PORT:-8400}"
PORT_B="${PORT_B:-$((PORT + 20))}"
PGHOST_PORT="${PGHOST_PORT:-127.0.0.1:5432}"
PG_HOST="${PGHOST_PORT%:*}"
PG_PORT="${PGHOST_PORT##*:}"
SHARED_DIR="${SHARED_DIR:-$ROOT/../shared}"
WAR="${WAR:-$ROOT/target/rocket.war}"
TOMCAT_VERSION=10.1.59
LOG_DIR="$ROOT/target/ci-logs/two-nodes"
SERVERS_DIR="$ROOT/target/servers"
DB="${DB:-rocket_two_nodes}"
RETRY_INTERVAL=2

log() { printf '\n=== [two-nodes] %s\n' "$*"; }
psql_admin() { PGOPTIONS="-c client_min_messages=warning" psql -h "$PG_HOST" -p "$PG_PORT" -U postgres -d postgres -v ON_ERROR_STOP=1 -qAt "$@"; }

PIDS=()
cleanup() {
    local rc=$?
    for pid in "${PIDS[@]}"; do
        kill -TERM "$pid" 2>/dev/null || true
    done
    wait 2>/dev/null || true
    for pid in "${PIDS[@]}"; do
        for _ in $(seq 1 30); do kill -0 "$pid" 2>/dev/null || break; sleep 1; done
        kill -KILL "$pid" 2>/dev/null || true
    done
    if [[ $rc -eq 0 ]]; then log "OK"; else log "FAILED (exit $rc)"; fi
    exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

[[ -f "$WAR" ]] || { echo "[two-nodes] $WAR not found: build it first" >&2; exit 1; }
mkdir -p "$LOG_DIR" "$SERVERS_DIR"
repo="${MAVEN_REPO:-$HOME/.m2/repository}"
zip="$repo/org/apache/tomcat/tomcat/$TOMCAT_VERSION/tomcat-$TOMCAT_VERSION.zip"
[[ -f "$zip" ]] || mvn -q -B dependency:get -Dartifact="org.apache.tomcat:tomcat:$TOMCAT_VERSION:zip" -Dtransitive=false
home="$SERVERS_DIR/apache-tomcat-$TOMCAT_VERSION"
[[ -d "$home" ]] || unzip -q -o "$zip" -d "$SERVERS_DIR"
chmod +x "$home"/bin/*.sh

psql_admin -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" -c "CREATE DATABASE $DB"

start_node() { # name port
    local name="$1" port="$2" base="$SERVERS_DIR/base-two-nodes-$1"
    rm -rf "$base"
    mkdir -p "$base"/{conf/Catalina/localhost,logs,temp,webapps,work,bin}
    cp -r "$home/conf/." "$base/conf/"
    local connector
    connector="$(sed -n '/^<Connector/,/\/>/p' deploy/tomcat/server-connector.xml \
        | sed "s/port=\"8080\"/port=\"$port\" address=\"127.0.0.1\"/")"
    cat >"$base/conf/server.xml" <<EOF
<?xml version="1.0" encoding="UTF-8"?>
<Server port="-1" shutdown="SHUTDOWN">
  <Service name="Catalina">
    $connector
    <Engine name="Catalina" defaultHost="localhost">
      <Host name="localhost" appBase="webapps" unpackWARs="true" autoDeploy="false"/>
    </Engine>
  </Service>
</Server>
EOF
    sed -e "s#jdbc:postgresql://db-host:5432/rocket#jdbc:postgresql://$PGHOST_PORT/$DB#" \
        -e 's#username="rocket"#username="postgres"#' -e 's#password="change-me"#password=""#' \
        deploy/tomcat/context.xml >"$base/conf/Catalina/localhost/ROOT.xml"
    cp "$WAR" "$base/webapps/ROOT.war"
    cat >"$base/bin/setenv.sh" <<EOF
CATALINA_OPTS="\$CATALINA_OPTS -Xms256m -Xmx512m"
export ROCKET_PLATFORM_JWT_SECRET=two-nodes-secret-0123456789abcdef01234567
export ROCKET_WEBHOOK_ALLOWED_NETWORKS=127.0.0.0/8
export ROCKET_WEBHOOK_RETRY_INTERVAL=$RETRY_INTERVAL
export ROCKET_WORKFLOW_TIMEOUT_INTERVAL=$RETRY_INTERVAL
EOF
    CATALINA_HOME="$home" CATALINA_BASE="$base" setsid "$home/bin/catalina.sh" run </dev/null >"$LOG_DIR/$name.log" 2>&1 &
    PIDS+=($!)
}

wait_health() { # port pid
    local deadline=$(( $(date +%s) + 300 ))
    until curl -s --max-time 5 "http://127.0.0.1:$1/health" 2>/dev/null | grep -q '"status":"ok"'; do
        if ! kill -0 "$2" 2>/dev/null || (( $(date +%s) >= deadline )); then
            log "the node on port $1 did not start; see $LOG_DIR"
            exit 1
        fi
        sleep 1
    done
}

# one after the other: the first creates the management tables
log "node A on 127.0.0.1:$PORT, node B on 127.0.0.1:$PORT_B, management database $DB"
start_node a "$PORT"
wait_health "$PORT" "${PIDS[0]}"
start_node b "$PORT_B"
wait_health "$PORT_B" "${PIDS[1]}"

python3 "$ROOT/.ci/two_nodes.py" --node-a "http://127.0.0.1:$PORT" --node-b "http://127.0.0.1:$PORT_B" \
    --pid-a "${PIDS[0]}" --shared-dir "$SHARED_DIR" --retry-interval "$RETRY_INTERVAL" \
    --metadata-budget-ms "${METADATA_BUDGET_MS:-1000}" | tee "$LOG_DIR/checks.log"
rc=${PIPESTATUS[0]}
if [[ $rc -ne 0 ]]; then
    log "a check failed; logs in $LOG_DIR"
    exit "$rc"
fi
psql_admin -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" || true
