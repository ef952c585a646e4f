#!/usr/bin/env bash
# Live check of the observability files against a running sample app and a real Prometheus.
#
# Starts fluxor-sample-app/target/fluxor-sample-app.jar and a Prometheus server, both on loopback
# and on free ports, with Prometheus scraping the app every second and evaluating alerts.yml. Sends
# bounded traffic to 127.0.0.1 only (200s, 5xx from /faulty, 429 from the per-user rate limit on
# /echo, 503 from CCU backpressure), then asserts through Prometheus' HTTP API that:
#   - every Grafana dashboard query and template variable evaluates without error,
#   - the queries of the 13 core panels (those above the dashboard's first row) return data,
#   - every alert rule is loaded and evaluates without error,
#   - the exposition passes `promtool check metrics`.
# Both processes are stopped on exit; the whole run is capped at LIVE_CHECK_TIME_LIMIT seconds.
#
# Usage: ./mvnw -q -DskipTests package && bash observability/live-check.sh
#
# Environment (all optional):
#   LIVE_CHECK_JAR          the app jar (default fluxor-sample-app/target/fluxor-sample-app.jar)
#   LIVE_CHECK_JAVA_OPTS    JVM options (default: a small heap and young generation, so GCs happen)
#   LIVE_CHECK_APP_ARGS     extra application arguments
#   LIVE_CHECK_APP_CMD      command used instead of `java $LIVE_CHECK_JAVA_OPTS -jar $LIVE_CHECK_JAR`
#                           (the port arguments are still appended); for testing this script
#   LIVE_CHECK_MAX_CCU      fluxor.gateway.max-ccu for the run, small so a burst gets 503s (default 8)
#   LIVE_CHECK_TIME_LIMIT   hard cap in seconds for the whole run (default 170)
#   LIVE_CHECK_KEEP_LOGS    keep the temporary directory with the app and Prometheus logs (1)
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=observability/prometheus-tools.sh
. observability/prometheus-tools.sh

JAR=${LIVE_CHECK_JAR:-fluxor-sample-app/target/fluxor-sample-app.jar}
JAVA_OPTS=${LIVE_CHECK_JAVA_OPTS:--Xms64m -Xmx256m -Xmn16m -XX:+UseSerialGC}
MAX_CCU=${LIVE_CHECK_MAX_CCU:-8}
TIME_LIMIT=${LIVE_CHECK_TIME_LIMIT:-170}
DASHBOARD=observability/grafana/dashboards/fluxor.json
ALERTS=observability/alerts.yml

log() { echo "[live-check $(date +%H:%M:%S)] $*"; }
fail() { echo "[live-check] FAILED: $*" >&2; exit 1; }

for tool in curl python3; do
  command -v "$tool" >/dev/null 2>&1 || fail "$tool is required"
done
if [ -z "${LIVE_CHECK_APP_CMD:-}" ]; then
  command -v java >/dev/null 2>&1 || fail "java is required"
  [ -f "$JAR" ] || fail "$JAR not found: build it first with ./mvnw -q -DskipTests package"
fi
ensure_prometheus_tools || fail "could not install Prometheus"

WORK=$(mktemp -d "${TMPDIR:-/tmp}/fluxor-live-check.XXXXXX")
APP_PID=""
PROM_PID=""
WATCHDOG_PID=""
STATUS=1

stop_pid() {
  local pid=$1 name=$2 i
  [ -n "$pid" ] || return 0
  kill -0 "$pid" 2>/dev/null || return 0
  kill -TERM "$pid" 2>/dev/null || true
  for i in $(seq 1 30); do
    kill -0 "$pid" 2>/dev/null || return 0
    sleep 0.5
  done
  log "$name (pid $pid) did not stop within 15s: killing it"
  kill -KILL "$pid" 2>/dev/null || true
}

