#!/usr/bin/env bash
# Shared helpers of the Fluxor load scripts: sourced, never run. Everything here targets 127.0.0.1
# only, and stops only the processes that the calling script started (their PIDs are in STARTED_PIDS).

LOAD_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO_ROOT=$(cd "$LOAD_DIR/../.." && pwd)
# The bare baselines run on the Reactor Netty and Netty versions of the gateway (Spring Boot's).
BASELINES_JAR=${BASELINES_JAR:-$REPO_ROOT/fluxor-benchmarks/baselines/target/baselines.jar}
APP_JAR=${APP_JAR:-$REPO_ROOT/fluxor-sample-app/target/fluxor-sample-app.jar}
HOST=127.0.0.1
MAX_DURATION_SECONDS=120
MAX_CONNECTIONS=2000

STARTED_PIDS=()
WORK_DIR=$(mktemp -d -t fluxor-load.XXXXXX)

log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "ERROR: $*"; exit 2; }

# Stops, by PID, every process this script started: TERM first, KILL after 10 s.
stop_started() {
	local pid
	for pid in "${STARTED_PIDS[@]}"; do
		kill -TERM "$pid" 2>/dev/null || true
	done
	for pid in "${STARTED_PIDS[@]}"; do
		await_exit "$pid"
	done
	STARTED_PIDS=()
}

# await_exit PID: waits up to 10 s for a process (already sent TERM) to end, then kills it.
await_exit() {
	for _ in $(seq 1 100); do
		kill -0 "$1" 2>/dev/null || return 0
		sleep 0.1
	done
	kill -KILL "$1" 2>/dev/null || true
}

cleanup() {
	local status=$?
	stop_started
	if [ "${KEEP_LOGS:-0}" = 1 ]; then
		log "logs kept in $WORK_DIR"
	else
		rm -rf "$WORK_DIR"
	fi
	exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# Installs wrk from the distribution's packages when it is missing.
ensure_wrk() { ensure_command wrk; }

# ensure_command NAME: installs the distribution's package NAME when the command NAME is missing.
ensure_command() {
	command -v "$1" >/dev/null 2>&1 && return
	log "$1 not found: installing it with apt-get"
	local sudo=""
	[ "$(id -u)" -eq 0 ] || sudo="sudo"
	$sudo apt-get install -y -qq "$1" >/dev/null 2>&1 \
		|| { $sudo apt-get update -qq >/dev/null && $sudo apt-get install -y -qq "$1" >/dev/null; } \
		|| die "could not install $1 with apt-get"
	command -v "$1" >/dev/null 2>&1 || die "$1 is still missing after apt-get install"
}

ensure_baselines_jar() {
	[ -f "$BASELINES_JAR" ] || die "$BASELINES_JAR not found: build it with ./mvnw -DskipTests install"
}

# Prints a TCP port on 127.0.0.1 that nothing listens on (and that this script has not handed out).
HANDED_OUT_PORTS=" "
free_port() {
	local port
	for _ in $(seq 1 200); do
		# below Linux's ephemeral range (32768-60999): a port that only looks free because an outgoing
		# connection holds it as its source port would fail the bind later
		port=$((20000 + RANDOM % 12000))
		case "$HANDED_OUT_PORTS" in *" $port "*) continue ;; esac
		if ! (exec 3<>"/dev/tcp/$HOST/$port") 2>/dev/null; then
			HANDED_OUT_PORTS="$HANDED_OUT_PORTS$port "
			echo "$port"
			return
		fi
	done
	die "no free port found on $HOST"
}

# check_bounds DURATION_SECONDS CONNECTIONS: refuses unbounded or oversized load.
check_bounds() {
	[[ "$1" =~ ^[0-9]+$ ]] && [ "$1" -ge 1 ] && [ "$1" -le "$MAX_DURATION_SECONDS" ] \
		|| die "duration must be 1..$MAX_DURATION_SECONDS seconds, got '$1'"
	[[ "$2" =~ ^[0-9]+$ ]] && [ "$2" -ge 1 ] && [ "$2" -le "$MAX_CONNECTIONS" ] \
		|| die "connections must be 1..$MAX_CONNECTIONS, got '$2'"
}

