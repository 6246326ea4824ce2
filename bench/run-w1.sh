#!/usr/bin/env bash
# W1 benchmark: setup (unless --skip-setup), then every W1 scenario through wrk, then a markdown table.
#
#   bench/run-w1.sh [--base-url URL] [--app NAME] [--config FILE] [--skip-setup]
#
# Environment:
#   DURATION=15s      wrk duration per scenario
#   CONNS=32          connections for every scenario except (f)
#   CONNS_NESTED=64   connections for (f) nested create
#   THREADS=2         wrk threads
#   WARMUP=3s         unrecorded wrk run of the same scenario before each measured one (0 = none)
#   SERVER_WARMUP=30s unrecorded run of each read scenario (a, b, c, e) before the first measurement, so
#                     the measured runs see JIT-compiled code, not a cold JVM (0 = none)
#   TIMEOUT=2s        wrk request timeout; a response slower than this counts as a socket error
#   SERVER_PID=...    PID of the Tomcat JVM; its RSS is recorded after each scenario and its peak
#                     sampled every second (auto-detected from the listening port when omitted and
#                     the server is local)
#   RESULTS_DIR=...   where raw wrk output and the table go (default bench/results/<timestamp>)
#
# Exit status: 0 when every scenario ran with zero non-2xx responses and zero socket errors, else 1.
# Targets are reported (column "target") but do not change the exit status: they are only meaningful
# on a quiet machine.
set -euo pipefail

BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
BASE_URL="http://127.0.0.1:8080"
APP="benchw1"
CONFIG="$BENCH_DIR/.w1.json"
SKIP_SETUP=0
SETUP_ARGS=()

while [ $# -gt 0 ]; do
  case "$1" in
    --base-url) BASE_URL="$2"; shift 2 ;;
    --base-url=*) BASE_URL="${1#*=}"; shift ;;
    --app) APP="$2"; shift 2 ;;
    --app=*) APP="${1#*=}"; shift ;;
    --config) CONFIG="$2"; shift 2 ;;
    --config=*) CONFIG="${1#*=}"; shift ;;
    --skip-setup) SKIP_SETUP=1; shift ;;
    --items) SETUP_ARGS+=(--items "$2"); shift 2 ;;
    -h|--help) sed -n '2,20p' "$0"; exit 0 ;;
    *) echo "run-w1: unknown argument: $1" >&2; exit 2 ;;
  esac
done
BASE_URL="${BASE_URL%/}"

DURATION="${DURATION:-15s}"
CONNS="${CONNS:-32}"
CONNS_NESTED="${CONNS_NESTED:-64}"
THREADS="${THREADS:-2}"
WARMUP="${WARMUP:-3s}"
SERVER_WARMUP="${SERVER_WARMUP:-30s}"
TIMEOUT="${TIMEOUT:-2s}"
RESULTS_DIR="${RESULTS_DIR:-$BENCH_DIR/results/$(date +%Y%m%d-%H%M%S)}"

if ! command -v wrk >/dev/null 2>&1; then
  echo "run-w1: wrk not found; install it with: apt-get install -y wrk" >&2
  exit 2
fi
mkdir -p "$RESULTS_DIR"

if ! curl -fsS "$BASE_URL/health" >/dev/null 2>&1; then
  echo "run-w1: $BASE_URL/health does not answer; start the server first (see bench/README.md)" >&2
  exit 2
fi

# ---- setup
if [ "$SKIP_SETUP" = 0 ]; then
  python3 "$BENCH_DIR/w1-setup.py" --base-url "$BASE_URL" --app "$APP" --out "$CONFIG" "${SETUP_ARGS[@]}" \
    | tee "$RESULTS_DIR/setup.log"
else
  [ -f "$CONFIG" ] || { echo "run-w1: --skip-setup but no $CONFIG; run without --skip-setup once" >&2; exit 2; }
fi

cfg() { python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))[sys.argv[2]])' "$CONFIG" "$1"; }
CFG_BASE="$(cfg base_url)"
if [ "$CFG_BASE" != "$BASE_URL" ]; then
  echo "run-w1: $CONFIG was made for $CFG_BASE, not $BASE_URL (run without --skip-setup)" >&2
  exit 2
fi
export BENCH_APP; BENCH_APP="$(cfg app)"
export BENCH_ITEM_ID; BENCH_ITEM_ID="$(cfg item_id)"
export BENCH_RUN_ID; BENCH_RUN_ID="$(date +%s)"

