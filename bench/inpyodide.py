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
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import js  # noqa: TID251 - this module only ever runs inside Pyodide
from pyodide.ffi import run_sync  # noqa: TID251
from pyodide.http import pyfetch, pyxhr  # noqa: TID251

import pyodide_ajax as ajax

X_USER_DEFINED = "text/plain; charset=x-user-defined"
MiB = 1024 * 1024
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


def is_pattern(body: bytes, size: int) -> bool:
    """Whether `body` is the `size` bytes of /bytes?n=size (or /big), compared 1 MiB at a time in
    place: building the whole pattern would grow the heap the memory rows measure."""
    block = pattern(MiB)  # a whole number of periods: the pattern is this block repeated
    return len(body) == size and all(
        body.startswith(block[: size - start], start) for start in range(0, size, MiB)
    )


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
    return result(now() - t0, 1, is_pattern(body, size))


@row
async def bin_pyfetch(url: str, n: int, size: int) -> dict[str, Any]:
    t0 = now()
    body = await (await pyfetch(url)).bytes()
    return result(now() - t0, 1, is_pattern(body, size))


@row
def bin_pyxhr(url: str, n: int, size: int) -> dict[str, Any]:
    t0 = now()
    body = pyxhr.get(url).content
    return result(now() - t0, 1, is_pattern(body, size))


@row
def bin_raw_sync_xhr_utf16(url: str, n: int, size: int) -> dict[str, Any]:
    """x-user-defined text rebuilt in Python: the low byte of each UTF-16 code unit."""
    t0 = now()
    body = sync_xhr(url, user_defined=True).responseText.encode("utf-16-le")[::2]
    return result(now() - t0, 1, is_pattern(body, size))


@row
def bin_raw_sync_xhr_arraybuffer(url: str, n: int, size: int) -> dict[str, Any]:
    """Workers only: responseType "arraybuffer" is refused for a document's synchronous XHR."""
    t0 = now()
    xhr = js.XMLHttpRequest.new()
    xhr.open("GET", url, False)
    xhr.responseType = "arraybuffer"
    xhr.send()
    body = xhr.response.to_bytes()
    return result(now() - t0, 1, is_pattern(body, size))


@row
def bin_jspi_fetch(url: str, n: int, size: int) -> dict[str, Any]:
    t0 = now()
    body = run_sync(run_sync(js.fetch(url)).arrayBuffer()).to_bytes()
    return result(now() - t0, 1, is_pattern(body, size))


@row
async def bin_ours_async(url: str, n: int, size: int) -> dict[str, Any]:
    t0 = now()
    req = await ajax.get(url, mode="binary", cache=True)
    body = req.read()
    return result(now() - t0, 1, is_pattern(body, size), req.transport)


@row
async def bin_ours_async_progress(url: str, n: int, size: int) -> dict[str, Any]:
    seen: list[int] = []
    t0 = now()
    req = await ajax.get(url, mode="binary", cache=True, onprogress=lambda e: seen.append(e.loaded))
    body = req.read()
    ms = now() - t0
    return result(ms, 1, is_pattern(body, size) and bool(seen) and seen[-1] == size, req.transport)


@row
def bin_ours_blocking(url: str, n: int, size: int) -> dict[str, Any]:
    t0 = now()
    req = ajax.get(url, blocking=True, mode="binary", cache=True)
    body = req.read()
    return result(now() - t0, 1, is_pattern(body, size), req.transport)


@row
def bin_ours_blocking_progress(url: str, n: int, size: int) -> dict[str, Any]:
    seen: list[int] = []
    t0 = now()
    req = ajax.get(
        url, blocking=True, mode="binary", cache=True, onprogress=lambda e: seen.append(e.loaded)
    )
    body = req.read()
    ms = now() - t0
    return result(ms, 1, is_pattern(body, size) and bool(seen) and seen[-1] == size, req.transport)


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

    ajax.unpatch_all()  # requests on urllib3's own backend, whatever ran before
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
    return result(now() - t0, 1, is_pattern(body, size))


@row
def bin_requests(url: str, n: int, size: int) -> dict[str, Any]:
    import requests

    ajax.unpatch_all()  # requests on urllib3's own backend, whatever ran before
    t0 = now()
    body = requests.get(url).content
    return result(now() - t0, 1, is_pattern(body, size))


@row
def bin_pyodide_http(url: str, n: int, size: int) -> dict[str, Any]:
    from pyodide_http._core import Request, send

    t0 = now()
    body = send(Request("GET", url)).body
    return result(now() - t0, 1, is_pattern(body, size))


