#!/usr/bin/env bash
# Debian's Chromium and ChromeDriver, when missing. Never a browser download from a CDN:
# Playwright and Selenium drive this system Chromium.
set -euo pipefail
if [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ]; then
  exit 0
fi
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends chromium chromium-driver
/usr/bin/chromium --version 2>/dev/null | grep -v unexpected || true
