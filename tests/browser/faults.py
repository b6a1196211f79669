"""Reliability and security checks that run inside Pyodide (issue 7): the fault matrix, the
bad-input table, credentials, and the leak check.

Written like `scenarios.py` and reusing its `Ctx`: each check is an `async def` taking a
`Ctx`, run in every variant that applies (`async`, `jspi`, `xhr`) in a Chromium page, a
Chromium Worker and Node.js. Each (check, variant, runtime) is one reported test.

The documented ending of a failed request, asserted for every fault: `loadstart`, maybe
`loaded` (the headers arrived), then exactly `complete` (status 0), `error` or `timeout`, and
`loadend`; never `load`; the typed exception from `await`/the blocking call; and no body at
all, so a truncated body can never pass for a complete one.
"""

from __future__ import annotations

import asyncio
import gc
import hashlib
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pyodide_ajax as ajax

try:  # on the host, as part of the tests.browser package
    from . import scenarios
    from .scenarios import ALL_RUNTIMES, BOTH_MODES, BROWSERS, Ctx, Scenario
except ImportError:  # inside Pyodide, where scenarios.py sits next to this file in /tmp
    import scenarios  # type: ignore[no-redef]
    from scenarios import ALL_RUNTIMES, BOTH_MODES, BROWSERS, Ctx, Scenario  # type: ignore[no-redef]

FAULTS_SOURCE = Path(__file__).read_text(encoding="utf-8")

REGISTRY: dict[str, Scenario] = {}
FAULT_NAMES: list[str] = []  # the fault matrix, in README order
BAD_INPUTS: list[tuple[str, str, str]] = []  # (name, exception, message fragment)

MiB = 1024 * 1024
UNKNOWN_CHARSET = "x-no-such-charset"  # tools/faults.py's label for /fault/charset


def check(
    modes: tuple[str, ...] = BOTH_MODES, runtimes: tuple[str, ...] = ALL_RUNTIMES
) -> Callable[[Callable[[Ctx], Any]], Callable[[Ctx], Any]]:
    def register(func: Callable[[Ctx], Any]) -> Callable[[Ctx], Any]:
        REGISTRY[func.__name__] = Scenario(func, modes, runtimes)
        if func.__name__.startswith("fault_"):
            FAULT_NAMES.append(func.__name__)
        return func

    return register


def cases(runtime: str) -> list[tuple[str, str]]:
    """(check name, variant) pairs that apply to `runtime`."""
    return scenarios.cases(runtime, REGISTRY)


async def run(name: str, variant: str, context_json: str) -> str:
    """Run one check; "ok", or the traceback of its failure (the leak check needs 90 s)."""
    return await scenarios.run(name, variant, context_json, REGISTRY, bound=90)


async def run_all(runtime: str, context_json: str) -> dict[str, str]:
    """Every check of `runtime`, for a Worker, where each boot costs seconds."""
    return await scenarios.run_all(runtime, context_json, REGISTRY, bound=90)


# --- helpers ------------------------------------------------------------------------------

TRACKED = ("loadstart", "loaded", "complete", "load", "error", "timeout", "abort", "loadend")


def tracker(progress: bool = False) -> tuple[list[Any], dict[str, Callable[..., None]]]:
    """Callbacks for every event, recording names (and `loaded` of progress events).
    Given to a shortcut, `ontimeout=` is its timeout callback (called with no argument)."""
    events: list[Any] = []

    def record(name: str) -> Callable[..., None]:
        def callback(arg: Any = None) -> None:
            if name == "progress":
                events.append(("progress", arg.loaded, arg.total))
            else:
                events.append(name)

        return callback

    names = TRACKED + (("interactive", "progress") if progress else ())
    return events, {f"on{name}": record(name) for name in names}


def main_events(events: list[Any]) -> list[str]:
    return [e for e in events if isinstance(e, str) and e != "interactive"]


