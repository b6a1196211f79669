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

from .._errors import NetworkError, TimeoutError
from .._request import Request
from .._response import Headers, Response, ResponseHead
from ._body import js_body
from .base import Cancel, Observer
from .fetch import map_js_error

__all__ = ["XhrTransport"]

_X_USER_DEFINED = "text/plain; charset=x-user-defined"


@functools.cache
def _js_bytes_of_x_user_defined() -> Any:
    # Uint8Array stores each value modulo 256, so U+F7xx becomes the byte xx.
    return js.Function.new(
        "xhr",
        "const s = xhr.responseText, n = s.length, out = new Uint8Array(n);"
        "for (let i = 0; i < n; i++) out[i] = s.charCodeAt(i);"
        "return out;",
    )


class XhrTransport:
    def __init__(self, *, main_thread: bool) -> None:
        self.main_thread = main_thread
        self.name = "xhr-main" if main_thread else "xhr-worker"

    def send(self, request: Request, observer: Observer, cancel: Cancel) -> Response:
        js_xhr = js.XMLHttpRequest.new()
        js_xhr.open(request.method, request.url, False)
        if self.main_thread:
            js_xhr.overrideMimeType(_X_USER_DEFINED)
            if request.timeout:
                _warn_main_thread_timeout()
        else:
            js_xhr.responseType = "arraybuffer"
            if request.timeout:
                js_xhr.timeout = max(1, round(request.timeout * 1000))
        if request.with_credentials:
            js_xhr.withCredentials = True
        for name, value in request.headers:
            js_xhr.setRequestHeader(name, value)
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
            raise NetworkError(
                f"{request.method} {request.url} failed with no HTTP response (status 0). Likely "
                "causes: the server is unreachable or refused the connection, or it does not "
                "allow this origin (CORS: check the browser console and the server's "
                "Access-Control-Allow-Origin header)",
                method=request.method,
                url=request.url,
            )

        head = ResponseHead(
            status=int(js_xhr.status),
            status_text=str(js_xhr.statusText),
            url=str(js_xhr.responseURL or request.url),
            headers=Headers.parse(str(js_xhr.getAllResponseHeaders())),
        )
        observer.on_headers(head)
        if self.main_thread:
            body = _js_bytes_of_x_user_defined()(js_xhr).to_bytes()
        else:
            js_buffer = js_xhr.response
            body = js_buffer.to_bytes() if js_buffer else b""
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
