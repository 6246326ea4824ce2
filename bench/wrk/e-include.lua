-- W1 (e): GET /api/{app}/item?per_page=25&include=tags
local dir = (debug.getinfo(1, "S").source:sub(2):match("^(.*/)")) or "./"
local c = dofile(dir .. "common.lua")
wrk.method = "GET"
wrk.path = "/api/" .. c.app .. "/item?per_page=25&include=tags"
wrk.headers = c.headers()
c.install()
