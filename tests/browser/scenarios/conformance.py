"""Brython conformance, second pass (issue 15): each difference that broke real Brython code,
written as Brython code writes it (object API and shortcuts), in every variant."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

import pyodide_ajax as ajax

from .harness import Ctx, echo, must_raise, scenario


async def sent(ctx: Ctx, url: str, response_type: str = "", override: str = "") -> ajax.Ajax:
    """The object API as Brython code writes it, in this variant's mode."""
    req = ajax.Ajax()
    req.open("GET", url, not ctx.blocking)
    if response_type:
        req.responseType = response_type
    if override:
        req.overrideMimeType(override)
    req.send()
    await req
    assert req.status == 200 and req.transport == ctx.transport, (req.status, req.transport)
    return req


@scenario()
async def conformance_response_is_the_javascript_arraybuffer_or_blob(ctx: Ctx) -> None:
    import js

    png = (await ctx.call(ajax.get, ctx.url("/brython.png"), mode="binary")).read()
    assert png.startswith(b"\x89PNG") and len(png) > 100
    buffer = await sent(ctx, ctx.url("/brython.png"), "arraybuffer")
    assert str(js.Object.prototype.toString.call(buffer.response)) == "[object ArrayBuffer]"
    assert bytes(js.Uint8Array.new(buffer.response).to_py()) == png == buffer.read()
    assert buffer.response is buffer.response  # one object, as XMLHttpRequest's
    blob = await sent(ctx, ctx.url("/brython.png"), "blob")
    assert str(js.Object.prototype.toString.call(blob.response)) == "[object Blob]"
    assert (blob.response.size, blob.response.type) == (len(png), "image/png")
    assert blob.read() == png


@scenario()
async def conformance_object_api_and_post_decode_as_the_browser_does(ctx: Ctx) -> None:
    url = ctx.url("/files/text-latin1.txt")  # Latin-1 bytes, no charset in Content-Type
    assert (await sent(ctx, url)).text == "b\ufffdb\ufffd"
    assert (await sent(ctx, url, override="text/plain; charset=iso-8859-1")).text == "bébé"
    posted = await ctx.call(ajax.post, url)  # the post-family decodes as the browser too
    assert posted.text == "b\ufffdb\ufffd"
    strict = await ctx.call(ajax.get, url)  # the get-family keeps Brython's strict UTF-8
    must_raise(UnicodeDecodeError, "utf-8", getattr, strict, "text")


def caught_warnings(fn: Callable[[], Any]) -> tuple[Any, list[Any]]:
    import warnings

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        value = fn()
    return value, list(caught)


@scenario()
async def conformance_set_timeout_as_real_code_calls_it(ctx: Ctx) -> None:
    fired: list[str] = []
    url = ctx.url("/files/text-utf8.txt")
    numeric = ajax.Ajax()
    numeric.open("GET", url, not ctx.blocking)
    numeric.set_timeout("20000", lambda: fired.append("timeout"))  # seconds, as Brython reads it
    numeric.send()
    await numeric
    message = ajax.Ajax()
    message.open("GET", url, not ctx.blocking)
    _, caught = caught_warnings(lambda: message.set_timeout(5, "timeout message"))
    message.send()
    await message
    shortcut, caught_shortcut = caught_warnings(
        lambda: ajax.get(url, blocking=ctx.blocking, timeout=5, ontimeout="late")
    )
    await shortcut
    assert [numeric.text, message.text, shortcut.text, fired] == ["bébé"] * 3 + [[]]
    for found in (caught, caught_shortcut):
        # (the main thread's synchronous XHR adds its own warning about timeouts)
        about = [w for w in found if "must be callable" in str(w.message)]
        assert len(about) == 1 and about[0].category is UserWarning, [str(w) for w in found]
        assert "pyodide_ajax" not in about[0].filename, about[0].filename  # the caller's line
    assert message.transport == shortcut.transport == ctx.transport


@scenario()
async def conformance_header_values_are_sent_as_javascript_writes_them(ctx: Ctx) -> None:
    headers = {"X-B": True, "X-N": False, "X-I": 7, "X-F": 1.5, "X-W": 2.0}
    got = echo(await ctx.call(ajax.get, ctx.url("/echo"), headers=headers))["headers"]
    sent_as = [got[k] for k in ("x-b", "x-n", "x-i", "x-f", "x-w")]
    assert sent_as == ["true", "false", "7", "1.5", "2"], sent_as
    req = ajax.Ajax()
    req.open("GET", ctx.url("/echo"), not ctx.blocking)
    req.set_header("X-B", True)  # type: ignore[arg-type]  # what real code passes
    req.send()
    await req
    assert echo(req)["headers"]["x-b"] == "true"
    must_raise(TypeError, "None", ajax.get, ctx.url("/echo"), headers={"X-O": None},
               blocking=ctx.blocking)  # fmt: skip


@scenario()
async def conformance_empty_encoding_is_absent_in_every_mode(ctx: Ctx) -> None:
    url = ctx.url("/files/text-utf8.txt")
    binary = await ctx.call(ajax.get, url, mode="binary", encoding="")
    text = await ctx.call(ajax.get, url, encoding="")
    posted = await ctx.call(ajax.post, url, mode="json", encoding="")
    assert (binary.read(), text.text, text.encoding) == ("bébé".encode(), "bébé", None)
    assert posted.encoding is None
    req = ajax.Ajax()
    req.encoding = ""
    assert req.encoding is None


@scenario(modes=("async",))
async def conformance_callback_lookalike_attributes_warn(ctx: Ctx) -> None:
    req = ajax.Ajax()
    names = ("oncomplete", "on_complete")
    _, caught = caught_warnings(lambda: [setattr(req, name, print) for name in names])
    assert len(caught) == 2
    assert all("req.bind('complete', callback)" in str(w.message) for w in caught), caught


@scenario()
async def conformance_network_error_message_reads_well(ctx: Ctx) -> None:
    _, exc = await ctx.call_failing(ajax.NetworkError, ajax.get, ctx.url("/x", "closed"))
    assert "status 0" in str(exc) and ".." not in str(exc), str(exc)


@scenario()
async def conformance_a_request_handed_to_javascript_settles(ctx: Ctx) -> None:
    """Brython code ends a script with a shortcut call: JavaScript adopts the request as a
    thenable (the value of runPythonAsync, a PyScript script, a callback's return value). Its
    promise settles with undefined once the request is done; a Python await still gives the
    request."""
    import js
    import pyodide_js

    import __main__

    url = ctx.url("/files/text-utf8.txt")
    blocking = "True" if ctx.blocking else "False"
    __main__.handed_over = []  # type: ignore[attr-defined]
    code = (
        "import pyodide_ajax as ajax\n"
        f"ajax.get({url!r}, blocking={blocking}, oncomplete=lambda r: handed_over.append(r.text))"
    )
    value = await asyncio.wait_for(pyodide_js.runPythonAsync(code), 10)
    assert value is None and __main__.handed_over == ["bébé"], (value, __main__.handed_over)
    req = ajax.get(url, blocking=ctx.blocking)
    value = await asyncio.wait_for(js.Promise.resolve(req), 10)
    assert value is None and req.text == "bébé" and req.transport == ctx.transport
    assert await req is req  # a Python await still returns the request
    if not ctx.blocking:  # a failed async request settles too: its events reported it
        failed = ajax.get(ctx.url("/x", "closed"))
        assert await asyncio.wait_for(js.Promise.resolve(failed), 10) is None
        assert isinstance(failed.error, ajax.NetworkError)
    del __main__.handed_over  # type: ignore[attr-defined]
