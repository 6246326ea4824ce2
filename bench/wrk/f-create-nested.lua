-- W1 (f): POST /api/{app}/item with 3 nested tags (one_to_many relation `tags`); names unique per request.
local dir = (debug.getinfo(1, "S").source:sub(2):match("^(.*/)")) or "./"
local c = dofile(dir .. "common.lua")
local path = "/api/" .. c.app .. "/item"
local headers = c.headers({ ["Content-Type"] = "application/json" })
local run = c.env("BENCH_RUN_ID", tostring(os.time()))
local n = 0
c.install()

function request()
  n = n + 1
  local id = string.format("f-%s-%d-%d", run, thread_id or 0, n)
  local body = string.format(
    '{"name":"%s","price":%d.%02d,"qty":%d,"category":"c%d",' ..
    '"tags":{"data":[{"label":"%s-1"},{"label":"%s-2"},{"label":"%s-3"}]}}',
    id, n % 100, n % 97, n % 50, n % 10, id, id, id)
  return wrk.format("POST", path, headers, body)
end
