"""Events: their order, the request object they get, native events, errors in callbacks
(spec cases 56-62)."""

from __future__ import annotations

import sys
from typing import Any

import pyodide_ajax as ajax

from .harness import Ctx, recorder, scenario

# --- events -------------------------------------------------------------------------------


@scenario()
async def case_56_57_event_order(ctx: Ctx) -> None:
    for fn in (ajax.get, ajax.post):  # decided: post fires loading too
        events, record = recorder()
        loaded: list[int] = []
        req = fn(ctx.url("/drip?chunks=4&size=16&delay=60"), blocking=ctx.blocking,
                 onloading=record("loading"), onloaded=record("loaded"),
                 oninteractive=record("interactive"), oncomplete=record("complete"),
                 onprogress=lambda event, seen=loaded: seen.append(event.loaded))  # fmt: skip
        if not ctx.blocking:
            assert events == [("loading", 1)]
        await req
        assert events[:2] == [("loading", 1), ("loaded", 2)], events
        assert events[-1] == ("complete", 4) and events.count(("complete", 4)) == 1
        middle = events[2:-1]
        assert middle and set(middle) == {("interactive", 3)}, events
        # One `interactive` per piece of the body that arrived, each with more of it: fetch and
        # JSPI read the stream (the server sends 4 chunks 60 ms apart, with TCP_NODELAY; the
        # browser may split a chunk or, under load, join two). A synchronous XMLHttpRequest
        # reports readyState 3 once: it runs no task between chunks (XHR spec, "send()").
        assert len(middle) == len(loaded) and loaded == sorted(set(loaded)), (events, loaded)
        assert loaded[-1] == 64, loaded
        if ctx.transport in ("fetch", "jspi"):
            assert len(middle) >= 3, (events, loaded)
        else:
            assert len(middle) == 1, events


@scenario()
async def case_58_uninitialized_never_fires(ctx: Ctx) -> None:
    events, record = recorder()
    await ctx.call(ajax.get, ctx.url("/echo"), onuninitialized=record("u"))
    assert events == []


@scenario()
async def case_59_same_request_object(ctx: Ctx) -> None:
    seen: list[Any] = []
    req = await ctx.call(ajax.get, ctx.url("/echo"), onloading=seen.append, onloaded=seen.append,
                         oninteractive=seen.append, oncomplete=seen.append)  # fmt: skip
    assert seen and all(item is req for item in seen)


@scenario()
async def case_60_native_events(ctx: Ctx) -> None:
    events: list[Any] = []
    await ctx.call(ajax.get, ctx.url("/bytes?n=1000"), onload=events.append,
                   onprogress=events.append, onloadend=events.append,
                   onloadstart=events.append)  # fmt: skip
    types = [e.type for e in events]
    assert types[0] == "loadstart" and types[-2:] == ["load", "loadend"] and "progress" in types
    last = events[-1]
    assert last.loaded == 1000 and last.total == 1000 and last.lengthComputable is True


@scenario()
async def case_61_binding_again_replaces(ctx: Ctx) -> None:
    events: list[str] = []
    req = ajax.Ajax()
    req.bind("complete", lambda r: events.append("f1"))
    req.bind("complete", lambda r: events.append("f2"))
    req.open("GET", ctx.url("/echo"), not ctx.blocking)
    req.send()
    await req
    assert events == ["f2"]


@scenario()
async def case_62_callback_exception_is_contained(ctx: Ctx) -> None:
    import io

    captured = io.StringIO()
    saved, sys.stderr = sys.stderr, captured
    try:
        after: list[str] = []
        req = await ctx.call(ajax.get, ctx.url("/echo"), oncomplete=lambda r: 1 / 0,
                             onloadend=lambda e: after.append("loadend"))  # fmt: skip
    finally:
        sys.stderr = saved
    assert req.status == 200 and after == ["loadend"]
    assert "ZeroDivisionError" in captured.getvalue() and "Traceback" in captured.getvalue()