# start_process NAME LOGFILE COMMAND...: starts a process in the background and records its PID.
start_process() {
	local name=$1 logfile=$2
	shift 2
	"$@" >"$logfile" 2>&1 &
	STARTED_PIDS+=("$!")
	log "started $name (pid $!)"
	LAST_PID=$!
}

# wait_for_line PID LOGFILE PATTERN TIMEOUT_SECONDS: waits for a line in a process's log.
wait_for_line() {
	local pid=$1 logfile=$2 pattern=$3 timeout=$4
	for _ in $(seq 1 $((timeout * 10))); do
		grep -q -- "$pattern" "$logfile" 2>/dev/null && return 0
		kill -0 "$pid" 2>/dev/null || { tail -n 30 "$logfile" >&2; die "process $pid exited before printing '$pattern'"; }
		sleep 0.1
	done
	tail -n 30 "$logfile" >&2
	die "process $pid did not print '$pattern' within ${timeout}s"
}

# wait_for_http PID URL TIMEOUT_SECONDS LOGFILE: waits until the URL answers 2xx.
wait_for_http() {
	local pid=$1 url=$2 timeout=$3 logfile=$4
	for _ in $(seq 1 $((timeout * 5))); do
		curl -fsS -o /dev/null --max-time 2 "$url" 2>/dev/null && return 0
		kill -0 "$pid" 2>/dev/null || { tail -n 40 "$logfile" >&2; die "process $pid exited before $url answered"; }
		sleep 0.2
	done
	tail -n 40 "$logfile" >&2
	die "$url did not answer within ${timeout}s"
}

# Starts BareReactorNettyServer on a free port; sets BARE_PORT.
start_bare_server() {
	ensure_baselines_jar
	local logfile="$WORK_DIR/bare-server.log"
	start_process "bare Reactor Netty server" "$logfile" \
		java ${BARE_JAVA_OPTS:-} -cp "$BASELINES_JAR" io.fluxor.benchmarks.baselines.BareReactorNettyServer "$HOST" 0
	wait_for_line "$LAST_PID" "$logfile" "listening on" 30
	BARE_PORT=$(sed -n 's/.*listening on [0-9.]*:\([0-9]*\).*/\1/p' "$logfile" | head -n 1)
	BARE_PID=$LAST_PID
	log "bare server on $HOST:$BARE_PORT"
}

# start_bare_proxy UPSTREAM_URL: starts BareReactorNettyProxy in front of UPSTREAM_URL on a free port;
# sets PROXY_PORT and PROXY_PID.
start_bare_proxy() {
	ensure_baselines_jar
	local logfile="$WORK_DIR/bare-proxy.log"
	start_process "bare Reactor Netty proxy" "$logfile" \
		java ${BARE_JAVA_OPTS:-} -cp "$BASELINES_JAR" io.fluxor.benchmarks.baselines.BareReactorNettyProxy "$1" "$HOST" 0
	wait_for_line "$LAST_PID" "$logfile" "listening on" 30
	PROXY_PORT=$(sed -n 's/.*listening on [0-9.]*:\([0-9]*\).*/\1/p' "$logfile" | head -n 1)
	PROXY_PID=$LAST_PID
	log "bare proxy on $HOST:$PROXY_PORT -> $1"
}