# The read scenarios are meant to see exactly the loaded items; (d) and (f) add rows, so a
# --skip-setup run after a previous run reads a bigger table (COUNT(*) per list request grows).
python3 "$BENCH_DIR/w1-setup.py" --refresh-tokens --out "$CONFIG" >/dev/null
LIVE_ITEMS="$(curl -fsS -H "Authorization: Bearer $(cfg admin_token)" "$BASE_URL/api/$BENCH_APP/item?per_page=1" \
  | python3 -c 'import json,sys; print(json.load(sys.stdin)["meta"]["total"])')"
if [ "$LIVE_ITEMS" != "$(cfg items)" ]; then
  echo "run-w1: WARNING: the app holds $LIVE_ITEMS items, not the $(cfg items) loaded by setup (earlier write" \
       "scenarios); read figures are not comparable with a fresh run — run without --skip-setup" >&2
fi

# ---- server process (RSS)
if [ -z "${SERVER_PID:-}" ]; then
  port="$(python3 -c 'import sys,urllib.parse as u; p=u.urlsplit(sys.argv[1]); print(p.port or (443 if p.scheme=="https" else 80))' "$BASE_URL")"
  host="$(python3 -c 'import sys,urllib.parse as u; print(u.urlsplit(sys.argv[1]).hostname)' "$BASE_URL")"
  case "$host" in
    127.0.0.1|localhost|::1)
      SERVER_PID="$(ss -ltnpH "sport = :$port" 2>/dev/null | grep -o 'pid=[0-9]*' | head -1 | cut -d= -f2 || true)" ;;
  esac
fi
rss_mib() {
  if [ -n "${SERVER_PID:-}" ] && [ -e "/proc/$SERVER_PID" ]; then
    awk '{printf "%.0f", $1/1024}' <<<"$(ps -o rss= -p "$SERVER_PID")"
  else
    echo "-"
  fi
}
SAMPLER_PID=""
cleanup() { if [ -n "$SAMPLER_PID" ]; then kill "$SAMPLER_PID" 2>/dev/null || true; fi; }
trap cleanup EXIT
RSS_START="$(rss_mib)"
if [ -n "${SERVER_PID:-}" ] && [ -e "/proc/$SERVER_PID" ]; then
  ( while [ -e "/proc/$SERVER_PID" ]; do ps -o rss= -p "$SERVER_PID" >>"$RESULTS_DIR/rss.samples" || true; sleep 1; done ) &
  SAMPLER_PID=$!
fi

# ---- scenarios: id | script | token (admin/reader) | connections | req/s target
SCENARIOS=(
  "a|a-list.lua|admin|$CONNS|1500|GET /item?per_page=25"
  "b|b-get.lua|admin|$CONNS|5000|GET /item/{id}"
  "c|c-filter-sort.lua|admin|$CONNS|800|GET /item?filter[price.gte]=50&sort=-created_at&per_page=25"
  "e|e-include.lua|admin|$CONNS|1500|GET /item?per_page=25&include=tags"
  "a-reader|a-list.lua|reader|$CONNS|-|(a) as reader (read permission with 1 condition)"
  "b-reader|b-get.lua|reader|$CONNS|-|(b) as reader (read permission with 1 condition)"
  "d|d-create.lua|admin|$CONNS|1500|POST /item (small body)"
  "f|f-create-nested.lua|admin|$CONNS_NESTED|-|POST /item with 3 nested tags"
)

echo "run-w1: $BASE_URL app=$BENCH_APP items=$LIVE_ITEMS duration=$DURATION conns=$CONNS/$CONNS_NESTED threads=$THREADS warmup=$WARMUP timeout=$TIMEOUT"
echo "run-w1: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg), server pid ${SERVER_PID:-unknown}, RSS ${RSS_START} MiB"
echo "run-w1: raw output in $RESULTS_DIR"

if [ "$SERVER_WARMUP" != "0" ]; then
  python3 "$BENCH_DIR/w1-setup.py" --refresh-tokens --out "$CONFIG" >/dev/null
  export BENCH_TOKEN; BENCH_TOKEN="$(cfg admin_token)"
  for script in a-list.lua b-get.lua c-filter-sort.lua e-include.lua; do
    echo "run-w1: server warm-up: $script for $SERVER_WARMUP (not recorded)"
    BENCH_LABEL=warmup wrk -t"$THREADS" -c"$CONNS" -d"$SERVER_WARMUP" --timeout "$TIMEOUT" -s "$BENCH_DIR/wrk/$script" "$BASE_URL" \
      >>"$RESULTS_DIR/server-warmup.txt" 2>&1 || true
  done
fi

