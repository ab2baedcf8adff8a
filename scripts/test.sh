#!/usr/bin/env bash
# Runs every Lockstep test from a fresh clone: unit, contract, property, conformance and
# integration tests and the fault suite (mvn verify), then the JavaScript client's tests against the jar that built
# (npm test in clients/js), the demo app's browser tests in Chromium among them, then ShareDB's own
# npm client against the /sharedb endpoint (npm test in clients/sharedb-compat). Installs what the
# tests need when it is missing, on Debian.
# The OT conformance vectors are read from ../shared/conformance beside the checkout
# (override with LOCKSTEP_CONFORMANCE_DIR).
set -euo pipefail
cd "$(dirname "$0")/.."

install_debian_packages() {
  local sudo=""
  if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
  echo "installing $* (apt-get)"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

# Tests start their own redis-server on a free port; they never use one that is already running.
command -v redis-server >/dev/null || install_debian_packages redis-server
# The fault suite (module fault-suite) and the proxy tests start their own nginx in front of the
# nodes, on free ports, with a config of their own; Debian puts it in /usr/sbin.
export PATH="$PATH:/usr/sbin"
command -v nginx >/dev/null || install_debian_packages nginx
command -v mvn >/dev/null || install_debian_packages maven
command -v npm >/dev/null || install_debian_packages nodejs npm
# The demo's browser tests drive Debian's Chromium through playwright-core (Playwright's own browser
# download is not used); the fonts keep their screenshot readable.
[ -x /usr/bin/chromium ] || install_debian_packages chromium fonts-liberation

args=(-B -ntp verify)
if [ -n "${LOCKSTEP_CONFORMANCE_DIR:-}" ]; then
  args+=("-Dlockstep.conformance.dir=${LOCKSTEP_CONFORMANCE_DIR}")
fi
mvn "${args[@]}" "$@"

cd clients/js
npm ci --no-audit --no-fund --loglevel=error
npm test

# ShareDB's own client (the sharedb package from the registry) against /sharedb.
cd ../sharedb-compat
npm ci --no-audit --no-fund --loglevel=error
npm test
