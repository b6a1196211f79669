"""The Python side of the benchmark: runs inside Pyodide (page or Worker), one function per row.

bench/host.mjs writes this file into Pyodide's file system as `bench_rows`; bench/run.py calls
`await bench_rows.acall(name, url, arg)` (under runPythonAsync: JSPI can block) or
`bench_rows.call(name, url, arg)` (under runPython: it cannot, so blocking mode uses a
synchronous XHR). Each function times only its own work with `performance.now()` and returns
{ms, n, exact, transport}: total milliseconds for n operations, whether the body was right, and
the transport pyodide-ajax chose (to prove the row measured the path it claims).
"""

from __future__ import annotations

import asyncio
import functools
import inspect
import json
from collections.abc import Callable
from typing import Any

import js  # noqa: TID251 - this module only ever runs inside Pyodide
from pyodide.ffi import run_sync  # noqa: TID251
from pyodide.http import pyfetch, pyxhr  # noqa: TID251

import pyodide_ajax as ajax

X_USER_DEFINED = "text/plain; charset=x-user-defined"
ROWS: dict[str, Callable[..., Any]] = {}


def row(func: Callable[..., Any]) -> Callable[..., Any]:
    ROWS[func.__name__] = func
    return func


def now() -> float:
    return float(js.performance.now())


