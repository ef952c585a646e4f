#!/usr/bin/env bash
# Gateway benchmark of issue 3, with wrk in interleaved rounds on 127.0.0.1. One upstream, a
# BareReactorNettyServer answering "hello" from memory, and in front of it:
#
#   direct         GET /               the upstream itself (also the "bare server from memory" baseline)
#   bare-proxy     GET /               BareReactorNettyProxy -> upstream
#   bare-memory    GET /memory         BareReactorNettyProxy answering "hello" from memory: the direct
#                                      server's answer in a JVM that also proxies, as fluxor-cache runs
#                                      (the client shares Netty's compiled pipeline code with the server)
#   fluxor-proxy   GET /proxy          Fluxor gateway -> upstream, every filter configured, none
#                                      triggering (JWT auth with a valid token, route + user rate
#                                      limits far above the load, breaker, retry, compression with
#                                      min-size 1MB, cache off)    goals: RPS >= 0.9x bare-proxy,
#                                                                        p99 <= 1.2x bare-proxy p99
#   fluxor-cache   GET /cached         Fluxor cached route to the upstream, every request a hit
#                                                                  goal: RPS >= 0.9x direct
#   slow-no-cache  GET /slow-no-cache  Fluxor -> the sample's slow upstream (800 ms), no cache
#   slow-cache     GET /slow           the same route with a 600 s cache
# The two slow targets reproduce FluxGate's cache-vs-no-cache table with its command: wrk -t4 -c4
# (4 threads, 4 connections; -s changes both).
#
# The routes come from gateway-bench.yml (beside this script), passed with
# --spring.config.additional-location; the script fills in the upstream URL and a random JWT secret
# and signs an HS256 token (sub=bench) that every wrk run sends as Authorization: Bearer (the cached
# routes vary on it, one entry for the token); -a proxies sends it to the two proxies only, which
# measures the cache hit and the direct server with smaller requests and no credentials.
#
# Usage: fluxor-benchmarks/load/run-gateway-bench.sh [-r ROUNDS] [-d SECONDS] [-c CONNECTIONS]
#          [-s SLOW_CONNECTIONS] [-w WARMUP_SECONDS] [-o "TARGETS"] [-a all|proxies]
# -o keeps only the named targets, e.g. -o "direct fluxor-cache": cache hits measured in a gateway JVM
# that serves nothing else, whose compiled code no proxy traffic has made more general.
# A goal reads the median over the rounds of the ratio of two targets run one after the other (the
# order reverses every other round); the ratio of their medians is printed beside it.
# Defaults: 3 rounds of 8 s per target, 64 connections (4 for the slow targets), 90 s warm-up per target:
# about 14 minutes. The proxy routes set the warm-up: on 2 shared cores both proxies start below 4k req/s
# and reach their speed after 40 (bare) to 70 s (Fluxor) of load (the JIT compiling the client and server
# paths; BENCHMARKS.md has the curve of each), so a shorter warm-up reads low on the first rounds; 90 s
# leaves a margin, now that cache hits, answered before Reactor Netty, no longer warm its server code
# for the proxy. Needs fluxor-benchmarks/baselines/target/baselines.jar and
# fluxor-sample-app/target/fluxor-sample-app.jar (./mvnw -DskipTests install). Environment:
# WRK_THREADS (2), APP_JAVA_OPTS (e.g. a -XX:StartFlightRecording=... to profile the gateway),
# BARE_JAVA_OPTS, KEEP_LOGS=1. Exit status 0 whether or not the goals are met; 2 on a setup error.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

ROUNDS=3
DURATION=8
CONNECTIONS=64
SLOW_CONNECTIONS=4
WARMUP=90
ONLY=""
TOKEN_TO=all
while getopts "r:d:c:s:w:o:a:h" option; do
	case "$option" in
		r) ROUNDS=$OPTARG ;;
		d) DURATION=$OPTARG ;;
		c) CONNECTIONS=$OPTARG ;;
		s) SLOW_CONNECTIONS=$OPTARG ;;
		w) WARMUP=$OPTARG ;;
		o) ONLY=$OPTARG ;;
		a) TOKEN_TO=$OPTARG ;;
		*) sed -n '2,40p' "$0"; exit 2 ;;
	esac
