"""Behaviour scenarios that run inside Pyodide: in a Chromium page, a Chromium Worker and Node.

Each scenario is one case of the spec (`case_NN_...` is case NN of section 14 of
shared/spec/brython-ajax.md, asserting the decided behaviour) or one acceptance check of an
issue. A scenario is an `async def` taking a `Ctx`; it is written once and run in every variant
that applies:

- `async`: the request runs on fetch and is awaited;
- `jspi`:  `blocking=True`, carried by JSPI (`run_sync` over fetch);
- `xhr`:   `blocking=True` with `can_run_sync` patched to False: a synchronous XMLHttpRequest.

The host imports this file only to list the scenarios and to ship its source into Pyodide.
"""

from __future__ import annotations

import asyncio
import json
import re
import sys
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyodide_ajax as ajax

SCENARIOS_SOURCE = Path(__file__).read_text(encoding="utf-8")

ALL_RUNTIMES = ("main", "worker", "node")
BROWSERS = ("main", "worker")
BOTH_MODES = ("async", "blocking")


@dataclass
class Scenario:
    func: Callable[[Ctx], Any]
    modes: tuple[str, ...]
    runtimes: tuple[str, ...]


REGISTRY: dict[str, Scenario] = {}


def scenario(
    modes: tuple[str, ...] = BOTH_MODES, runtimes: tuple[str, ...] = ALL_RUNTIMES
) -> Callable[[Callable[[Ctx], Any]], Callable[[Ctx], Any]]:
    def register(func: Callable[[Ctx], Any]) -> Callable[[Ctx], Any]:
        REGISTRY[func.__name__] = Scenario(func, modes, runtimes)
        return func

    return register


def variants(runtime: str) -> list[str]:
    """Blocking variants per runtime: Node has no XMLHttpRequest (its no-JSPI branch has a
    scenario of its own)."""
    return ["async", "jspi"] if runtime == "node" else ["async", "jspi", "xhr"]


def cases(runtime: str, registry: dict[str, Scenario] | None = None) -> list[tuple[str, str]]:
    """(scenario name, variant) pairs that apply to `runtime`."""
    out = []
    for name, item in (REGISTRY if registry is None else registry).items():
        if runtime not in item.runtimes:
            continue
        for variant in variants(runtime):
            mode = "async" if variant == "async" else "blocking"
            if mode in item.modes:
                out.append((name, variant))
    return out


class Ctx:
    def __init__(self, context: dict[str, Any], variant: str) -> None:
        self.origins = {k: context[k] for k in ("main", "cors", "nocors", "closed")}
        self.runtime: str = context["runtime"]
        self.variant = variant
        self.blocking = variant != "async"
        if variant == "xhr":
            self.transport = "xhr-main" if self.runtime == "main" else "xhr-worker"
        else:
            self.transport = "jspi" if variant == "jspi" else "fetch"

    def url(self, path: str, origin: str = "main") -> str:
        return self.origins[origin] + path

    async def call(self, fn: Callable[..., ajax.Ajax], *args: Any, **kw: Any) -> ajax.Ajax:
        """Run a shortcut in this variant's mode and return the completed request."""
        req = fn(*args, blocking=self.blocking, **kw)
        if self.blocking:
            assert req.readyState == 4, "a blocking call returned before completion"
        req = await req
        assert req.transport == self.transport, (req.transport, self.transport)
        return req

    async def call_failing(
        self, error: type[BaseException], fn: Callable[..., ajax.Ajax], *args: Any, **kw: Any
    ) -> tuple[ajax.Ajax, Any]:
        """Run a shortcut that must fail with `error`; return the request and the exception."""
        try:
            req = fn(*args, blocking=self.blocking, **kw)
            await req
        except error as exc:
            return exc.request, exc  # type: ignore[attr-defined]
        raise AssertionError(f"expected {error.__name__}")

    def seen(self, token: str) -> int:
        """How many requests carrying ?probe=token reached the server."""
        import js
        from pyodide.ffi import run_sync

        if ajax._env.can_run_sync():
            response = run_sync(js.fetch(self.url(f"/seen?token={token}")))
            return int(json.loads(run_sync(response.text()))["count"])
        if not hasattr(js, "XMLHttpRequest"):
            # Node.js without JSPI (the matrix's Node 20 cell): no way to block on a request in
            # this process, so a child Node process asks the server.
            return int(json.loads(self._node_fetch_sync(f"/seen?token={token}"))["count"])
        xhr = js.XMLHttpRequest.new()
        xhr.open("GET", self.url(f"/seen?token={token}"), False)
        xhr.send()
        return int(json.loads(xhr.responseText)["count"])

    def _node_fetch_sync(self, path: str) -> str:
        import js
        from pyodide.ffi import to_js

        script = (
            f"fetch({json.dumps(self.url(path))}).then(r => r.text())"
            ".then(t => process.stdout.write(t))"
        )
        child = js.process.getBuiltinModule("child_process")
        options = to_js({"encoding": "utf8"}, dict_converter=js.Object.fromEntries)
        return str(child.execFileSync(js.process.execPath, to_js(["-e", script]), options))