cleanup() {
  STATUS=$?
  set +e
  trap - EXIT TERM INT
  stop_pid "$APP_PID" "app"
  stop_pid "$PROM_PID" "prometheus"
  if [ -n "$WATCHDOG_PID" ]; then
    kill $(pgrep -P "$WATCHDOG_PID" 2>/dev/null) "$WATCHDOG_PID" 2>/dev/null
    wait "$WATCHDOG_PID" 2>/dev/null
  fi
  if [ "$STATUS" -ne 0 ]; then
    echo "---- app log (last 40 lines) ----" >&2
    tail -n 40 "$WORK/app.log" 2>/dev/null >&2
    echo "---- prometheus log (last 20 lines) ----" >&2
    tail -n 20 "$WORK/prometheus.log" 2>/dev/null >&2
  fi
  if [ "${LIVE_CHECK_KEEP_LOGS:-0}" = 1 ]; then
    log "logs kept in $WORK"
  else
    rm -rf "$WORK"
  fi
  exit "$STATUS"
}
trap cleanup EXIT
trap 'exit 124' TERM INT

# The hard time cap: TERM ourselves, which runs cleanup through the traps above.
( sleep "$TIME_LIMIT"; echo "[live-check] FAILED: time limit of ${TIME_LIMIT}s reached" >&2; kill -TERM $$ ) &
WATCHDOG_PID=$!

remaining() { echo $(( TIME_LIMIT - SECONDS )); }

# Free loopback ports: gateway, management, Prometheus, and five consecutive ones for the sample
# app's in-process demo upstreams (fluxor.demo.upstreams.base-port .. +4).
read -r GATEWAY_PORT MANAGEMENT_PORT PROM_PORT UPSTREAM_BASE < <(python3 - <<'PY'
import random, socket

def free(port):
    with socket.socket() as s:
        try:
            s.bind(("127.0.0.1", port))
            return True
        except OSError:
            return False

def pick(count, taken):
    for _ in range(500):
        # below Linux's ephemeral range (32768-60999), where outgoing connections take their ports
        base = random.randint(20000, 32000)
        ports = range(base, base + count)
        if not taken.intersection(ports) and all(free(p) for p in ports):
            taken.update(ports)
            return base
    raise SystemExit("no free loopback ports")

taken = set()
singles = [pick(1, taken) for _ in range(3)]
print(*singles, pick(5, taken))
PY
)
[ -n "${UPSTREAM_BASE:-}" ] || fail "could not find free loopback ports"
GATEWAY="http://127.0.0.1:$GATEWAY_PORT"
MANAGEMENT="http://127.0.0.1:$MANAGEMENT_PORT"
PROM="http://127.0.0.1:$PROM_PORT"

# ---- start the app -----------------------------------------------------------------------------
APP_ARGS=(
  "--fluxor.gateway.port=$GATEWAY_PORT"
  "--management.server.port=$MANAGEMENT_PORT"
  "--management.server.address=127.0.0.1"
  "--fluxor.demo.upstreams.base-port=$UPSTREAM_BASE"
  "--fluxor.gateway.max-ccu=$MAX_CCU"
  "--management.metrics.tags.instance=live-check"
  "--management.metrics.distribution.percentiles-histogram.jvm.gc.pause=true"
)
# shellcheck disable=SC2206 # word splitting of the optional extra arguments is intended
[ -n "${LIVE_CHECK_APP_ARGS:-}" ] && APP_ARGS+=($LIVE_CHECK_APP_ARGS)
log "starting the app: gateway $GATEWAY_PORT, management $MANAGEMENT_PORT, upstreams $UPSTREAM_BASE+"
if [ -n "${LIVE_CHECK_APP_CMD:-}" ]; then
  # shellcheck disable=SC2086 # the command is a word list on purpose
  $LIVE_CHECK_APP_CMD "${APP_ARGS[@]}" >"$WORK/app.log" 2>&1 &
else
  # shellcheck disable=SC2086
  java $JAVA_OPTS -jar "$JAR" "${APP_ARGS[@]}" >"$WORK/app.log" 2>&1 &
fi
APP_PID=$!

# ---- start Prometheus --------------------------------------------------------------------------
cp "$ALERTS" "$WORK/alerts.yml"
cat >"$WORK/prometheus.yml" <<YAML
global:
  scrape_interval: 1s
  scrape_timeout: 1s
  evaluation_interval: 1s
rule_files:
  - alerts.yml
