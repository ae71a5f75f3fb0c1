-- wrk script for bench/viral.py and bench/surge.py: one file, a mode per run.
--
--   wrk ... -s deiseb.lua URL -- MODE FILE [TOKEN RUN THREADS]
--
-- MODE is one of
--   get      GET a path picked at random from FILE (one path a line)
--   sign     POST the sign form to a path picked from FILE, a new email each time; TOKEN is
--            the CSRF form token (the cookie comes in a -H header), RUN makes emails unique
--   confirm  POST each confirmation path of FILE once, split between the threads; a thread
--            that has used its share stops
--   mix      FILE lines are "WEIGHT PATH" (GET) or "WEIGHT sign PATH" (POST as in sign): each
--            request is picked by weight
-- Every request carries X-Forwarded-For with an address of its own: signers come from many
-- addresses, and the per-address signing rates would otherwise mark them fraudulent.
-- done() prints one line, "DEISEB {json}", that the Python side reads: requests, duration,
-- latency percentiles and the status codes every thread saw.

-- DEISEB_PACE_MS: each connection waits that long between requests (bench/surge.py's
-- readers). Defined at the top so that wrk's main state sees it too, and only when asked for.
local pace = tonumber(os.getenv("DEISEB_PACE_MS") or "")
if pace and pace > 0 then
  function delay()
    return pace
  end
end

local threads = {}
local thread_count = 0
-- wrk.format() with a table of headers sends only those, not the -H ones: init() copies them.
local form_headers, get_headers = {}, {}

function setup(thread)
  thread_count = thread_count + 1
  thread:set("id", thread_count)
  table.insert(threads, thread)
end

local function urlencode(s)
  return (string.gsub(s, "[^%w%-%._~]", function(c)
    return string.format("%%%02X", string.byte(c))
  end))
end

-- Names are letters only: the name field refuses nothing here, but digits look like spam.
local function letters(n)
  local out = ""
  repeat
    out = string.char(97 + n % 26) .. out
    n = math.floor(n / 26)
  until n == 0
  return out
end

-- args[5] is wrk's -t: confirm mode splits FILE between the threads, and init() is not told.
function init(args)
  mode = args[1]
  thread_count_hint = tonumber(args[5] or "1")
  token = args[3] or ""
  run = args[4] or "run"
  n = 0
  salt = 0
  for i = 1, #run do
    salt = (salt * 31 + string.byte(run, i)) % 65536
  end
  statuses = {}
  math.randomseed(id * 7919 + os.time())
  entries, weights, total_weight = {}, {}, 0
  local i = 0
  for line in io.lines(args[2]) do
    if line ~= "" then
      i = i + 1
      if mode == "mix" then
        local weight, rest = string.match(line, "^(%d+)%s+(.+)$")
        local kind, path = string.match(rest, "^(sign)%s+(.+)$")
        total_weight = total_weight + tonumber(weight)
        table.insert(weights, total_weight)
        table.insert(entries, { kind = kind or "get", path = path or rest })
      elseif mode ~= "confirm" or (i - 1) % thread_count_hint == id - 1 then
        table.insert(entries, line)
      end
    end
  end
  next_confirm = 1
  for name, value in pairs(wrk.headers) do
    form_headers[name], get_headers[name] = value, value
  end
  form_headers["Content-Type"] = "application/x-www-form-urlencoded"
end


-- An IPv6 address of its own per request, per thread and per run: the signing rates allow
-- one signature a minute per address on a petition, and a later run must not reuse the last's.
local function address()
  return string.format("fd00:%x:%x:%x:%x::1", salt, id, math.floor(n / 65536) % 65536, n % 65536)
end

local function sign_request(path)
  local email = string.format("%s-%d-%d@example.com", run, id, n)
  local body = "csrfmiddlewaretoken=" .. token
    .. "&name=" .. urlencode("Signer " .. letters(id) .. " " .. letters(n))
    .. "&email=" .. urlencode(email)
    .. "&country=FR&postcode="
  form_headers["X-Forwarded-For"] = address()
  return wrk.format("POST", path, form_headers, body)
end

function request()
  n = n + 1
  if mode == "get" then
    get_headers["X-Forwarded-For"] = address()
    return wrk.format("GET", entries[math.random(#entries)], get_headers)
  elseif mode == "sign" then
    return sign_request(entries[math.random(#entries)])
  elseif mode == "confirm" then
    local path = entries[next_confirm]
    if path == nil then
      wrk.thread:stop()
      path = entries[#entries] or "/health/"
    end
    next_confirm = next_confirm + 1
    form_headers["X-Forwarded-For"] = address()
    return wrk.format("POST", path, form_headers, "csrfmiddlewaretoken=" .. token)
  else
    local pick = math.random() * total_weight
    local lo, hi = 1, #weights
    while lo < hi do
      local mid = math.floor((lo + hi) / 2)
      if weights[mid] < pick then lo = mid + 1 else hi = mid end
    end
    local entry = entries[lo]
    if entry.kind == "sign" then
      return sign_request(entry.path)
    end
    get_headers["X-Forwarded-For"] = address()
    return wrk.format("GET", entry.path, get_headers)
  end
end

function response(status, headers, body)
  local key = tostring(status)
  statuses[key] = (statuses[key] or 0) + 1
  if mode == "confirm" and next_confirm > #entries + 1 then
    wrk.thread:stop()
  end
end

function done(summary, latency, requests)
  local total = {}
  for _, thread in ipairs(threads) do
    local seen = thread:get("statuses")
    for key, count in pairs(seen or {}) do
      total[key] = (total[key] or 0) + count
    end
  end
  local parts = {}
  for key, count in pairs(total) do
    table.insert(parts, string.format('"%s": %d', key, count))
  end
  local e = summary.errors
  io.write(string.format(
    'DEISEB {"requests": %d, "duration_us": %d, "mean_us": %.1f, "p50_us": %d, '
      .. '"p90_us": %d, "p99_us": %d, "max_us": %d, "errors": {"connect": %d, "read": %d, '
      .. '"write": %d, "status": %d, "timeout": %d}, "statuses": {%s}}\n',
    summary.requests, summary.duration, latency.mean, latency:percentile(50),
    latency:percentile(90), latency:percentile(99), latency.max,
    e.connect, e.read, e.write, e.status, e.timeout, table.concat(parts, ", ")))
end