done
[[ "$ROUNDS" =~ ^[1-9][0-9]?$ ]] || die "rounds must be 1..99"
[[ "$TOKEN_TO" =~ ^(all|proxies)$ ]] || die "-a takes all or proxies"
check_bounds "$DURATION" "$CONNECTIONS"
check_bounds "$DURATION" "$SLOW_CONNECTIONS"
check_bounds "$WARMUP" "$CONNECTIONS"
[ -f "$APP_JAR" ] || die "Fluxor sample app not found at $APP_JAR: build it with ./mvnw -DskipTests install"

ensure_wrk
ensure_baselines_jar
ulimit -n 65536 2>/dev/null || true

bench_jwt

start_bare_server
UPSTREAM="http://$HOST:$BARE_PORT"

start_bare_proxy "$UPSTREAM"
start_bench_gateway "$UPSTREAM"

FLUXOR="http://$HOST:$APP_PORT"
# Checks: the proxy route answers the upstream's body with the token and 401 without it; the cache
# answers HIT from the second request; the slow route takes its 800 ms once, then hits.
[ "$(curl -fsS --max-time 5 -H "$AUTH" "$FLUXOR/proxy")" = hello ] || die "GET /proxy with the token does not answer hello"
status=$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 "$FLUXOR/proxy")
[ "$status" = 401 ] || die "GET /proxy without a token answered $status, not 401 (is authentication on?)"
[ "$(curl -fsS --max-time 5 "http://$HOST:$PROXY_PORT/")" = hello ] || die "the bare proxy does not answer hello"
[ "$(curl -fsS --max-time 5 "http://$HOST:$PROXY_PORT/memory")" = hello ] || die "the bare proxy does not answer /memory from memory"
curl -fsS -o /dev/null --max-time 5 "$FLUXOR/cached"
curl -fsS -D - -o /dev/null --max-time 5 "$FLUXOR/cached" | grep -qi '^x-cache: *HIT' || die "GET /cached is not a cache hit"
curl -fsS -o /dev/null --max-time 5 "$FLUXOR/slow"
curl -fsS -D - -o /dev/null --max-time 5 "$FLUXOR/slow" | grep -qi '^x-cache: *HIT' || die "GET /slow is not a cache hit"
curl -fsS -D - -o /dev/null --max-time 5 "$FLUXOR/slow-no-cache" | grep -qi '^x-cache' && die "GET /slow-no-cache went through a cache"

# Targets: name|URL|connections[|wrk threads]. run_target sends the token as -a says.
# The targets a goal compares are next to each other, so that they run one after the other in
# every round (run_rounds reverses the order every other round).
TARGETS=(
	"direct|http://$HOST:$BARE_PORT/|$CONNECTIONS"
	"fluxor-cache|$FLUXOR/cached|$CONNECTIONS"
	"bare-memory|http://$HOST:$PROXY_PORT/memory|$CONNECTIONS"
	"bare-proxy|http://$HOST:$PROXY_PORT/|$CONNECTIONS"
	"fluxor-proxy|$FLUXOR/proxy|$CONNECTIONS"
	"slow-no-cache|$FLUXOR/slow-no-cache|$SLOW_CONNECTIONS|$SLOW_CONNECTIONS"
	"slow-cache|$FLUXOR/slow|$SLOW_CONNECTIONS|$SLOW_CONNECTIONS"
)

if [ -n "$ONLY" ]; then
	KEPT=()
	for spec in "${TARGETS[@]}"; do
		case " $ONLY " in *" ${spec%%|*} "*) KEPT+=("$spec") ;; esac
	done
	[ ${#KEPT[@]} -gt 0 ] || die "-o names none of the targets: $ONLY"
	TARGETS=("${KEPT[@]}")
fi

run_target() {
	local spec=$1 duration=$2 out=$3 name url connections threads
	IFS='|' read -r name url connections threads <<<"$spec"
	local auth=(-H "$AUTH")
	if [ "$TOKEN_TO" = proxies ]; then
		case "$name" in bare-proxy | fluxor-proxy) ;; *) auth=() ;; esac
	fi
	WRK_THREADS=${threads:-${WRK_THREADS:-2}} run_wrk "$out" "$connections" "$duration" "$url" "" "${auth[@]}"
}

run_rounds

echo
echo "wrk: $ROUNDS interleaved rounds x ${DURATION}s, ${WRK_THREADS:-2} threads; medians over rounds"
printf '%-14s %-20s %6s %12s %10s %10s %8s %7s\n' target request conns RPS "p50 ms" "p99 ms" non-2xx errors
for spec in "${TARGETS[@]}"; do
	IFS='|' read -r name url connections _ <<<"$spec"
	path=/${url#http://*/}
	printf '%-14s %-20s %6s %12s %10s %10s %8s %7s\n' "$name" "GET $path" "$connections" "$(figure "$name" rps)" \
		"$(figure "$name" p50)" "$(figure "$name" p99)" "$(figure "$name" non2xx)" "$(figure "$name" errors)"
done
echo
echo "per round (RPS / p99 ms):"
for spec in "${TARGETS[@]}"; do
	name=${spec%%|*}
	printf '  %-14s' "$name"
	for round in $(seq 1 "$ROUNDS"); do
		printf ' %10s / %-8s' "$(wrk_field "$WORK_DIR/$name.$round.txt" rps)" "$(wrk_field "$WORK_DIR/$name.$round.txt" p99)"
	done
	echo
done
echo

# The goals read the median of the ratios of each round (two runs next to each other); the ratio of
# the medians, which mixes runs made up to a round apart, is printed beside them.
PROXY_RPS=$(paired_ratio fluxor-proxy bare-proxy rps)
PROXY_P99=$(paired_ratio fluxor-proxy bare-proxy p99)
DIRECT_FIGURE=$(figure direct rps)
CACHE_FIGURE=$(figure fluxor-cache rps)
MEMORY_FIGURE=$(figure bare-memory rps)
CACHE_RPS=$(paired_ratio fluxor-cache direct rps)
SLOW_RPS=$(ratio "$(figure slow-cache rps)" "$(figure slow-no-cache rps)")
verdict() { awk -v r="$1" "BEGIN { print (r == \"n/a\") ? \"not run\" : (($2) ? \"MET\" : \"MISSED\") }"; }
of_medians() { echo "(medians: $(ratio "$(figure "$1" "$3")" "$(figure "$2" "$3")"))"; }
printf '%-46s %6s  %-12s %-7s %s\n' "fluxor-proxy RPS / bare-proxy RPS" "$PROXY_RPS" "goal >= 0.9" \
	"$(verdict "$PROXY_RPS" "r >= 0.9")" "$(of_medians fluxor-proxy bare-proxy rps)"
printf '%-46s %6s  %-12s %-7s %s\n' "fluxor-proxy p99 / bare-proxy p99" "$PROXY_P99" "goal <= 1.2" \
	"$(verdict "$PROXY_P99" "r <= 1.2")" "$(of_medians fluxor-proxy bare-proxy p99)"
printf '%-46s %6s  %-12s %-7s %s\n' "fluxor-cache RPS / direct (bare from memory)" "$CACHE_RPS" "goal >= 0.9" \
	"$(verdict "$CACHE_RPS" "r >= 0.9")" "$(of_medians fluxor-cache direct rps)"
printf '%-46s %6s  %-12s\n' "fluxor-cache RPS / bare-memory (proxying JVMs)" "$(paired_ratio fluxor-cache bare-memory rps)" \
	"(context)"
printf '%-46s %6s  %-12s\n' "bare-memory RPS / direct RPS" "$(ratio "$MEMORY_FIGURE" "$DIRECT_FIGURE")" "(context)"
printf '%-46s %6s  %-12s\n' "slow-cache RPS / slow-no-cache RPS" "$SLOW_RPS" "(FluxGate: ~1700x)"
SLOW_CACHE_RPS=$(figure slow-cache rps)
SLOW_CACHE_P50=$(figure slow-cache p50)
printf '%-46s %6s  %-12s %s\n' "slow-cache RPS, FluxGate's wrk -t4 -c4" "${SLOW_CACHE_RPS%.*}" "> 17283" \
	"$(verdict "$SLOW_CACHE_RPS" "r > 17283")"
printf '%-46s %6s  %-12s %s\n' "slow-cache p50 ms, FluxGate's wrk -t4 -c4" "$SLOW_CACHE_P50" "< 0.18" \
	"$(verdict "$SLOW_CACHE_P50" "r < 0.18")"
printf '%-46s %6s\n' "bare-proxy RPS / direct RPS" "$(ratio "$(figure bare-proxy rps)" "$DIRECT_FIGURE")"
