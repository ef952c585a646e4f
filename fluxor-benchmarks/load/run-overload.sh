#!/usr/bin/env bash
# Overload check of issue 2: the Fluxor sample app with fluxor.gateway.max-ccu=200 under 1000 wrk
# connections on GET /api/delay?ms=50, on 127.0.0.1.
#
# Phases: (1) unloaded: a sequential curl probe measures the accepted latency of /api/delay;
# (2) overload: wrk with 1000 connections for a bounded time while the same probe runs again and the
# used heap is sampled every second from /actuator/metrics/jvm.memory.used (management port);
# (3) idle: the app's CPU over 10 s with no traffic, from /proc/PID/stat.
# Goals: rejected (503) p99 < 5 ms; accepted p99 <= 2x the unloaded p99; no status other than 200
# and 503 and no socket error; heap < 256 MB; idle CPU < 2% of one core. The statuses are counted by
# the gateway (fluxor_http_requests_total of the route, before and after phase 2) and by the probe;
# wrk reports its socket errors (connect, read, write, timeout), so a request that got no answer
# at all is seen too. The gateway counts with 499 a request whose client went away before its
# answer: wrk closes its connections when its time is up, so up to one per connection is expected. With -s, wrk also counts statuses itself (count-status.lua), which costs it a
# Lua call per response: on two shared cores that CPU is taken from the gateway. Beside the probe, which
# measures what a client sees, the script reads the gateway's own latency histogram of the route
# (fluxor_http_request_duration_seconds, before and after phase 2): the time from the parsed request
# to its response written, by status, as an upper bucket bound, without the time a request waits in
# the kernel for a busy CPU.
#
# Usage: fluxor-benchmarks/load/run-overload.sh [-d SECONDS] [-c CONNECTIONS] [-n PROBES] [-m MAX_CCU] [-t THINK_MS] [-s]
# Defaults: 30 s, 1000 connections, 300 probe requests, max-ccu 200, no think time: each connection
# sends its next request as soon as it has an answer, which keeps both shared cores busy, and then
# every request, the probe's too, queues behind the others (by Little's law the mean latency is
# connections / throughput). With -t, each connection waits THINK_MS before each request, so the
# offered rate is about connections / (THINK_MS + latency): -t 100 offers about 8k req/s, three times
# what max-ccu=200 admits on a 50 ms route, without saturating the machine. Needs
# fluxor-sample-app/target/fluxor-sample-app.jar (./mvnw -DskipTests package): without it the script
# fails with status 2. Environment: WRK_THREADS (2), APP_JAVA_OPTS, KEEP_LOGS=1, WRK_SCRIPT (the wrk Lua
# script: think-time.lua beside this one, or count-status.lua with -s).
set -euo pipefail
source "$(dirname "$0")/lib.sh"

DURATION=30
CONNECTIONS=1000
PROBES=300
MAX_CCU=200
DELAY_MS=50
THINK_MS=0
CLIENT_COUNT=0
while getopts "d:c:n:m:t:sh" option; do
	case "$option" in
		d) DURATION=$OPTARG ;;
		c) CONNECTIONS=$OPTARG ;;
		n) PROBES=$OPTARG ;;
		m) MAX_CCU=$OPTARG ;;
		t) THINK_MS=$OPTARG ;;
		s) CLIENT_COUNT=1 ;;
		*) sed -n '2,30p' "$0"; exit 2 ;;
	esac
done
check_bounds "$DURATION" "$CONNECTIONS"
[[ "$PROBES" =~ ^[0-9]+$ ]] && [ "$PROBES" -ge 10 ] && [ "$PROBES" -le 5000 ] || die "probes must be 10..5000"
[[ "$THINK_MS" =~ ^[0-9]+$ ]] && [ "$THINK_MS" -le 10000 ] || die "think time must be 0..10000 ms"
[ -f "$APP_JAR" ] || die "Fluxor sample app not found at $APP_JAR: build it with ./mvnw -DskipTests package (the overload check needs it)"

