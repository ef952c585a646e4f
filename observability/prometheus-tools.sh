# Sourced by check.sh and live-check.sh: makes sure promtool and the prometheus server are on the
# PATH, installing Debian's `prometheus` package (both binaries) when they are missing. CI runs
# as root; elsewhere the install needs root or sudo.

ensure_prometheus_tools() {
  if command -v promtool >/dev/null 2>&1 && command -v prometheus >/dev/null 2>&1; then
    return 0
  fi
  if ! command -v apt-get >/dev/null 2>&1; then
    echo "promtool/prometheus not found and apt-get is not available: install Prometheus first" >&2
    return 1
  fi
  local sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then
      sudo="sudo"
    else
      echo "promtool/prometheus not found; installing Debian's prometheus package needs root" >&2
      return 1
    fi
  fi
  echo "Installing Debian's prometheus package (promtool and the server)"
  $sudo apt-get update -qq
  # policy-rc.d or no init system: the package's service is not started in containers and CI.
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends prometheus >/dev/null
  command -v promtool >/dev/null 2>&1 && command -v prometheus >/dev/null 2>&1
}
