-- wrk script for `make bench`: requests come from a file of "<path>\t<cookie>" lines (one per user, or
-- one line for a single page), taken in turn, so a page can be measured across many users. At the end
-- it prints one machine-readable line with throughput and latency percentiles (microseconds).
local requests_list = {}
local position = 0

init = function(args)
  for line in io.lines(args[1]) do
    local path, cookie = line:match("^([^\t]*)\t?(.*)$")
    local headers = {}
    if cookie ~= nil and cookie ~= "" then
      headers["Cookie"] = cookie
    end
    headers["Host"] = wrk.host .. ":" .. wrk.port
    table.insert(requests_list, wrk.format("GET", path, headers))
  end
  position = math.random(#requests_list)
end

request = function()
  position = position % #requests_list + 1
  return requests_list[position]
end

done = function(summary, latency, requests)
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write
    + summary.errors.timeout
  io.write(string.format(
    "BENCH requests=%d duration_us=%d p50=%d p95=%d p99=%d max=%d status_errors=%d socket_errors=%d\n",
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(95),
    latency:percentile(99), latency.max, summary.errors.status, errors))
end
