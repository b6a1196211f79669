"""The one Chromium of the project: Debian's /usr/bin/chromium (never a downloaded browser) and
the flags every headless launch uses (tests, bench, demo, embed)."""

from __future__ import annotations

import os

__all__ = ["CHROME_FLAGS", "CHROMIUM"]

CHROMIUM = os.environ.get("CHROMIUM_BIN", "/usr/bin/chromium")
CHROME_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
