"""Blocking mode on JSPI: the fetch exchange of `fetch.py`, each promise awaited with
`pyodide.ffi.run_sync`. Real timeouts, real abort, the final URL, a streamed body."""

from __future__ import annotations

from typing import Any

from pyodide.ffi import JsException, run_sync

from .._request import Request
from .._response import Response
from ._wire import map_js_error
from .base import Cancel, Observer
from .fetch import exchange

__all__ = ["JspiTransport"]


class JspiTransport:
    name = "jspi"

    def send(self, request: Request, observer: Observer, cancel: Cancel) -> Response:
        steps = exchange(request, observer, cancel)
        result: Any = None
        try:
            while True:
                try:
                    js_promise = steps.send(result)
                except StopIteration as done:
                    return done.value  # type: ignore[no-any-return]
                result = run_sync(js_promise)
        except JsException as exc:
            raise map_js_error(exc, request) from exc
        finally:
            steps.close()
