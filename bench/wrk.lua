-- The wrk side of harness.py: one request shape (BENCH_METHOD, BENCH_PATH,
-- BENCH_HEADERS as "Name: value" lines) with its bodies (BENCH_BODIES, one a
-- line, sent in turn: a sequence, in order when each thread has one
-- connection), where BENCHN becomes a value unique in the run (the same for
-- the bodies of one sequence); an answer is an error unless it is 200 and
-- holds BENCH_EXPECT. done() prints one JSON line for the harness.
local method = os.getenv("BENCH_METHOD")
local path = os.getenv("BENCH_PATH")
local bodies = {}
for body in ((os.getenv("BENCH_BODIES") or "") .. "\n"):gmatch("([^\n]*)\n") do
  table.insert(bodies, body)
end
local expect = os.getenv("BENCH_EXPECT") or ""
local prefix = os.getenv("BENCH_PREFIX") or "0"
local headers = {}
for line in (os.getenv("BENCH_HEADERS") or ""):gmatch("[^\n]+") do
  local name, value = line:match("^([^:]+):%s*(.*)$")
  headers[name] = value
end

local threads = {}
local counter = 1
local step = 0
errors = 0
first_error = ""

function setup(thread)
  table.insert(threads, thread)
  thread:set("id", #threads)
end

-- One body: a new value per request (a thread's connections share the state).
-- A sequence: the next body once the previous one is answered, as wrk may
-- call request() once more than it sends.
function request()
  if #bodies == 1 then
    counter = counter + 1
  end
  local n = prefix .. "x" .. id .. "x" .. counter
  return wrk.format(method, path, headers, (bodies[step + 1]:gsub("BENCHN", n)))
end

function response(status, _, answer)
  if #bodies > 1 then
    step = (step + 1) % #bodies
    if step == 0 then
      counter = counter + 1
    end
  end
  if status ~= 200 or (expect ~= "" and not answer:find(expect, 1, true)) then
    errors = errors + 1
    if first_error == "" then
      first_error = "HTTP " .. status .. ": " .. answer:sub(1, 200)
    end
  end
end

function done(summary, latency, _)
  local wrong, first = 0, ""
  for _, thread in ipairs(threads) do
    wrong = wrong + thread:get("errors")
    if first == "" then
      first = thread:get("first_error")
    end
  end
  local failed = summary.errors.connect + summary.errors.read + summary.errors.write
    + summary.errors.timeout
  io.write(string.format(
    '{"requests": %d, "seconds": %f, "errors": %d, "p50_ms": %f, "p99_ms": %f}\n',
    summary.requests, summary.duration / 1e6, wrong + failed,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000))
  if first ~= "" then
    io.write(first:gsub("\n", " "), "\n")
  end
end
