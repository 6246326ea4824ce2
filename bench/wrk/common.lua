-- Shared helpers for the W1 wrk scenarios (wrk 4.x, LuaJIT).
--
-- Configuration comes from environment variables (bench/run-w1.sh sets them from bench/.w1.json):
--   BENCH_APP      app name                         (default benchw1)
--   BENCH_TOKEN    bearer token (admin or reader)   (required)
--   BENCH_ITEM_ID  id of an existing item           (scenario b)
--   BENCH_LABEL    free text printed in the result line (e.g. "a-reader")
--
-- Every scenario counts ALL responses outside 2xx itself (wrk's own "Non-2xx or 3xx responses"
-- only counts statuses > 399) and prints, in done(), one machine-readable line:
--   BENCH_RESULT label=.. requests=.. rps=.. p50_ms=.. p99_ms=.. non2xx=.. connect=.. read=.. write=.. timeout=..
-- plus the first few non-2xx responses (status + body excerpt) for diagnosis.

local M = {}

local function env(name, default)
  local v = os.getenv(name)
  if v == nil or v == "" then
    if default == nil then
      io.stderr:write("wrk script: environment variable " .. name .. " is required\n")
      os.exit(2)
    end
    return default
  end
  return v
end
M.env = env

M.app = env("BENCH_APP", "benchw1")
M.token = env("BENCH_TOKEN")
M.label = env("BENCH_LABEL", "w1")

function M.headers(extra)
  local h = { ["Authorization"] = "Bearer " .. M.token, ["Accept"] = "application/json" }
  for k, v in pairs(extra or {}) do h[k] = v end
  return h
end

-- Installs setup/init/response/done as globals. `opts.init(thread_id)` may add per-thread state.
function M.install(opts)
  opts = opts or {}
  local threads = {}

  _G.setup = function(thread)
    table.insert(threads, thread)
    thread:set("thread_id", #threads)
  end

  _G.init = function(args)
    non2xx = 0
    samples = ""        -- first few non-2xx responses of this thread, newline separated
    nsamples = 0
    if opts.init then opts.init(thread_id or 0) end
  end

  _G.response = function(status, headers, body)
    if status < 200 or status > 299 then
      non2xx = non2xx + 1
      if nsamples < 3 then
        nsamples = nsamples + 1
        local b = (body or ""):gsub("[\r\n]+", " ")
        samples = samples .. "  HTTP " .. status .. " " .. b:sub(1, 300) .. "\n"
      end
    end
  end

  _G.done = function(summary, latency, requests)
    local bad, text = 0, ""
    for _, t in ipairs(threads) do
      bad = bad + (tonumber(t:get("non2xx")) or 0)
      local s = t:get("samples")
      if s and s ~= "" and #text < 2000 then text = text .. s end
    end
    local e = summary.errors
    local secs = summary.duration / 1e6
    io.write(string.format(
      "BENCH_RESULT label=%s requests=%d rps=%.1f p50_ms=%.2f p90_ms=%.2f p99_ms=%.2f max_ms=%.2f " ..
      "non2xx=%d connect=%d read=%d write=%d timeout=%d status_gt399=%d\n",
      M.label, summary.requests, summary.requests / secs,
      latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000,
      latency.max / 1000, bad, e.connect, e.read, e.write, e.timeout, e.status))
    if text ~= "" then
      io.write("BENCH_NON2XX_SAMPLES (first per thread):\n" .. text)
    end
  end
end

return M
