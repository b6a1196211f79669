"""Argument validation: raised by the call, nothing sent (spec cases 26-32)."""

from __future__ import annotations

import pyodide_ajax as ajax

from .harness import Ctx, echo, must_raise, recorder, scenario

# --- argument validation: raised by the call, nothing sent -------------------------------


@scenario()
async def case_26_27_invalid_mode(ctx: Ctx) -> None:
    events, record = recorder()
    url = ctx.url("/echo?probe=mode26" + ctx.variant)
    must_raise(ValueError, "invalid mode: blob", ajax.get, url, mode="blob",
               blocking=ctx.blocking, onloading=record("loading"))  # fmt: skip
    assert events == [] and ctx.seen("mode26" + ctx.variant) == 0


@scenario()
async def case_28_encoding_with_other_modes(ctx: Ctx) -> None:
    for mode in ("binary", "json", "document"):
        must_raise(ValueError, f"encoding not supported for mode {mode}", ajax.get,
                   ctx.url("/echo"), mode=mode, encoding="latin-1",
                   blocking=ctx.blocking)  # fmt: skip
    must_raise(ValueError, "encoding not supported for mode json", ajax.post, ctx.url("/echo"),
               mode="json", encoding="x", blocking=ctx.blocking)  # fmt: skip


@scenario()
async def case_29_headers_not_a_mapping(ctx: Ctx) -> None:
    must_raise(ValueError, "headers must be a dict, not list", ajax.get, ctx.url("/echo"),
               headers=[("a", "b")], blocking=ctx.blocking)  # fmt: skip


@scenario()
async def case_30_data_types(ctx: Ctx) -> None:
    must_raise(TypeError, "wrong type for data: list", ajax.get, ctx.url("/echo"), data=[1, 2],
               blocking=ctx.blocking)  # fmt: skip
    must_raise(TypeError, "wrong type for data: list", ajax.post, ctx.url("/echo"), data=[1],
               blocking=ctx.blocking)  # fmt: skip

    class D(dict):  # decided: any mapping is accepted
        pass

    req = await ctx.call(ajax.post, ctx.url("/echo"), data=D(a=1))
    assert echo(req)["body_text"] == "a=1"
    req = await ctx.call(ajax.get, ctx.url("/echo"), data=None, cache=True)  # None: no data
    assert echo(req)["raw_query"] == ""


@scenario(modes=("async",))
async def case_31_missing_url(ctx: Ctx) -> None:
    must_raise(TypeError, "url", ajax.get)


@scenario()
async def case_32_unknown_keywords_and_events(ctx: Ctx) -> None:
    must_raise(TypeError, "unexpected keyword argument 'foo'", ajax.get, ctx.url("/echo"),
               foo=1, blocking=ctx.blocking)  # fmt: skip
    must_raise(ValueError, "did you mean 'oncomplete='", ajax.get, ctx.url("/echo"),
               on_complete=print, blocking=ctx.blocking)  # fmt: skip
