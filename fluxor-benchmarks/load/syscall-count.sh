#!/usr/bin/env bash
# System calls per request of the bare Reactor Netty proxy and of gateway paths of gateway-bench.yml,
# all in front of one bare server on 127.0.0.1: strace -c counts the calls of each proxy's process
# (every thread) during a wrk run, divided by the requests wrk completed. Counts, unlike times, do not
# move with the machine's load, so a change that saves a write per request shows on a shared machine
# too. strace slows the traced process down many times over: read the counts, never the speed.
#
# Usage: fluxor-benchmarks/load/syscall-count.sh [-d SECONDS] [-w WARMUP_SECONDS] [-p "PATHS"]
# Defaults: 8 s traced and 20 s of warm-up per target, paths "/proxy /plain" (every filter, none).
# strace comes from the distribution's packages when missing. Exit status 0; 2 on a setup error.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

DURATION=8
WARMUP=20
PATHS="/proxy /plain"
while getopts "d:w:p:h" option; do
	case "$option" in
		d) DURATION=$OPTARG ;;
		w) WARMUP=$OPTARG ;;
		p) PATHS=$OPTARG ;;
		*) sed -n '2,10p' "$0"; exit 2 ;;
	esac
done
check_bounds "$DURATION" 64
check_bounds "$WARMUP" 64
[ -f "$APP_JAR" ] || die "Fluxor sample app not found at $APP_JAR: build it with ./mvnw -DskipTests install"
ensure_wrk
ensure_command strace

bench_jwt
start_bare_server
start_bare_proxy "http://$HOST:$BARE_PORT"
start_bench_gateway "http://$HOST:$BARE_PORT"
TARGETS=("bare-proxy|$PROXY_PID|http://$HOST:$PROXY_PORT/")
for path in $PATHS; do
	TARGETS+=("fluxor${path//\//-}|$APP_PID|http://$HOST:$APP_PORT$path")
done

log "warm-up: ${WARMUP}s per target"
for target in "${TARGETS[@]}"; do
	IFS='|' read -r _ _ url <<<"$target"
	wrk -t2 -c64 -d"${WARMUP}s" -H "$AUTH" "$url" >/dev/null
done

# await_traced PID: waits up to 10 s until every thread of PID has a tracer.
await_traced() {
	for _ in $(seq 1 100); do
		! grep -q '^TracerPid:[[:space:]]*0$' /proc/"$1"/task/*/status 2>/dev/null && return 0
		sleep 0.1
	done
	die "strace did not attach to every thread of $1 within 10 s"
}

# count NAME PID URL: traces PID during one wrk run on URL; writes NAME's calls per request to WORK_DIR.
count() {
	local summary="$WORK_DIR/strace-$1.txt" requests
	timeout $((DURATION + 30)) strace -c -f -q -p "$2" -o "$summary" &
	local tracer=$!
	await_traced "$2"
	requests=$(wrk -t2 -c64 -d"${DURATION}s" -H "$AUTH" "$3" | awk '/requests in/ { print $1 }')
	kill -INT "$tracer" 2>/dev/null || true
	wait "$tracer" || true
	log "$1: $requests requests traced"
	# strace -c rows: % time, seconds, usecs/call, calls, [errors,] syscall
	awk -v n="$requests" '$NF ~ /^[a-z_0-9]+$/ && $4 ~ /^[0-9]+$/ { printf "%s %.3f\n", $NF, $4 / n }' "$summary" \
		>"$WORK_DIR/per-request-$1.txt"
}
for target in "${TARGETS[@]}"; do
	IFS='|' read -r name pid url <<<"$target"
	count "$name" "$pid" "$url"
done

names=()
for target in "${TARGETS[@]}"; do names+=("${target%%|*}"); done
printf '%-16s' "calls/request"
printf ' %14s' "${names[@]}"
printf '\n'
for call in $(cat "$WORK_DIR"/per-request-*.txt | awk '$2 >= 0.01 { print $1 }' | sort -u); do
	printf '%-16s' "$call"
	for name in "${names[@]}"; do
		printf ' %14s' "$(awk -v c="$call" '$1 == c { print $2 }' "$WORK_DIR/per-request-$name.txt" | grep . || echo 0)"
	done
	printf '\n'
done
