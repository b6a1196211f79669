"""Reliability and security checks that run inside Pyodide: the fault matrix, the
bad-input table, credentials, and the leak check.

Written like the scenarios, with the same harness (`harness.py`): each check is an `async def`
taking a `Ctx`, in the suite "faults", run in every variant that applies (`async`, `jspi`,
`xhr`) in a Chromium page, a Chromium Worker and Node.js. This module holds the helpers, the
fault matrix and the credentials; `bad_input.py` the bad-input table, `leaks.py` the leak check.

The documented ending of a failed request, asserted for every fault: `loadstart`, maybe
`loaded` (the headers arrived), then exactly `complete` (status 0), `error` or `timeout`, and
`loadend`; never `load`; the typed exception from `await`/the blocking call; and no body at
all, so a truncated body can never pass for a complete one.
"""

from __future__ import annotations

import gc
import hashlib
import json
import time
from collections.abc import Callable
from typing import Any

import pyodide_ajax as ajax

from .harness import ALL_RUNTIMES, BOTH_MODES, BROWSERS, Ctx, scenario

FAULT_NAMES: list[str] = []  # the fault matrix, in README order

MiB = 1024 * 1024
UNKNOWN_CHARSET = "x-no-such-charset"  # tools/faults.py's label for /fault/charset


def check(
    modes: tuple[str, ...] = BOTH_MODES, runtimes: tuple[str, ...] = ALL_RUNTIMES
) -> Callable[[Callable[[Ctx], Any]], Callable[[Ctx], Any]]:
    """Register a check of the suite "faults" (a `fault_*` one is a row of the fault matrix)."""
    add = scenario(modes, runtimes, suite="faults")

    def register(func: Callable[[Ctx], Any]) -> Callable[[Ctx], Any]:
        if func.__name__.startswith("fault_"):
            FAULT_NAMES.append(func.__name__)
        return add(func)

    return register


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


# --- the fault matrix ---------------------------------------------------------------------


@check()
async def fault_connection_refused(ctx: Ctx) -> None:
    req, exc, events = await failing(ctx, ajax.NetworkError, ctx.url("/echo", "closed"))
    assert_failed(req, exc, events, "error")
    assert "status 0" in str(exc)


async def cut_body(ctx: Ctx, route: str) -> None:
    """A body cut short, read whole (arrayBuffer) and as a stream (progress bound)."""
    for progress in (False, True):
        probe = ctx.token(f"{route}-{progress}")
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
        progress = [e[1:] for e in events if isinstance(e, tuple)]
        # One progress per chunk read from the stream (fetch, JSPI); a synchronous
        # XMLHttpRequest fires a single one, at the end of the body (XHR spec, "handle
        # response end-of-body").
        chunks = 5 if ctx.transport in ("fetch", "jspi") else 1
        assert [loaded for loaded, _ in progress] == [1000 * n for n in range(6 - chunks, 6)]
        total = 0 if chunked == "1" else 5000  # unknown without a Content-Length
        assert {total for _, total in progress} == {total}, events
        assert events.count("interactive") == chunks, events


@check()
async def fault_long_body_of_unknown_length(ctx: Ctx) -> None:
    """200,000 bytes in 20 chunks without a Content-Length, progress bound: fetch and JSPI
    gather a streamed body in one buffer that starts at 64 KiB, so it must grow on the way."""
    events, callbacks = tracker(progress=True)
    url = ctx.url("/drip?chunks=20&size=10000&delay=0&chunked=1")
    req = await ctx.call(ajax.get, url, **callbacks)
    assert req.status == 200 and len(req.text) == 200_000
    assert req.text == "".join("abcdefghij"[i % 10] * 10_000 for i in range(20))
    loaded = [e[1] for e in events if isinstance(e, tuple)]
    assert loaded and loaded[-1] == 200_000 and loaded == sorted(loaded), events


@check()
async def fault_drip_slower_than_timeout(ctx: Ctx) -> None:
    """The timeout strikes mid-body (the body takes 3 s): a TimeoutError, never the part that
    had arrived."""
    probe = ctx.token("drip")
    url = ctx.url(f"/drip?chunks=30&size=100&delay=100&probe={probe}")
    started = time.monotonic()
    req, exc, events = await failing(ctx, ajax.TimeoutError, url, progress=True, timeout=0.5)
    assert_in_time(ctx, req, probe, time.monotonic() - started, timeout=0.5, server_ends=3.0)
    assert_failed(req, exc, events, "timeout")  # "timeout": the shortcut's ontimeout= ran
    assert isinstance(exc, TimeoutError)


def assert_in_time(
    ctx: Ctx, req: ajax.Ajax, probe: str, elapsed: float, timeout: float, server_ends: float
) -> None:
    """The request reached the server, and the timeout struck within a generous bound of its
    time, well before the server would have ended the response. The exception is the main
    thread's synchronous XHR: the browser cannot interrupt it, so the timeout is reported when
    the response ends (the documented policy, docs/reliability.md), after each attempt the
    browser made (Chromium sends a request again, once, when the server closed the connection
    without a response)."""
    attempts = ctx.seen(probe)
    assert attempts >= 1, "the request never reached the server"
    due = server_ends * attempts if req.transport == "xhr-main" else timeout
    assert elapsed < due + 1.5, f"{req.transport}: failed after {elapsed:.2f} s, due at {due} s"


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
    probe = ctx.token("hang")
    url = ctx.url(f"/fault/hang?ms=3000&probe={probe}")
    started = time.monotonic()
    req, exc, events = await failing(ctx, ajax.TimeoutError, url, timeout=0.5)
    assert_in_time(ctx, req, probe, time.monotonic() - started, timeout=0.5, server_ends=3.0)
    assert_failed(req, exc, events, "timeout")
    assert "0.5" in str(exc) or "timeout of 0.5" in str(exc), exc


@check()
async def fault_response_never_starts_no_timeout(ctx: Ctx) -> None:
    """Without a timeout the server's own bound ends it: a NetworkError, not a hang."""
    req, exc, events = await failing(ctx, ajax.NetworkError, ctx.url("/fault/hang?ms=400"))
    assert_failed(req, exc, events, "error")


@check(runtimes=BROWSERS)  # Node.js applies no CORS
async def fault_cors_denied(ctx: Ctx) -> None:
    probe = ctx.token("cors")
    url = ctx.url(f"/echo?probe={probe}", "nocors")
    req, exc, events = await failing(ctx, ajax.NetworkError, url)
    assert_failed(req, exc, events, "error")
    assert "CORS" in str(exc)
    # The server answered: the browser withheld the response (CORS), nothing failed to connect.
    assert ctx.seen(probe) >= 1, "the request never reached the server"


@check(runtimes=BROWSERS)
async def fault_redirect_to_cors_denying_target(ctx: Ctx) -> None:
    from urllib.parse import quote

    hop, landed = ctx.token("redirect-hop"), ctx.token("redirect-target")
    target = quote(ctx.url(f"/echo?probe={landed}", "nocors"), safe="")
    url = ctx.url(f"/redirect?to={target}&probe={hop}")
    req, exc, events = await failing(ctx, ajax.NetworkError, url)
    assert_failed(req, exc, events, "error")
    assert ctx.seen(hop) >= 1 and ctx.seen(landed) >= 1, "the redirect was not followed"


@check()
async def fault_redirect_loop(ctx: Ctx) -> None:
    probe = ctx.token("loop")
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
