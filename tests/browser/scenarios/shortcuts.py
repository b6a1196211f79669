"""The module's surface and the shortcuts: names, return values, callbacks; the query string and
the cache-buster; request headers; the body methods (spec cases 1-4, 33-55)."""

from __future__ import annotations

import json
import re
from typing import Any

import pyodide_ajax as ajax

from .harness import Ctx, echo, recorder, scenario

# --- module surface ---------------------------------------------------------------------


@scenario(modes=("async",))
async def case_01_module_names(ctx: Ctx) -> None:
    names = {n for n in dir(ajax) if not n.startswith("_")}
    expected = {"Ajax", "ajax", "get", "head", "delete", "options", "connect", "trace", "post"}
    assert expected | {"put", "patch", "file_upload", "form_data"} <= names
    assert ajax.Ajax is ajax.ajax


@scenario()
async def case_03_shortcuts_return_the_request(ctx: Ctx) -> None:
    for fn in (ajax.get, ajax.head, ajax.delete, ajax.options, ajax.post, ajax.put, ajax.patch):
        req = await ctx.call(fn, ctx.url("/echo"))
        assert isinstance(req, ajax.Ajax) and req.status == 200, (fn.__name__, req.status)


@scenario()
async def case_04_bound_method_callback(ctx: Ctx) -> None:
    class Page:
        def __init__(self) -> None:
            self.got: list[Any] = []

        def done(self, req: ajax.Ajax) -> None:
            self.got.append(req)

    page = Page()
    req = await ctx.call(ajax.get, ctx.url("/files/glossary.json"), mode="json", headers={},
                         oncomplete=page.done)  # fmt: skip
    assert page.got == [req]


# --- query string and cache-buster --------------------------------------------------------


@scenario()
async def case_33_34_ajax_get_query(ctx: Ctx) -> None:
    req = await ctx.call(ajax.get, ctx.url("/ajax_get"), data={"foo": 34})
    assert re.fullmatch(r"\{'foo': '34', '\d{13}': ''\}", req.text), req.text
    req = await ctx.call(ajax.get, ctx.url("/ajax_get"), data={"foo": 34}, cache=True)
    assert req.text == "{'foo': '34'}"


@scenario()
async def case_35_cache_buster_shapes(ctx: Ctx) -> None:
    req = await ctx.call(ajax.get, ctx.url("/echo"), data="a=1&b=2")
    assert re.fullmatch(r"a=1&b=2&\d{13}", echo(req)["raw_query"])
    for data in (None, {}):
        req = await ctx.call(ajax.get, ctx.url("/echo"), data=data)
        assert re.fullmatch(r"\d{13}", echo(req)["raw_query"])


@scenario()
async def case_36_cache_buster_keeps_the_query(ctx: Ctx) -> None:
    req = await ctx.call(ajax.get, ctx.url("/echo?x=1#frag"))
    assert re.fullmatch(r"x=1&\d{13}", echo(req)["raw_query"])  # fixed (Brython #1823)
    assert echo(req)["query"]["x"] == ["1"]


@scenario()
async def case_37_percent_encoding(ctx: Ctx) -> None:
    req = await ctx.call(ajax.get, ctx.url("/echo"), data={"q": "a b&c+d", "é": "ü"}, cache=True)
    assert echo(req)["raw_query"] == "q=a%20b%26c%2Bd&%C3%A9=%C3%BC"


@scenario()
async def case_38_value_conversion(ctx: Ctx) -> None:
    data = {"i": 1, "b": True, "l": [1, 2], "f": 1.5, "n": None}
    req = await ctx.call(ajax.get, ctx.url("/echo"), data=data, cache=True)
    assert echo(req)["raw_query"] == "i=1&b=True&l=1&l=2&f=1.5&n=None"  # decided: Python str()


@scenario()
async def case_39_cache_1_still_busts(ctx: Ctx) -> None:
    req = await ctx.call(ajax.get, ctx.url("/echo"), cache=1)
    assert re.fullmatch(r"\d{13}", echo(req)["raw_query"])


@scenario()
async def case_40_request_attributes(ctx: Ctx) -> None:
    url = ctx.url("/echo")
    req = await ctx.call(ajax.get, url, data={"a": 1})
    assert req.url == url and req.mode == "text" and req.blocking is ctx.blocking
    assert req.encoding is None


# --- request headers ----------------------------------------------------------------------


