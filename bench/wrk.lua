-- The wrk side of harness.py: one request shape (BENCH_METHOD, BENCH_PATH,
-- BENCH_HEADERS as "Name: value" lines, BENCH_BODY), where BENCHN becomes a
-- value unique in the run; an answer is an error unless it is 200 and holds
-- BENCH_EXPECT. done() prints one JSON line for the harness.
local method = os.getenv("BENCH_METHOD")
local path = os.getenv("BENCH_PATH")
local body = os.getenv("BENCH_BODY") or ""
local expect = os.getenv("BENCH_EXPECT") or ""
local prefix = os.getenv("BENCH_PREFIX") or "0"
local headers = {}
for line in (os.getenv("BENCH_HEADERS") or ""):gmatch("[^\n]+") do
  local name, value = line:match("^([^:]+):%s*(.*)$")
  headers[name] = value
end

local threads = {}
local counter = 0
errors = 0

function setup(thread)
  table.insert(threads, thread)
  thread:set("id", #threads)
end

function request()
  counter = counter + 1
  local n = prefix .. "x" .. id .. "x" .. counter
  return wrk.format(method, path, headers, (body:gsub("BENCHN", n)))
end

function response(status, _, answer)
  if status ~= 200 or (expect ~= "" and not answer:find(expect, 1, true)) then
    errors = errors + 1
  end
end

function done(summary, latency, _)
  local wrong = 0
  for _, thread in ipairs(threads) do
    wrong = wrong + thread:get("errors")
  end
  local failed = summary.errors.connect + summary.errors.read + summary.errors.write
    + summary.errors.timeout
  io.write(string.format(
    '{"requests": %d, "seconds": %f, "errors": %d, "p50_ms": %f, "p99_ms": %f}\n',
    summary.requests, summary.duration / 1e6, wrong + failed,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end