ensure_wrk
ulimit -n 65536 2>/dev/null || true

start_sample_app "--fluxor.gateway.max-ccu=$MAX_CCU"
URL="http://$HOST:$APP_PORT/api/delay?ms=$DELAY_MS"
curl -fsS -o /dev/null --max-time 5 "$URL" || die "GET /api/delay?ms=$DELAY_MS does not answer 200 on the sample app"

# probe OUTFILE COUNT: COUNT sequential requests on one keep-alive connection, "STATUS SECONDS" per line.
probe() {
	local out=$1 count=$2 config="$WORK_DIR/probe.curlrc"
	: >"$config"
	for _ in $(seq 1 "$count"); do
		printf 'url = "%s"\noutput = "/dev/null"\n' "$URL" >>"$config"
	done
	curl -s --max-time $((DURATION + 60)) -w '%{http_code} %{time_total}\n' -K "$config" >"$out" || true
}

# latency OUTFILE STATUS PERCENTILE: the percentile, in ms, of the probe requests with that status.
latency() {
	awk -v s="$2" '$1 == s { print $2 * 1000 }' "$1" | sort -g | awk -v p="$3" '
		{ v[NR] = $1 } END { if (NR == 0) { print "n/a"; exit } i = int(NR * p / 100 + 0.999); if (i < 1) i = 1; printf "%.2f\n", v[i] }'
}
count() { awk -v s="$2" '$1 == s { n++ } END { print n + 0 }' "$1"; }

heap_bytes() {
	curl -fsS --max-time 2 "http://$HOST:$APP_MANAGEMENT_PORT/actuator/metrics/jvm.memory.used?tag=area:heap" 2>/dev/null \
		| grep -o '"statistic":"VALUE","value":[0-9.Ee+-]*' | head -n 1 | cut -d: -f3
}

# server_buckets OUTFILE: the route's latency buckets from /actuator/prometheus, "STATUS LE COUNT" per line.
server_buckets() {
	curl -fsS --max-time 5 "http://$HOST:$APP_MANAGEMENT_PORT/actuator/prometheus" \
		| awk '/^fluxor_http_request_duration_seconds_bucket\{/ && /path="\/api\/delay"/ {
			match($0, /status="[0-9]+"/); status = substr($0, RSTART + 8, RLENGTH - 9)
			match($0, /le="[^"]+"/); le = substr($0, RSTART + 4, RLENGTH - 5)
			print status, le, $NF }' >"$1"
}

# server_statuses OUTFILE: the route's answers by status from /actuator/prometheus, "STATUS COUNT" per line.
server_statuses() {
	curl -fsS --max-time 5 "http://$HOST:$APP_MANAGEMENT_PORT/actuator/prometheus" \
		| awk '/^fluxor_http_requests_total\{/ && /path="\/api\/delay"/ {
			match($0, /status="[0-9]+"/); count[substr($0, RSTART + 8, RLENGTH - 9)] += $NF }
			END { for (status in count) print status, count[status] }' >"$1"
}

# served BEFORE AFTER: "STATUS=COUNT" of the answers between the two scrapes, one per status.
served() {
	awk 'FNR == NR { before[$1] = $2; next } { n = $2 - before[$1]; if (n > 0) printf "%s=%d ", $1, n }' "$1" "$2"
}

# server_p99 BEFORE AFTER STATUS: the bucket bound, in ms, under which 99 % of the requests of that
# status between the two scrapes were answered ("n/a" when there were none).
server_p99() {
	awk -v s="$3" 'FNR == NR { if ($1 == s) before[$2] = $3; next }
		$1 == s { le[++n] = $2; count[n] = $3 - before[$2] }
		END {
			total = 0; for (i = 1; i <= n; i++) if (le[i] == "+Inf") total = count[i]
			if (total <= 0) { print "n/a"; exit }
			best = "+Inf"; bound = 1e308
			for (i = 1; i <= n; i++) if (le[i] != "+Inf" && count[i] >= 0.99 * total && le[i] + 0 < bound) { bound = le[i] + 0; best = le[i] }
			if (best == "+Inf") print "inf"; else printf "%g\n", best * 1000 }' "$1" "$2"
}

