-- W1 (a): GET /api/{app}/item?per_page=25
local dir = (debug.getinfo(1, "S").source:sub(2):match("^(.*/)")) or "./"
local c = dofile(dir .. "common.lua")
wrk.method = "GET"
wrk.path = "/api/" .. c.app .. "/item?per_page=25"
wrk.headers = c.headers()
c.install()
