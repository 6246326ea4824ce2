#!/usr/bin/env bash
# The server matrix: deploys the one target/rocket.war on Tomcat 10.1, Tomcat 11, Payara Micro 6 and
# WildFly 37, one after another, each installed from Maven Central (mvn dependency:copy into ~/.m2, unpacked
# once under target/servers/) and configured the way deploy/<server>/README.md says: the server's own JNDI
# data source bound to a fresh management database, its start and stop commands, loopback bind address and
# heap. Each also binds a second data source, the way the guides declare one for an app, to the database
# rocket_matrix_appds that the script provisions beforehand (as a DBA would). Against each server it runs the
# whole conformance suite, the request-body race check (.ci/body-race.py) and the app data source check
# (.ci/app-datasource.py: an app created on that data source keeps its tables there, and the database outlives
# the app), then stops the server and checks its log: no ERROR/SEVERE line and no stack trace from the run,
# the app deletions or the stop. Prints start time (launch to the first `{"status":"ok"}` from /health) and
# resident memory (VmRSS after the suite, VmHWM) per server.
#
# Needs: Java 17, Maven, python3, curl, unzip, psql; PostgreSQL on PGHOST_PORT (user postgres, trust auth).
# Settings (environment):
#   SERVERS       which servers, in order (default "tomcat10 tomcat11 payara wildfly")
#   PORT          first HTTP port; server i listens on PORT + 20*i (default 8300)
#   PGHOST_PORT   PostgreSQL (default 127.0.0.1:5432)
#   SHARED_DIR    folder holding conformance/ (default ../shared beside the repository)
#   CONFORMANCE_MODULES  default: the list in .ci/run
#   HEAP          -Xmx of every server (default 768m)
#   WAR           the WAR under test (default target/rocket.war; build it first)
#   MAVEN_REPO    Maven's local repository (default ~/.m2/repository)
#   HEALTH_TIMEOUT  seconds a server may take to answer /health (default 600)
#   APP_DB        the pre-provisioned database of the app data source check (default rocket_matrix_appds)
set -euo pipefail

ROOT="$(git rev-parse --show-toplevel)"
cd "$ROOT"
SERVERS="${SERVERS:-tomcat10 tomcat11 payara wildfly}"
PORT="${PORT:-8300}"
PGHOST_PORT="${PGHOST_PORT:-127.0.0.1:5432}"
PG_HOST="${PGHOST_PORT%:*}"
PG_PORT="${PGHOST_PORT##*:}"
SHARED_DIR="${SHARED_DIR:-$ROOT/../shared}"
CONFORMANCE_MODULES="${CONFORMANCE_MODULES:-$(sed -n 's/^CONFORMANCE_MODULES="\(.*\)"$/\1/p' "$ROOT/.ci/run")}"
HEAP="${HEAP:-768m}"
WAR="${WAR:-$ROOT/target/rocket.war}"
LOG_DIR="$ROOT/target/ci-logs/matrix"
SERVERS_DIR="$ROOT/target/servers"
HEALTH_TIMEOUT="${HEALTH_TIMEOUT:-600}"
APP_DB="${APP_DB:-rocket_matrix_appds}"

TOMCAT10_VERSION=10.1.59
TOMCAT11_VERSION=11.0.24
PAYARA_VERSION=6.2025.10
WILDFLY_VERSION=37.0.1.Final
PGJDBC_VERSION="$(sed -n 's:.*<postgresql.version>\(.*\)</postgresql.version>.*:\1:p' pom.xml)"

