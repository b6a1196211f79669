"""Errors: HTTP errors are data, network errors and CORS denials raise; forbidden methods,
redirects, response headers (spec cases 69-72)."""

from __future__ import annotations

from typing import Any

import pyodide_ajax as ajax

from .harness import BROWSERS, Ctx, echo, must_raise, scenario

# --- errors -------------------------------------------------------------------------------


@scenario()
async def case_69_http_error_is_data(ctx: Ctx) -> None:
    req = await ctx.call(ajax.get, ctx.url("/status/404"))
    assert req.status == 404 and req.text == "nope" and req.statusText == "Not Found"
    try:
        req.raise_for_status()
    except ajax.HTTPStatusError as exc:
        assert exc.status == 404 and "404" in str(exc)
    else:
        raise AssertionError("raise_for_status did not raise")


@scenario()
async def case_70_71_network_error(ctx: Ctx) -> None:
    events: list[Any] = []
    req, exc = await ctx.call_failing(ajax.NetworkError, ajax.get, ctx.url("/", "closed"),
                                      oncomplete=lambda r: events.append((r.status, r.text)),
                                      onerror=lambda e: events.append(e.type))  # fmt: skip
    assert events == [(0, ""), "error"], events
    assert "status 0" in str(exc) and "CORS" in str(exc)
    assert isinstance(exc, ajax.AjaxError) and isinstance(exc, OSError)


@scenario(runtimes=BROWSERS)  # Node.js applies no CORS
async def cors_denied_is_a_network_error(ctx: Ctx) -> None:
    probe = ctx.token("cors-denied")
    url = ctx.url(f"/echo?probe={probe}", "nocors")
    req, exc = await ctx.call_failing(ajax.NetworkError, ajax.get, url)
    assert req.status == 0 and "CORS" in str(exc)
    assert ctx.seen(probe) >= 1, "the server never saw it: not a CORS denial"


@scenario()
async def cors_allowed_cross_origin(ctx: Ctx) -> None:
    req = await ctx.call(ajax.post, ctx.url("/echo", "cors"), data="x",
                         headers={"X-Custom": "1"})  # fmt: skip
    assert req.status == 200 and echo(req)["headers"]["x-custom"] == "1"


@scenario()
async def case_72_forbidden_methods(ctx: Ctx) -> None:
    for fn in (ajax.connect, ajax.trace):
        must_raise(ValueError, "forbid", fn, ctx.url("/echo"), blocking=ctx.blocking)
    req = ajax.Ajax()
    must_raise(ValueError, "forbid", req.open, "TRACK", ctx.url("/echo"))


@scenario()
async def redirect_gives_the_final_url(ctx: Ctx) -> None:
    req = await ctx.call(ajax.get, ctx.url("/redirect/2"), cache=True)
    assert req.status == 200 and req.text == "redirected"
    assert req.responseURL == ctx.url("/redirect/0") and req.url == ctx.url("/redirect/2")


@scenario()
async def response_headers_mapping(ctx: Ctx) -> None:
    req = await ctx.call(ajax.get, ctx.url("/response-headers?X-Custom=hello"), cache=True)
    assert req.headers["x-custom"] == "hello" and req.headers["X-CUSTOM"] == "hello"
    assert req.getResponseHeader("x-missing") is None
    assert "x-custom: hello\r\n" in req.getAllResponseHeaders()