# --------------------------------------------------------------------------- bridge (issue 16)
# urllib and requests after pyodide_ajax.patch_all(), against our own blocking get of the same
# place and against the peers that patch the same clients. Each row patches and unpatches
# around itself, so every other row sees urllib and requests as they are.


@contextmanager
def patched() -> Iterator[None]:
    """pyodide_ajax.patch_all() for one row. urlopen's opener is built before the clock starts,
    as a program's first urlopen() builds it once for all the others."""
    import urllib.request

    assert ajax.patch_all()["urllib"], "pyodide_ajax.patch_all() did not patch urllib"
    urllib.request.install_opener(urllib.request.build_opener())
    try:
        yield
    finally:
        ajax.unpatch_all()  # also drops the opener built while patched


@contextmanager
def pyodide_http_urllib() -> Iterator[None]:
    """pyodide-http's urllib patch (the urllib half of its patch_all(); the requests half
    would change the rows of requests on urllib3's backend) for one row. It has no undo and
    patches once per process (_IS_PATCHED): the stdlib's urlopen and OpenerDirector.open
    are put back by hand, and the flag reset, after the row."""
    import urllib.request

    import pyodide_http
    from pyodide_http import _urllib

    saved = urllib.request.urlopen, urllib.request.OpenerDirector.open
    _urllib._IS_PATCHED = False
    pyodide_http.patch_urllib()
    try:
        yield
    finally:
        urllib.request.urlopen = saved[0]
        setattr(urllib.request.OpenerDirector, "open", saved[1])  # noqa: B010
        _urllib._IS_PATCHED = False


@row
def lat_bridge_urlopen(url: str, n: int, expected: str) -> dict[str, Any]:
    import urllib.request

    text, transport = "", None
    with patched():
        t0 = now()
        for _ in range(n):
            resp = urllib.request.urlopen(url)
            text = resp.read().decode()
        ms = now() - t0
        transport = resp.transport
    return result(ms, n, text == expected, transport)


@row
def bin_bridge_urlopen(url: str, n: int, size: int) -> dict[str, Any]:
    import urllib.request

    with patched():
        t0 = now()
        resp = urllib.request.urlopen(url)
        body = resp.read()
        ms = now() - t0
    return result(ms, 1, is_pattern(body, size), resp.transport)


@row
def lat_bridge_requests(url: str, n: int, expected: str) -> dict[str, Any]:
    import requests

    text, transport = "", None
    with patched():
        t0 = now()
        for _ in range(n):
            r = requests.get(url)
            text = r.content.decode()
        ms = now() - t0
        transport = r.raw.transport
    return result(ms, n, text == expected, transport)


@row
def bin_bridge_requests(url: str, n: int, size: int) -> dict[str, Any]:
    import requests

    with patched():
        t0 = now()
        r = requests.get(url)
        body = r.content
        ms = now() - t0
    return result(ms, 1, is_pattern(body, size), r.raw.transport)


@row
def lat_pyodide_http_urlopen(url: str, n: int, expected: str) -> dict[str, Any]:
    import urllib.request

    text = ""
    with pyodide_http_urllib():
        t0 = now()
        for _ in range(n):
            text = urllib.request.urlopen(url).read().decode()
        ms = now() - t0
    return result(ms, n, text == expected)


@row
def bin_pyodide_http_urlopen(url: str, n: int, size: int) -> dict[str, Any]:
    import urllib.request

    with pyodide_http_urllib():
        t0 = now()
        body = urllib.request.urlopen(url).read()
        ms = now() - t0
    return result(ms, 1, is_pattern(body, size))


@row
def stream_urlopen(url: str, n: int, size: int) -> dict[str, Any]:
    """`resp.read(1 MiB)` until empty of a `size` body on JSPI, in a fresh Pyodide: how much the
    WebAssembly memory grew (it never shrinks, so its size at the end is the peak). A 2 MiB read
    first, so that the modules of the streamed path are loaded before the memory is measured."""
    import urllib.request

    import pyodide_js

    def memory() -> int:
        return int(pyodide_js._module.HEAP8.length)

    block = pattern(MiB)  # each 1 MiB piece of the /big pattern
    with patched():
        warm = urllib.request.urlopen(url.replace(f"n={size}", f"n={2 * MiB}"))
        while warm.read(MiB):
            pass
        before = memory()
        t0 = now()
        resp = urllib.request.urlopen(url)
        got, exact = 0, True
        while piece := resp.read(MiB):
            exact = exact and piece == block
            got += len(piece)
        ms = now() - t0
        growth = memory() - before
    outcome = result(ms, 1, exact and got == size, resp.transport)
    return {**outcome, "growth_mib": growth / MiB, "before_mib": before / MiB}
