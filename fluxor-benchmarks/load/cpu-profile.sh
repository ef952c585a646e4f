#!/usr/bin/env bash
# CPU profiles, with async-profiler, of a bare Reactor Netty baseline and of the gateway answering a
# path of gateway-bench.yml, each under the same wrk load on 127.0.0.1. The baseline is the bare
# server answering from memory (-b server, against a cache hit by default) or the bare proxy in front
# of that server (-b proxy, against the gateway's /proxy to the same server by default); a proxy's
# profile leaves out the upstream's CPU. Unlike JFR it samples native and kernel frames too, so it tells apart what the two
# spend in the kernel (the same), in the JIT compiler and in Java. Prints the CPU milliseconds per
# 1,000 requests of each, split into kernel, Java and native frames, and the frames whose own time
# differs most (collapsed-diff.py); the two collapsed-stack files stay in the output directory.
#
# Usage: fluxor-benchmarks/load/cpu-profile.sh [-b server|proxy] [-d SECONDS] [-w WARMUP_SECONDS] [-p PATH] [-o DIR]
# Defaults: -b server, 10 s profiled, 40 s of warm-up per server (90 s with -b proxy, which the
# gateway's proxy path needs), path /cached (/proxy with -b proxy), output directory cpu-profile.
# async-profiler comes from Maven Central (tools.profiler:async-profiler) through the Maven wrapper.
# Exit status 0; 2 on a setup error.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

BASELINE=server
DURATION=10
WARMUP=
TARGET_PATH=
OUT=cpu-profile
ASYNC_PROFILER_VERSION=4.2
while getopts "b:d:w:p:o:h" option; do
	case "$option" in
		b) BASELINE=$OPTARG ;;
		d) DURATION=$OPTARG ;;
		w) WARMUP=$OPTARG ;;
		p) TARGET_PATH=$OPTARG ;;
		o) OUT=$OPTARG ;;
		*) sed -n '2,15p' "$0"; exit 2 ;;
	esac
done
case "$BASELINE" in
	server) WARMUP=${WARMUP:-40}; TARGET_PATH=${TARGET_PATH:-/cached} ;;
	proxy) WARMUP=${WARMUP:-90}; TARGET_PATH=${TARGET_PATH:-/proxy} ;;
	*) die "-b takes server or proxy, not $BASELINE" ;;
esac
check_bounds "$DURATION" 64
check_bounds "$WARMUP" 64
[ -f "$APP_JAR" ] || die "Fluxor sample app not found at $APP_JAR: build it with ./mvnw -DskipTests install"
ensure_wrk
mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)

# The agent library of this machine's architecture, unpacked from the artifact's jar.
case "$(uname -m)" in
	x86_64) platform=linux-x64 ;;
	aarch64) platform=linux-arm64 ;;
	*) die "async-profiler has no library for $(uname -m)" ;;
esac
"$REPO_ROOT/mvnw" -q -B dependency:copy -Dartifact="tools.profiler:async-profiler:$ASYNC_PROFILER_VERSION" \
	-DoutputDirectory="$WORK_DIR" >/dev/null || die "could not fetch async-profiler $ASYNC_PROFILER_VERSION"
unzip -q -o -j "$WORK_DIR/async-profiler-$ASYNC_PROFILER_VERSION.jar" "$platform/libasyncProfiler.so" -d "$WORK_DIR"
AGENT="$WORK_DIR/libasyncProfiler.so"

# agent PID OPTIONS: runs an async-profiler command in a JVM (jcmd reads key=value as its own
# arguments, hence the quotes around the options).
agent() { jcmd "$1" JVMTI.agent_load "$AGENT" "\"$2\"" >/dev/null; }

bench_jwt
start_bare_server
start_bench_gateway "http://$HOST:$BARE_PORT"
BARE_URL="http://$HOST:$BARE_PORT/"
BASELINE_PID=$BARE_PID
if [ "$BASELINE" = proxy ]; then
	start_bare_proxy "http://$HOST:$BARE_PORT"
	BARE_URL="http://$HOST:$PROXY_PORT/"
	BASELINE_PID=$PROXY_PID
fi
GATEWAY_URL="http://$HOST:$APP_PORT$TARGET_PATH"
log "warm-up: ${WARMUP}s per server"
wrk -t2 -c64 -d"${WARMUP}s" -H "$AUTH" "$GATEWAY_URL" >/dev/null
wrk -t2 -c64 -d"${WARMUP}s" -H "$AUTH" "$BARE_URL" >/dev/null

# profile NAME PID URL: profiles one server for DURATION seconds of load; prints its request count.
profile() {
	agent "$2" "start,event=cpu,interval=1ms,cstack=vm"
	local requests
	requests=$(wrk -t2 -c64 -d"${DURATION}s" -H "$AUTH" "$3" | awk '/requests in/ { print $1 }')
	agent "$2" "stop,file=$OUT/$1.collapsed,collapsed"
	log "$1: $requests requests profiled"
	echo "$requests"
}
bare_requests=$(profile bare "$BASELINE_PID" "$BARE_URL")
gateway_requests=$(profile gateway "$APP_PID" "$GATEWAY_URL")
python3 "$LOAD_DIR/collapsed-diff.py" "$OUT/bare.collapsed" "$bare_requests" "$OUT/gateway.collapsed" "$gateway_requests"
