-- W1 (d): POST /api/{app}/item with a small JSON body; names unique per request
-- (run id + thread id + per-thread counter).
local dir = (debug.getinfo(1, "S").source:sub(2):match("^(.*/)")) or "./"
local c = dofile(dir .. "common.lua")
local path = "/api/" .. c.app .. "/item"
local headers = c.headers({ ["Content-Type"] = "application/json" })
local run = c.env("BENCH_RUN_ID", tostring(os.time()))
local n = 0
c.install()

function request()
  n = n + 1
  local body = string.format(
    '{"name":"d-%s-%d-%d","price":%d.%02d,"qty":%d,"category":"c%d"}',
    run, thread_id or 0, n, n % 100, n % 97, n % 50, n % 10)
  return wrk.format("POST", path, headers, body)
end
