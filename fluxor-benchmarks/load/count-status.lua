-- wrk script: counts responses by status code across all threads and prints "status CODE COUNT"
-- lines when the run is done (wrk itself only reports "Non-2xx or 3xx responses").
-- The think time (WRK_THINK_MS) is think-time.lua's, beside this script.
dofile((debug.getinfo(1, "S").source:match("^@(.*[/\\])") or "./") .. "think-time.lua")

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