@scenario()
async def case_41_to_43_request_headers(ctx: Ctx) -> None:
    req = await ctx.call(ajax.get, ctx.url("/echo"),
                         headers={"X-Test": "abc", "X-A": "1", "x-a": "2", "X-N": 5})  # fmt: skip
    headers = echo(req)["headers"]
    assert headers["x-test"] == "abc" and headers["x-a"] == "2" and headers["x-n"] == "5"


@scenario()
async def case_44_json_body_with_content_type(ctx: Ctx) -> None:
    req = await ctx.call(ajax.post, ctx.url("/echo"), data=json.dumps({"a": 1}),
                         headers={"Content-Type": "application/json"})  # fmt: skip
    got = echo(req)
    assert got["headers"]["content-type"] == "application/json"
    assert got["body_text"] == '{"a": 1}'


@scenario()
async def case_45_get_has_no_content_type(ctx: Ctx) -> None:
    req = await ctx.call(ajax.get, ctx.url("/echo"))
    assert "content-type" not in echo(req)["headers"]


# --- body methods -------------------------------------------------------------------------


@scenario()
async def case_46_47_post_dict(ctx: Ctx) -> None:
    req = await ctx.call(ajax.post, ctx.url("/ajax_post"), data={"foo": 34})
    assert req.text == "foo=34"
    req = await ctx.call(ajax.post, ctx.url("/echo"), data={"ident": "a + b"})
    got = echo(req)
    assert got["body_text"] == "ident=a%20%2B%20b" and got["form"] == {"ident": "a + b"}
    assert got["headers"]["content-type"] == "application/x-www-form-urlencoded"


@scenario()
async def case_48_post_text(ctx: Ctx) -> None:
    got = echo(await ctx.call(ajax.post, ctx.url("/echo"), data="raw text"))
    assert got["body_text"] == "raw text"
    assert got["headers"]["content-type"] == "application/x-www-form-urlencoded"


@scenario()
async def case_49_put_and_patch(ctx: Ctx) -> None:
    got = echo(await ctx.call(ajax.put, ctx.url("/echo"), data="raw text"))
    # Charset values are case-insensitive: Firefox's Worker XHR sends "charset=utf-8".
    assert got["method"] == "PUT"
    assert got["headers"]["content-type"].lower() == "text/plain;charset=utf-8"
    assert echo(await ctx.call(ajax.patch, ctx.url("/echo"), data="x"))["method"] == "PATCH"


@scenario()
async def case_50_bytes_bodies(ctx: Ctx) -> None:
    for data in (b"\x00\x01\xff", bytearray(b"\x00\x01\xff"), memoryview(b"\x00\x01\xff")):
        assert echo(await ctx.call(ajax.post, ctx.url("/echo"), data=data))["body_hex"] == "0001ff"
    got = echo(await ctx.call(ajax.put, ctx.url("/echo"), data=bytes(range(256))))
    assert got["body_hex"] == bytes(range(256)).hex() and "content-type" not in got["headers"]


@scenario()
async def case_51_formdata_body(ctx: Ctx) -> None:
    for fn in (ajax.put, ajax.post):  # decided: POST lets the browser write the boundary too
        form = ajax.form_data()
        form.append("name", "x")
        got = echo(await ctx.call(fn, ctx.url("/echo"), data=form))
        assert got["headers"]["content-type"].startswith("multipart/form-data; boundary=")
        assert got["form"] == {"name": "x"}, got


@scenario()
async def case_52_post_without_data(ctx: Ctx) -> None:
    got = echo(await ctx.call(ajax.post, ctx.url("/echo")))
    assert got["body_hex"] == ""
    assert got["headers"]["content-type"] == "application/x-www-form-urlencoded"


@scenario()
async def case_53_post_honours_mode(ctx: Ctx) -> None:
    req = await ctx.call(ajax.post, ctx.url("/ajax_post"), data="x", mode="binary")
    assert req.read() == b"x"  # fixed: Brython returned str


@scenario()
async def case_54_post_honours_timeout(ctx: Ctx) -> None:
    events, record = recorder()
    req, exc = await ctx.call_failing(ajax.TimeoutError, ajax.post, ctx.url("/slow?ms=700"),
                                      timeout=0.2, ontimeout=lambda: events.append("t"),
                                      oncomplete=record("c"))  # fmt: skip
    assert events == [("c", 4), "t"] and req.status == 0


@scenario()
async def case_55_blocking_post_callbacks_ran(ctx: Ctx) -> None:
    events, record = recorder()
    await ctx.call(ajax.post, ctx.url("/ajax_post"), data="x", oncomplete=record("c"))
    assert events == [("c", 4)]