# bench_jwt: a fresh random HS256 secret (JWT_SECRET) and, as a request header (AUTH), a token signed
# with it for sub=bench, valid for a day: what the gateway benchmark's JWT-protected route accepts.
bench_jwt() {
	local header payload signature now
	now=$(date +%s)
	JWT_SECRET=$(openssl rand -hex 32)
	header=$(printf '{"alg":"HS256","typ":"JWT"}' | base64url)
	payload=$(printf '{"sub":"bench","iat":%d,"exp":%d}' "$now" "$((now + 86400))" | base64url)
	signature=$(printf '%s.%s' "$header" "$payload" | openssl dgst -sha256 -hmac "$JWT_SECRET" -binary | base64url)
	AUTH="Authorization: Bearer $header.$payload.$signature"
}

base64url() { openssl base64 -A | tr '+/' '-_' | tr -d '='; }

# start_sample_app EXTRA_ARGS...: starts the Fluxor sample app on free ports; sets APP_PORT,
# APP_MANAGEMENT_PORT and APP_PID. Returns 1 (with a message) when the jar has not been built.
start_sample_app() {
	if [ ! -f "$APP_JAR" ]; then
		log "Fluxor sample app not found at $APP_JAR (build it with ./mvnw -DskipTests package)"
		return 1
	fi
	APP_PORT=$(free_port)
	APP_MANAGEMENT_PORT=$(free_port)
	local logfile="$WORK_DIR/sample-app.log"
	start_process "Fluxor sample app" "$logfile" \
		java ${APP_JAVA_OPTS:-} -jar "$APP_JAR" \
		"--fluxor.gateway.port=$APP_PORT" \
		"--server.port=$APP_MANAGEMENT_PORT" \
		"--server.address=$HOST" \
		"--management.server.port=$APP_MANAGEMENT_PORT" \
		"--management.endpoints.web.exposure.include=health,info,metrics,prometheus,fluxor" \
		"--fluxor.demo.upstreams.enabled=${APP_DEMO_UPSTREAMS:-false}" \
		"$@"
	APP_PID=$LAST_PID
	APP_LOG=$logfile
	wait_for_http "$APP_PID" "http://$HOST:$APP_PORT/" 90 "$logfile"
	log "Fluxor sample app on $HOST:$APP_PORT (management $APP_MANAGEMENT_PORT)"
}

# start_bench_gateway UPSTREAM_URL: starts the sample app (APP_JAR) with the benchmark's routes
# (gateway-bench.yml) in front of UPSTREAM_URL, the JWT secret of bench_jwt and the demo upstreams on
# free ports; sets what start_sample_app sets.
start_bench_gateway() {
	APP_DEMO_UPSTREAMS=true start_sample_app \
		"--spring.config.additional-location=file:$LOAD_DIR/gateway-bench.yml" \
		"--bench.upstream=$1" \
		"--bench.jwt-secret=$JWT_SECRET" \
		"--fluxor.demo.upstreams.base-port=0"
}

# cpu_ticks PID: the user plus system CPU time of a process so far, in clock ticks (getconf CLK_TCK).
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }

# to_ms VALUE: converts a wrk duration (850.00us, 1.20ms, 2.01s, 1.5m) to milliseconds.
to_ms() {
	awk -v v="$1" 'BEGIN {
		n = v + 0; u = v; sub(/^[0-9.]+/, "", u)
		if (u == "us") n = n / 1000; else if (u == "s") n = n * 1000; else if (u == "m") n = n * 60000
		printf "%.3f\n", n }'
}

