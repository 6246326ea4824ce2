-- W1 (c): GET /api/{app}/item?filter[price.gte]=50&sort=-created_at&per_page=25
-- Raw brackets on purpose (the Tomcat connector has relaxedQueryChars="[]").
local dir = (debug.getinfo(1, "S").source:sub(2):match("^(.*/)")) or "./"
local c = dofile(dir .. "common.lua")
wrk.method = "GET"
wrk.path = "/api/" .. c.app .. "/item?filter[price.gte]=50&sort=-created_at&per_page=25"
wrk.headers = c.headers()
c.install()
