"""Blocking mode without JSPI: a synchronous XMLHttpRequest.

Browser rules this works around (XMLHttpRequest standard, `open()` and the `responseType` and
`timeout` setters): a synchronous request made from a *document* may set neither
`responseType` nor `timeout` (InvalidAccessError). So:

- in a Worker: `responseType = "arraybuffer"` gives the bytes, `xhr.timeout` a real timeout;
- on a page's main thread: the body is fetched as `x-user-defined` text, in which byte b is the
  char b (< 0x80) or U+F700 + b, and rebuilt into bytes by a small JavaScript loop (a Python
  loop over 32 M characters is ~9x slower). No timer can fire while the thread is blocked, so
  a timeout is checked after the fact (see `_late_timeout`).
"""

from __future__ import annotations

import functools
import time
import warnings
from typing import Any

import js
from pyodide.ffi import JsException

from .._errors import TimeoutError
from .._request import Request
from .._response import Response
from ._body import js_body
from ._wire import header_lines, map_js_error, parse_head, timeout_ms
from .base import Cancel, Observer, failure

__all__ = ["XhrTransport"]

# Two JavaScript calls per request instead of a dozen proxy crossings (each costs 10-60 us in
# Pyodide, ~10% of a tiny local request in all). `open` sets everything up from plain values
# (headers as "name\nvalue\n...": check_header refuses CR and LF in them); `send` stays in
# Python so its exception is ours to map; `read` returns the head as one string and the body as
# a Uint8Array. On the main thread the x-user-defined text is rebuilt into bytes by a JS loop:
# Uint8Array stores each value modulo 256, so U+F7xx becomes the byte xx.
_OPEN_JS = """
const xhr = new XMLHttpRequest();
xhr.open(method, url, false);
if (main) xhr.overrideMimeType("text/plain; charset=x-user-defined");
else {
  xhr.responseType = "arraybuffer";
  if (timeout) xhr.timeout = timeout;
}
if (credentials) xhr.withCredentials = true;
if (headers) {
  const parts = headers.split("\\n");
  for (let i = 0; i < parts.length; i += 2) xhr.setRequestHeader(parts[i], parts[i + 1]);
}
return xhr;
"""
_READ_JS = """
const head = `${xhr.status}\\n${xhr.statusText}\\n${xhr.responseURL}\\n`;
let body;
if (main) {
  const s = xhr.responseText, n = s.length;
  body = new Uint8Array(n);
  for (let i = 0; i < n; i++) body[i] = s.charCodeAt(i);
} else {
  body = xhr.response ? new Uint8Array(xhr.response) : new Uint8Array(0);
}
return [head + xhr.getAllResponseHeaders(), body];
"""


@functools.cache
def _js_open() -> Any:
    return js.Function.new("method", "url", "headers", "main", "timeout", "credentials", _OPEN_JS)


@functools.cache
def _js_read() -> Any:
    return js.Function.new("xhr", "main", _READ_JS)


class XhrTransport:
    def __init__(self, *, main_thread: bool) -> None:
        self.main_thread = main_thread
        self.name = "xhr-main" if main_thread else "xhr-worker"

    def send(self, request: Request, observer: Observer, cancel: Cancel) -> Response:
        if self.main_thread and request.timeout:
            _warn_main_thread_timeout()
        js_xhr = _js_open()(
            request.method, request.url, header_lines(request), self.main_thread,
            timeout_ms(request), request.with_credentials,
        )  # fmt: skip
        started = time.monotonic()
        try:
            if request.body is None:
                js_xhr.send()
            else:
                js_xhr.send(js_body(request.body))
        except JsException as exc:
            if self.main_thread:
                # A request that failed after its timeout had passed timed out first: report
                # that, as fetch and a Worker's XHR would have.
                _late_timeout(request, time.monotonic() - started)
            raise map_js_error(exc, request) from exc
        if self.main_thread:
            _late_timeout(request, time.monotonic() - started)
        if int(js_xhr.status) == 0:
            # Firefox (153 ESR) in a Worker does not throw from a failed synchronous send():
            # it returns with status 0 (refused connection, CORS denial). No HTTP response.
            raise failure("error", request)

        js_pair = _js_read()(js_xhr, self.main_thread)
        head = parse_head(js_pair[0], request)
        observer.on_headers(head)
        body = js_pair[1].to_bytes()
        observer.on_chunk(len(body), head.total)
        return Response(head, body)


def _warn_main_thread_timeout() -> None:
    # The warnings module shows this once per process (same code location): enough to tell the
    # user, without flooding the console for every request.
    warnings.warn(
        "pyodide_ajax: a blocking request on the main thread without JSPI cannot be interrupted "
        "(browsers forbid timeouts on synchronous XMLHttpRequest in a document); the timeout "
        "is checked when the response has arrived and reported then as a TimeoutError",
        RuntimeWarning,
        stacklevel=2,
    )


def _late_timeout(request: Request, elapsed: float) -> None:
    """Report a timeout that could not interrupt the request, once the request is over."""
    if request.timeout and elapsed > request.timeout:
        raise TimeoutError(
            f"{request.method} {request.url} took {elapsed:.3f} s, more than its timeout of "
            f"{request.timeout:g} s (a synchronous request on the main thread cannot be "
            "interrupted, so the response that arrived late was discarded)",
            method=request.method,
            url=request.url,
        )
