#!/usr/bin/env bash
# Redeploy leak check: deploys target/rocket.war on a running Tomcat 10.1 (from Maven Central, with its manager
# app) and undeploys it again, CYCLES times, through the manager's text interface, each time after Rocket has
# started and served a few requests (health, platform login, an app created and deleted, so that the pools,
# Quartz, the webhook sender and the expression engine have all run). Then it asks Tomcat's own leak
# detection (/manager/text/findleaks, which runs a full GC first) and compares the JVM's live threads with
# those before the first deployment, once further collections have let threads that end after one settle.
#
# Fails when findleaks names a Rocket context, when a thread started by Rocket (or its libraries) is still
# alive, when the live thread count grew by more than THREAD_SLACK, or when Tomcat's log reports a thread,
# ThreadLocal or JDBC driver that Rocket left behind on undeploy.
#
# Needs: Java 17 (jcmd), Maven, curl, unzip, psql; PostgreSQL on PGHOST_PORT (user postgres, trust auth).
# Settings (environment):
#   PORT          Tomcat's HTTP port (default 8600)
#   CYCLES        deploy/undeploy cycles (default 10)
#   PGHOST_PORT   PostgreSQL (default 127.0.0.1:5432)
#   THREAD_SLACK  live threads the count may grow by (Tomcat's own pools; default 2)
#   SETTLE_GCS    collections (jcmd GC.run, 2 s apart) the count may take to settle first (default 10)
#   WAR           the WAR under test (default target/rocket.war; build it first)
#   DB            its management database, dropped and created (default rocket_redeploy)
set -euo pipefail

ROOT="$(git rev-parse --show-toplevel)"
cd "$ROOT"
PORT="${PORT:-8600}"
CYCLES="${CYCLES:-10}"
PGHOST_PORT="${PGHOST_PORT:-127.0.0.1:5432}"
PG_HOST="${PGHOST_PORT%:*}"
PG_PORT="${PGHOST_PORT##*:}"
THREAD_SLACK="${THREAD_SLACK:-2}"
WAR="${WAR:-$ROOT/target/rocket.war}"
TOMCAT_VERSION="$(sed -n 's/^TOMCAT10_VERSION=//p' .ci/server-matrix.sh)"
SERVERS_DIR="$ROOT/target/servers"
LOG_DIR="$ROOT/target/ci-logs/redeploy"
BASE="$SERVERS_DIR/base-redeploy-tomcat"
DB="${DB:-rocket_redeploy}"
MANAGER="http://rocket-ci:rocket-ci-secret@127.0.0.1:$PORT/manager/text"

log() { printf '\n=== [redeploy] %s\n' "$*"; }
psql_admin() { PGOPTIONS="-c client_min_messages=warning" psql -h "$PG_HOST" -p "$PG_PORT" -U postgres -d postgres -v ON_ERROR_STOP=1 -qAt "$@"; }
SERVER_PID=""
on_exit() {
    local rc=$?
    if [[ -n "$SERVER_PID" ]] && kill -0 "$SERVER_PID" 2>/dev/null; then
        kill -TERM "$SERVER_PID" 2>/dev/null || true
        for _ in $(seq 1 60); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 1; done
        kill -KILL "$SERVER_PID" 2>/dev/null || true
    fi
    if [[ $rc -eq 0 ]]; then log "OK"; else log "FAILED (exit $rc)"; fi
    exit $rc
}
trap on_exit EXIT

