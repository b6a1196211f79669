"""What differs by runtime: Node.js's absolute URLs and blocking without JSPI, relative URLs in
browsers."""

from __future__ import annotations

import pyodide_ajax as ajax

from .harness import BROWSERS, Ctx, must_raise, scenario

# --- runtime-specific ---------------------------------------------------------------------


@scenario(modes=("async",), runtimes=("node",))
async def node_relative_url_is_a_clear_error(ctx: Ctx) -> None:
    must_raise(ValueError, "absolute URL", ajax.get, "/files/text-utf8.txt")


@scenario(modes=("async",), runtimes=("node",))
async def node_blocking_without_jspi_says_why(ctx: Ctx) -> None:
    from pyodide import ffi

    original = ffi.can_run_sync
    ffi.can_run_sync = lambda: False
    try:
        must_raise(ajax.UnsupportedRuntimeError, "Node.js 24", ajax.get,
                   ctx.url("/echo?probe=nodenojspi"), blocking=True)  # fmt: skip
    finally:
        ffi.can_run_sync = original
    assert ctx.seen("nodenojspi") == 0


@scenario(modes=("async",), runtimes=BROWSERS)
async def relative_urls_resolve_against_the_location(ctx: Ctx) -> None:
    req = await ajax.get("/files/text-utf8.txt")
    assert req.text == "bébé" and req.responseURL.startswith(ctx.url("/files/"))
