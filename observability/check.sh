#!/usr/bin/env bash
# Static checks of the observability and deployment files with the real tools:
#   - promtool check config / check rules / test rules (Debian's prometheus package, installed
#     when missing),
#   - the Helm chart's copy of the alert rules is identical to observability/alerts.yml,
#   - the Grafana dashboard is valid JSON,
#   - docker compose config, when a docker client with compose is installed (no engine needed).
# Exits non-zero on the first failure. Run from anywhere: bash observability/check.sh
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=observability/prometheus-tools.sh
. observability/prometheus-tools.sh

step() { echo "== $*"; }

ensure_prometheus_tools
promtool --version | head -n 1

step "promtool check config observability/prometheus.yml"
promtool check config observability/prometheus.yml

step "promtool check rules observability/alerts.yml"
promtool check rules observability/alerts.yml

step "promtool test rules observability/alerts.test.yml"
promtool test rules observability/alerts.test.yml

step "helm/fluxor/files/alerts.yml is a copy of observability/alerts.yml"
if ! cmp -s observability/alerts.yml helm/fluxor/files/alerts.yml; then
  echo "helm/fluxor/files/alerts.yml differs from observability/alerts.yml: copy it over" >&2
  diff -u observability/alerts.yml helm/fluxor/files/alerts.yml >&2 || true
  exit 1
fi
echo "  SUCCESS: identical"

step "observability/grafana/dashboards/fluxor.json is valid JSON"
if command -v python3 >/dev/null 2>&1; then
  python3 -m json.tool observability/grafana/dashboards/fluxor.json >/dev/null
elif command -v jq >/dev/null 2>&1; then
  jq empty observability/grafana/dashboards/fluxor.json
else
  echo "  SKIPPED: neither python3 nor jq is installed"
fi
echo "  SUCCESS"

step "docker compose config"
if command -v docker >/dev/null 2>&1 && docker compose version >/dev/null 2>&1; then
  docker compose -f docker-compose.yml config -q
  echo "  SUCCESS"
elif command -v docker-compose >/dev/null 2>&1; then
  docker-compose -f docker-compose.yml config -q
  echo "  SUCCESS (docker-compose)"
else
  echo "  SKIPPED: no docker client with the compose plugin"
fi

echo "observability checks passed"
