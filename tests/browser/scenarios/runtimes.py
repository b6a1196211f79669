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


@scenario(modes=("async",))
async def the_package_runs_from_bytecode_of_this_python(ctx: Ctx) -> None:
    """The dist lock serves our wheel compiled for this Pyodide's Python (tools/bytecode_wheel.py):
    every module loads from its .pyc, and a traceback still names our files and lines."""
    import importlib.metadata
    import sys
    import traceback

    tag = f"cp{sys.version_info.major}{sys.version_info.minor}-none-any"
    wheel = importlib.metadata.distribution("pyodide-ajax").read_text("WHEEL") or ""
    assert f"Tag: {tag}" in wheel, wheel
    ours = [m for m in list(sys.modules.values()) if m.__name__.startswith("pyodide_ajax")]
    assert ours and all(m.__file__ and m.__file__.endswith(".pyc") for m in ours), [
        m.__file__ for m in ours
    ]
    try:
        ajax.get(ctx.url("/files/text-utf8.txt"), timeout="soon")
    except TypeError as exc:
        inner = traceback.extract_tb(exc.__traceback__)[-1]
    else:
        raise AssertionError("a timeout of 'soon' was taken")
    from pyodide_ajax import _request

    assert inner.filename == _request.__file__.removesuffix("c"), inner.filename  # the .py path
    assert inner.lineno and inner.lineno > 1