def assert_failed(req: ajax.Ajax, exc: BaseException, events: list[Any], ending: str) -> None:
    """The documented ending of a failed request (see the module docstring)."""
    names = main_events(events)
    assert names[0] == "loadstart", events
    assert names[-3:] == ["complete", ending, "loadend"], events
    assert names.count("complete") == 1 and "load" not in names, events
    assert set(names[1:-3]) <= {"loaded"}, events
    assert req.readyState == 4 and req.status == 0 and req.error is exc
    assert req.text == "" and req.read() == "" and req.responseText == "", "a partial body"
    try:
        req.raise_for_status()
    except type(exc) as again:
        assert again is exc
    else:
        raise AssertionError("raise_for_status() of a failed request did not raise")


async def failing(
    ctx: Ctx, error: type[BaseException], url: str, progress: bool = False, **kw: Any
) -> tuple[ajax.Ajax, BaseException, list[Any]]:
    events, callbacks = tracker(progress)
    req, exc = await ctx.call_failing(error, ajax.get, url, **callbacks, **kw)
    return req, exc, events


def token(ctx: Ctx, name: str) -> str:
    return f"{name}-{ctx.runtime}-{ctx.variant}"


# --- the fault matrix ---------------------------------------------------------------------


@check()
async def fault_connection_refused(ctx: Ctx) -> None:
    req, exc, events = await failing(ctx, ajax.NetworkError, ctx.url("/echo", "closed"))
    assert_failed(req, exc, events, "error")
    assert "status 0" in str(exc)


async def cut_body(ctx: Ctx, route: str) -> None:
    """A body cut short, read whole (arrayBuffer) and as a stream (progress bound)."""
    for progress in (False, True):
        probe = token(ctx, f"{route}-{progress}")
        url = ctx.url(f"/fault/{route}?length=200000&sent=60000&probe={probe}")
        req, exc, events = await failing(ctx, ajax.NetworkError, url, progress=progress)
        assert_failed(req, exc, events, "error")
        assert ctx.seen(probe) >= 1, "the request never reached the server"
        partial = [e for e in events if isinstance(e, tuple) and e[0] == "progress"]
        assert all(loaded < 200000 for _, loaded, _ in partial), events


@check()
async def fault_reset_mid_body(ctx: Ctx) -> None:
    await cut_body(ctx, "reset")


@check()
async def fault_body_shorter_than_content_length(ctx: Ctx) -> None:
    await cut_body(ctx, "short")


@check()
async def fault_drip_fed_body(ctx: Ctx) -> None:
    """A chunk every 100 ms, with and without a Content-Length: complete and in order."""
    for chunked in ("0", "1"):
        events, callbacks = tracker(progress=True)
        url = ctx.url(f"/drip?chunks=5&size=1000&delay=100&chunked={chunked}")
        req = await ctx.call(ajax.get, url, **callbacks)
        assert req.status == 200 and req.text == "".join(c * 1000 for c in "abcde")
        names = main_events(events)
        assert names[:2] == ["loadstart", "loaded"], events
        assert names[-3:] == ["complete", "load", "loadend"], events
        loaded = [e[1] for e in events if isinstance(e, tuple)]
        assert loaded and loaded == sorted(loaded) and loaded[-1] == 5000, events
        if ctx.transport in ("fetch", "jspi"):
            assert len(loaded) >= 2, f"one progress per chunk expected: {events}"
        assert events.count("interactive") >= 1


@check()
async def fault_drip_slower_than_timeout(ctx: Ctx) -> None:
    """The timeout strikes mid-body: a TimeoutError, never the part that had arrived."""
    url = ctx.url("/drip?chunks=12&size=100&delay=100")
    req, exc, events = await failing(ctx, ajax.TimeoutError, url, progress=True, timeout=0.5)
    assert_failed(req, exc, events, "timeout")  # "timeout": the shortcut's ontimeout= ran
    assert isinstance(exc, TimeoutError)


