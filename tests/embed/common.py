"""Shared bits of the PyScript and JupyterLite end-to-end tests: one Chromium, offline."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from playwright.sync_api import Browser, Page, Request, sync_playwright

from tools.chromium import CHROME_FLAGS, CHROMIUM

ROOT = Path(__file__).resolve().parents[2]
CACHE = ROOT / ".cache"
DIST = Path(os.environ.get("AJAX_DIST_DIR", CACHE / "dist"))
EXAMPLES = ROOT / "examples"
# Every host name but loopback fails to resolve: a CDN request cannot succeed by accident,
# and `Watch.offsite` lists any attempt.
OFFLINE_FLAGS = [*CHROME_FLAGS, "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"]


def wheel_name() -> str:
    """The wheel the examples name; the dist folder must hold exactly that file."""
    wheels = sorted(p.name for p in DIST.glob("pyodide_ajax-*-py3-none-any.whl"))
    if len(wheels) != 1:
        raise AssertionError(f"expected one pyodide_ajax wheel in {DIST}, found {wheels}")
    return wheels[0]


@contextmanager
def chromium() -> Iterator[Browser]:
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=OFFLINE_FLAGS)
        try:
            yield browser
        finally:
            browser.close()


@dataclass
class Watch:
    """What a page said: console lines, uncaught errors, requests that left 127.0.0.1."""

    console: list[str] = field(default_factory=list)
    offsite: list[str] = field(default_factory=list)

    def attach(self, page: Page) -> Page:
        page.on("console", lambda m: self.console.append(f"console.{m.type}: {m.text}"))
        page.on("pageerror", lambda e: self.console.append(f"pageerror: {e}"))
        page.on("request", self._on_request)
        return page

    def _on_request(self, request: Request) -> None:
        url = request.url
        scheme = urlsplit(url).scheme
        if scheme in ("http", "https", "ws", "wss") and urlsplit(url).hostname != "127.0.0.1":
            self.offsite.append(url)

    def tail(self, n: int = 30) -> str:
        return "\n".join(self.console[-n:])