[[ -f "$WAR" ]] || { echo "[redeploy] $WAR not found: build it first (mvn -B package -DskipTests)" >&2; exit 1; }
mkdir -p "$LOG_DIR" "$SERVERS_DIR"
repo="${MAVEN_REPO:-$HOME/.m2/repository}"
zip="$repo/org/apache/tomcat/tomcat/$TOMCAT_VERSION/tomcat-$TOMCAT_VERSION.zip"
[[ -f "$zip" ]] || mvn -q -B dependency:get -Dartifact="org.apache.tomcat:tomcat:$TOMCAT_VERSION:zip" -Dtransitive=false
HOME_DIR="$SERVERS_DIR/apache-tomcat-$TOMCAT_VERSION"
[[ -d "$HOME_DIR" ]] || unzip -q -o "$zip" -d "$SERVERS_DIR"
chmod +x "$HOME_DIR"/bin/*.sh

rm -rf "$BASE"
mkdir -p "$BASE"/{conf,logs,temp,webapps,work,bin}
cp -r "$HOME_DIR/conf/." "$BASE/conf/"
cp -r "$HOME_DIR/webapps/manager" "$BASE/webapps/manager"
cat >"$BASE/conf/tomcat-users.xml" <<XML
<?xml version="1.0" encoding="UTF-8"?>
<tomcat-users xmlns="http://tomcat.apache.org/xml" version="1.0">
  <role rolename="manager-script"/>
  <user username="rocket-ci" password="rocket-ci-secret" roles="manager-script"/>
</tomcat-users>
XML
cat >"$BASE/conf/server.xml" <<XML
<?xml version="1.0" encoding="UTF-8"?>
<Server port="-1" shutdown="SHUTDOWN">
  <Listener className="org.apache.catalina.startup.VersionLoggerListener"/>
  <Listener className="org.apache.catalina.core.JreMemoryLeakPreventionListener"/>
  <Listener className="org.apache.catalina.core.ThreadLocalLeakPreventionListener"/>
  <GlobalNamingResources>
    <Resource name="UserDatabase" auth="Container" type="org.apache.catalina.UserDatabase"
              factory="org.apache.catalina.users.MemoryUserDatabaseFactory" pathname="conf/tomcat-users.xml"/>
  </GlobalNamingResources>
  <Service name="Catalina">
    <Connector port="$PORT" address="127.0.0.1" protocol="HTTP/1.1" connectionTimeout="20000" relaxedQueryChars="[]"/>
    <Engine name="Catalina" defaultHost="localhost">
      <Realm className="org.apache.catalina.realm.UserDatabaseRealm" resourceName="UserDatabase"/>
      <Host name="localhost" appBase="webapps" unpackWARs="true" autoDeploy="false"/>
    </Engine>
  </Service>
</Server>
XML
# the context of deploy/tomcat/context.xml, handed to the manager with each deployment
sed -e "s#jdbc:postgresql://db-host:5432/rocket#jdbc:postgresql://$PGHOST_PORT/$DB#" \
    -e 's#username="rocket"#username="postgres"#' -e 's#password="change-me"#password=""#' \
    deploy/tomcat/context.xml >"$BASE/rocket-context.xml"
cat >"$BASE/bin/setenv.sh" <<SH
CATALINA_OPTS="\$CATALINA_OPTS -Xms256m -Xmx768m"
export ROCKET_PLATFORM_JWT_SECRET=redeploy-secret-0123456789abcdef0123456789
SH
psql_admin -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" -c "CREATE DATABASE $DB"

log "Tomcat $TOMCAT_VERSION on 127.0.0.1:$PORT (log: $LOG_DIR/catalina.log)"
CATALINA_HOME="$HOME_DIR" CATALINA_BASE="$BASE" setsid "$HOME_DIR/bin/catalina.sh" run </dev/null >"$LOG_DIR/catalina.log" 2>&1 &
SERVER_PID=$!
until curl -sf -o /dev/null "$MANAGER/list"; do
    kill -0 "$SERVER_PID" 2>/dev/null || { tail -40 "$LOG_DIR/catalina.log"; exit 1; }
    sleep 1
done

numbered() { sed 's/[0-9]\+/N/g'; } # thread names with their numbers as N, so that pools compare by kind
threads() { jcmd "$SERVER_PID" Thread.print 2>/dev/null | sed -n 's/^"\([^"]*\)".*/\1/p' | numbered | sort; }
threads >"$LOG_DIR/threads-before.txt"
before=$(ls "/proc/$SERVER_PID/task" | wc -l)
log "live threads before the first deployment: $before"

