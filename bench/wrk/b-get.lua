-- W1 (b): GET /api/{app}/item/{id}
local dir = (debug.getinfo(1, "S").source:sub(2):match("^(.*/)")) or "./"
local c = dofile(dir .. "common.lua")
wrk.method = "GET"
wrk.path = "/api/" .. c.app .. "/item/" .. c.env("BENCH_ITEM_ID")
wrk.headers = c.headers()
c.install()
