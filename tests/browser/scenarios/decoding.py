"""Modes and decoding: text and its encodings, binary, JSON, document (spec cases 5-25)."""

from __future__ import annotations

import hashlib
import json

import pyodide_ajax as ajax

from .harness import Ctx, recorder, scenario

# --- GET, text mode, encodings ------------------------------------------------------------


@scenario()
async def case_05_get_text_utf8(ctx: Ctx) -> None:
    events, record = recorder()
    req = await ctx.call(ajax.get, ctx.url("/files/text-utf8.txt"), oncomplete=record("c"))
    assert events == [("c", 4)]
    assert req.status == 200 and req.text == "bébé" and type(req.text) is str
    assert req.read() == "bébé"


@scenario()
async def case_06_explicit_utf8(ctx: Ctx) -> None:
    req = await ctx.call(ajax.get, ctx.url("/files/text-utf8.txt"), encoding="utf-8")
    assert req.text == "bébé"


@scenario()
async def case_07_cyrillic(ctx: Ctx) -> None:
    req = await ctx.call(ajax.get, ctx.url("/files/text_cyrillic.txt"), encoding="utf-8")
    assert "Шея" in req.text


@scenario()
async def case_08_latin1(ctx: Ctx) -> None:
    req = await ctx.call(ajax.get, ctx.url("/files/text-latin1.txt"), encoding="latin-1")
    assert req.text == "bébé"


@scenario()
async def case_09_latin9(ctx: Ctx) -> None:
    req = await ctx.call(ajax.get, ctx.url("/files/text-latin9.txt"), encoding="iso-8859-15")
    assert req.text == "sœur"


@scenario()
async def case_10_wrong_encoding_raises_on_access(ctx: Ctx) -> None:
    req = await ctx.call(ajax.get, ctx.url("/files/text-latin1.txt"))
    try:
        _ = req.text
    except UnicodeDecodeError:
        return
    raise AssertionError("latin-1 bytes decoded as utf-8 without error")


@scenario()
async def case_11_http_charset_is_ignored(ctx: Ctx) -> None:
    req = await ctx.call(ajax.get, ctx.url("/files/text-latin1-charset.txt"))
    assert "iso-8859-1" in req.getResponseHeader("content-type")
    try:
        _ = req.text
    except UnicodeDecodeError:
        return
    raise AssertionError("the HTTP charset was used")


# --- binary mode --------------------------------------------------------------------------


@scenario()
async def case_12_binary_latin1(ctx: Ctx) -> None:
    req = await ctx.call(ajax.get, ctx.url("/files/text-latin1.txt"), mode="binary")
    assert req.text == b"b\xe9b\xe9" and 0xE9 in req.text


@scenario()
async def case_13_binary_utf8(ctx: Ctx) -> None:
    req = await ctx.call(ajax.get, ctx.url("/files/text-utf8.txt"), mode="binary")
    assert req.read() == b"b\xc3\xa9b\xc3\xa9"


@scenario()
async def case_15_binary_png(ctx: Ctx) -> None:
    req = await ctx.call(ajax.get, ctx.url("/brython.png"), mode="binary")
    data = req.read()
    assert isinstance(data, bytes) and data.startswith(b"\x89PNG\r\n\x1a\n")
    assert hashlib.sha256(data).hexdigest() == ctx.sha256["/brython.png"]  # every byte


@scenario()
async def case_16_binary_and_text_of_html(ctx: Ctx) -> None:
    raw = await ctx.call(ajax.get, ctx.url("/files/page.html"), mode="binary")
    text = await ctx.call(ajax.get, ctx.url("/files/page.html"))
    assert isinstance(raw.read(), bytes) and isinstance(text.read(), str)
    assert raw.read().decode() == text.read()


@scenario()
async def every_byte_value_8mib_exact(ctx: Ctx) -> None:
    size = 8 * 1024 * 1024
    req = await ctx.call(ajax.get, ctx.url(f"/bytes?n={size}"), mode="binary", cache=True)
    assert req.read() == bytes(range(256)) * (size // 256)


# --- JSON mode ----------------------------------------------------------------------------


@scenario()
async def case_17_json_mode(ctx: Ctx) -> None:
    req = await ctx.call(ajax.get, ctx.url("/files/glossary.json"), mode="json")
    assert isinstance(req.read(), dict) and req.json == req.read()
    assert req.json["glossary"]["title"] == "example glossary"


@scenario()
async def case_18_and_23_json_mode_has_no_text(ctx: Ctx) -> None:
    req = await ctx.call(ajax.get, ctx.url("/files/glossary.json"), mode="json")
    assert not hasattr(req, "text")


@scenario()
async def case_19_json_values(ctx: Ctx) -> None:
    req = await ctx.call(ajax.get, ctx.url("/json_misc"), mode="json")
    assert req.json == {"a": 1, "b": 1.5, "c": None, "d": True, "e": [1, "x"], "f": 2.0}
    assert type(req.json["f"]) is float  # decided: Python's json semantics (Brython gives 2)


@scenario()
async def case_20_json_mode_unparseable_is_none(ctx: Ctx) -> None:
    req = await ctx.call(ajax.get, ctx.url("/notjson"), mode="json")
    assert req.json is None and req.read() is None


@scenario()
async def case_21_json_in_text_mode(ctx: Ctx) -> None:
    req = await ctx.call(ajax.get, ctx.url("/files/glossary.json"))
    assert req.json["glossary"]["title"] == "example glossary"
    assert json.loads(req.text) == req.json


@scenario()
async def case_22_invalid_json_in_text_mode(ctx: Ctx) -> None:
    req = await ctx.call(ajax.get, ctx.url("/notjson"))
    try:
        _ = req.json
    except json.JSONDecodeError:
        return
    raise AssertionError("no JSONDecodeError")


# --- document mode (DOMParser: main thread only) -----------------------------------------


@scenario(runtimes=("main",))
async def case_24_document_mode(ctx: Ctx) -> None:
    req = await ctx.call(ajax.get, ctx.url("/catalog.xml"), mode="document")
    artists = [node.textContent for node in req.xml.querySelectorAll("ARTIST")]
    assert artists == ["Buzzcocks", "Interpol", "Wolf Alice"]
    assert req.read() is req.xml
    assert isinstance(req.text, str) and "<CATALOG" in req.text  # decided: text stays text


@scenario(runtimes=("main",))
async def case_25_xml_of_a_text_body_is_none(ctx: Ctx) -> None:
    req = await ctx.call(ajax.get, ctx.url("/files/text-utf8.txt"))
    assert req.xml is None


@scenario(runtimes=("worker", "node"))
async def document_mode_outside_a_page_says_why(ctx: Ctx) -> None:
    req = await ctx.call(ajax.get, ctx.url("/catalog.xml"), mode="document")
    try:
        req.read()
    except ajax.UnsupportedRuntimeError as exc:
        assert "DOMParser" in str(exc)
        return
    raise AssertionError("no UnsupportedRuntimeError")