scrape_configs:
  - job_name: fluxor
    metrics_path: /actuator/prometheus
    honor_labels: true
    static_configs:
      - targets: ["127.0.0.1:$MANAGEMENT_PORT"]
YAML
promtool check config "$WORK/prometheus.yml" >/dev/null || fail "generated Prometheus config is invalid"
log "starting Prometheus on $PROM_PORT"
prometheus --config.file="$WORK/prometheus.yml" --storage.tsdb.path="$WORK/data" \
  --web.listen-address="127.0.0.1:$PROM_PORT" --log.level=warn >"$WORK/prometheus.log" 2>&1 &
PROM_PID=$!

# wait_for DESCRIPTION SECONDS COMMAND...: polls COMMAND every 0.5s; fails when a started process
# died or the time runs out.
wait_for() {
  local what=$1 limit=$2 deadline
  shift 2
  deadline=$(( SECONDS + limit ))
  until "$@" >/dev/null 2>&1; do
    kill -0 "$APP_PID" 2>/dev/null || fail "the app exited while waiting for $what"
    kill -0 "$PROM_PID" 2>/dev/null || fail "Prometheus exited while waiting for $what"
    [ "$SECONDS" -lt "$deadline" ] || fail "timed out after ${limit}s waiting for $what"
    sleep 0.5
  done
  log "$what: ok"
}

prom_has() { # PROMQL: true when the instant query returns at least one sample
  curl -sf --max-time 2 -G "$PROM/api/v1/query" --data-urlencode "query=$1" \
    | python3 -c 'import json,sys; sys.exit(0 if json.load(sys.stdin)["data"]["result"] else 1)'
}

wait_for "Prometheus ready" 30 curl -sf --max-time 2 "$PROM/-/ready"
wait_for "app readiness" 90 curl -sf --max-time 2 "$MANAGEMENT/actuator/health/readiness"
wait_for "app liveness" 10 curl -sf --max-time 2 "$MANAGEMENT/actuator/health/liveness"
wait_for "first scrape" 20 prom_has 'up{job="fluxor"} == 1'

# ---- traffic -------------------------------------------------------------------------------------
CODES="$WORK/status-codes.txt"
: >"$CODES"
# send N PARALLELISM CURL-ARGS...: N requests, at most PARALLELISM at once, status codes to $CODES.
send() {
  local count=$1 parallel=$2
  shift 2
  seq 1 "$count" | xargs -P "$parallel" -I{} \
    curl -s -o /dev/null -w '%{http_code}\n' --max-time 10 "$@" >>"$CODES" || true
}
log "traffic: 200s"
for path in / /api/status /fast /slow; do
  send 10 2 "$GATEWAY$path"
done
send 10 2 -X POST -H 'Content-Type: text/plain' --data 'hello fluxor' "$GATEWAY/api/echo"
log "traffic: 5xx from /faulty"
send 30 3 "$GATEWAY/faulty"
log "traffic: 429 from the per-user rate limit on /echo"
send 40 8 -H 'X-User-ID: demo' "$GATEWAY/echo"
log "traffic: 503 from CCU backpressure (max-ccu $MAX_CCU)"
send 80 40 "$GATEWAY/api/delay?ms=500"
log "traffic: 200s after the burst"
send 10 2 "$GATEWAY/"

log "status codes seen: $(sort "$CODES" | uniq -c | awk '{printf "%s×%s ", $2, $1}')"
grep -q '^2' "$CODES" || fail "no 2xx response"
grep -q '^5' "$CODES" || fail "no 5xx response (expected from /faulty)"
grep -qx '429' "$CODES" || fail "no 429 response (expected from /echo with X-User-ID: demo)"
grep -qx '503' "$CODES" || fail "no 503 response (expected from backpressure with max-ccu $MAX_CCU)"

log "promtool check metrics on the app's exposition"
curl -sf --max-time 5 "$MANAGEMENT/actuator/prometheus" >"$WORK/exposition.txt" || fail "could not scrape the app"
promtool check metrics <"$WORK/exposition.txt" || fail "promtool check metrics found problems in the exposition"