log() { printf '\n=== [matrix] %s\n' "$*"; }
now() { date +%s.%N; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", b - a }'; }
psql_admin() { PGOPTIONS="-c client_min_messages=warning" psql -h "$PG_HOST" -p "$PG_PORT" -U postgres -d postgres -v ON_ERROR_STOP=1 -qAt "$@"; }

SERVER_PID=""       # the server's JVM
STOP_CMD=()         # how the guide stops it
SUMMARY=()

stop_server() {
    [[ -n "$SERVER_PID" ]] || return 0
    if kill -0 "$SERVER_PID" 2>/dev/null; then
        if [[ ${#STOP_CMD[@]} -gt 0 ]]; then
            "${STOP_CMD[@]}" >/dev/null 2>&1 || kill -TERM "$SERVER_PID" 2>/dev/null || true
        else
            kill -TERM "$SERVER_PID" 2>/dev/null || true
        fi
        for _ in $(seq 1 60); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 1; done
        if kill -0 "$SERVER_PID" 2>/dev/null; then
            log "the server did not stop within 60 s; killing it"
            kill -KILL "$SERVER_PID" 2>/dev/null || true
            SERVER_PID=""
            return 1
        fi
    fi
    SERVER_PID=""
}

on_exit() {
    local rc=$?
    stop_server || true
    if [[ ${#SUMMARY[@]} -gt 0 ]]; then
        log "summary (start = launch to first /health ok; RSS after the suite / peak)"
        printf '  %s\n' "${SUMMARY[@]}"
    fi
    if [[ $rc -eq 0 ]]; then log "OK"; else log "FAILED (exit $rc)"; fi
    exit $rc
}
trap on_exit EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

[[ -f "$WAR" ]] || { echo "[matrix] $WAR not found: build it first (mvn -B package -DskipTests)" >&2; exit 1; }
[[ -f "$SHARED_DIR/conformance/run.py" ]] || { echo "[matrix] conformance suite not found in $SHARED_DIR" >&2; exit 1; }
for d in unzip psql curl python3; do command -v "$d" >/dev/null || { echo "[matrix] $d is missing" >&2; exit 1; }; done
mkdir -p "$LOG_DIR" "$SERVERS_DIR"

# ---- downloads (Maven Central, through Maven; kept in ~/.m2 and unpacked once) ------------------------------
fetch() { # groupId:artifactId:version:type -> path in ~/.m2
    local gav="$1" g a v t repo
    IFS=: read -r g a v t <<<"$gav"
    repo="${MAVEN_REPO:-$HOME/.m2/repository}"
    local file="$repo/${g//.//}/$a/$v/$a-$v.$t"
    if [[ ! -f "$file" ]]; then
        mvn -q -B dependency:get -Dartifact="$gav" -Dtransitive=false >&2
    fi
    echo "$file"
}
unpack() { # zip, folder name inside it -> unpacked folder under target/servers
    local zip="$1" top="$2"
    if [[ ! -d "$SERVERS_DIR/$top" ]]; then
        unzip -q -o "$zip" -d "$SERVERS_DIR"
    fi
    echo "$SERVERS_DIR/$top"
}

fresh_database() { # name
    psql_admin -c "DROP DATABASE IF EXISTS $1 WITH (FORCE)" -c "CREATE DATABASE $1"
}

# ---- one server per function: configure + start (sets SERVER_PID, STOP_CMD) --------------------------------

start_tomcat() { # version port db
    local version="$1" port="$2" db="$3" home base
    home="$(unpack "$(fetch "org.apache.tomcat:tomcat:$version:zip")" "apache-tomcat-$version")"
    chmod +x "$home"/bin/*.sh
    base="$SERVERS_DIR/base-tomcat-$version"
    rm -rf "$base"
    mkdir -p "$base"/{conf/Catalina/localhost,conf/rocket-errors,logs,temp,webapps,work,bin}
    cp -r "$home/conf/." "$base/conf/"
    cp deploy/tomcat/errors/*.json "$base/conf/rocket-errors/"
    # conf/server.xml: the connector of deploy/tomcat/server-connector.xml (on loopback, this run's port), the
    # valve of deploy/tomcat/error-report-valve.xml, shutdown port off (the guide stops with SIGTERM / shutdown.sh
    # on the default port; here the process is signalled)
    local connector valve
    connector="$(sed -n '/^<Connector/,/\/>/p' deploy/tomcat/server-connector.xml \
        | sed "s/port=\"8080\"/port=\"$port\" address=\"127.0.0.1\"/")"
    valve="$(sed -n '/^<Valve/,/\/>/p' deploy/tomcat/error-report-valve.xml)"
    cat >"$base/conf/server.xml" <<EOF
<?xml version="1.0" encoding="UTF-8"?>
<Server port="-1" shutdown="SHUTDOWN">
  <Listener className="org.apache.catalina.startup.VersionLoggerListener"/>
  <Listener className="org.apache.catalina.core.JreMemoryLeakPreventionListener"/>
  <Listener className="org.apache.catalina.core.ThreadLocalLeakPreventionListener"/>
  <Service name="Catalina">
    $connector
    <Engine name="Catalina" defaultHost="localhost">
      <Host name="localhost" appBase="webapps" unpackWARs="true" autoDeploy="false">
        $valve
      </Host>
    </Engine>
  </Service>
</Server>
EOF
    # conf/Catalina/localhost/ROOT.xml: deploy/tomcat/context.xml with this run's URL and user, and its app data
    # source (java:comp/env/jdbc/shop, commented out there) enabled as jdbc/appds on the pre-provisioned database
    sed -e "s#jdbc:postgresql://db-host:5432/rocket#jdbc:postgresql://$PGHOST_PORT/$db#" \
        -e "s#jdbc:postgresql://db-host:5432/shop#jdbc:postgresql://$PGHOST_PORT/$APP_DB#" \
        -e 's#name="jdbc/shop"#name="jdbc/appds"#' -e 's#poolName="app-shop"#poolName="app-appds"#' \
        -e 's#username="rocket"#username="postgres"#' -e 's#password="change-me"#password=""#' \
        -e 's#username="shop"#username="postgres"#' -e 's#password="change-me-too"#password=""#' \
        -e '/<!-- BEGIN app data source/d' -e '/END app data source -->/d' \
        deploy/tomcat/context.xml >"$base/conf/Catalina/localhost/ROOT.xml"
    grep -q 'name="jdbc/appds"' "$base/conf/Catalina/localhost/ROOT.xml" \
        || { echo "[matrix] deploy/tomcat/context.xml has no app data source to enable" >&2; return 1; }
    cp "$WAR" "$base/webapps/ROOT.war"
    cat >"$base/bin/setenv.sh" <<EOF
CATALINA_OPTS="\$CATALINA_OPTS -Xms256m -Xmx$HEAP"
export ROCKET_PLATFORM_JWT_SECRET=matrix-secret-0123456789abcdef0123456789
export ROCKET_WEBHOOK_ALLOWED_NETWORKS=127.0.0.0/8
EOF
    # "catalina.sh run" execs the JVM in the foreground: its process id is the JVM's
    CATALINA_HOME="$home" CATALINA_BASE="$base" setsid "$home/bin/catalina.sh" run </dev/null >"$SERVER_LOG" 2>&1 &
    SERVER_PID=$!
    STOP_CMD=(kill -TERM "$SERVER_PID")
}

start_payara() { # port db
    local port="$1" db="$2" jar dir
    jar="$(fetch "fish.payara.extras:payara-micro:$PAYARA_VERSION:jar")"
    dir="$SERVERS_DIR/base-payara"
    rm -rf "$dir"
    mkdir -p "$dir"
    # deploy/payara/asadmin-commands.txt, section B, with this run's database; the pre-boot file binds the
    # HTTP listener to loopback
    cat >"$dir/rocket-preboot.asadmin" <<EOF
set configs.config.server-config.network-config.network-listeners.network-listener.http-listener.address=127.0.0.1
EOF
    cat >"$dir/rocket-postboot.asadmin" <<EOF
create-jdbc-connection-pool --datasourceclassname org.postgresql.ds.PGSimpleDataSource --restype javax.sql.DataSource --steadypoolsize 0 --maxpoolsize 10 --property serverName=$PG_HOST:portNumber=$PG_PORT:databaseName=$db:user=postgres:password=unused RocketPool
create-jdbc-resource --connectionpoolid RocketPool jdbc/rocket
create-jdbc-connection-pool --datasourceclassname org.postgresql.ds.PGSimpleDataSource --restype javax.sql.DataSource --steadypoolsize 0 --maxpoolsize 5 --property serverName=$PG_HOST:portNumber=$PG_PORT:databaseName=$APP_DB:user=postgres:password=unused AppdsPool
create-jdbc-resource --connectionpoolid AppdsPool jdbc/appds
create-system-properties ROCKET_DB_USER=postgres:ROCKET_DB_PASSWORD=unused:ROCKET_PLATFORM_JWT_SECRET=matrix-secret-0123456789abcdef0123456789:ROCKET_WEBHOOK_ALLOWED_NETWORKS=127.0.0.0/8
EOF
    (cd "$dir" && exec setsid java -Xms256m -Xmx"$HEAP" -jar "$jar" --nocluster --nohazelcast \
        --port "$port" --prebootcommandfile rocket-preboot.asadmin --postbootcommandfile rocket-postboot.asadmin \
        --rootdir "$dir/root" --deploy "$WAR" </dev/null >"$SERVER_LOG" 2>&1) &
    SERVER_PID=$!
    STOP_CMD=(kill -TERM "$SERVER_PID")
}

start_wildfly() { # port db
    local port="$1" db="$2" home base offset driver
    home="$(unpack "$(fetch "org.wildfly:wildfly-dist:$WILDFLY_VERSION:zip")" "wildfly-$WILDFLY_VERSION")"
    chmod +x "$home"/bin/*.sh
    driver="$(fetch "org.postgresql:postgresql:$PGJDBC_VERSION:jar")"
    base="$SERVERS_DIR/base-wildfly"
    rm -rf "$base"
    cp -r "$home/standalone" "$base"
    offset=$((port - 8080))
    # deploy/wildfly/datasource.cli, offline (embed-server), with this run's database, driver path and secret
    sed -e 's/^# embed-server/embed-server/' -e 's/^# stop-embedded-server/stop-embedded-server/' \
        -e "s#/path/to/postgresql-[0-9.]*\.jar#$driver#" \
        -e "s#jdbc:postgresql://db-host:5432/rocket#jdbc:postgresql://$PGHOST_PORT/$db#" \
        -e 's#--user-name=rocket#--user-name=postgres#' -e 's#--password=change-me#--password=unused#' \
        -e 's#ROCKET_DB_USER:add(value=rocket)#ROCKET_DB_USER:add(value=postgres)#' \
        -e 's#ROCKET_DB_PASSWORD:add(value=change-me)#ROCKET_DB_PASSWORD:add(value=unused)#' \
        -e 's#value=at-least-32-characters-of-random-secret#value=matrix-secret-0123456789abcdef0123456789#' \
        deploy/wildfly/datasource.cli >"$base/rocket.cli"
    # and the app data source of deploy/wildfly/README.md as java:jboss/datasources/appds on the pre-provisioned database
    {
        echo "data-source add --name=AppdsDS --jndi-name=java:jboss/datasources/appds --driver-name=postgresql.jar --connection-url=jdbc:postgresql://$PGHOST_PORT/$APP_DB --user-name=postgres --password=unused --min-pool-size=0 --max-pool-size=5 --jta=false --valid-connection-checker-class-name=org.jboss.jca.adapters.jdbc.extensions.postgres.PostgreSQLValidConnectionChecker --exception-sorter-class-name=org.jboss.jca.adapters.jdbc.extensions.postgres.PostgreSQLExceptionSorter --validate-on-match=true --background-validation=false"
        echo '/system-property=ROCKET_WEBHOOK_ALLOWED_NETWORKS:add(value=127.0.0.0/8)'
    } >>"$base/rocket.cli"
    # embed-server runs before stop-embedded-server: move the extra lines up
    python3 - "$base/rocket.cli" <<'PY'
import sys
p = sys.argv[1]
lines = open(p).read().splitlines()
extra = lines[-2:]
del lines[-2:]
i = max(i for i, l in enumerate(lines) if l.startswith("stop-embedded-server"))
lines[i:i] = extra
open(p, "w").write("\n".join(lines) + "\n")
PY
    JAVA_OPTS="-Djboss.server.base.dir=$base" "$home/bin/jboss-cli.sh" --file="$base/rocket.cli" \
        >"$LOG_DIR/wildfly-cli.log" 2>&1 || { cat "$LOG_DIR/wildfly-cli.log"; return 1; }
    cp "$WAR" "$base/deployments/rocket.war"
    JAVA_OPTS="-Xms256m -Xmx$HEAP -Djava.net.preferIPv4Stack=true" JBOSS_PIDFILE="$base/wildfly.pid" \
        LAUNCH_JBOSS_IN_BACKGROUND=1 \
        setsid "$home/bin/standalone.sh" -b 127.0.0.1 -bmanagement 127.0.0.1 \
        -Djboss.socket.binding.port-offset="$offset" -Djboss.server.base.dir="$base" \
        </dev/null >"$SERVER_LOG" 2>&1 &
    local launcher=$!
    for _ in $(seq 1 60); do [[ -s "$base/wildfly.pid" ]] && break; sleep 0.5; done
    SERVER_PID="$(cat "$base/wildfly.pid" 2>/dev/null || echo "$launcher")"
    STOP_CMD=("$home/bin/jboss-cli.sh" --connect --controller="127.0.0.1:$((9990 + offset))" --command=:shutdown)
}

app_jndi() { # server -> the JNDI name its guide gives the app data source
    case "$1" in
        tomcat*) echo java:comp/env/jdbc/appds ;;
        payara) echo jdbc/appds ;;
        wildfly) echo java:jboss/datasources/appds ;;
    esac
}

# ---- the run ---------------------------------------------------------------------------------------------
args=()
for m in $CONFORMANCE_MODULES; do args+=(-k "$m"); done
i=0
for server in $SERVERS; do
    port=$((PORT + 20 * i))
    i=$((i + 1))
    db="rocket_matrix_$server"
    SERVER_LOG="$LOG_DIR/$server.log"
    if curl -s -o /dev/null --max-time 2 "http://127.0.0.1:$port/"; then
        echo "[matrix] something already answers on port $port" >&2
        exit 1
    fi
    fresh_database "$db"
    fresh_database "$APP_DB" # the DBA's database for the app data source: exists before the server starts
    log "$server on 127.0.0.1:$port, management database $db (log: $SERVER_LOG)"
    t0=$(now)
    case "$server" in
        tomcat10) start_tomcat "$TOMCAT10_VERSION" "$port" "$db" ;;
        tomcat11) start_tomcat "$TOMCAT11_VERSION" "$port" "$db" ;;
        payara) start_payara "$port" "$db" ;;
        wildfly) start_wildfly "$port" "$db" ;;
        *) echo "[matrix] unknown server $server" >&2; exit 1 ;;
    esac
    deadline=$(( $(date +%s) + HEALTH_TIMEOUT ))
    until curl -s --max-time 5 "http://127.0.0.1:$port/health" 2>/dev/null | grep -q '"status":"ok"'; do
        if ! kill -0 "$SERVER_PID" 2>/dev/null || (( $(date +%s) >= deadline )); then
            log "$server did not answer /health with {\"status\":\"ok\"}; tail of $SERVER_LOG"
            tail -n 80 "$SERVER_LOG"
            exit 1
        fi
        sleep 0.5
    done
    start_secs=$(secs "$t0" "$(now)")
    log "$server answered /health after ${start_secs}s; conformance: $CONFORMANCE_MODULES"
    t1=$(now)
    set +e
    python3 "$SHARED_DIR/conformance/run.py" --base-url "http://127.0.0.1:$port" "${args[@]}" \
        >"$LOG_DIR/$server-conformance.log" 2>&1
    rc=$?
    set -e
    conf_secs=$(secs "$t1" "$(now)")
    tail -n 15 "$LOG_DIR/$server-conformance.log"
    extra=ok
    if [[ $rc -eq 0 ]]; then
        log "$server: request-body race check, then an app on the container's data source $(app_jndi "$server")"
        python3 "$ROOT/.ci/body-race.py" --base-url "http://127.0.0.1:$port" --seconds 15 \
            | tee "$LOG_DIR/$server-body-race.log" || extra="body race check failed"
        python3 "$ROOT/.ci/app-datasource.py" --base-url "http://127.0.0.1:$port" --jndi "$(app_jndi "$server")" \
            --database "$APP_DB" --pg-host "$PG_HOST" --pg-port "$PG_PORT" \
            | tee "$LOG_DIR/$server-app-datasource.log" || extra="app data source check failed"
        [[ "$extra" == ok ]] || rc=1
    fi
    rss_kb="$(awk '/^VmRSS/ {print $2}' "/proc/$SERVER_PID/status" 2>/dev/null || echo 0)"
    hwm_kb="$(awk '/^VmHWM/ {print $2}' "/proc/$SERVER_PID/status" 2>/dev/null || echo 0)"
    result="$(grep -E '^[0-9]+ passed' "$LOG_DIR/$server-conformance.log" | tail -1 || true)"
    log "stopping $server: ${STOP_CMD[*]}"
    t2=$(now)
    stopped=ok
    stop_server || stopped="did not stop"
    stop_secs=$(secs "$t2" "$(now)")
    # what the run, the app deletions and the stop logged: no ERROR/SEVERE and no stack trace
    problems="$(grep -nE '(^|[ \]|])(SEVERE|ERROR)([ :|\]]|$)|^[[:space:]]+at [a-zA-Z_$][a-zA-Z0-9_$.]*\(|^Caused by: |Exception in thread' "$SERVER_LOG" | head -40 || true)"
    SUMMARY+=("$(printf '%-9s start %6ss  RSS %5d MB (peak %5d MB)  conformance %6ss: %s  app data source: %s  stop %ss %s  log: %s' \
        "$server" "$start_secs" $((rss_kb / 1024)) $((hwm_kb / 1024)) "$conf_secs" "${result:-no result}" "$extra" \
        "$stop_secs" "$stopped" "$([[ -z "$problems" ]] && echo clean || echo 'ERROR/stack trace')")")
    if [[ $rc -ne 0 || -z "$result" ]]; then
        log "conformance or a check after it failed on $server (exit $rc); tail of $SERVER_LOG"
        tail -n 60 "$SERVER_LOG"
        exit 1
    fi
    if [[ -n "$problems" ]]; then
        log "$server logged errors or stack traces:"
        echo "$problems"
        exit 1
    fi
    [[ "$stopped" == ok ]] || exit 1
    psql_admin -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" -c "DROP DATABASE IF EXISTS $APP_DB WITH (FORCE)"
done
