#!/usr/bin/env bash
# 1,000,000-row entity: list with count=estimated, a keyset page deep in the table, and (for contrast)
# count=exact and an offset page at the same depth. wrk -t1 -c1 10 s each: mean latency = time per request.
set -euo pipefail
B=${1:-http://127.0.0.1:18320}
APP=${2:-perfbig}
T=$(curl -s -XPOST $B/api/_platform/auth/login -H 'Content-Type: application/json' -d '{"email":"platform@localhost","password":"changeme"}' | python3 -c 'import json,sys;print(json.load(sys.stdin)["data"]["access_token"])')
if ! curl -sf "$B/api/$APP/item?per_page=1" -H "Authorization: Bearer $T" >/dev/null; then
  curl -s -XPOST $B/api/_platform/apps -H "Authorization: Bearer $T" -H 'Content-Type: application/json' -d "{\"name\":\"$APP\"}" >/dev/null
  curl -s -XPOST $B/api/$APP/_admin/entities -H "Authorization: Bearer $T" -H 'Content-Type: application/json' -d '{"name":"item","table":"items","soft_delete":false,"primary_key":{"field":"id","type":"uuid","generated":true},"fields":[{"name":"id","type":"uuid"},{"name":"name","type":"string","required":true},{"name":"price","type":"decimal","precision":2},{"name":"qty","type":"int"},{"name":"category","type":"string"},{"name":"created_at","type":"timestamp","auto":"create"}]}' >/dev/null
  psql -X -q -h 127.0.0.1 -U postgres rocket_$APP -c "INSERT INTO items (id,name,price,qty,category,created_at) SELECT md5('big-'||g)::uuid, 'item-'||g, round((1+random()*99)::numeric,2), 1+floor(random()*100)::int, 'c'||(g%5), now() - random()*interval '300 days' FROM generate_series(1,1000000) g" -c "VACUUM ANALYZE items"
fi
DEEP=$(psql -X -At -h 127.0.0.1 -U postgres rocket_$APP -c "SELECT id FROM items ORDER BY id OFFSET 900000 LIMIT 1")
CUR=$(python3 -c 'import base64,json,sys;print(base64.urlsafe_b64encode(json.dumps(["id",sys.argv[1]]).encode()).decode().rstrip("="))' "$DEEP")
cat > "${TMPDIR:-/tmp}/big-table-hdr.lua" <<LUA
wrk.headers["Authorization"] = "Bearer $T"
LUA
for q in "count=estimated&per_page=25" "count=estimated&per_page=25&after=$CUR" "per_page=25&after=$CUR&count=none" "per_page=25" "per_page=25&page=36000"; do
  out=$(wrk -t1 -c1 -d${DUR:-10}s --latency -s "${TMPDIR:-/tmp}/big-table-hdr.lua" "$B/api/$APP/item?$q" | grep -E "Latency|Requests/sec|Non-2xx" | tr -s ' ' | tr '\n' ' ')
  echo "$q :: $out"
done