# ---- assertions through Prometheus ----------------------------------------------------------------
EXPECTED_RULES=$(grep -c -- '- alert:' "$ALERTS")
BUDGET=$(( $(remaining) - 15 ))
[ "$BUDGET" -gt 5 ] || fail "no time left for the Prometheus assertions"
log "checking dashboard queries and $EXPECTED_RULES alert rules (up to ${BUDGET}s)"
python3 - "$PROM" "$DASHBOARD" "$EXPECTED_RULES" "$BUDGET" <<'PY'
import json
import re
import sys
import time
import urllib.error
import urllib.parse
import urllib.request

prom, dashboard_path, expected_rules, budget = sys.argv[1], sys.argv[2], int(sys.argv[3]), float(sys.argv[4])
deadline = time.monotonic() + budget

# Grafana variables as a dashboard with "All" selected would send them.
SUBSTITUTIONS = {"$__rate_interval": "1m", "$__interval": "15s", "$application": ".*", "$instance": ".*"}


def grafana_to_promql(expr):
    for variable, value in SUBSTITUTIONS.items():
        expr = expr.replace(variable, value)
    return expr


def api(path, params=None):
    url = prom + path + ("?" + urllib.parse.urlencode(params, doseq=True) if params else "")
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return json.load(response)
    except urllib.error.HTTPError as error:  # Prometheus answers bad queries with 400 + JSON
        return json.load(error)


def query(expr):
    body = api("/api/v1/query", {"query": expr})
    if body.get("status") != "success":
        return None, body.get("error", body)
    return body["data"]["result"], None


with open(dashboard_path) as file:
    dashboard = json.load(file)

queries = []  # (where, promql, core)
core = True
for panel in dashboard["panels"]:
    if panel.get("type") == "row":
        core = False
        continue
    for target in panel.get("targets", []):
        where = f"panel '{panel['title']}' {target.get('refId', '?')}"
        queries.append((where, grafana_to_promql(target["expr"]), core))

variables = []  # (name, label, match selector)
for variable in dashboard.get("templating", {}).get("list", []):
    if variable.get("type") != "query":
        continue
    definition = variable["query"]["query"] if isinstance(variable["query"], dict) else variable["query"]
    match = re.fullmatch(r"\s*label_values\((.*),\s*([a-zA-Z_]\w*)\s*\)\s*", definition)
    if not match:
        sys.exit(f"unsupported variable query {definition!r}")
    variables.append((variable["name"], match.group(2), grafana_to_promql(match.group(1))))


def check():
    problems = []
    for where, expr, is_core in queries:
        result, error = query(expr)
        if error is not None:
            problems.append(f"{where}: error {error}: {expr}")
        elif is_core and not result:
            problems.append(f"{where}: no data: {expr}")
    for name, label, selector in variables:
        body = api(f"/api/v1/label/{label}/values", {"match[]": selector})
        if body.get("status") != "success" or not body["data"]:
            problems.append(f"variable ${name}: no values for label {label} of {selector}")
    body = api("/api/v1/rules", {"type": "alert"})
    rules = [rule for group in body.get("data", {}).get("groups", []) for rule in group["rules"]]
    if len(rules) != expected_rules:
        problems.append(f"Prometheus loaded {len(rules)} alert rules, alerts.yml has {expected_rules}")
    for rule in rules:
        if rule.get("health") != "ok":
            problems.append(f"alert {rule['name']}: health {rule.get('health')} {rule.get('lastError', '')}")
        _, error = query(rule["query"])
        if error is not None:
            problems.append(f"alert {rule['name']}: error {error}: {rule['query']}")
    return problems, rules


while True:
    problems, rules = check()
    if not problems or time.monotonic() >= deadline:
        break
    time.sleep(1)

core_count = sum(1 for _, _, is_core in queries if is_core)
print(f"  {len(queries)} dashboard queries ({core_count} core), {len(variables)} variables, {len(rules)} alert rules")
for rule in rules:
    print(f"  alert {rule['name']}: {rule.get('state')}")
if problems:
    print("  problems:", *problems, sep="\n    ", file=sys.stderr)
    sys.exit(1)
print("  all dashboard queries and alert expressions evaluate; core panels have data")
PY
log "passed in ${SECONDS}s"
