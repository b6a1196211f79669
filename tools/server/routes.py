"""The test API's routes: echo, Brython's test endpoints, status codes, slow and dripping
bodies, redirects, response headers, cookies, probes and the upload sink."""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from http import HTTPStatus
from urllib.parse import parse_qsl

from .fixtures import MAX_BYTES, MiB, pattern_bytes
from .forms import parse_form
from .handler import (
    HEADER_NAME,
    MAX_SLOW_MS,
    REDIRECT_STATUSES,
    RESERVED_HEADERS,
    TEXT,
    RequestHandler,
    RouteFunc,
    is_safe_header,
)

__all__ = ["install"]


def install(route: Callable[[str], Callable[[RouteFunc], RouteFunc]]) -> None:
    """Register the routes with the handler's `route` decorator."""

    # Also the upload URLs of Brython's browser.ajax documentation, so its examples run verbatim.
    @route(r"/echo|/cgi-bin/(?:file_upload|savefile)\.py")
    def _echo(handler: RequestHandler, match: re.Match[str]) -> None:
        """Everything about the request, so browser tests can assert what was sent."""
        headers: dict[str, str] = {}
        for name, value in handler.headers.items():
            key = name.lower()
            headers[key] = f"{headers[key]}, {value}" if key in headers else value
        content_type = handler.headers.get("Content-Type")
        form = parse_form(content_type, handler.body)
        handler.reply_json(
            {
                "method": handler.command,
                "path": handler.raw_path,
                "raw_query": handler.raw_query,
                "query": handler.query,
                "headers": headers,
                "body_hex": handler.body.hex(),
                "body_text": handler.body.decode("utf-8", "replace"),
                "content_type": content_type,
                "form": form.form,
                "form_lists": form.form_lists,
                "files": form.files,
                "filenames": form.filenames,
                "files_hex": form.files_hex,
                "form_error": form.form_error,
            }
        )

    @route(r"/ajax_get")
    def _ajax_get(handler: RequestHandler, match: re.Match[str]) -> None:
        """Brython's test server reply: the query as a Python dict repr."""
        pairs = parse_qsl(handler.raw_query, keep_blank_values=True)
        handler.reply(200, str(dict(pairs)).encode(), TEXT)

    @route(r"/ajax_post")
    def _ajax_post(handler: RequestHandler, match: re.Match[str]) -> None:
        handler.reply(200, handler.body, "text/plain")

    @route(r"/status/([2-5]\d\d)")
    def _status(handler: RequestHandler, match: re.Match[str]) -> None:
        status = int(match[1])
        reset = status == HTTPStatus.RESET_CONTENT  # 205 allows no body, but a length of 0
        body = b"" if reset else handler.param("body", "nope").encode()
        handler.reply(status, body, TEXT)

    @route(r"/slow")
    def _slow(handler: RequestHandler, match: re.Match[str]) -> None:
        time.sleep(handler.int_param("ms", 1000, MAX_SLOW_MS) / 1000)
        handler.reply(200, b"slow done", TEXT)

    @route(r"/bytes")
    def _bytes(handler: RequestHandler, match: re.Match[str]) -> None:
        n = handler.int_param("n", 256, MAX_BYTES)
        handler.reply(200, pattern_bytes(n), "application/octet-stream")

    @route(r"/big")
    def _big(handler: RequestHandler, match: re.Match[str]) -> None:
        """``n`` bytes of the /bytes pattern, up to 512 MiB, written 1 MiB at a time: bodies
        beyond MAX_BYTES for streamed reads (issue 16), which the server never holds whole."""
        n = handler.int_param("n", MiB, 512 * MiB)
        handler.start(200, [], "application/octet-stream", n)
        if handler.command == "HEAD":
            return
        block = pattern_bytes(MiB)  # a whole number of 256-byte periods: blocks join seamlessly
        for start in range(0, n, MiB):
            handler.wfile.write(block[: min(MiB, n - start)])

    @route(r"/drip")
    def _drip(handler: RequestHandler, match: re.Match[str]) -> None:
        """N chunks of S letters, MS ms apart: for progress events and streaming reads.

        ``?chunked=1`` switches from Content-Length to chunked encoding, for
        clients that must cope with an unknown total length.
        """
        chunks = handler.int_param("chunks", 4, 10_000)
        size = handler.int_param("size", 16, MiB)
        delay = handler.int_param("delay", 100, MAX_SLOW_MS) / 1000
        chunked = handler.param("chunked", "") not in ("", "0", "false")
        headers = [("X-Content-Type-Options", "nosniff")]
        if chunked:
            headers.append(("Transfer-Encoding", "chunked"))
        length = None if chunked else chunks * size
        handler.start(200, headers, handler.param("type", "text/plain"), length)
        if handler.command == "HEAD":
            return
        for i in range(chunks):
            if i:
                time.sleep(delay)
            data = b"abcdefghij"[i % 10 : i % 10 + 1] * size
            if chunked and data:
                data = b"%x\r\n%b\r\n" % (len(data), data)
            handler.wfile.write(data)
        if chunked:
            handler.wfile.write(b"0\r\n\r\n")

    @route(r"/redirect")
    def _redirect(handler: RequestHandler, match: re.Match[str]) -> None:
        status = handler.int_param("status", 302, 999)
        status = status if status in REDIRECT_STATUSES else 302
        location = handler.param("to", f"{handler.prefix}/files/text-utf8.txt")
        handler.reply(status, headers=[("Location", location)])

    @route(r"/redirect/(\d+)")
    def _redirect_chain(handler: RequestHandler, match: re.Match[str]) -> None:
        """/redirect/3 -> /2 -> /1 -> /0, keeping the query (so probes count every hop)."""
        remaining = int(match[1])
        if remaining == 0:
            handler.reply(200, b"redirected", TEXT)
            return
        query = f"?{handler.raw_query}" if handler.raw_query else ""
        location = f"{handler.prefix}/redirect/{remaining - 1}{query}"
        handler.reply(302, headers=[("Location", location)])

    @route(r"/response-headers")
    def _response_headers(handler: RequestHandler, match: re.Match[str]) -> None:
        """Each query pair becomes a response header (a given Content-Type replaces ours)."""
        pairs = parse_qsl(handler.raw_query, keep_blank_values=True)
        headers = [
            (name, value)
            for name, value in pairs
            if is_safe_header(name, value) and name.lower() not in RESERVED_HEADERS
        ]
        custom_type = any(name.lower() == "content-type" for name, _ in headers)
        handler.reply(200, b"ok", None if custom_type else TEXT, headers)

    @route(r"/cookie/set")
    def _cookie_set(handler: RequestHandler, match: re.Match[str]) -> None:
        name, value = handler.param("name", "session"), handler.param("value", "1")
        if not (HEADER_NAME.fullmatch(name) and is_safe_header(name, value) and ";" not in value):
            handler.reply(400, b"bad cookie", TEXT)
            return
        cookie = f"{name}={value}; Path=/; SameSite=Lax; HttpOnly"
        handler.reply(200, b"ok", TEXT, [("Set-Cookie", cookie)])

    @route(r"/cookie/check")
    def _cookie_check(handler: RequestHandler, match: re.Match[str]) -> None:
        cookies: dict[str, str] = {}
        for pair in ";".join(handler.headers.get_all("Cookie", [])).split(";"):
            name, sep, value = pair.strip().partition("=")
            if sep:
                cookies[name] = value
        handler.reply_json(
            {"cookies": cookies, "authorization": handler.headers.get("Authorization")}
        )

    @route(r"/seen")
    def _seen(handler: RequestHandler, match: re.Match[str]) -> None:
        probes, token = handler.server.probes, handler.param("token", "")
        seen, peak, dropped = probes.seen(token), probes.peak(token), probes.dropped(token)
        handler.reply_json({"count": seen, "peak": peak, "dropped": dropped})

    @route(r"/upload-sink")
    def _upload_sink(handler: RequestHandler, match: re.Match[str]) -> None:
        """How many body bytes arrived (the demo's chunked upload): nothing is echoed back."""
        handler.reply_json({"received": len(handler.body)})
