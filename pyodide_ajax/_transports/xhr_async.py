"""Async mode on an asynchronous XMLHttpRequest, for requests that want upload progress.

fetch reports nothing while a request body goes out; XMLHttpRequest's `upload` object does.
So when a request has upload callbacks (`req.upload.onprogress`, `onuploadprogress=`), it
travels here instead of on fetch, in a page or a Worker (Node.js has no XMLHttpRequest: there
the request goes on fetch and upload events do not fire). Note that a listener on
`xhr.upload` makes even a simple cross-origin request send a CORS preflight.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

import js
from pyodide.ffi import JsException, create_proxy

from .._errors import RequestError
from .._request import Request
from .._response import Headers, Response, ResponseHead
from ._body import js_body
from ._wire import timeout_ms
from .base import Cancel, Failure, Observer, failure

__all__ = ["XhrAsyncTransport"]

_UPLOAD_EVENTS = ("loadstart", "progress", "load", "error", "abort", "timeout", "loadend")
_HEADERS_RECEIVED = 2
# Any upload listener makes a cross-origin request "non-simple" (Fetch standard, CORS
# preflight): the server must also answer the OPTIONS request.
_PREFLIGHT = "; upload listeners force a CORS preflight (OPTIONS)"


class XhrAsyncTransport:
    name = "xhr-async"

    async def send_async(self, request: Request, observer: Observer, cancel: Cancel) -> Response:
        done: asyncio.Future[Response] = asyncio.get_running_loop().create_future()
        js_xhr = js.XMLHttpRequest.new()
        js_xhr.open(request.method, request.url, True)
        js_xhr.responseType = "arraybuffer"
        if request.timeout:
            js_xhr.timeout = timeout_ms(request)
        if request.with_credentials:
            js_xhr.withCredentials = True
        for name, value in request.headers:
            js_xhr.setRequestHeader(name, value)
        head: list[ResponseHead] = []

        def settle(outcome: Response | RequestError) -> None:
            if done.done():
                return
            if isinstance(outcome, Response):
                done.set_result(outcome)
            else:
                done.set_exception(outcome)

        def headers_in() -> ResponseHead:
            if not head:
                head.append(
                    ResponseHead(
                        status=int(js_xhr.status),
                        status_text=str(js_xhr.statusText),
                        url=str(js_xhr.responseURL or request.url),
                        headers=Headers.parse(str(js_xhr.getAllResponseHeaders())),
                    )
                )
                observer.on_headers(head[0])
            return head[0]

        def on_readystatechange(_event: Any) -> None:
            if js_xhr.readyState >= _HEADERS_RECEIVED and js_xhr.status:
                headers_in()

        def on_progress(event: Any) -> None:
            if js_xhr.status:
                observer.on_chunk(int(event.loaded), headers_in().total)

        def on_load(_event: Any) -> None:
            js_buffer = js_xhr.response
            settle(Response(headers_in(), js_buffer.to_bytes() if js_buffer else b""))

        def failed(kind: Failure) -> Callable[[Any], None]:
            def listener(_event: Any) -> None:
                settle(failure(kind, request, hint=_PREFLIGHT))

            return listener

        def on_upload_event(event: Any) -> None:
            total = int(event.total) if event.lengthComputable else None
            observer.on_upload(str(event.type), int(event.loaded), total)

        listeners = [
            (js_xhr, "readystatechange", on_readystatechange),
            (js_xhr, "progress", on_progress),
            (js_xhr, "load", on_load),
            *((js_xhr, kind, failed(kind)) for kind in ("error", "timeout", "abort")),
            *((js_xhr.upload, kind, on_upload_event) for kind in _UPLOAD_EVENTS),
        ]
        proxies = []
        for js_target, kind, listener in listeners:
            proxy = create_proxy(listener)
            proxies.append((js_target, kind, proxy))
            js_target.addEventListener(kind, proxy)
        try:
            try:
                js_xhr.send(None if request.body is None else js_body(request.body))
            except JsException as exc:
                raise failure("error", request, hint=_PREFLIGHT) from exc
            # After send(): an abort() that came before the transport started aborts now, and
            # fires `abort` (an XHR aborted before send() would make send() throw instead).
            cancel.on_cancel(js_xhr.abort)
            return await done
        except BaseException:
            # asyncio cancelled the task that awaits us: stop the request in the browser too.
            if not done.done():
                cancel.cancel()
            raise
        finally:
            # Remove before destroying: a late event must not call a destroyed proxy.
            for js_target, kind, proxy in proxies:
                js_target.removeEventListener(kind, proxy)
                proxy.destroy()
