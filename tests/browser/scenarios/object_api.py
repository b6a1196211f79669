"""The object API: `Ajax()`, `open()`, `send()`, attributes and accessors (spec cases 73-87)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pyodide_ajax as ajax

from .harness import BROWSERS, Ctx, echo, must_raise, new_file, scenario

# --- object API ---------------------------------------------------------------------------


async def object_request(
    ctx: Ctx, method: str, path: str, data: Any = None,
    setup: Callable[[ajax.Ajax], None] | None = None,
) -> ajax.Ajax:  # fmt: skip
    req = ajax.Ajax()
    if setup:
        setup(req)
    req.open(method, ctx.url(path), not ctx.blocking)
    req.send(data)
    return await req


@scenario()
async def case_73_74_object_api_encoding(ctx: Ctx) -> None:
    def latin(req: ajax.Ajax) -> None:
        req.encoding = "latin-1"

    assert (await object_request(ctx, "GET", "/files/text-latin1.txt", setup=latin)).text == "bébé"
    assert (await object_request(ctx, "GET", "/files/text-utf8.txt")).text == "bébé"


@scenario(modes=("async",))
async def case_75_open_argument_types(ctx: Ctx) -> None:
    req = ajax.Ajax()
    must_raise(TypeError, "method should be string, got int", req.open, 1, "/x")
    must_raise(TypeError, "url should be string, got NoneType", req.open, "GET", None)


@scenario()
async def case_76_77_send_dict(ctx: Ctx) -> None:
    got = echo(await object_request(ctx, "POST", "/echo", {"x": 0, "y": 1}))
    assert got["body_text"] == "x=0&y=1"
    assert got["headers"]["content-type"] == "application/x-www-form-urlencoded"
    got = echo(await object_request(ctx, "POST", "/echo", {"a": [1, 2], "b": None, "c": True}))
    assert got["body_text"] == "a=1&a=2&b=None&c=True"


@scenario()
async def case_78_put_dict(ctx: Ctx) -> None:
    got = echo(await object_request(ctx, "PUT", "/echo", {"x": 1}))
    assert got["body_text"] == "x=1"
    assert got["headers"]["content-type"].lower() == "text/plain;charset=utf-8"


@scenario()
async def case_79_send_dict_as_multipart(ctx: Ctx) -> None:
    def multipart(req: ajax.Ajax) -> None:
        req.set_header("Content-Type", "multipart/form-data")

    got = echo(await object_request(ctx, "POST", "/echo", {"k": "v"}, setup=multipart))
    assert got["headers"]["content-type"].startswith("multipart/form-data; boundary=")
    assert got["form"] == {"k": "v"}  # fixed (Brython #861)


@scenario()
async def case_80_send_formdata_with_file(ctx: Ctx) -> None:
    form = ajax.form_data()
    form.append("upload", new_file("test file", "f.txt"))
    got = echo(await object_request(ctx, "POST", "/echo", form))
    assert got["files"] == {"upload": "test file"} and got["filenames"] == {"upload": "f.txt"}


@scenario()
async def case_81_send_argument_types(ctx: Ctx) -> None:
    assert echo(await object_request(ctx, "POST", "/echo", None))["body_hex"] == ""
    assert echo(await object_request(ctx, "POST", "/echo", b"x"))["body_hex"] == "78"
    assert echo(await object_request(ctx, "POST", "/echo", ""))["body_hex"] == ""
    req = ajax.Ajax()
    req.open("POST", ctx.url("/echo"))
    must_raise(TypeError, "wrong type for data: list", req.send, [1])


@scenario()
async def case_82_header_before_open(ctx: Ctx) -> None:
    def headers(req: ajax.Ajax) -> None:
        req.set_header("X-Y", "z")
        req.setRequestHeader("X-W", "v")

    got = echo(await object_request(ctx, "GET", "/echo", setup=headers))
    assert got["headers"]["x-y"] == "z" and got["headers"]["x-w"] == "v"


@scenario(modes=("async",))
async def case_83_read_only_attributes(ctx: Ctx) -> None:
    req = ajax.Ajax()
    for name in ("text", "json", "xml"):
        must_raise(AttributeError, "", setattr, req, name, 1)


@scenario(runtimes=BROWSERS)
async def case_84_credentials_cross_origin(ctx: Ctx) -> None:
    await ctx.call(ajax.get, ctx.url("/cookie/set?name=sid&value=s3cret", "cors"),
                   withCredentials=True)  # fmt: skip
    plain = await ctx.call(ajax.get, ctx.url("/cookie/check", "cors"))
    assert echo(plain)["cookies"] == {}, "cookie sent cross-origin without withCredentials"
    req = ajax.Ajax()
    req.withCredentials = True
    assert req.withCredentials is True  # fixed: Brython reads back undefined
    req.open("GET", ctx.url("/cookie/check", "cors"), not ctx.blocking)
    req.send()
    await req
    assert echo(req)["cookies"] == {"sid": "s3cret"}


@scenario()
async def case_85_response_type_arraybuffer(ctx: Ctx) -> None:
    def arraybuffer(req: ajax.Ajax) -> None:
        req.responseType = "arraybuffer"

    req = await object_request(ctx, "GET", "/brython.png", setup=arraybuffer)
    assert req.responseType == "arraybuffer" and req.read().startswith(b"\x89PNG")


@scenario()
async def case_86_response_accessors(ctx: Ctx) -> None:
    req = await object_request(ctx, "GET", "/files/text-utf8.txt")
    assert isinstance(req.status, int) and req.readyState == 4
    assert req.getResponseHeader("Content-Type").startswith("text/plain")
    assert isinstance(req.getAllResponseHeaders(), str)
    assert req.responseURL.endswith("/files/text-utf8.txt")


@scenario()
async def case_87_override_mime_type_charset(ctx: Ctx) -> None:
    def override(req: ajax.Ajax) -> None:
        req.overrideMimeType("text/plain; charset=iso-8859-1")

    req = await object_request(ctx, "GET", "/files/text-latin1.txt", setup=override)
    assert req.text == "bébé"
