#!/usr/bin/env bash
# Warm-up curve of the proxy path, on 127.0.0.1: requests per second and p99 in back-to-back wrk runs
# of STEP seconds from a cold JVM, first for the bare Reactor Netty proxy, then for the Fluxor
# gateway's all-filters /proxy route (gateway-bench.yml, JWT sent), each started fresh in front of
# the same BareReactorNettyServer upstream. It shows how long both need before the JIT has compiled
# their paths, which is the warm-up run-gateway-bench.sh gives each target.
#
# Usage: fluxor-benchmarks/load/warmup-curve.sh [-n STEPS] [-s STEP_SECONDS] [-c CONNECTIONS]
# Defaults: 12 steps of 10 s, 64 connections: about 4.5 minutes. Needs
# fluxor-benchmarks/baselines/target/baselines.jar and fluxor-sample-app/target/fluxor-sample-app.jar
# (./mvnw -DskipTests install). Environment: WRK_THREADS (2), APP_JAVA_OPTS, BARE_JAVA_OPTS, KEEP_LOGS=1.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

STEPS=12
STEP=10
CONNECTIONS=64
while getopts "n:s:c:h" option; do
	case "$option" in
		n) STEPS=$OPTARG ;;
		s) STEP=$OPTARG ;;
		c) CONNECTIONS=$OPTARG ;;
		*) sed -n '2,11p' "$0"; exit 2 ;;
	esac
done
[[ "$STEPS" =~ ^[1-9][0-9]?$ ]] || die "steps must be 1..99"
check_bounds "$STEP" "$CONNECTIONS"
[ -f "$APP_JAR" ] || die "Fluxor sample app not found at $APP_JAR: build it with ./mvnw -DskipTests install"

ensure_wrk
ulimit -n 65536 2>/dev/null || true
bench_jwt
start_bare_server
UPSTREAM="http://$HOST:$BARE_PORT"

# curve NAME URL: STEPS wrk runs, one line each into $WORK_DIR/NAME.curve
curve() {
	local name=$1 url=$2 step
	log "$name: $STEPS steps of ${STEP}s"
	for step in $(seq 1 "$STEPS"); do
		run_wrk "$WORK_DIR/$name.txt" "$CONNECTIONS" "$STEP" "$url" "" -H "$AUTH"
		printf '%s %s\n' "$(wrk_field "$WORK_DIR/$name.txt" rps)" "$(wrk_field "$WORK_DIR/$name.txt" p99)" >>"$WORK_DIR/$name.curve"
	done
}

start_bare_proxy "$UPSTREAM"
curve bare-proxy "http://$HOST:$PROXY_PORT/"
# the bare proxy stops before the gateway starts, so each runs alone
kill -TERM "$PROXY_PID" 2>/dev/null || true
await_exit "$PROXY_PID"
start_bench_gateway "$UPSTREAM"
curve fluxor-proxy "http://$HOST:$APP_PORT/proxy"

echo
echo "wrk -c $CONNECTIONS, back-to-back runs of ${STEP}s from a cold start (RPS / p99 ms)"
printf '%8s %22s %22s\n' "load s" bare-proxy fluxor-proxy
paste -d ' ' "$WORK_DIR/bare-proxy.curve" "$WORK_DIR/fluxor-proxy.curve" | awk -v s="$STEP" '
	{ printf "%8d %12.0f / %-7s %12.0f / %-7s\n", NR * s, $1, $2, $3, $4 }'