ROWS=()
FAILED=0
for sc in "${SCENARIOS[@]}"; do
  IFS='|' read -r id script who conns target desc <<<"$sc"
  # access tokens live 15 minutes: log in again before every scenario
  python3 "$BENCH_DIR/w1-setup.py" --refresh-tokens --out "$CONFIG" >/dev/null
  export BENCH_TOKEN; BENCH_TOKEN="$(cfg "${who}_token")"
  export BENCH_LABEL="$id"
  if [ "$WARMUP" != "0" ]; then
    wrk -t"$THREADS" -c"$conns" -d"$WARMUP" --timeout "$TIMEOUT" -s "$BENCH_DIR/wrk/$script" "$BASE_URL" >"$RESULTS_DIR/$id.warmup.txt" 2>&1 || true
  fi
  load="$(cut -d' ' -f1 /proc/loadavg)"
  echo "run-w1: ($id) $desc  [wrk -t$THREADS -c$conns -d$DURATION, load $load]"
  set +e
  wrk -t"$THREADS" -c"$conns" -d"$DURATION" --timeout "$TIMEOUT" --latency -s "$BENCH_DIR/wrk/$script" "$BASE_URL" >"$RESULTS_DIR/$id.txt" 2>&1
  rc=$?
  set -e
  line="$(grep '^BENCH_RESULT' "$RESULTS_DIR/$id.txt" || true)"
  if [ $rc -ne 0 ] || [ -z "$line" ]; then
    echo "run-w1: ($id) wrk failed (rc=$rc):" >&2
    tail -5 "$RESULTS_DIR/$id.txt" >&2
    ROWS+=("| $id | $desc | - | - | - | wrk failed | $(rss_mib) | FAIL |")
    FAILED=1
    continue
  fi
  kv() { sed -n "s/.* $1=\([^ ]*\).*/\1/p" <<<"$line"; }
  rps="$(kv rps)"; p50="$(kv p50_ms)"; p99="$(kv p99_ms)"; non2xx="$(kv non2xx)"
  timeouts="$(kv timeout)"
  sockerr=$(( $(kv connect) + $(kv read) + $(kv write) + timeouts ))
  errcell="$non2xx / $sockerr"
  if [ "$timeouts" != 0 ]; then errcell="$errcell ($timeouts timeouts > $TIMEOUT)"; fi
  if [ "$non2xx" != 0 ] || [ "$sockerr" != 0 ]; then
    FAILED=1
    echo "run-w1: ($id) $non2xx non-2xx responses, $sockerr socket errors:" >&2
    sed -n '/^BENCH_NON2XX_SAMPLES/,$p' "$RESULTS_DIR/$id.txt" | head -8 >&2
  fi
  verdict="$(python3 - "$rps" "$p99" "$target" "$non2xx" "$sockerr" <<'EOF'
import sys
rps, p99, target, non2xx, sockerr = float(sys.argv[1]), float(sys.argv[2]), sys.argv[3], int(sys.argv[4]), int(sys.argv[5])
miss = []
if target != "-" and rps < float(target):
    miss.append(f"<{int(target)}/s")
if p99 >= 50:
    miss.append("p99>=50ms")
if non2xx or sockerr:
    miss.append("errors")
want = (f"≥{int(target):,}/s, " if target != "-" else "") + "p99<50ms"
print(want + ": " + ("ok" if not miss else "MISS " + ",".join(miss)))
EOF
)"
  ROWS+=("| $id | $desc | $(printf '%.0f' "$rps") | ${p50} ms | ${p99} ms | $errcell | $(rss_mib) | $verdict |")
  echo "run-w1: ($id) $(printf '%.0f' "$rps") req/s  p50 ${p50} ms  p99 ${p99} ms  non-2xx $non2xx  socket errors $sockerr (timeouts $timeouts)"
done

RSS_PEAK="-"
if [ -s "$RESULTS_DIR/rss.samples" ]; then
  RSS_PEAK="$(sort -n "$RESULTS_DIR/rss.samples" | tail -1 | awk '{printf "%.0f", $1/1024}')"
fi

{
  echo
  echo "### W1 — $(date -u +%Y-%m-%dT%H:%MZ), $BASE_URL, wrk -t$THREADS -c$CONNS (f: -c$CONNS_NESTED) -d$DURATION, $(nproc) cores"
  echo
  echo "| scenario | request | req/s | p50 | p99 | non-2xx / socket errors | RSS after (MiB) | target |"
  echo "|---|---|---:|---:|---:|---:|---:|---|"
  printf '%s\n' "${ROWS[@]}"
  echo
  echo "Server JVM RSS: ${RSS_START} MiB before the scenarios, ${RSS_PEAK} MiB peak (pid ${SERVER_PID:-unknown})."
  echo "Load average at the end: $(cut -d' ' -f1-3 /proc/loadavg). Figures are only meaningful on a quiet machine."
} | tee "$RESULTS_DIR/summary.md"

exit $FAILED
