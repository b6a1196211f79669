#!/usr/bin/env bash
# Debian's Chromium and ChromeDriver, when missing. Never a browser download from a CDN:
# Playwright and Selenium drive this system Chromium. (`make check-fresh` runs this apt path on
# a minimal Debian 12.)
set -euo pipefail
if [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ]; then
  exit 0
fi
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
echo "install-browser: apt-get install chromium chromium-driver"
$SUDO apt-get update -qq -o DPkg::Lock::Timeout=600
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends \
  -o DPkg::Lock::Timeout=600 chromium chromium-driver >/dev/null
/usr/bin/chromium --version 2>/dev/null | grep -v unexpected || true
