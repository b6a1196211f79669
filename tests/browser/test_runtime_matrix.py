"""What runtime each matrix cell really ran in, and that blocking mode picks the right carrier.

One probe per runtime (page or Node: `test_runtime_probe`; Worker: `test_runtime_probe_worker`).
It checks what a user would: the Pyodide version booted is the one the dist folder claims,
the engine is the cell's (the browser pytest-pyodide was asked for; in Node the major version
the Makefile names in `AJAX_EXPECT_NODE`, so a PATH slip cannot turn the Node 24 cell into a
second Node 20 run), JSPI is present or absent as the matrix cell says (`AJAX_EXPECT_JSPI=1|0`,
default 1), and a
blocking request goes through JSPI when it can, else a synchronous XMLHttpRequest, else fails
with UnsupportedRuntimeError before anything is sent. The facts are recorded as junit
properties, which `tools/matrix_report.py` puts in the matrix table.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

from tools.server import Servers

PROBE = """
import json, sys
import js
import pyodide
from pyodide import ffi
import pyodide_ajax as ajax

info = {
    "pyodide": pyodide.__version__,
    "python": sys.version.split()[0],
    "jspi": bool(ffi.can_run_sync()),
    "run_sync_api": hasattr(ffi, "run_sync"),
    "xhr": hasattr(js, "XMLHttpRequest"),
    "where": ajax._env.runtime(),
}
if info["where"] == "node":
    info["engine"] = "Node.js " + str(js.process.version)
else:
    info["engine"] = str(js.navigator.userAgent)
try:
    req = ajax.get(URL, blocking=True)
    info["blocking"] = req.transport
    info["status"] = req.status
    info["text"] = req.text
except ajax.UnsupportedRuntimeError as exc:
    info["blocking"] = "unsupported"
    info["error"] = str(exc)
json.dumps(info)
"""


def expected_jspi() -> bool:
    return os.environ.get("AJAX_EXPECT_JSPI", "1") == "1"


def dist_version(dist_dir: str | Path) -> str:
    """The Pyodide version of the npm core copied into the dist folder."""
    package = json.loads((Path(dist_dir) / "package.json").read_text(encoding="utf-8"))
    return str(package["version"])


def expected_engine(browser: str) -> str:
    """What the engine string contains for the runtime the cell asked for."""
    if browser == "node":
        major = os.environ.get("AJAX_EXPECT_NODE")
        return f"Node.js v{major}." if major else "Node.js v"
    return {"chrome": "Chrome/", "firefox": "Firefox/"}[browser]


def check(info: dict[str, Any], selenium: Any, record: Any, probe_token: str,
          servers: Servers) -> None:  # fmt: skip
    for key in ("pyodide", "python", "engine", "jspi", "xhr", "blocking", "where"):
        record(key, str(info[key]))
    assert expected_engine(selenium.browser) in info["engine"], info
    assert info["pyodide"] == dist_version(selenium.dist_dir)
    assert info["run_sync_api"], "every supported Pyodide (0.27.8 and later) has ffi.run_sync"
    assert info["jspi"] is expected_jspi(), f"JSPI on: {info['jspi']}, not as the cell expects"
    if info["jspi"]:
        expected = "jspi"
    elif info["xhr"]:
        expected = "xhr-main" if info["where"] == "main" else "xhr-worker"
    else:
        expected = "unsupported"
    assert info["blocking"] == expected, info
    if expected == "unsupported":
        assert "Node.js 24" in info["error"]
        assert servers.seen(probe_token) == 0, "a refused request must not be sent"
    else:
        assert (info["status"], info["text"]) == (200, "bébé")


def test_runtime_probe(selenium: Any, servers: Servers, record_property: Any) -> None:
    token = f"probe-{selenium.browser}"
    url = servers.url(f"/files/text-utf8.txt?probe={token}")
    selenium.load_package(["pyodide-ajax"])
    info = json.loads(selenium.run_async(f"URL = {url!r}\n" + PROBE))
    check(info, selenium, record_property, token, servers)


@pytest.mark.worker
def test_runtime_probe_worker(
    selenium_worker_module_scope: Any, servers: Servers, record_property: Any
) -> None:
    selenium = selenium_worker_module_scope
    selenium.set_script_timeout(120)
    token = f"probe-worker-{selenium.browser}"
    url = servers.url(f"/files/text-utf8.txt?probe={token}")
    info = json.loads(selenium.run_webworker(f"URL = {url!r}\n" + PROBE))
    check(info, selenium, record_property, token, servers)