def http_error(status: int) -> Callable[[Ctx], Any]:
    async def fault(ctx: Ctx) -> None:
        events, callbacks = tracker()
        body = f"server says {status}"
        req = await ctx.call(ajax.get, ctx.url(f"/status/{status}?body={body}"), **callbacks)
        assert req.status == status and req.text == body and req.statusText
        assert events == ["loadstart", "loaded", "complete", "load", "loadend"], events
        assert req.error is None
        try:
            req.raise_for_status()
        except ajax.HTTPStatusError as exc:
            assert exc.status == status and str(status) in str(exc)
        else:
            raise AssertionError("raise_for_status() did not raise")

    fault.__name__ = f"fault_http_{status}_with_body"
    return fault


for _status in (500, 502, 503):
    check()(http_error(_status))


@check()
async def fault_response_never_starts_timeout(ctx: Ctx) -> None:
    url = ctx.url(f"/fault/hang?ms=1500&probe={token(ctx, 'hang')}")
    req, exc, events = await failing(ctx, ajax.TimeoutError, url, timeout=0.5)
    assert_failed(req, exc, events, "timeout")
    assert "0.5" in str(exc) or "timeout of 0.5" in str(exc), exc


@check()
async def fault_response_never_starts_no_timeout(ctx: Ctx) -> None:
    """Without a timeout the server's own bound ends it: a NetworkError, not a hang."""
    req, exc, events = await failing(ctx, ajax.NetworkError, ctx.url("/fault/hang?ms=400"))
    assert_failed(req, exc, events, "error")


@check(runtimes=BROWSERS)  # Node.js applies no CORS
async def fault_cors_denied(ctx: Ctx) -> None:
    url = ctx.url(f"/echo?probe={token(ctx, 'cors')}", "nocors")
    req, exc, events = await failing(ctx, ajax.NetworkError, url)
    assert_failed(req, exc, events, "error")
    assert "CORS" in str(exc)


@check(runtimes=BROWSERS)
async def fault_redirect_to_cors_denying_target(ctx: Ctx) -> None:
    from urllib.parse import quote

    target = quote(ctx.url("/echo", "nocors"), safe="")
    req, exc, events = await failing(ctx, ajax.NetworkError, ctx.url(f"/redirect?to={target}"))
    assert_failed(req, exc, events, "error")


@check()
async def fault_redirect_loop(ctx: Ctx) -> None:
    probe = token(ctx, "loop")
    url = ctx.url(f"/fault/loop?probe={probe}")
    req, exc, events = await failing(ctx, ajax.NetworkError, url, cache=True)
    assert_failed(req, exc, events, "error")
    hops = ctx.seen(probe)
    assert 2 <= hops <= 25, f"{hops} hops: the client must give up after ~20"


@check()
async def fault_unknown_charset(ctx: Ctx) -> None:
    """The HTTP charset is ignored (Brython's rule): UTF-8 text, no error; bytes untouched."""
    req = await ctx.call(ajax.get, ctx.url("/fault/charset"))
    assert req.status == 200 and req.text == "héllo wörld"
    assert UNKNOWN_CHARSET in req.headers["content-type"]
    req = await ctx.call(ajax.get, ctx.url("/fault/charset"), mode="binary")
    assert req.read() == "héllo wörld".encode()
    req = await ctx.call(ajax.get, ctx.url("/fault/charset"), encoding="latin-1")
    assert req.text == "héllo wörld".encode().decode("latin-1")


