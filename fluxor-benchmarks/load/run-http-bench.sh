#!/usr/bin/env bash
# HTTP load benchmark of issue 2: the Fluxor sample app against a bare Reactor Netty server, with wrk,
# in interleaved rounds on 127.0.0.1.
#
#   GET /            bare server  vs  Fluxor gateway (goal: Fluxor >= 0.85x bare)
#   POST /api/echo   bare server  vs  Fluxor gateway -> EchoVerticle over the event bus (goal >= 0.7x)
#
# Usage: fluxor-benchmarks/load/run-http-bench.sh [-r ROUNDS] [-d SECONDS] [-c CONNECTIONS] [-w WARMUP_SECONDS]
# Defaults: 3 rounds of 10 s per target, 64 connections, 5 s warm-up per target. Needs
# fluxor-benchmarks/baselines/target/baselines.jar and fluxor-sample-app/target/fluxor-sample-app.jar
# (./mvnw -DskipTests package). Without the sample app only the bare rows are measured and the script
# exits with status 3. Environment: WRK_THREADS (2), APP_JAVA_OPTS, BARE_JAVA_OPTS, KEEP_LOGS=1.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

ROUNDS=3
DURATION=10
CONNECTIONS=64
WARMUP=5
while getopts "r:d:c:w:h" option; do
	case "$option" in
		r) ROUNDS=$OPTARG ;;
		d) DURATION=$OPTARG ;;
		c) CONNECTIONS=$OPTARG ;;
		w) WARMUP=$OPTARG ;;
		*) sed -n '2,12p' "$0"; exit 2 ;;
	esac
done
[[ "$ROUNDS" =~ ^[1-9][0-9]?$ ]] || die "rounds must be 1..99"
check_bounds "$DURATION" "$CONNECTIONS"
check_bounds "$WARMUP" "$CONNECTIONS"

ensure_wrk
ensure_baselines_jar
ulimit -n 65536 2>/dev/null || true

start_bare_server
FLUXOR=1
start_sample_app || FLUXOR=0

# Targets: name, base URL, path, wrk script.
TARGETS=("bare-get|http://$HOST:$BARE_PORT|/|" "bare-echo|http://$HOST:$BARE_PORT|/api/echo|$LOAD_DIR/post-echo.lua")
if [ "$FLUXOR" = 1 ]; then
	TARGETS+=("fluxor-get|http://$HOST:$APP_PORT|/|" "fluxor-echo|http://$HOST:$APP_PORT|/api/echo|$LOAD_DIR/post-echo.lua")
	curl -fsS -X POST -H 'Content-Type: application/json' -d '{"probe":1}' "http://$HOST:$APP_PORT/api/echo" \
		| grep -q '"probe"' || die "POST /api/echo on the sample app does not echo its body"
fi

run_target() {
	local spec=$1 duration=$2 out=$3 name base path script
	IFS='|' read -r name base path script <<<"$spec"
	run_wrk "$out" "$CONNECTIONS" "$duration" "$base$path" "$script"
}

run_rounds


echo
echo "wrk: $ROUNDS interleaved rounds x ${DURATION}s, $CONNECTIONS connections, ${WRK_THREADS:-2} threads; medians over rounds"
printf '%-12s %-16s %12s %10s %10s %9s %9s %10s\n' target request "RPS" "p50 ms" "p99 ms" "non-2xx" "errors" "vs bare"
for spec in "${TARGETS[@]}"; do
	IFS='|' read -r name base path script <<<"$spec"
	method=GET
	[ -n "$script" ] && method=POST
	rps=$(figure "$name" rps)
	case "$name" in
		fluxor-*) baseline=$(figure "bare-${name#fluxor-}" rps); vs=$(ratio "$rps" "$baseline") ;;
		*) vs="1.00" ;;
	esac
	printf '%-12s %-16s %12s %10s %10s %9s %9s %10s\n' "$name" "$method $path" "$rps" \
		"$(figure "$name" p50)" "$(figure "$name" p99)" "$(figure "$name" non2xx)" "$(figure "$name" errors)" "$vs"
done
echo
if [ "$FLUXOR" = 1 ]; then
	get=$(ratio "$(figure fluxor-get rps)" "$(figure bare-get rps)")
	echo_ratio=$(ratio "$(figure fluxor-echo rps)" "$(figure bare-echo rps)")
	awk -v r="$get" 'BEGIN { printf "GET /          Fluxor/bare = %s  goal >= 0.85  %s\n", r, (r >= 0.85 ? "MET" : "MISSED") }'
	awk -v r="$echo_ratio" 'BEGIN { printf "POST /api/echo Fluxor/bare = %s  goal >= 0.70  %s\n", r, (r >= 0.70 ? "MET" : "MISSED") }'
else
	echo "Fluxor rows SKIPPED: $APP_JAR is missing (build it with ./mvnw -DskipTests package)"
	exit 3
fi
