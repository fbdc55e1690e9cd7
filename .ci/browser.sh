#!/usr/bin/env bash
# Install Debian's Chromium for the browser tests (tests/browser). Playwright is
# only the driver (a Python package from PyPI); it never downloads a browser.
# Idempotent: does nothing when /usr/bin/chromium is already there.
# Safe to run (`bash .ci/browser.sh`) or to source from .ci/run: it never exits
# the caller, it only returns (non-zero under CI=true when the install fails).

newsledger_install_chromium() {
  if [ -x /usr/bin/chromium ]; then
    echo "browser.sh: $(/usr/bin/chromium --version 2>/dev/null || echo chromium) already installed"
    return 0
  fi
  if [ "$(id -u)" -ne 0 ]; then
    echo "browser.sh: need root to apt-get install chromium; browser tests will skip" >&2
    return 0
  fi
  DEBIAN_FRONTEND=noninteractive apt-get update -q &&
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends chromium fonts-dejavu-core ||
    { echo "browser.sh: apt-get install chromium failed" >&2; [ "${CI:-}" != "true" ]; return; }
  /usr/bin/chromium --version || true
}

newsledger_install_chromium
