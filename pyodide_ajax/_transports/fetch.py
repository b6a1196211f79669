"""Async mode on `fetch`, in a page, a Worker and Node.js.

One exchange is written once, as a generator that yields JavaScript promises: `FetchTransport`
drives it with `await`, and the JSPI transport (`jspi.py`) drives the very same generator with
`pyodide.ffi.run_sync`. JavaScript objects are named `js_*`.
"""

from __future__ import annotations

from collections.abc import Generator
from typing import Any

import js
from pyodide.ffi import JsException, to_js

from .._errors import AbortError, NetworkError, RequestError, TimeoutError
from .._request import Request
from .._response import Headers, Response, ResponseHead
from ._body import js_body
from .base import Cancel, Observer

__all__ = ["FetchTransport", "exchange", "map_js_error"]

Exchange = Generator[Any, Any, Response]


def exchange(request: Request, observer: Observer, cancel: Cancel) -> Exchange:
    """One fetch from request to whole body; yields each promise it waits for."""
    js_controller = js.AbortController.new()
    cancel.on_cancel(js_controller.abort)
    js_signal = js_controller.signal
    if request.timeout:
        # AbortSignal.timeout rejects with a "TimeoutError" DOMException, abort() with an
        # "AbortError" one: the name tells a timeout from an abort without a Python callback
        # in a JS timer (nothing to leak or to clear).
        js_timeout = js.AbortSignal.timeout(max(1, round(request.timeout * 1000)))
        js_signal = js.AbortSignal.any(to_js([js_signal, js_timeout]))
    init: dict[str, Any] = {
        "method": request.method,
        "headers": to_js([list(pair) for pair in request.headers]),
        "credentials": "include" if request.with_credentials else "same-origin",
        "signal": js_signal,
    }
    if request.body is not None:
        init["body"] = js_body(request.body)
    js_response = yield js.fetch(request.url, to_js(init, dict_converter=js.Object.fromEntries))

    head = ResponseHead(
        status=int(js_response.status),
        status_text=str(js_response.statusText),
        url=str(js_response.url) or request.url,
        headers=Headers(js.Array.from_(js_response.headers).to_py()),
    )
    observer.on_headers(head)
    total = head.total
    if request.stream and js_response.body:
        # Read the stream chunk by chunk so that `interactive` and `progress` fire as data
        # arrives (fetch has no progress events of its own).
        js_reader = js_response.body.getReader()
        chunks: list[bytes] = []
        loaded = 0
        while True:
            js_result = yield js_reader.read()
            if js_result.done:
                break
            chunk = js_result.value.to_bytes()
            chunks.append(chunk)
            loaded += len(chunk)
            observer.on_chunk(loaded, total)
        body = b"".join(chunks)
    else:
        body = (yield js_response.arrayBuffer()).to_bytes()
        observer.on_chunk(len(body), total)
    has_body = request.method != "HEAD" and head.status not in (204, 205, 304)
    if has_body and total is not None and len(body) < total:
        # A connection cut mid-body can end the stream early without an error: a partial body
        # must never be reported as a complete one.
        raise NetworkError(
            f"the response body was cut short: {len(body)} of {total} bytes arrived",
            method=request.method,
            url=request.url,
        )
    return Response(head, body)


def map_js_error(exc: JsException, request: Request, cancel: Cancel | None = None) -> RequestError:
    """Translate a JavaScript failure into our exception tree, by the error's `name`.

    Firefox (153 ESR) rejects a fetch whose `AbortSignal.timeout` fired with an "AbortError"
    inside a Worker, where Chromium says "TimeoutError". So an AbortError that we did not cause
    (`cancel` not pulled) on a request with a timeout is that timeout.
    """
    name = getattr(exc, "name", "")
    where = f"{request.method} {request.url}"
    if name == "AbortError" and request.timeout and cancel is not None and not cancel.cancelled:
        name = "TimeoutError"
    if name == "TimeoutError":
        return TimeoutError(
            f"{where} timed out after {request.timeout:g} s", method=request.method, url=request.url
        )
    if name == "AbortError":
        return AbortError(f"{where} was aborted", method=request.method, url=request.url)
    return NetworkError(
        f"{where} failed with no HTTP response (status 0): {exc}. Likely causes: the server "
        "is unreachable or refused the connection, or it does not allow this origin (CORS: "
        "check the browser console and the server's Access-Control-Allow-Origin header)",
        method=request.method,
        url=request.url,
    )


class FetchTransport:
    name = "fetch"

    async def send_async(self, request: Request, observer: Observer, cancel: Cancel) -> Response:
        steps = exchange(request, observer, cancel)
        result: Any = None
        try:
            while True:
                try:
                    js_promise = steps.send(result)
                except StopIteration as done:
                    return done.value  # type: ignore[no-any-return]
                result = await js_promise
        except JsException as exc:
            raise map_js_error(exc, request, cancel) from exc
        except BaseException:
            # asyncio cancelled the task that awaits us: stop the request in the browser too.
            cancel.cancel()
            raise
        finally:
            steps.close()
