"""Timeouts: the request is interrupted, `ontimeout` runs after `complete` (spec cases 63-68)."""

from __future__ import annotations

import asyncio
import time

import pyodide_ajax as ajax

from .harness import Ctx, recorder, scenario

# --- timeouts -----------------------------------------------------------------------------


@scenario()
async def case_63_timeout(ctx: Ctx) -> None:
    events, record = recorder()
    started = time.monotonic()
    req, exc = await ctx.call_failing(ajax.TimeoutError, ajax.get, ctx.url("/slow?ms=800"),
                                      timeout=0.25, ontimeout=lambda: events.append("timeout"),
                                      oncomplete=lambda r: events.append(f"complete:{r.status}"),
                                      onerror=record("error"))  # fmt: skip
    elapsed = time.monotonic() - started
    assert events == ["complete:0", "timeout"], events
    assert isinstance(exc, TimeoutError) and isinstance(exc, OSError)
    if req.transport != "xhr-main":  # the main thread cannot interrupt a synchronous request
        assert elapsed < 0.7, f"timeout did not interrupt the request ({elapsed:.2f} s)"
    await asyncio.sleep(0.6)
    assert events == ["complete:0", "timeout"], "something fired after the timeout"


@scenario()
async def case_64_65_timeout_not_reached(ctx: Ctx) -> None:
    events, record = recorder()
    req = await ctx.call(ajax.get, ctx.url("/files/text-utf8.txt"), timeout=0.3,
                         ontimeout=lambda: events.append("t"), oncomplete=record("c"))  # fmt: skip
    await ctx.call(ajax.get, ctx.url("/files/text-utf8.txt"), timeout=0.3,
                   ontimeout=lambda: events.append("t"))  # fmt: skip
    await asyncio.sleep(0.5)
    assert req.status == 200 and events == [("c", 4)]  # fixed (65): no timeout after success


@scenario()
async def case_66_67_timeout_none_or_zero(ctx: Ctx) -> None:
    for timeout in (None, 0):
        req = await ctx.call(ajax.get, ctx.url("/slow?ms=100"), timeout=timeout)
        assert req.status == 200 and req.text == "slow done"


@scenario()
async def case_68_set_timeout_object_api(ctx: Ctx) -> None:
    events: list[str] = []
    req = ajax.Ajax()
    req.bind("complete", lambda r: events.append(f"c{r.status}"))
    req.set_timeout(0.2, lambda: events.append("t"))
    req.open("GET", ctx.url("/slow?ms=700"), not ctx.blocking)
    try:
        req.send()
        await req
    except ajax.TimeoutError:
        pass
    else:
        raise AssertionError("no TimeoutError")
    assert events == ["c0", "t"]


@scenario(modes=("async",))
async def timeout_fires_after_a_garbage_collection(ctx: Ctx) -> None:
    """Node.js holds an AbortSignal.timeout only weakly: a collection while the request waits
    once took the timeout away (CI, Node 20), so the request ran to its end. Chromium with
    --expose-gc and Node.js (the conftest passes the flag) have `gc`; elsewhere this is a plain
    timeout."""
    import js

    assert hasattr(js, "gc") or ctx.runtime != "node", "Node.js was started without --expose-gc"
    started = time.monotonic()
    req = ajax.get(ctx.url("/slow?ms=2500"), timeout=0.5)
    await asyncio.sleep(0.1)
    if hasattr(js, "gc"):
        for _ in range(3):
            js.gc()
    try:
        await req
    except ajax.TimeoutError:
        pass
    else:
        raise AssertionError("no TimeoutError: the request ran to its end")
    assert time.monotonic() - started < 1.5, time.monotonic() - started
