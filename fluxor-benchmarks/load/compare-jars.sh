#!/usr/bin/env bash
# Side-by-side A/B of two builds of the sample app on the gateway benchmark's routes: both run at once
# on 127.0.0.1 behind one BareReactorNettyServer upstream (gateway-bench.yml), are warmed up, then wrk
# measures them in interleaved rounds, path by path. Per round and build: requests per second and the
# CPU time of the build's process per 1,000 requests (from /proc/PID/stat), which moves less than
# throughput on a shared machine.
#
# Usage: fluxor-benchmarks/load/compare-jars.sh [-r ROUNDS] [-d SECONDS] [-w WARMUP_SECONDS]
#          [-p "PATHS"] OLD_JAR NEW_JAR
# Defaults: 4 rounds of 8 s, 30 s of warm-up per build and path, paths "/proxy /plain /cached"
# (all filters, no filter, a cache hit), 64 connections. Exit status 0; 2 on a setup error.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

ROUNDS=4
DURATION=8
WARMUP=30
PATHS="/proxy /plain /cached"
CONNECTIONS=64
while getopts "r:d:w:p:h" option; do
	case "$option" in
		r) ROUNDS=$OPTARG ;;
		d) DURATION=$OPTARG ;;
		w) WARMUP=$OPTARG ;;
		p) PATHS=$OPTARG ;;
		*) sed -n '2,11p' "$0"; exit 2 ;;
	esac
done
shift $((OPTIND - 1))
[ $# -eq 2 ] || { sed -n '2,11p' "$0"; exit 2; }
[[ "$ROUNDS" =~ ^[1-9][0-9]?$ ]] || die "rounds must be 1..99"
check_bounds "$DURATION" "$CONNECTIONS"
check_bounds "$WARMUP" "$CONNECTIONS"
declare -A JAR=([old]=$1 [new]=$2)
for build in old new; do
	[ -f "${JAR[$build]}" ] || die "$build jar not found: ${JAR[$build]}"
done

ensure_wrk
ensure_baselines_jar
ulimit -n 65536 2>/dev/null || true

bench_jwt

start_bare_server
declare -A PID PORT
for build in old new; do
	APP_JAR=${JAR[$build]} start_bench_gateway "http://$HOST:$BARE_PORT"
	PID[$build]=$APP_PID
	PORT[$build]=$APP_PORT
done

log "warm-up: ${WARMUP}s per build and path"
for build in old new; do
	for path in $PATHS; do
		run_wrk "$WORK_DIR/warmup.txt" "$CONNECTIONS" "$WARMUP" "http://$HOST:${PORT[$build]}$path" "" -H "$AUTH"
	done
done
printf '%-6s %-5s %-10s %12s %22s\n' round build path RPS "CPU ms per 1k requests"
hertz=$(getconf CLK_TCK)
for round in $(seq 1 "$ROUNDS"); do
	for path in $PATHS; do
		for build in old new; do
			out="$WORK_DIR/$build.$round.txt"
			before=$(cpu_ticks "${PID[$build]}")
			run_wrk "$out" "$CONNECTIONS" "$DURATION" "http://$HOST:${PORT[$build]}$path" "" -H "$AUTH"
			after=$(cpu_ticks "${PID[$build]}")
			requests=$(awk '/requests in/ { print $1 }' "$out")
			printf '%-6s %-5s %-10s %12s %22s\n' "$round" "$build" "$path" "$(wrk_field "$out" rps)" \
				"$(awk -v t=$((after - before)) -v hz="$hertz" -v n="$requests" 'BEGIN { printf "%.2f", t * 1000 / hz * 1000 / n }')"
		done
	done
done