async def run(
    name: str,
    variant: str,
    context_json: str,
    registry: dict[str, Scenario] | None = None,
    bound: float = 60,
) -> str:
    """Run one scenario; "ok", or the traceback of its failure. Bounded: none may hang."""
    ctx = Ctx(json.loads(context_json), variant)
    from pyodide import ffi

    original = ffi.can_run_sync
    if variant == "xhr":
        ffi.can_run_sync = lambda: False
    try:
        await asyncio.wait_for((REGISTRY if registry is None else registry)[name].func(ctx), bound)
    except BaseException:
        return traceback.format_exc()
    finally:
        ffi.can_run_sync = original
    return "ok"


async def run_all(
    runtime: str, context_json: str, registry: dict[str, Scenario] | None = None, bound: float = 60
) -> dict[str, str]:
    """Every scenario of `runtime`, for a Worker, where each boot costs seconds."""
    return {
        f"{variant}-{name}": await run(name, variant, context_json, registry, bound)
        for name, variant in cases(runtime, registry)
    }


def recorder() -> tuple[list[Any], Callable[[str], Callable[..., None]]]:
    events: list[Any] = []

    def record(name: str) -> Callable[..., None]:
        def callback(arg: Any = None) -> None:
            if isinstance(arg, ajax.Ajax):
                events.append((name, arg.readyState))
            else:
                events.append(name)

        return callback

    return events, record


def echo(req: ajax.Ajax) -> dict[str, Any]:
    return json.loads(req.text)


def new_file(content: str, name: str) -> Any:
    import js
    from pyodide.ffi import to_js

    return js.File.new(to_js([content]), name)


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
    assert len(data) == int(req.getResponseHeader("Content-Length"))


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


# --- argument validation: raised by the call, nothing sent -------------------------------


def must_raise(error: type[BaseException], text: str, fn: Callable[..., Any], *a: Any,
               **kw: Any) -> None:  # fmt: skip
    try:
        fn(*a, **kw)
    except error as exc:
        assert text in str(exc), f"{text!r} not in {exc!r}"
        return
    raise AssertionError(f"{fn} did not raise {error.__name__}")


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


# --- events -------------------------------------------------------------------------------


@scenario()
async def case_56_57_event_order(ctx: Ctx) -> None:
    for fn in (ajax.get, ajax.post):  # decided: post fires loading too
        events, record = recorder()
        req = fn(ctx.url("/drip?chunks=4&size=16&delay=60"), blocking=ctx.blocking,
                 onloading=record("loading"), onloaded=record("loaded"),
                 oninteractive=record("interactive"), oncomplete=record("complete"))  # fmt: skip
        if not ctx.blocking:
            assert events == [("loading", 1)]
        await req
        assert events[:2] == [("loading", 1), ("loaded", 2)], events
        assert events[-1] == ("complete", 4) and events.count(("complete", 4)) == 1
        middle = events[2:-1]
        assert middle and set(middle) == {("interactive", 3)}, events
        if ctx.transport in ("fetch", "jspi"):
            assert len(middle) >= 2, f"one interactive per chunk expected: {events}"


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
    if ctx.transport != "xhr-main":  # the main thread cannot interrupt a synchronous request
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
    req, exc = await ctx.call_failing(ajax.NetworkError, ajax.get, ctx.url("/echo", "nocors"))
    assert req.status == 0 and "CORS" in str(exc)


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


@scenario(modes=("async",))
async def abort_fires_complete_abort_loadend(ctx: Ctx) -> None:
    events: list[Any] = []
    req = ajax.get(ctx.url("/slow?ms=2000"), oncomplete=lambda r: events.append(r.status),
                   onabort=lambda e: events.append(e.type),
                   onloadend=lambda e: events.append(e.type))  # fmt: skip
    await asyncio.sleep(0.1)
    req.abort()
    try:
        await req
    except ajax.AbortError:
        pass
    else:
        raise AssertionError("no AbortError")
    assert events == [0, "abort", "loadend"], events


