-- wrk script: replays prepared requests from a file, one a line:
--   METHOD <TAB> PATH <TAB> AUTH <TAB> BODY
-- AUTH is "cookie:TOKEN" (pages), "bearer:TOKEN" (JSON API) or empty.
-- Arguments: FILE [MODE [THREADS]]; MODE "cycle" (default) repeats the file,
-- MODE "once" sends every line once (writes: each cell with the version it
-- has), then only GET /healthz, counted as EXTRA. Thread k sends lines k, k+T, k+2T, ...
-- done() prints the responses by status class.

local threads = {}
local counter = 0

function setup(thread)
  thread:set("tid", counter)
  counter = counter + 1
  table.insert(threads, thread)
end

function init(args)
  local file = args[1]
  mode = args[2] or "cycle"
  nthreads = tonumber(args[3] or "1")
  reqs = {}
  for line in io.lines(file) do
    local m, p, a, b = line:match("^([^\t]*)\t([^\t]*)\t([^\t]*)\t?(.*)$")
    if m then
      local headers = {}
      if a:sub(1, 7) == "cookie:" then
        headers["Cookie"] = "zhurnal_session=" .. a:sub(8)
      elseif a:sub(1, 7) == "bearer:" then
        headers["Authorization"] = "Bearer " .. a:sub(8)
      end
      local body = nil
      if b ~= nil and b ~= "" then
        headers["Content-Type"] = "application/json"
        body = b
      end
      reqs[#reqs + 1] = wrk.format(m, p, headers, body)
    end
  end
  idx = tid
  s2, s3, s4, s5 = 0, 0, 0, 0
  extra = 0
  idle = wrk.format("GET", "/healthz")
end

function request()
  if idx >= #reqs then
    if mode == "once" then
      -- Every line was sent: cheap requests until the run ends (wrk drops
      -- the answers in flight of a stopped thread), counted apart.
      extra = extra + 1
      return idle
    end
    idx = tid
  end
  local r = reqs[idx + 1]
  idx = idx + nthreads
  return r
end

function response(status, headers, body)
  if status < 300 then
    s2 = s2 + 1
  elseif status < 400 then
    s3 = s3 + 1
  elseif status < 500 then
    s4 = s4 + 1
  else
    s5 = s5 + 1
  end
end

function done(summary, latency, requests)
  local t2, t3, t4, t5, ex = 0, 0, 0, 0, 0
  for _, t in ipairs(threads) do
    ex = ex + t:get("extra")
    t2 = t2 + t:get("s2")
    t3 = t3 + t:get("s3")
    t4 = t4 + t:get("s4")
    t5 = t5 + t:get("s5")
  end
  io.write(string.format("STATUS 2xx=%d 3xx=%d 4xx=%d 5xx=%d\n", t2, t3, t4, t5))
  io.write(string.format("EXTRA %d\n", ex))
  io.write(string.format("LAT p50=%.2f p90=%.2f p99=%.2f max=%.2f\n",
    latency:percentile(50) / 1000, latency:percentile(90) / 1000,
    latency:percentile(99) / 1000, latency.max / 1000))
  io.write(string.format("REQ total=%d duration_us=%d\n", summary.requests, summary.duration))
end