# run_wrk OUTFILE CONNECTIONS DURATION_SECONDS URL [LUA_SCRIPT] [WRK_ARGS...]: one wrk run, bounded in
# time; WRK_ARGS (e.g. -H 'Authorization: Bearer ...') are passed to wrk as they are.
run_wrk() {
	local out=$1 connections=$2 duration=$3 url=$4 script=${5:-}
	shift 4
	[ $# -gt 0 ] && shift
	check_bounds "$duration" "$connections"
	local threads=${WRK_THREADS:-2}
	[ "$threads" -le "$connections" ] || threads=$connections
	local args=(-t "$threads" -c "$connections" -d "${duration}s" --timeout 5s --latency)
	[ -n "$script" ] && args+=(-s "$script")
	args+=("$@")
	timeout $((duration + 30)) wrk "${args[@]}" "$url" >"$out" 2>&1 || die "wrk failed on $url: $(tail -n 3 "$out")"
}

# wrk_field OUTFILE rps|p50|p99|non2xx|errors: reads one figure of a wrk --latency report.
wrk_field() {
	local out=$1 field=$2
	case "$field" in
		rps) awk '/^Requests\/sec:/ { print $2 }' "$out" ;;
		p50) to_ms "$(awk '$1 == "50%" { print $2 }' "$out")" ;;
		p99) to_ms "$(awk '$1 == "99%" { print $2 }' "$out")" ;;
		non2xx) awk '/Non-2xx or 3xx responses:/ { n = $NF } END { print n + 0 }' "$out" ;;
		errors) awk '/Socket errors:/ { gsub(/,/, ""); n = $4 + $6 + $8 + $10 } END { print n + 0 }' "$out" ;;
	esac
}

# median: prints the median of the numbers on standard input.
median() {
	sort -g | awk '{ v[NR] = $1 } END { if (NR == 0) { print "n/a"; exit } if (NR % 2) print v[(NR + 1) / 2]; else printf "%.3f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

# run_rounds: warms each of TARGETS up for WARMUP seconds, then runs ROUNDS interleaved rounds of
# DURATION seconds, each through the caller's run_target SPEC DURATION OUTFILE; results land in
# $WORK_DIR/NAME.ROUND.txt, NAME being the part of SPEC before the first '|'. Every other round runs
# the targets in reverse order, so that a change of the machine's load during the rounds weighs alike
# on two targets compared (listed next to each other).
run_rounds() {
	local spec name round i
	local order=()
	log "warm-up: ${WARMUP}s per target"
	for spec in "${TARGETS[@]}"; do
		run_target "$spec" "$WARMUP" "$WORK_DIR/warmup.txt"
	done
	for round in $(seq 1 "$ROUNDS"); do
		order=()
		for i in "${!TARGETS[@]}"; do
			if ((round % 2)); then order+=("${TARGETS[$i]}"); else order=("${TARGETS[$i]}" "${order[@]}"); fi
		done
		for spec in "${order[@]}"; do
			name=${spec%%|*}
			log "round $round/$ROUNDS: $name"
			run_target "$spec" "$DURATION" "$WORK_DIR/$name.$round.txt"
		done
	done
}

# figure NAME FIELD: the median of a wrk field over the rounds of run_rounds (n/a for a target not run).
figure() {
	local name=$1 field=$2 round
	for round in $(seq 1 "$ROUNDS"); do
		if [ -f "$WORK_DIR/$name.$round.txt" ]; then
			wrk_field "$WORK_DIR/$name.$round.txt" "$field"
		fi
	done | median
}

# paired_ratio NAME BASE FIELD: the median over the rounds of NAME's field over BASE's in the same
# round, with two decimals (n/a when either was not run): each ratio compares two runs made next to
# each other, which the ratio of the two medians does not.
paired_ratio() {
	local name=$1 base=$2 field=$3 round
	for round in $(seq 1 "$ROUNDS"); do
		if [ -f "$WORK_DIR/$name.$round.txt" ] && [ -f "$WORK_DIR/$base.$round.txt" ]; then
			echo "$(ratio "$(wrk_field "$WORK_DIR/$name.$round.txt" "$field")" "$(wrk_field "$WORK_DIR/$base.$round.txt" "$field")")"
		fi
	done | awk '$1 != "n/a"' | median | awk '{ if ($1 == "n/a") print; else printf "%.2f\n", $1 }'
}

# ratio A B: A / B with two decimals, or n/a.
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a != "n/a" && b != "n/a" && b > 0) printf "%.2f", a / b; else print "n/a" }'; }
