"""urllib and requests on our transports (issue 16): `patch_all()`, then the stdlib's and
requests' own calls, in the blocking variants (JSPI; `xhr`: a synchronous XMLHttpRequest).

Each case patches on entry and unpatches on exit (`patched()`), so the other suites see the
stdlib as it is. requests and its dependencies are the pure PyPI wheels the conftest loads.
"""

from __future__ import annotations

import csv
import io
import json
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pyodide_ajax as ajax

from .harness import Ctx, scenario

MiB = 1024 * 1024
BLOCKING = ("blocking",)


@contextmanager
def patched() -> Iterator[None]:
    assert ajax.patch_all() == {"urllib": True, "requests": True}
    assert ajax.patch_all() == {"urllib": True, "requests": True}  # twice is harmless
    try:
        yield
    finally:
        ajax.unpatch_all()


def pattern(n: int) -> bytes:
    return (bytes(range(256)) * (n // 256 + 1))[:n]


def raises(error: type[BaseException] | tuple[type[BaseException], ...], call: Any) -> Any:
    try:
        call()
    except error as exc:
        return exc
    raise AssertionError(f"no {getattr(error, '__name__', error)}")


@scenario(modes=BLOCKING)
async def bridge_csv_and_json_over_urlopen(ctx: Ctx) -> None:
    url = ctx.url("/files/cities.csv")
    with patched():
        with urllib.request.urlopen(url) as resp:
            assert resp.transport == ctx.transport, resp.transport
            assert (resp.status, resp.reason, resp.getcode()) == (200, "OK", 200)
            assert resp.headers["Content-Type"] == "text/csv; charset=utf-8"
            assert resp.getheader("content-type") == resp.info()["CONTENT-TYPE"]
            assert resp.geturl() == resp.url == url
            rows = list(csv.reader(io.TextIOWrapper(resp, encoding="utf-8")))
        assert rows[0] == ["city", "population"] and rows[1] == ["Paris", "2102650"], rows
        # What pandas.read_csv(url) does: urlopen(Request(url, headers=...)), read() it whole.
        request = urllib.request.Request(url, headers={"Accept": "text/csv"})
        assert urllib.request.urlopen(request).read().count(b"\n") == 4
        data = json.load(urllib.request.urlopen(ctx.url("/files/glossary.json")))
        assert data["glossary"]["title"] == "example glossary"


@scenario(modes=BLOCKING)
async def bridge_read_n_readline_iteration_readinto(ctx: Ctx) -> None:
    with patched():
        resp = urllib.request.urlopen(ctx.url("/drip?chunks=3&size=4&delay=10"))
        assert resp.read(2) == b"aa" and resp.readline() == b"aabbbbcccc"
        assert resp.read() == b""
        lines = list(urllib.request.urlopen(ctx.url("/files/cities.csv")))
        assert lines[-1] == b"Madrid,3332035\n" and len(lines) == 4, lines
        buffer = bytearray(10)
        assert urllib.request.urlopen(ctx.url("/bytes?n=10")).readinto(buffer) == 10
        assert bytes(buffer) == pattern(10)


@scenario(modes=BLOCKING)
async def bridge_http_error_has_a_readable_body(ctx: Ctx) -> None:
    import requests

    with patched():
        missing = ctx.url("/status/404?body=gone+away")
        exc = raises(urllib.error.HTTPError, lambda: urllib.request.urlopen(missing))
        assert (exc.code, exc.reason, exc.status) == (404, "Not Found", 404), exc
        assert exc.headers["Content-Type"].startswith("text/plain")
        assert exc.read() == b"gone away"
        r = requests.get(ctx.url("/status/503?body=later"))
        assert (r.status_code, r.text, r.ok) == (503, "later", False)
        assert "503 Server Error" in str(raises(requests.HTTPError, r.raise_for_status))


@scenario(modes=BLOCKING)
async def bridge_post_through_request(ctx: Ctx) -> None:
    with patched():
        echo = json.load(urllib.request.urlopen(ctx.url("/echo"), data=b"a=1&b=%C3%A9"))
        assert echo["method"] == "POST" and echo["form"] == {"a": "1", "b": "é"}, echo
        assert echo["content_type"] == "application/x-www-form-urlencoded"  # urllib's default
        request = urllib.request.Request(
            ctx.url("/echo", "cors"), data=bytes(range(256)), method="PUT",
            headers={"X-Custom": "v", "Content-Type": "application/octet-stream"},
        )  # fmt: skip
        echo = json.load(urllib.request.urlopen(request))
        assert (echo["method"], echo["headers"]["x-custom"]) == ("PUT", "v")
        assert echo["body_hex"] == bytes(range(256)).hex()
        assert "python-urllib" not in json.dumps(echo["headers"]).lower()


@scenario(modes=BLOCKING)
async def bridge_caller_handlers_and_other_schemes(ctx: Ctx) -> None:
    class Stamp(urllib.request.BaseHandler):
        def http_request(self, req: Any) -> Any:
            req.add_header("X-Stamp", "1")
            return req

    with patched():
        echo = json.load(urllib.request.build_opener(Stamp()).open(ctx.url("/echo")))
        assert echo["headers"]["x-stamp"] == "1", echo["headers"]
        assert urllib.request.urlopen("data:text/plain;base64,aGk=").read() == b"hi"
        with open("/tmp/bridge-file.txt", "w") as f:
            f.write("local")
        assert urllib.request.urlopen("file:///tmp/bridge-file.txt").read() == b"local"


@scenario(modes=BLOCKING)
async def bridge_timeout_cuts_a_slow_response_short(ctx: Ctx) -> None:
    import requests

    token = ctx.token("bridge-timeout")
    url = ctx.url(f"/slow?ms=2000&probe={token}")
    with patched():
        for client, call in (
            ("urllib", lambda: urllib.request.urlopen(url, timeout=0.5)),
            ("requests", lambda: requests.get(url, timeout=0.5)),
        ):
            started = time.monotonic()
            exc = raises((TimeoutError, requests.exceptions.Timeout), call)
            elapsed = time.monotonic() - started
            assert "timed out" in str(exc) or "timeout of 0.5 s" in str(exc), (client, exc)
            if ctx.transport != "xhr-main":
                assert elapsed < 1.5, (client, elapsed)  # cut short: the server takes 2 s
            else:  # the main thread's synchronous XHR: reported once it is over (README)
                assert elapsed >= 1.9, (client, elapsed)
    assert ctx.seen(token) >= 2


@scenario(modes=BLOCKING)
async def bridge_network_and_cors_failures(ctx: Ctx) -> None:
    import requests

    # Node.js has no CORS (no origin to protect): there only the closed port fails.
    token = ctx.token("bridge-cors")
    denied = [] if ctx.runtime == "node" else [ctx.url(f"/echo?probe={token}", "nocors")]
    with patched():
        for url in (*denied, ctx.url("/x", "closed")):
            exc = raises(urllib.error.URLError, lambda: urllib.request.urlopen(url))  # noqa: B023
            assert not isinstance(exc, urllib.error.HTTPError), exc
            assert isinstance(exc.reason, ajax.NetworkError), exc.reason
            assert "CORS" in str(exc.reason) and "Access-Control-Allow-Origin" in str(exc)
            exc = raises(requests.exceptions.ConnectionError, lambda: requests.get(url))  # noqa: B023
            assert "CORS" in str(exc), exc
    if denied:  # the server answered and the browser withheld the answer: a CORS denial
        assert ctx.seen(token) >= 2


@scenario(modes=BLOCKING)
async def bridge_every_byte_of_32_mib_exact(ctx: Ctx) -> None:
    import requests

    n = 32 * MiB
    url = ctx.url(f"/bytes?n={n}")
    expected = pattern(n)
    with patched():
        assert urllib.request.urlopen(url).read() == expected
        assert requests.get(url).content == expected
        resp = urllib.request.urlopen(url)
        pieces = []
        while piece := resp.read(3 * MiB + 7):
            pieces.append(piece)
        assert b"".join(pieces) == expected


@scenario(modes=BLOCKING)
async def bridge_urlretrieve_into_the_file_system(ctx: Ctx) -> None:
    calls: list[tuple[float, int, int, int]] = []

    def hook(blocks: int, size: int, total: int) -> None:
        calls.append((time.monotonic(), blocks, size, total))

    url = ctx.url(f"/drip?chunks=3&size={MiB}&delay=400")
    with patched():
        path, headers = urllib.request.urlretrieve(url, "/tmp/retrieved.txt", hook)
    with open(path, "rb") as f:
        assert f.read() == b"a" * MiB + b"b" * MiB + b"c" * MiB
    assert headers["Content-Length"] == str(3 * MiB)
    assert calls[0][1:] == (0, 8192, 3 * MiB) and calls[-1][1] == 3 * MiB // 8192, calls[-1]
    if ctx.transport == "jspi":  # the hook ran as the body arrived: 800 ms of delays within it
        assert calls[-1][0] - calls[1][0] > 0.4, calls


@scenario(modes=BLOCKING)
async def bridge_read_n_streams_on_jspi(ctx: Ctx) -> None:
    import requests

    with patched():
        started = time.monotonic()
        resp = urllib.request.urlopen(ctx.url(f"/drip?chunks=3&size={MiB}&delay=600"))
        first = resp.read(1000)
        got_first = time.monotonic() - started
        rest = resp.read()
        assert first == b"a" * 1000 and len(rest) == 3 * MiB - 1000, len(rest)
        if ctx.transport == "jspi":  # the first bytes came before the 1.2 s rest of the body
            assert time.monotonic() - started - got_first > 0.8, got_first
        with requests.get(ctx.url("/drip?chunks=3&size=1000&delay=300"), stream=True) as r:
            assert r.raw.transport == ctx.transport
            times = [time.monotonic() for _chunk in r.iter_content(chunk_size=1000)]
        assert len(times) == 3, times
        if ctx.transport == "jspi":
            assert times[-1] - times[0] > 0.4, times


@scenario(modes=BLOCKING)
async def bridge_requests_api(ctx: Ctx) -> None:
    import requests

    with patched():
        r = requests.get(ctx.url("/echo"), params={"q": "a b", "n": 1}, headers={"X-Custom": "1"})
        echo = r.json()
        assert (r.status_code, r.reason) == (200, "OK")
        assert r.headers["content-type"] == "application/json"
        assert echo["query"] == {"q": ["a b"], "n": ["1"]} and echo["headers"]["x-custom"] == "1"
        assert r.raw.transport == ctx.transport, r.raw.transport
        assert "python-requests" not in json.dumps(echo["headers"])
        echo = requests.post(ctx.url("/echo"), data={"k": "v", "é": "ü"}).json()
        assert echo["form"] == {"k": "v", "é": "ü"}, echo
        echo = requests.put(ctx.url("/echo", "cors"), json={"a": [1, 2]}).json()
        assert json.loads(echo["body_text"]) == {"a": [1, 2]} and echo["method"] == "PUT"
        files = {"f": ("x.bin", bytes(range(256)), "application/octet-stream")}
        echo = requests.post(ctx.url("/echo"), files=files, data={"k": "v"}).json()
        assert echo["files_hex"]["f"] == bytes(range(256)).hex() and echo["form"] == {"k": "v"}
        assert echo["filenames"] == {"f": "x.bin"}
        r = requests.get(ctx.url("/redirect?to=/files/glossary.json"))
        assert r.url == ctx.url("/files/glossary.json") and r.json()["glossary"], r.url
        assert r.history == []  # the browser followed the redirect (README)
        r = requests.get(ctx.url("/files/text-latin1-charset.txt"))
        assert (r.encoding, r.text) == ("iso-8859-1", "bébé"), (r.encoding, r.text)
        with requests.Session() as session:
            assert session.get(ctx.url("/files/cities.csv")).text.startswith("city,")
        assert requests.head(ctx.url("/bytes?n=100")).headers["content-length"] == "100"


@scenario(modes=BLOCKING)
async def bridge_unpatch_all_restores_the_stdlib(ctx: Ctx) -> None:
    import requests

    url = ctx.url("/files/cities.csv")
    with patched():
        assert urllib.request.urlopen(url).read().startswith(b"city")
    # Unpatched: the stdlib's own urllib, which has no sockets in a browser (a URLError that is
    # not ours), and requests on urllib3's own backend (its response has no `transport`).
    assert urllib.request.HTTPHandler.__module__ == "urllib.request"
    try:
        resp = urllib.request.urlopen(url, timeout=5)
    except urllib.error.URLError as exc:
        assert not isinstance(exc.reason, ajax.AjaxError), exc.reason
    else:  # Node.js: Emscripten may reach the server through its own socket layer
        assert ctx.runtime == "node" and not hasattr(resp, "transport"), resp
    try:
        response = requests.get(url, timeout=5)
    except Exception as exc:  # urllib3's backend refuses some runtimes: not ours either way
        assert not isinstance(exc.__cause__, ajax.AjaxError), repr(exc)
    else:
        assert not hasattr(response.raw, "transport"), response.raw


@scenario(modes=("async",), runtimes=("node",))
async def bridge_node_without_jspi_says_why(ctx: Ctx) -> None:
    import requests
    from pyodide import ffi

    token = ctx.token("bridge-nojspi")
    url = ctx.url(f"/echo?probe={token}")
    original = ffi.can_run_sync
    ffi.can_run_sync = lambda: False
    try:
        with patched():
            for call in (lambda: urllib.request.urlopen(url), lambda: requests.get(url)):
                exc = raises(ajax.UnsupportedRuntimeError, call)
                assert "JSPI" in str(exc), exc
    finally:
        ffi.can_run_sync = original
    assert ctx.seen(token) == 0
