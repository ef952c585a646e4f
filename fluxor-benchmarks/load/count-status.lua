-- wrk script: counts responses by status code across all threads and prints "status CODE COUNT"
-- lines when the run is done (wrk itself only reports "Non-2xx or 3xx responses").
-- WRK_THINK_MS > 0 makes each connection wait that long before each request, so that the offered
-- rate is about connections / (think time + latency) instead of as fast as the server answers.
local think = tonumber(os.getenv("WRK_THINK_MS") or "0")
if think > 0 then
	function delay()
		return think
	end
end

local threads = {}

function setup(thread)
	table.insert(threads, thread)
end

function init(args)
	statuses = {}
end

function response(status, headers, body)
	statuses[status] = (statuses[status] or 0) + 1
end

function done(summary, latency, requests)
	local total = {}
	for _, thread in ipairs(threads) do
		local counted = thread:get("statuses")
		for code, count in pairs(counted) do
			total[code] = (total[code] or 0) + count
		end
	end
	for code, count in pairs(total) do
		io.write(string.format("status %d %d\n", code, count))
	end
end