@check()
async def fault_body_of_50_mib(ctx: Ctx) -> None:
    size = 50 * MiB
    progress: list[tuple[int, int]] = []
    req = await ctx.call(ajax.get, ctx.url(f"/bytes?n={size}"), mode="binary",
                         onprogress=lambda e: progress.append((e.loaded, e.total)))  # fmt: skip
    body = req.read()
    expected = hashlib.sha256(bytes(range(256)) * (size // 256)).hexdigest()
    assert len(body) == size and hashlib.sha256(body).hexdigest() == expected
    assert progress[-1] == (size, size), progress[-1]
    del body, req
    gc.collect()


# --- credentials --------------------------------------------------------------------------


@check(runtimes=BROWSERS)  # Node's fetch has no cookie jar
async def credentials_only_with_with_credentials(ctx: Ctx) -> None:
    """A cookie of 127.0.0.1 goes cross-origin (another port) only with withCredentials."""
    name = f"c7{ctx.variant}"
    await ctx.call(ajax.get, ctx.url(f"/cookie/set?name={name}&value=v7"))  # same origin
    same = await ctx.call(ajax.get, ctx.url("/cookie/check"))
    assert json.loads(same.text)["cookies"].get(name) == "v7", "cookie not set"
    plain = await ctx.call(ajax.get, ctx.url("/cookie/check", "cors"))
    assert name not in json.loads(plain.text)["cookies"], "cookie sent without withCredentials"
    for with_credentials in (False, 0, None):
        req = await ctx.call(ajax.post, ctx.url("/cookie/check", "cors"),
                             withCredentials=with_credentials)  # fmt: skip
        assert name not in json.loads(req.text)["cookies"], with_credentials
    req = await ctx.call(ajax.get, ctx.url("/cookie/check", "cors"), withCredentials=True)
    assert json.loads(req.text)["cookies"].get(name) == "v7", "withCredentials sent no cookie"
    obj = ajax.Ajax()
    obj.withCredentials = True
    obj.open("POST", ctx.url("/cookie/check", "cors"), not ctx.blocking)
    obj.send("x")
    await obj
    assert json.loads(obj.text)["cookies"].get(name) == "v7"
    # An Authorization header the code sets itself is sent as asked (CORS preflight allows it).
    auth = await ctx.call(ajax.get, ctx.url("/cookie/check", "cors"),
                          headers={"Authorization": "Bearer t7"})  # fmt: skip
    assert json.loads(auth.text)["authorization"] == "Bearer t7"


# --- bad input: a clear Python exception before anything is sent -------------------------


def bad(
    name: str, error: type[BaseException], fragment: str
) -> Callable[[Callable[[Ctx, str, dict[str, Any]], Any]], Any]:
    """Register a bad input: `call(ctx, url, callbacks)` must raise `error` naming
    `fragment`, with no callback fired and nothing arriving at the server."""

    def register(call: Callable[[Ctx, str, dict[str, Any]], Any]) -> Any:
        async def bad_input(ctx: Ctx) -> None:
            probe = token(ctx, name)
            events, callbacks = tracker(progress=True)
            try:
                call(ctx, ctx.url(f"/echo?probe={probe}"), callbacks)
            except error as exc:
                assert fragment in str(exc), f"{fragment!r} not in {exc!r}"
            else:
                raise AssertionError(f"no {error.__name__}")
            await asyncio.sleep(0.05)  # an async request that slipped through would start now
            assert events == [], f"callbacks fired: {events}"
            assert ctx.seen(probe) == 0, "the request reached the server"

        bad_input.__name__ = f"bad_{name}"
        REGISTRY[bad_input.__name__] = Scenario(bad_input, BOTH_MODES, ALL_RUNTIMES)
        BAD_INPUTS.append((name, error.__name__, fragment))
        return call

    return register


def shortcut(fn: Callable[..., Any], *args: Any, **kw: Any) -> Callable[..., Any]:
    """A bad call of a shortcut: `fn(url, *args, blocking=..., **kw, **callbacks)`."""

    def call(ctx: Ctx, url: str, callbacks: dict[str, Any]) -> None:
        fn(url, *args, blocking=ctx.blocking, **{**callbacks, **kw})

    return call


def with_url(url: str, fn: Callable[..., Any] = ajax.get, **kw: Any) -> Callable[..., Any]:
    """A shortcut called with a bad URL (`{}` in it is the probe URL)."""

    def call(ctx: Ctx, probe_url: str, callbacks: dict[str, Any]) -> None:
        fn(url.format(probe_url), blocking=ctx.blocking, **{**callbacks, **kw})

    return call


def object_api(*steps: Callable[[ajax.Ajax, Ctx, str], Any]) -> Callable[..., Any]:
    """An `Ajax()` with every callback bound, then `steps`, the last of which must raise."""

    def call(ctx: Ctx, url: str, callbacks: dict[str, Any]) -> None:
        req = ajax.Ajax()
        for key, callback in callbacks.items():
            req.bind(key[2:], callback)
        for step in steps:
            step(req, ctx, url)

    return call


def open_(method: Any = "GET") -> Callable[[ajax.Ajax, Ctx, str], Any]:
    return lambda req, ctx, url: req.open(method, url, not ctx.blocking)


def send(data: Any = None) -> Callable[[ajax.Ajax, Ctx, str], Any]:
    return lambda req, ctx, url: req.send(data)


def do(action: Callable[[ajax.Ajax], Any]) -> Callable[[ajax.Ajax, Ctx, str], Any]:
    return lambda req, ctx, url: action(req)


Call = Callable[[Ctx, str, dict[str, Any]], Any]


def obj_open(method: Any, url: Any) -> Call:
    return object_api(lambda req, ctx, probe_url: req.open(method, url, not ctx.blocking))


BAD: list[tuple[str, type[BaseException], str, Call]] = [
    # Wrong types, argument by argument.
    ("url_not_a_str", TypeError, "url must be a str",
     lambda ctx, url, cb: ajax.get(7, blocking=ctx.blocking, **cb)),
    ("url_bytes_post", TypeError, "url should be string",
     lambda ctx, url, cb: ajax.post(url.encode(), blocking=ctx.blocking, **cb)),
    ("url_not_a_str_object_api", TypeError, "url should be string", obj_open("GET", None)),
    ("method_not_a_str", TypeError, "method should be string", obj_open(1, "/echo")),
    ("headers_not_a_mapping", ValueError, "headers must be a dict",
     shortcut(ajax.get, headers=[("a", "b")])),
    ("header_name_not_a_str", TypeError, "header name must be a str",
     shortcut(ajax.get, headers={1: "x"})),
    ("header_value_none", TypeError, "must be a str, not NoneType",
     shortcut(ajax.get, headers={"X-A": None})),
    ("header_value_bytes", TypeError, "must be a str, not bytes",
     shortcut(ajax.post, headers={"X-A": b"1"})),
    ("mode_none", ValueError, "invalid mode", shortcut(ajax.get, mode=None)),
    ("encoding_not_a_str", TypeError, "encoding must be a str", shortcut(ajax.get, encoding=8)),
    ("timeout_a_str", TypeError, "timeout must be a number", shortcut(ajax.get, timeout="soon")),
    ("timeout_a_bool", TypeError, "timeout must be a number", shortcut(ajax.get, timeout=True)),
    ("timeout_negative", ValueError, "must not be negative", shortcut(ajax.get, timeout=-1)),
    ("callback_not_callable", TypeError, "must be callable",
     shortcut(ajax.get, oncomplete="print")),
    ("get_data_a_list", TypeError, "wrong type for data: list", shortcut(ajax.get, data=[1, 2])),
    ("get_data_bytes", TypeError, "wrong type for data: bytes", shortcut(ajax.get, data=b"ab")),
    ("post_data_an_object", TypeError, "wrong type for data: object",
     shortcut(ajax.post, data=object())),
    ("post_data_a_set", TypeError, "wrong type for data: set", shortcut(ajax.post, data={1})),
    ("send_data_a_list", TypeError, "wrong type for data: list",
     object_api(open_("POST"), send([1]))),
    ("file_upload_not_a_file", TypeError, "File or Blob",
     shortcut(ajax.file_upload, "not a file")),
    ("override_mime_not_a_str", TypeError, "mime type must be a str",
     object_api(do(lambda r: r.overrideMimeType(1)))),
    # CR/LF and header names.
    ("header_value_with_cr", ValueError, "CR or LF",
     shortcut(ajax.get, headers={"X-A": "1\rX-B: 2"})),
    ("header_value_with_lf", ValueError, "CR or LF",
     shortcut(ajax.get, headers={"X-A": "1\nX-B: 2"})),
    ("header_value_with_crlf", ValueError, "CR or LF",
     shortcut(ajax.post, headers={"X-A": "1\r\nX-B: 2"})),
    ("header_name_with_crlf", ValueError, "CR or LF",
     shortcut(ajax.get, headers={"X-A\r\nX-B": "1"})),
    ("header_name_with_space", ValueError, "invalid header name",
     shortcut(ajax.get, headers={"X A": "1"})),
    ("header_name_empty", ValueError, "invalid header name", shortcut(ajax.get, headers={"": "1"})),
    ("set_header_with_lf", ValueError, "CR or LF",
     object_api(open_(), do(lambda r: r.set_header("X-A", "a\nb")))),
    # Methods browsers forbid, and methods that are not HTTP tokens.
    *[(f"method_{m}", ValueError, "forbid the HTTP method", object_api(open_(m)))
      for m in ("CONNECT", "TRACE", "TRACK", "connect", "trace", "track")],
    ("shortcut_connect", ValueError, "forbid the HTTP method CONNECT", shortcut(ajax.connect)),
    ("shortcut_trace", ValueError, "forbid the HTTP method TRACE", shortcut(ajax.trace)),
    ("method_with_space", ValueError, "invalid HTTP method", object_api(open_("GE T"))),
    ("method_empty", ValueError, "invalid HTTP method", object_api(open_(""))),
    # Headers browsers refuse to let a script set.
    *[(f"forbidden_header_{h.lower()}", ValueError, "browsers forbid scripts to set",
       shortcut(ajax.get, headers={h: "x"}))
      for h in ("Cookie", "Host", "Content-Length", "Origin", "Referer", "Connection",
                "Transfer-Encoding", "Sec-Fetch-Mode", "Proxy-Authorization", "Accept-Encoding")],
    # URLs.
    ("url_empty", ValueError, "invalid URL", with_url("", cache=True)),
    ("url_blank", ValueError, "invalid URL", with_url("   ", cache=True)),
    ("url_with_crlf", ValueError, "invalid URL", with_url("{}\r\nX-Injected: 1")),
    ("url_with_tab", ValueError, "invalid URL", with_url("{}\t")),
    ("url_ftp", ValueError, "unsupported URL scheme 'ftp'", with_url("ftp://127.0.0.1/{}")),
    ("url_file", ValueError, "unsupported URL scheme 'file'", with_url("file:///etc/passwd")),
    ("url_javascript", ValueError, "unsupported URL scheme 'javascript'",
     with_url("javascript:alert(1)")),
    ("url_without_host", ValueError, "no host", with_url("http:///echo")),
    ("url_with_credentials", ValueError, "credentials", with_url("http://u:pw@127.0.0.1:9/")),
    ("open_url_with_crlf", ValueError, "invalid URL", obj_open("GET", "/x\r\nHost: evil")),
    # Modes and encodings.
    ("mode_unknown", ValueError, "invalid mode: blob", shortcut(ajax.get, mode="blob")),
    ("mode_unknown_post", ValueError, "invalid mode: xml", shortcut(ajax.post, mode="xml")),
    ("mode_unknown_object_api", ValueError, "invalid mode",
     object_api(do(lambda r: setattr(r, "mode", "blob")))),
    ("response_type_unknown", ValueError, "invalid responseType",
     object_api(do(lambda r: setattr(r, "responseType", "stream")))),
    *[(f"encoding_with_mode_{m}", ValueError, f"encoding not supported for mode {m}",
       shortcut(ajax.get, mode=m, encoding="latin-1"))
      for m in ("binary", "json", "document")],
    ("encoding_unknown", LookupError, "x-no-such", shortcut(ajax.get, encoding="x-no-such")),
    # Events and keywords.
    ("event_on_complete_typo", ValueError, "did you mean 'oncomplete='",
     shortcut(ajax.get, on_complete=print)),
    ("event_on_load_typo", ValueError, "did you mean 'onload='",
     shortcut(ajax.post, on_load=print)),
    ("event_unknown", ValueError, "unknown event 'finish'", shortcut(ajax.get, onfinish=print)),
    ("bind_unknown_event", ValueError, "unknown event 'done'",
     object_api(do(lambda r: r.bind("done", print)))),
    ("bind_event_not_a_str", TypeError, "event name must be a str",
     object_api(do(lambda r: r.bind(1, print)))),
    ("unknown_keyword", TypeError, "unexpected keyword argument 'foo'",
     shortcut(ajax.get, foo=1)),
    ("unknown_keyword_header", TypeError, "unexpected keyword argument 'header'",
     shortcut(ajax.get, header={})),
    # Order of calls.
    ("send_before_open", RuntimeError, "needs open() first", object_api(send())),
    ("await_before_send", RuntimeError, "nothing to await",
     object_api(open_(), do(lambda r: r.__await__().send(None)))),
]  # fmt: skip
for _name, _error, _fragment, _call in BAD:
    bad(_name, _error, _fragment)(_call)


@check()
async def set_header_after_send(ctx: Ctx) -> None:
    """After send(): RuntimeError, and the request that went out is not changed by it."""
    req = ajax.Ajax()
    req.open("GET", ctx.url(f"/echo?probe={token(ctx, 'after')}"), not ctx.blocking)
    req.send()
    try:
        req.set_header("X-Late", "1")
    except RuntimeError as exc:
        assert "after send()" in str(exc)
    else:
        raise AssertionError("no RuntimeError")
    await req
    assert "x-late" not in json.loads(req.text)["headers"]
    assert ctx.seen(token(ctx, "after")) == 1


@check()
async def send_twice(ctx: Ctx) -> None:
    req = ajax.Ajax()
    req.open("POST", ctx.url(f"/echo?probe={token(ctx, 'twice')}"), not ctx.blocking)
    req.send("a")
    try:
        req.send("b")
    except RuntimeError as exc:
        assert "one send() per open()" in str(exc)
    else:
        raise AssertionError("no RuntimeError")
    await req
    assert json.loads(req.text)["body_text"] == "a" and ctx.seen(token(ctx, "twice")) == 1


# --- leaks --------------------------------------------------------------------------------


def _memory() -> dict[str, Any]:
    """Pyodide's own accounting and the memory sizes, after a full collection."""
    import js
    import pyodide_js

    gc.collect()
    if hasattr(js, "gc"):  # Chromium with --js-flags=--expose-gc
        js.gc()
    module = pyodide_js._module
    figures: dict[str, Any] = {
        "js_refs_held_by_python": int(module._hiwire_num_refs()),
        "live_pyproxies": int(module.pyproxy_alloc_map.size),
        "wasm_memory_bytes": int(module.HEAP8.length),
        "live_ajax_objects": sum(isinstance(o, ajax.Ajax) for o in gc.get_objects()),
        "live_tasks": len(asyncio.all_tasks()) if _running_loop() else 0,
    }
    memory = getattr(getattr(js, "performance", None), "memory", None)
    if memory is not None:  # Chromium only
        figures["js_heap_used_bytes"] = int(memory.usedJSHeapSize)
    return figures


def _running_loop() -> bool:
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return False
    return True


LEAK_FIGURES: dict[str, Any] = {}


def assert_the_counters_count() -> None:
    """A control: one PyProxy and one held JS object must show in the counters, so that
    "no change" after 10,000 requests means no leak, not a counter that never moves."""
    import js
    from pyodide.ffi import create_proxy

    base = _memory()
    proxy = create_proxy(lambda: None)
    held = js.Object.new()
    during = _memory()
    proxy.destroy()
    del proxy, held
    after = _memory()
    assert during["live_pyproxies"] == base["live_pyproxies"] + 1, ("during", base, during)
    assert during["js_refs_held_by_python"] >= base["js_refs_held_by_python"] + 2, (
        "during", base, during,
    )  # fmt: skip
    assert after["live_pyproxies"] == base["live_pyproxies"], ("after", base, after)
    assert after["js_refs_held_by_python"] == base["js_refs_held_by_python"], ("after", base, after)


async def leak_check(ctx: Ctx, total: int, warmup: int = 300, batch: int = 50) -> dict[str, Any]:
    """`total` tiny requests, each with callbacks; returns before/after figures."""
    import pyodide_js

    pyodide_js._module.enable_pyproxy_allocation_tracing()
    assert_the_counters_count()
    counts = {"complete": 0, "loadend": 0, "progress": 0}

    def on_complete(req: ajax.Ajax) -> None:
        counts["complete"] += req.status == 200

    def on_loadend(event: Any) -> None:
        counts["loadend"] += 1

    def on_progress(event: Any) -> None:
        counts["progress"] += 1

    callbacks = (on_complete, on_loadend, on_progress)

    async def requests(n: int, first: int) -> None:
        """Async: `batch` at a time; blocking: one after the other. Every other request
        listens to progress, which reads the body as a stream (another code path)."""
        step = 1 if ctx.blocking else batch
        for start in range(first, first + n, step):
            started = []
            for i in range(start, min(start + step, first + n)):
                kw: dict[str, Any] = {"oncomplete": on_complete, "onloadend": on_loadend}
                if i % 2:
                    kw["onprogress"] = on_progress
                url = ctx.url(f"/notjson?i={i}")
                started.append(ajax.get(url, blocking=ctx.blocking, cache=True, **kw))
            for req in started:
                await req
            del started

    await requests(warmup, 0)
    refcounts_before = [sys.getrefcount(cb) for cb in callbacks]
    before = _memory()
    await requests(total - warmup, warmup)
    await asyncio.sleep(0.1)
    after = _memory()
    refcounts_after = [sys.getrefcount(cb) for cb in callbacks]
    pyodide_js._module.disable_pyproxy_allocation_tracing()
    return {
        "requests": total,
        "transport": ctx.transport,
        "completed_ok": counts["complete"],
        "loadend_events": counts["loadend"],
        "callback_refcounts_before": refcounts_before,
        "callback_refcounts_after": refcounts_after,
        "before": before,
        "after": after,
    }


# 10,000 requests per runtime, half async, half blocking (JSPI and synchronous XHR): enough to
# show a per-request leak of even one proxy or a few bytes, within ~30 s of CI time.
LEAK_REQUESTS = {"async": 5_000, "jspi": 2_500, "xhr": 2_500}


def assert_flat(figures: dict[str, Any]) -> None:
    before, after = figures["before"], figures["after"]
    n = figures["requests"]
    assert figures["completed_ok"] == n and figures["loadend_events"] == n, figures
    assert figures["callback_refcounts_after"] == figures["callback_refcounts_before"], figures
    assert after["live_ajax_objects"] <= before["live_ajax_objects"], figures
    assert after["live_pyproxies"] <= before["live_pyproxies"], figures
    # A handful of long-lived references may be created lazily (cached JS functions); a leak
    # of one per request would be thousands.
    assert after["js_refs_held_by_python"] - before["js_refs_held_by_python"] <= 20, figures
    assert after["wasm_memory_bytes"] - before["wasm_memory_bytes"] <= 8 * MiB, figures
    if "js_heap_used_bytes" in before:
        assert after["js_heap_used_bytes"] - before["js_heap_used_bytes"] <= 16 * MiB, figures


@check(runtimes=BROWSERS)
async def leak_10000_requests_with_callbacks(ctx: Ctx) -> None:
    figures = await leak_check(ctx, LEAK_REQUESTS[ctx.variant])
    LEAK_FIGURES[f"{ctx.runtime}-{ctx.variant}"] = figures
    assert_flat(figures)