log "phase 1: unloaded probe ($PROBES requests)"
for _ in $(seq 1 20); do curl -s -o /dev/null "$URL"; done
probe "$WORK_DIR/unloaded.txt" "$PROBES"
[ -n "$(heap_bytes)" ] || die "heap metric not readable on the management port $APP_MANAGEMENT_PORT (/actuator/metrics/jvm.memory.used)"

log "phase 2: overload, $CONNECTIONS connections for ${DURATION}s"
server_buckets "$WORK_DIR/buckets-before.txt"
server_statuses "$WORK_DIR/statuses-before.txt"
if [ "$CLIENT_COUNT" = 1 ]; then DEFAULT_SCRIPT=$LOAD_DIR/count-status.lua; else DEFAULT_SCRIPT=$LOAD_DIR/think-time.lua; fi
WRK_THINK_MS=$THINK_MS run_wrk "$WORK_DIR/overload.txt" "$CONNECTIONS" "$DURATION" "$URL" "${WRK_SCRIPT:-$DEFAULT_SCRIPT}" &
WRK_PID=$!
STARTED_PIDS+=("$WRK_PID")
: >"$WORK_DIR/heap.txt"
(
	for _ in $(seq 1 $((DURATION + 5))); do
		heap_bytes >>"$WORK_DIR/heap.txt" || true
		sleep 1
	done
) &
SAMPLER_PID=$!
STARTED_PIDS+=("$SAMPLER_PID")
sleep 3
probe "$WORK_DIR/overloaded.txt" "$PROBES"
wait "$WRK_PID" || die "wrk failed: $(tail -n 3 "$WORK_DIR/overload.txt")"
kill "$SAMPLER_PID" 2>/dev/null || true
wait "$SAMPLER_PID" 2>/dev/null || true
server_buckets "$WORK_DIR/buckets-after.txt"
server_statuses "$WORK_DIR/statuses-after.txt"

log "phase 3: idle CPU over 10 s"
sleep 5
CLK_TCK=$(getconf CLK_TCK)
before=$(cpu_ticks "$APP_PID")
sleep 10
after=$(cpu_ticks "$APP_PID")
IDLE_CPU=$(awk -v a="$before" -v b="$after" -v hz="$CLK_TCK" 'BEGIN { printf "%.2f", (b - a) / hz / 10 * 100 }')
HEAP_MAX_MB=$(awk '$1 > m { m = $1 } END { printf "%.1f", m / 1048576 }' "$WORK_DIR/heap.txt")
HEAP_IDLE_MB=$(awk -v v="$(heap_bytes)" 'BEGIN { printf "%.1f", v / 1048576 }')

UNLOADED_P99=$(latency "$WORK_DIR/unloaded.txt" 200 99)
ACCEPTED_P50=$(latency "$WORK_DIR/overloaded.txt" 200 50)
ACCEPTED_P99=$(latency "$WORK_DIR/overloaded.txt" 200 99)
REJECTED_P50=$(latency "$WORK_DIR/overloaded.txt" 503 50)
REJECTED_P99=$(latency "$WORK_DIR/overloaded.txt" 503 99)
OTHER_PROBES=$(awk '$1 != 200 && $1 != 503 { n++ } END { print n + 0 }' "$WORK_DIR/overloaded.txt")
OTHER_WRK=$(awk '/^status / && $2 != 200 && $2 != 503 { n += $3 } END { print n + 0 }' "$WORK_DIR/overload.txt")
SERVED=$(served "$WORK_DIR/statuses-before.txt" "$WORK_DIR/statuses-after.txt")
# 499: requests whose client went away before their answer, which wrk does to those in flight when it stops
OTHER_SERVED=$(echo "$SERVED" | tr ' ' '\n' | awk -F= '$1 != "" && $1 != 200 && $1 != 503 && $1 != 499 { n += $2 } END { print n + 0 }')
CLIENT_CLOSED=$(echo "$SERVED" | tr ' ' '\n' | awk -F= '$1 == 499 { n += $2 } END { print n + 0 }')
SOCKET_ERRORS=$(wrk_field "$WORK_DIR/overload.txt" errors)