@scenario(modes=("async",))
async def cancelling_the_awaiting_task_aborts(ctx: Ctx) -> None:
    req = ajax.get(ctx.url("/slow?ms=2000"))
    try:
        await asyncio.wait_for(req, 0.2)
    except TimeoutError:
        pass
    assert req.readyState == 4 and isinstance(req.error, ajax.AbortError)


@scenario(modes=("async",))
async def concurrency_100_requests(ctx: Ctx) -> None:
    requests = [ajax.get(ctx.url(f"/echo?i={i}"), cache=True) for i in range(100)]
    done = await asyncio.gather(*requests)
    assert [echo(req)["query"]["i"] for req in done] == [[str(i)] for i in range(100)]


@scenario(modes=("async",))
async def progress_of_a_10mib_download(ctx: Ctx) -> None:
    size = 10 * 1024 * 1024
    events: list[Any] = []
    req = await ajax.get(ctx.url(f"/bytes?n={size}"), mode="binary", onprogress=events.append)
    assert len(events) > 1, "progress fired once"
    loaded = [e.loaded for e in events]
    assert loaded == sorted(loaded) and loaded[-1] == size
    assert all(e.total == size and e.lengthComputable for e in events)
    assert len(req.read()) == size


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


# --- file_upload / form_data --------------------------------------------------------------


@scenario()
async def case_88_to_90_file_upload(ctx: Ctx) -> None:
    got = echo(await ctx.call(ajax.file_upload, ctx.url("/echo"),
                              new_file("test file", "test_file.txt")))  # fmt: skip
    assert got["method"] == "POST" and got["files"] == {"filetosave": "test file"}
    assert got["filenames"] == {"filetosave": "test_file.txt"}
    form = ajax.form_data()
    form.append("name", "coucou")
    got = echo(await ctx.call(ajax.file_upload, ctx.url("/echo"), new_file("test file", "t.txt"),
                              data=form))  # fmt: skip
    assert got["form"] == {"name": "coucou"} and got["files"] == {"filetosave": "test file"}
    got = echo(await ctx.call(ajax.file_upload, ctx.url("/echo"), new_file("test file", "t.txt"),
                              data={"name": "coucou3"}))  # fmt: skip
    assert got["form"] == {"name": "coucou3"}


@scenario()
async def case_91_92_file_upload_options(ctx: Ctx) -> None:
    got = echo(await ctx.call(ajax.file_upload, ctx.url("/echo"), new_file("test file", "t.txt"),
                              method="put", field_name="upload",
                              headers={"X-CSRFToken": "t"}))  # fmt: skip
    assert got["method"] == "PUT" and got["files"] == {"upload": "test file"}
    assert got["headers"]["x-csrftoken"] == "t"  # fixed: Brython raised InvalidStateError


@scenario()
async def case_93_file_upload_data_types(ctx: Ctx) -> None:
    f = new_file("x", "x.txt")
    must_raise(ValueError, "data value must be a dict", ajax.file_upload, ctx.url("/echo"), f,
               data="x=1", blocking=ctx.blocking)  # fmt: skip
    must_raise(TypeError, "wrong type for data: list", ajax.file_upload, ctx.url("/echo"), f,
               data=[1], blocking=ctx.blocking)  # fmt: skip


@scenario()
async def case_94_file_upload_timeout(ctx: Ctx) -> None:
    events: list[str] = []
    await ctx.call_failing(ajax.TimeoutError, ajax.file_upload, ctx.url("/slow?ms=700"),
                           new_file("x", "x.txt"), timeout=0.2,
                           ontimeout=lambda: events.append("t"),
                           oncomplete=lambda r: events.append(f"c{r.status}"))  # fmt: skip
    assert events == ["c0", "t"]


@scenario(modes=("async",), runtimes=("main",))
async def case_95_form_data(ctx: Ctx) -> None:
    import js

    assert list(ajax.form_data().keys()) == []
    js.document.body.insertAdjacentHTML(
        "beforeend",
        '<form id="f95"><input name="a" value="1"><input name="b" value="2"></form>',
    )
    form = ajax.form_data(js.document.getElementById("f95"))
    assert [list(pair) for pair in form.entries()] == [["a", "1"], ["b", "2"]]


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


# --- Brython conformance, second pass (issue 15): real Brython code, every variant ----------


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
    failed = ajax.get(ctx.url("/x", "closed"))  # a failed request settles too: its events
    assert await asyncio.wait_for(js.Promise.resolve(failed), 10) is None  # reported it
    assert isinstance(failed.error, ajax.NetworkError)
    del __main__.handed_over  # type: ignore[attr-defined]