api() { # method path [body] [token]
    curl -s -o /dev/null -w '%{http_code}' -X "$1" -H 'Content-Type: application/json' \
        ${4:+-H "Authorization: Bearer $4"} ${3:+-d "$3"} "http://127.0.0.1:$PORT/rocket$2"
}
for i in $(seq 1 "$CYCLES"); do
    t0=$(date +%s)
    out=$(curl -s "$MANAGER/deploy?path=/rocket&war=file:$WAR&config=file:$BASE/rocket-context.xml")
    [[ "$out" == OK* ]] || { echo "[redeploy] deploy $i: $out" >&2; tail -40 "$LOG_DIR/catalina.log"; exit 1; }
    until [[ "$(api GET /health)" == 200 ]]; do sleep 0.5; done
    token=$(curl -s -X POST -H 'Content-Type: application/json' -d '{"email":"platform@localhost","password":"changeme"}' \
        "http://127.0.0.1:$PORT/rocket/api/_platform/auth/login" | python3 -c 'import json,sys; d=json.load(sys.stdin); print((d.get("data") or d)["access_token"])')
    app="redeploy$i"
    [[ "$(api POST /api/_platform/apps "{\"name\":\"$app\"}" "$token")" == 201 ]] || { echo "[redeploy] app creation failed in cycle $i" >&2; exit 1; }
    [[ "$(api GET "/api/$app/_admin/entities" "" "$token")" == 200 ]] || { echo "[redeploy] app request failed in cycle $i" >&2; exit 1; }
    [[ "$(api DELETE "/api/_platform/apps/$app" "" "$token")" == 200 ]] || { echo "[redeploy] app deletion failed in cycle $i" >&2; exit 1; }
    out=$(curl -s "$MANAGER/undeploy?path=/rocket")
    [[ "$out" == OK* ]] || { echo "[redeploy] undeploy $i: $out" >&2; exit 1; }
    echo "cycle $i: deployed, served, undeployed in $(( $(date +%s) - t0 ))s; live threads $(ls "/proc/$SERVER_PID/task" | wc -l)"
done

sleep 5 # let pools that close asynchronously finish
leaks=$(curl -s "$MANAGER/findleaks?statusLine=true")
# Some threads end only after a garbage collection has found their owner unreachable: the PostgreSQL driver's
# cleaner (a java.lang.ref.Cleaner, one per deployment since the driver is in the WAR) ends when the driver's
# classes of an undeployed application have been collected, and that may take more than findleaks' one GC.
# A thread that is still alive after SETTLE_GCS more collections has been left behind for good.
after=$(ls "/proc/$SERVER_PID/task" | wc -l)
for gc in $(seq 1 "${SETTLE_GCS:-10}"); do
    (( after > before )) || break
    jcmd "$SERVER_PID" GC.run >/dev/null 2>&1 || true
    sleep 2
    after=$(ls "/proc/$SERVER_PID/task" | wc -l)
    echo "after GC $gc: live threads $after"
done
threads >"$LOG_DIR/threads-after.txt"
log "findleaks: $(echo "$leaks" | tr '\n' ' ')"
log "live threads: $before before the first deployment, $after after $CYCLES cycles"
new_threads=$(comm -13 "$LOG_DIR/threads-before.txt" "$LOG_DIR/threads-after.txt" | uniq -c || true)
[[ -z "$new_threads" ]] || { echo "threads alive now that were not before:"; echo "$new_threads"; }

failed=0
if ! grep -q '^OK - No memory leaks found' <<<"$leaks"; then
    echo "[redeploy] Tomcat reports leaking contexts" >&2; failed=1
fi
if grep -Eiq 'rocket|quartz|hikari|pgjdbc|postgres|rhino|webhook|Timer-' <<<"$new_threads"; then
    echo "[redeploy] threads of Rocket or its libraries outlived the undeployment" >&2; failed=1
fi
if (( after > before + THREAD_SLACK )); then
    echo "[redeploy] live threads grew from $before to $after" >&2; failed=1
fi
# Tomcat looks for the application's threads right after the context stopped, and names every thread still
# alive at that instant, one that is ending included: a pool the container itself closes just before
# (closeMethod="close" of the JNDI resource) may still be leaving its last thread's run loop. Such a warning
# counts when that thread is still alive now. Tomcat's own utility thread runs each context's background
# processing with that context's class loader as its context class loader; an undeployment that meets it
# there names it too ("Catalina-utility-N"): it is not the application's.
left_behind=""
while IFS= read -r line; do
    [[ -n "$line" ]] || continue
    name=$(sed -n 's/.*started a thread named \[\([^]]*\)\] but has failed to stop it.*/\1/p' <<<"$line")
    if [[ -n "$name" ]]; then
        [[ "$name" =~ ^Catalina-utility-[0-9]+$ ]] && continue
        grep -qxF "$(numbered <<<"$name")" "$LOG_DIR/threads-after.txt" || continue
    fi
    left_behind+="$line"$'\n'
done < <(grep -E 'failed to stop it|has failed to unregister|ThreadLocal with key|forcibly unregistered|memory leak' \
    "$LOG_DIR/catalina.log" || true)
if [[ -n "$left_behind" ]]; then
    head -20 <<<"$left_behind"
    echo "[redeploy] Tomcat reported what the web application left behind (above)" >&2; failed=1
fi
psql_admin -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)"
exit $failed