echo
echo "Overload: max-ccu=$MAX_CCU, wrk $CONNECTIONS connections x ${DURATION}s on /api/delay?ms=$DELAY_MS," \
	"think time ${THINK_MS} ms"
echo "wrk: $(wrk_field "$WORK_DIR/overload.txt" rps) req/s, p50 $(wrk_field "$WORK_DIR/overload.txt" p50) ms," \
	"p99 $(wrk_field "$WORK_DIR/overload.txt" p99) ms, non-2xx $(wrk_field "$WORK_DIR/overload.txt" non2xx)$(
	[ "$CLIENT_COUNT" = 1 ] && awk '/^status / { s = s sprintf(" %s=%s", $2, $3) } END { print "; by status:" s }' "$WORK_DIR/overload.txt")"
echo "gateway, requests of the route by status (wrk and probe): $SERVED(499: client gone, no answer sent)"
printf '\n%-34s %12s %12s %10s\n' "probe (sequential curl)" "p50 ms" "p99 ms" "count"
printf '%-34s %12s %12s %10s\n' "unloaded, 200" "$(latency "$WORK_DIR/unloaded.txt" 200 50)" "$UNLOADED_P99" "$(count "$WORK_DIR/unloaded.txt" 200)"
printf '%-34s %12s %12s %10s\n' "overloaded, accepted (200)" "$ACCEPTED_P50" "$ACCEPTED_P99" "$(count "$WORK_DIR/overloaded.txt" 200)"
printf '%-34s %12s %12s %10s\n' "overloaded, rejected (503)" "$REJECTED_P50" "$REJECTED_P99" "$(count "$WORK_DIR/overloaded.txt" 503)"
printf '%-34s %12s %12s\n' "gateway histogram, accepted (200)" "" "<= $(server_p99 "$WORK_DIR/buckets-before.txt" "$WORK_DIR/buckets-after.txt" 200)"
printf '%-34s %12s %12s\n' "gateway histogram, rejected (503)" "" "<= $(server_p99 "$WORK_DIR/buckets-before.txt" "$WORK_DIR/buckets-after.txt" 503)"
echo
check() { # check LABEL VALUE CONDITION (awk expression on v)
	awk -v label="$1" -v v="$2" "BEGIN { ok = (v != \"n/a\") && ($3); printf \"%-46s %-10s %s\n\", label, v, (ok ? \"MET\" : \"MISSED\") }"
}
check "rejected p99 < 5 ms" "$REJECTED_P99" "v + 0 < 5"
check "accepted p99 <= 2 x unloaded p99 ($UNLOADED_P99 ms)" "$ACCEPTED_P99" "v + 0 <= 2 * $UNLOADED_P99"
check "statuses other than 200/503 (gateway, wrk, probe)" "$((OTHER_SERVED + OTHER_WRK + OTHER_PROBES))" "v + 0 == 0"
check "socket errors (wrk)" "$SOCKET_ERRORS" "v + 0 == 0"
check "client gone before its answer (499, <= $CONNECTIONS)" "$CLIENT_CLOSED" "v + 0 <= $CONNECTIONS"
check "peak used heap MB (< 256; idle $HEAP_IDLE_MB)" "$HEAP_MAX_MB" "v + 0 < 256"
check "idle CPU % of one core (< 2)" "$IDLE_CPU" "v + 0 < 2"
