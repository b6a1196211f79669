"""Issue 16: on JSPI, `urlopen(url).read(1 MiB)` and requests' `iter_content(1 MiB)` of a 256 MiB
body pull the fetch stream chunk by chunk, so the body is never held whole: the WebAssembly
memory grows by far less than the body. A boot of its own (the scenario suites grow the heap with
32 MiB bodies first), in every runtime with JSPI: Chromium and Firefox pages, Node.js."""

from __future__ import annotations

import json
from typing import Any

import pytest

from tools.server import Servers

from .conftest import requests_wheel_urls

MiB = 1024 * 1024
BODY = 256 * MiB
LIMIT = 32 * MiB

STREAM = """
import json, time, urllib.request
import pyodide_ajax, pyodide_js
from pyodide.ffi import can_run_sync
assert can_run_sync(), "this check needs JSPI"
assert pyodide_ajax.patch_all() == {{"urllib": True, "requests": True}}
URL, MiB = {url!r}, 1024 * 1024
memory = lambda: int(pyodide_js._module.HEAP8.length)  # it only grows: the end size is the peak
block = bytes(range(256)) * 4096                         # each 1 MiB piece of the body
before, n, exact, started = memory(), 0, True, time.monotonic()
{open}
while piece := {read}:
    exact = exact and piece == block
    n += len(piece)
result = dict(growth=memory() - before, n=n, exact=exact, transport={transport},
              seconds=round(time.monotonic() - started, 2))
pyodide_ajax.unpatch_all()
json.dumps(result)
"""
CLIENTS = {
    "urllib": {
        "open": "resp = urllib.request.urlopen(URL)",
        "read": "resp.read(MiB)",
        "transport": "resp.transport",
    },
    "requests": {
        "open": "import requests\nr = requests.get(URL, stream=True)\nit = r.iter_content(MiB)",
        "read": "next(it, b'')",
        "transport": "r.raw.transport",
    },
}


@pytest.fixture(scope="module")
def fresh(selenium_module_scope: Any, servers: Servers) -> Any:
    selenium = selenium_module_scope
    selenium.set_script_timeout(300)
    selenium.load_package(["pyodide-ajax"])
    selenium.run_js(f"await pyodide.loadPackage({json.dumps(requests_wheel_urls(servers))});")
    return selenium


@pytest.mark.parametrize("client", list(CLIENTS))
def test_a_streamed_256_mib_body_is_never_held_whole(
    fresh: Any, servers: Servers, client: str
) -> None:
    code = STREAM.format(url=servers.url(f"/big?n={BODY}"), **CLIENTS[client])
    result = json.loads(fresh.run_async(code))
    print(f"\nbridge stream {client}: {result}")
    assert (result["n"], result["exact"], result["transport"]) == (BODY, True, "jspi"), result
    assert result["growth"] < LIMIT, f"WebAssembly memory grew by {result['growth'] / MiB} MiB"
