"""The bad-input table: a clear Python exception before anything is sent (docs/reliability.md
lists every row), and the order of calls of the object API (set_header after send, send twice).
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable
from typing import Any

import pyodide_ajax as ajax

from .faults import check, tracker
from .harness import ALL_RUNTIMES, BOTH_MODES, Ctx, Scenario
from .harness import register as register_case

BAD_INPUTS: list[tuple[str, str, str]] = []  # (name, exception, message fragment)


# --- bad input: a clear Python exception before anything is sent -------------------------


def bad(
    name: str, error: type[BaseException], fragment: str
) -> Callable[[Callable[[Ctx, str, dict[str, Any]], Any]], Any]:
    """Register a bad input: `call(ctx, url, callbacks)` must raise `error` naming
    `fragment`, with no callback fired and nothing arriving at the server."""

    def register(call: Callable[[Ctx, str, dict[str, Any]], Any]) -> Any:
        async def bad_input(ctx: Ctx) -> None:
            probe = ctx.token(name)
            events, callbacks = tracker(progress=True)
            try:
                call(ctx, ctx.url(f"/echo?probe={probe}"), callbacks)
            except error as exc:
                assert fragment in str(exc), f"{fragment!r} not in {exc!r}"
            else:
                raise AssertionError(f"no {error.__name__}")
            await asyncio.sleep(0.05)  # an async request that slipped through would start now
            assert events == [], f"callbacks fired: {events}"
            assert ctx.seen(probe) == 0, "the request reached the server"

        bad_input.__name__ = f"bad_{name}"
        register_case("faults", bad_input.__name__, Scenario(bad_input, BOTH_MODES, ALL_RUNTIMES))
        BAD_INPUTS.append((name, error.__name__, fragment))
        return call

    return register


def shortcut(fn: Callable[..., Any], *args: Any, **kw: Any) -> Callable[..., Any]:
    """A bad call of a shortcut: `fn(url, *args, blocking=..., **kw, **callbacks)`."""

    def call(ctx: Ctx, url: str, callbacks: dict[str, Any]) -> None:
        fn(url, *args, blocking=ctx.blocking, **{**callbacks, **kw})

    return call


def with_url(url: str, fn: Callable[..., Any] = ajax.get, **kw: Any) -> Callable[..., Any]:
    """A shortcut called with a bad URL (`{}` in it is the probe URL)."""

    def call(ctx: Ctx, probe_url: str, callbacks: dict[str, Any]) -> None:
        fn(url.format(probe_url), blocking=ctx.blocking, **{**callbacks, **kw})

    return call


def object_api(*steps: Callable[[ajax.Ajax, Ctx, str], Any]) -> Callable[..., Any]:
    """An `Ajax()` with every callback bound, then `steps`, the last of which must raise."""

    def call(ctx: Ctx, url: str, callbacks: dict[str, Any]) -> None:
        req = ajax.Ajax()
        for key, callback in callbacks.items():
            req.bind(key[2:], callback)
        for step in steps:
            step(req, ctx, url)

    return call


def open_(method: Any = "GET") -> Callable[[ajax.Ajax, Ctx, str], Any]:
    return lambda req, ctx, url: req.open(method, url, not ctx.blocking)


def send(data: Any = None) -> Callable[[ajax.Ajax, Ctx, str], Any]:
    return lambda req, ctx, url: req.send(data)


def do(action: Callable[[ajax.Ajax], Any]) -> Callable[[ajax.Ajax, Ctx, str], Any]:
    return lambda req, ctx, url: action(req)


Call = Callable[[Ctx, str, dict[str, Any]], Any]


def obj_open(method: Any, url: Any) -> Call:
    return object_api(lambda req, ctx, probe_url: req.open(method, url, not ctx.blocking))


BAD: list[tuple[str, type[BaseException], str, Call]] = [
    # Wrong types, argument by argument.
    ("url_not_a_str", TypeError, "url must be a str",
     lambda ctx, url, cb: ajax.get(7, blocking=ctx.blocking, **cb)),
    ("url_bytes_post", TypeError, "url should be string",
     lambda ctx, url, cb: ajax.post(url.encode(), blocking=ctx.blocking, **cb)),
    ("url_not_a_str_object_api", TypeError, "url should be string", obj_open("GET", None)),
    ("method_not_a_str", TypeError, "method should be string", obj_open(1, "/echo")),
    ("headers_not_a_mapping", ValueError, "headers must be a dict",
     shortcut(ajax.get, headers=[("a", "b")])),
    ("header_name_not_a_str", TypeError, "header name must be a str",
     shortcut(ajax.get, headers={1: "x"})),
    ("header_value_none", TypeError, "must be a str, not NoneType",
     shortcut(ajax.get, headers={"X-A": None})),
    ("header_value_bytes", TypeError, "must be a str, not bytes",
     shortcut(ajax.post, headers={"X-A": b"1"})),
    ("mode_none", ValueError, "invalid mode", shortcut(ajax.get, mode=None)),
    ("encoding_not_a_str", TypeError, "encoding must be a str", shortcut(ajax.get, encoding=8)),
    ("timeout_a_str", TypeError, "timeout must be a number", shortcut(ajax.get, timeout="soon")),
    ("timeout_a_bool", TypeError, "timeout must be a number", shortcut(ajax.get, timeout=True)),
    ("timeout_negative", ValueError, "must not be negative", shortcut(ajax.get, timeout=-1)),
    ("callback_not_callable", TypeError, "must be callable",
     shortcut(ajax.get, oncomplete="print")),
    ("get_data_a_list", TypeError, "wrong type for data: list", shortcut(ajax.get, data=[1, 2])),
    ("get_data_bytes", TypeError, "wrong type for data: bytes", shortcut(ajax.get, data=b"ab")),
    ("post_data_an_object", TypeError, "wrong type for data: object",
     shortcut(ajax.post, data=object())),
    ("post_data_a_set", TypeError, "wrong type for data: set", shortcut(ajax.post, data={1})),
    ("send_data_a_list", TypeError, "wrong type for data: list",
     object_api(open_("POST"), send([1]))),
    ("file_upload_not_a_file", TypeError, "File or Blob",
     shortcut(ajax.file_upload, "not a file")),
    ("override_mime_not_a_str", TypeError, "mime type must be a str",
     object_api(do(lambda r: r.overrideMimeType(1)))),
    # CR/LF and header names.
    ("header_value_with_cr", ValueError, "CR or LF",
     shortcut(ajax.get, headers={"X-A": "1\rX-B: 2"})),
    ("header_value_with_lf", ValueError, "CR or LF",
     shortcut(ajax.get, headers={"X-A": "1\nX-B: 2"})),
    ("header_value_with_crlf", ValueError, "CR or LF",
     shortcut(ajax.post, headers={"X-A": "1\r\nX-B: 2"})),
    ("header_name_with_crlf", ValueError, "CR or LF",
     shortcut(ajax.get, headers={"X-A\r\nX-B": "1"})),
    ("header_name_with_space", ValueError, "invalid header name",
     shortcut(ajax.get, headers={"X A": "1"})),
    ("header_name_empty", ValueError, "invalid header name", shortcut(ajax.get, headers={"": "1"})),
    ("set_header_with_lf", ValueError, "CR or LF",
     object_api(open_(), do(lambda r: r.set_header("X-A", "a\nb")))),
    # Methods browsers forbid, and methods that are not HTTP tokens.
    *[(f"method_{m}", ValueError, "forbid the HTTP method", object_api(open_(m)))
      for m in ("CONNECT", "TRACE", "TRACK", "connect", "trace", "track")],
    ("shortcut_connect", ValueError, "forbid the HTTP method CONNECT", shortcut(ajax.connect)),
    ("shortcut_trace", ValueError, "forbid the HTTP method TRACE", shortcut(ajax.trace)),
    ("method_with_space", ValueError, "invalid HTTP method", object_api(open_("GE T"))),
    ("method_empty", ValueError, "invalid HTTP method", object_api(open_(""))),
    # Headers browsers refuse to let a script set.
    *[(f"forbidden_header_{h.lower()}", ValueError, "browsers forbid scripts to set",
       shortcut(ajax.get, headers={h: "x"}))
      for h in ("Cookie", "Host", "Content-Length", "Origin", "Referer", "Connection",
                "Transfer-Encoding", "Sec-Fetch-Mode", "Proxy-Authorization", "Accept-Encoding")],
    # URLs.
    ("url_empty", ValueError, "invalid URL", with_url("", cache=True)),
    ("url_blank", ValueError, "invalid URL", with_url("   ", cache=True)),
    ("url_with_crlf", ValueError, "invalid URL", with_url("{}\r\nX-Injected: 1")),
    ("url_with_tab", ValueError, "invalid URL", with_url("{}\t")),
    ("url_ftp", ValueError, "unsupported URL scheme 'ftp'", with_url("ftp://127.0.0.1/{}")),
    ("url_file", ValueError, "unsupported URL scheme 'file'", with_url("file:///etc/passwd")),
    ("url_javascript", ValueError, "unsupported URL scheme 'javascript'",
     with_url("javascript:alert(1)")),
    ("url_without_host", ValueError, "no host", with_url("http:///echo")),
    ("url_with_credentials", ValueError, "credentials", with_url("http://u:pw@127.0.0.1:9/")),
    ("open_url_with_crlf", ValueError, "invalid URL", obj_open("GET", "/x\r\nHost: evil")),
    # Modes and encodings.
    ("mode_unknown", ValueError, "invalid mode: blob", shortcut(ajax.get, mode="blob")),
    ("mode_unknown_post", ValueError, "invalid mode: xml", shortcut(ajax.post, mode="xml")),
    ("mode_unknown_object_api", ValueError, "invalid mode",
     object_api(do(lambda r: setattr(r, "mode", "blob")))),
    ("response_type_unknown", ValueError, "invalid responseType",
     object_api(do(lambda r: setattr(r, "responseType", "stream")))),
    *[(f"encoding_with_mode_{m}", ValueError, f"encoding not supported for mode {m}",
       shortcut(ajax.get, mode=m, encoding="latin-1"))
      for m in ("binary", "json", "document")],
    ("encoding_unknown", LookupError, "x-no-such", shortcut(ajax.get, encoding="x-no-such")),
    # Events and keywords.
    ("event_on_complete_typo", ValueError, "did you mean 'oncomplete='",
     shortcut(ajax.get, on_complete=print)),
    ("event_on_load_typo", ValueError, "did you mean 'onload='",
     shortcut(ajax.post, on_load=print)),
    ("event_unknown", ValueError, "unknown event 'finish'", shortcut(ajax.get, onfinish=print)),
    ("bind_unknown_event", ValueError, "unknown event 'done'",
     object_api(do(lambda r: r.bind("done", print)))),
    ("bind_event_not_a_str", TypeError, "event name must be a str",
     object_api(do(lambda r: r.bind(1, print)))),
    ("unknown_keyword", TypeError, "unexpected keyword argument 'foo'",
     shortcut(ajax.get, foo=1)),
    ("unknown_keyword_header", TypeError, "unexpected keyword argument 'header'",
     shortcut(ajax.get, header={})),
    # Order of calls.
    ("send_before_open", RuntimeError, "needs open() first", object_api(send())),
    ("await_before_send", RuntimeError, "nothing to await",
     object_api(open_(), do(lambda r: r.__await__().send(None)))),
]  # fmt: skip
for _name, _error, _fragment, _call in BAD:
    bad(_name, _error, _fragment)(_call)


@check()
async def set_header_after_send(ctx: Ctx) -> None:
    """After send(): RuntimeError, and the request that went out is not changed by it."""
    req = ajax.Ajax()
    req.open("GET", ctx.url(f"/echo?probe={ctx.token('after')}"), not ctx.blocking)
    req.send()
    try:
        req.set_header("X-Late", "1")
    except RuntimeError as exc:
        assert "after send()" in str(exc)
    else:
        raise AssertionError("no RuntimeError")
    await req
    assert "x-late" not in json.loads(req.text)["headers"]
    assert ctx.seen(ctx.token("after")) == 1


@check()
async def send_twice(ctx: Ctx) -> None:
    req = ajax.Ajax()
    req.open("POST", ctx.url(f"/echo?probe={ctx.token('twice')}"), not ctx.blocking)
    req.send("a")
    try:
        req.send("b")
    except RuntimeError as exc:
        assert "one send() per open()" in str(exc)
    else:
        raise AssertionError("no RuntimeError")
    await req
    assert json.loads(req.text)["body_text"] == "a" and ctx.seen(ctx.token("twice")) == 1