@functools.cache
def pattern(size: int) -> bytes:
    """What /bytes?n=size sends: 0..255 repeated."""
    return (bytes(range(256)) * (size // 256 + 1))[:size]


def result(ms: float, n: int, exact: bool, transport: str | None = None) -> dict[str, Any]:
    return {"ms": ms, "n": n, "exact": bool(exact), "transport": transport}


def sync_xhr(url: str, user_defined: bool = False) -> Any:
    xhr = js.XMLHttpRequest.new()
    xhr.open("GET", url, False)
    if user_defined:
        xhr.overrideMimeType(X_USER_DEFINED)
    xhr.send()
    return xhr


# --------------------------------------------------------------------------- latency: n GETs


@row
async def lat_await_js_fetch(url: str, n: int, expected: str) -> dict[str, Any]:
    text = ""
    t0 = now()
    for _ in range(n):
        response = await js.fetch(url)
        text = await response.text()
    return result(now() - t0, n, text == expected)


@row
async def lat_pyfetch(url: str, n: int, expected: str) -> dict[str, Any]:
    text = ""
    t0 = now()
    for _ in range(n):
        text = await (await pyfetch(url)).string()
    return result(now() - t0, n, text == expected)


@row
def lat_pyxhr(url: str, n: int, expected: str) -> dict[str, Any]:
    text = ""
    t0 = now()
    for _ in range(n):
        text = pyxhr.get(url).text
    return result(now() - t0, n, text == expected)


@row
def lat_raw_sync_xhr(url: str, n: int, expected: str) -> dict[str, Any]:
    text = ""
    t0 = now()
    for _ in range(n):
        text = sync_xhr(url).responseText
    return result(now() - t0, n, text == expected)


@row
def lat_jspi_fetch(url: str, n: int, expected: str) -> dict[str, Any]:
    text = ""
    t0 = now()
    for _ in range(n):
        text = run_sync(run_sync(js.fetch(url)).text())
    return result(now() - t0, n, text == expected)


@row
async def lat_ours_async(url: str, n: int, expected: str) -> dict[str, Any]:
    req = None
    t0 = now()
    for _ in range(n):
        req = await ajax.get(url, cache=True)
        text = req.text
    assert req is not None
    return result(now() - t0, n, text == expected, req.transport)


@row
def lat_ours_blocking(url: str, n: int, expected: str) -> dict[str, Any]:
    req = None
    t0 = now()
    for _ in range(n):
        req = ajax.get(url, blocking=True, cache=True)
        text = req.text
    assert req is not None
    return result(now() - t0, n, text == expected, req.transport)


# --------------------------------------------------------------------------- binary: one body


@row
async def bin_await_js_fetch(url: str, n: int, size: int) -> dict[str, Any]:
    t0 = now()
    body = (await (await js.fetch(url)).arrayBuffer()).to_bytes()
    return result(now() - t0, 1, body == pattern(size))


@row
async def bin_pyfetch(url: str, n: int, size: int) -> dict[str, Any]:
    t0 = now()
    body = await (await pyfetch(url)).bytes()
    return result(now() - t0, 1, body == pattern(size))


@row
def bin_pyxhr(url: str, n: int, size: int) -> dict[str, Any]:
    t0 = now()
    body = pyxhr.get(url).content
    return result(now() - t0, 1, body == pattern(size))


@row
def bin_raw_sync_xhr_utf16(url: str, n: int, size: int) -> dict[str, Any]:
    """x-user-defined text rebuilt in Python: the low byte of each UTF-16 code unit."""
    t0 = now()
    body = sync_xhr(url, user_defined=True).responseText.encode("utf-16-le")[::2]
    return result(now() - t0, 1, body == pattern(size))


@row
def bin_raw_sync_xhr_arraybuffer(url: str, n: int, size: int) -> dict[str, Any]:
    """Workers only: responseType "arraybuffer" is refused for a document's synchronous XHR."""
    t0 = now()
    xhr = js.XMLHttpRequest.new()
    xhr.open("GET", url, False)
    xhr.responseType = "arraybuffer"
    xhr.send()
    body = xhr.response.to_bytes()
    return result(now() - t0, 1, body == pattern(size))


@row
def bin_jspi_fetch(url: str, n: int, size: int) -> dict[str, Any]:
    t0 = now()
    body = run_sync(run_sync(js.fetch(url)).arrayBuffer()).to_bytes()
    return result(now() - t0, 1, body == pattern(size))


@row
async def bin_ours_async(url: str, n: int, size: int) -> dict[str, Any]:
    t0 = now()
    req = await ajax.get(url, mode="binary", cache=True)
    body = req.read()
    return result(now() - t0, 1, body == pattern(size), req.transport)


@row
async def bin_ours_async_progress(url: str, n: int, size: int) -> dict[str, Any]:
    seen: list[int] = []
    t0 = now()
    req = await ajax.get(url, mode="binary", cache=True, onprogress=lambda e: seen.append(e.loaded))
    body = req.read()
    ms = now() - t0
    return result(ms, 1, body == pattern(size) and bool(seen) and seen[-1] == size, req.transport)


@row
def bin_ours_blocking(url: str, n: int, size: int) -> dict[str, Any]:
    t0 = now()
    req = ajax.get(url, blocking=True, mode="binary", cache=True)
    body = req.read()
    return result(now() - t0, 1, body == pattern(size), req.transport)


@row
def bin_ours_blocking_progress(url: str, n: int, size: int) -> dict[str, Any]:
    seen: list[int] = []
    t0 = now()
    req = ajax.get(
        url, blocking=True, mode="binary", cache=True, onprogress=lambda e: seen.append(e.loaded)
    )
    body = req.read()
    ms = now() - t0
    return result(ms, 1, body == pattern(size) and bool(seen) and seen[-1] == size, req.transport)


# --------------------------------------------------------------------------- concurrency


@row
async def conc_await_js_fetch(url: str, count: int, expected: str) -> dict[str, Any]:
    async def one(i: int) -> str:
        return str(await (await js.fetch(f"{url}&i={i}")).text())

    t0 = now()
    texts = await asyncio.gather(*(one(i) for i in range(count)))
    return result(now() - t0, 1, all(t == expected for t in texts))


@row
async def conc_ours_async(url: str, count: int, expected: str) -> dict[str, Any]:
    t0 = now()
    reqs = await asyncio.gather(*(ajax.get(f"{url}&i={i}", cache=True) for i in range(count)))
    ms = now() - t0
    return result(ms, 1, all(r.text == expected for r in reqs), reqs[0].transport)


# --------------------------------------------------------------------------- entry points


async def acall(name: str, url: str, n: int, arg: Any) -> str:
    outcome = ROWS[name](url, n, arg)
    if inspect.isawaitable(outcome):
        outcome = await outcome
    return json.dumps(outcome)


def call(name: str, url: str, n: int, arg: Any) -> str:
    outcome = ROWS[name](url, n, arg)
    if inspect.isawaitable(outcome):
        outcome.close()
        raise TypeError(f"{name} is async: run it with acall")
    return json.dumps(outcome)


# --------------------------------------------------------------------------- peers (optional)
# urllib3 2.x and requests have an Emscripten backend of their own; pyodide-http is called
# through its `send` rather than `patch_all()`, which would change requests for the other rows.


@row
def lat_urllib3(url: str, n: int, expected: str) -> dict[str, Any]:
    import urllib3

    text = ""
    t0 = now()
    for _ in range(n):
        text = urllib3.request("GET", url).data.decode()
    return result(now() - t0, n, text == expected)


@row
def lat_requests(url: str, n: int, expected: str) -> dict[str, Any]:
    import requests

    text = ""
    t0 = now()
    for _ in range(n):
        text = requests.get(url).text
    return result(now() - t0, n, text == expected)


@row
def lat_pyodide_http(url: str, n: int, expected: str) -> dict[str, Any]:
    from pyodide_http._core import Request, send

    text = ""
    t0 = now()
    for _ in range(n):
        text = send(Request("GET", url)).body.decode()
    return result(now() - t0, n, text == expected)


@row
def bin_urllib3(url: str, n: int, size: int) -> dict[str, Any]:
    import urllib3

    t0 = now()
    body = urllib3.request("GET", url).data
    return result(now() - t0, 1, body == pattern(size))


@row
def bin_requests(url: str, n: int, size: int) -> dict[str, Any]:
    import requests

    t0 = now()
    body = requests.get(url).content
    return result(now() - t0, 1, body == pattern(size))


@row
def bin_pyodide_http(url: str, n: int, size: int) -> dict[str, Any]:
    from pyodide_http._core import Request, send

    t0 = now()
    body = send(Request("GET", url)).body
    return result(now() - t0, 1, body == pattern(size))
