"""The Brython names that need no DOM, wherever the suite runs (issue 17): in the Chromium page
and in Node.js (the Worker has its own module). Where there is no document (Node), `document`
and `html` raise a clear RuntimeError on use, never at install or import."""

from __future__ import annotations

import json
from typing import Any

from tools.server import Servers


def test_timer_aio_window_and_javascript(selenium_module_scope: Any, servers: Servers) -> None:
    selenium = selenium_module_scope
    selenium.set_script_timeout(60)
    selenium.load_package(["pyodide-ajax"])
    script = f"""
import asyncio, json, sys
import pyodide_js
import pyodide_ajax
before = sorted(m for m in sys.modules if m.startswith("pyodide_ajax.brython"))
from pyodide_ajax import brython
brython.install()
from browser import aio, ajax, console, document, html, is_webworker, self, timer, window
from javascript import JSON

pyodide_js._module.enable_pyproxy_allocation_tracing()
live = lambda: int(pyodide_js._module.pyproxy_alloc_map.size)
base = live()
calls = []
timer.set_timeout(lambda *a: calls.append(["once", *a]), 5, 1)
timer.clear_timeout(timer.set_timeout(lambda: calls.append(["cleared"]), 5))
ticks = timer.set_interval(lambda: calls.append(["tick"]), 5)
req = await aio.get({servers.url("/files/text-utf8.txt")!r})
posted = await aio.post({servers.url("/echo")!r}, data={{"x": 0}})
for _ in range(200):
    await aio.sleep(0.01)
    if ["once", 1] in calls and calls.count(["tick"]) >= 2:
        break
timer.clear_interval(ticks)
await asyncio.sleep(0.02)

def dom_use():
    try:
        return type(html.DIV("x")).__name__ + " " + type(document.select("p")).__name__
    except RuntimeError as exc:
        return str(exc)

console.log("brython console")
json.dumps([before, req.status, req.data, json.loads(posted.data)["form"],
            sorted({{c[0] for c in calls}}), live() - base, window is self, is_webworker,
            JSON.parse(JSON.stringify({{"a": [1, None]}})), ajax is pyodide_ajax, dom_use()])
"""
    result = json.loads(selenium.run_async(script))
    assert result[:-1] == [
        [],
        200,
        "bébé",
        {"x": "0"},
        ["once", "tick"],
        0,
        True,
        False,
        {"a": [1, None]},
        True,
    ]
    if selenium.browser == "node":
        assert result[-1].startswith("html.DIV() needs a DOM, and there is none here"), result
    else:
        assert result[-1] == "DIV list"
