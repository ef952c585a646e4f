-- wrk script: WRK_THINK_MS > 0 makes each connection wait that long before each request, so that
-- the offered rate is about connections / (think time + latency) instead of as fast as the server
-- answers. It has no response() function, so wrk hands no response to Lua (count-status.lua does,
-- to count statuses on the client side, which costs wrk CPU on every response).
local think = tonumber(os.getenv("WRK_THINK_MS") or "0")
if think > 0 then
	function delay()
		return think
	end
end
