"""Blocking fetch on JSPI whose body is pulled as it is read (the urllib/requests bridge).

`fetch.py`'s exchange reads a body whole before it returns; a file-like response must be able to
hand out 1 MiB of a 256 MiB body without holding the rest. Here the headers come first and each
`next_chunk()` awaits one `reader.read()` with `pyodide.ffi.run_sync`, so at most one network
chunk (64 KiB to a few MiB in Chromium) is in Python's memory at a time. A body known to be small
comes with the headers in the same promise chain: one wake-up of Python instead of two. The
request's timeout (`AbortSignal.timeout`) covers the whole exchange, body included.
"""

from __future__ import annotations

from typing import Any

from pyodide.ffi import JsException, run_sync

from .._request import Request
from .._response import ResponseHead
from ._wire import check_complete, map_js_error, parse_head
from .base import Cancel
from .fetch import js_call_settled, start

__all__ = ["StreamingBody", "open_stream"]


def open_stream(request: Request, eager_limit: int) -> tuple[ResponseHead, StreamingBody]:
    """Send `request` and wait for its head. The body comes along when the server announced at
    most `eager_limit` bytes (-1: always, 0: never); otherwise `next_chunk()` pulls it."""
    cancel = Cancel()
    js_promise, js_signal = start(request, cancel, eager_limit)
    try:
        js_triple = run_sync(js_promise)
    except JsException as exc:
        raise map_js_error(exc, request) from exc
    head = parse_head(js_triple[0], request)
    source = StreamingBody(request, head, cancel, js_signal)
    if js_triple[2]:
        source.set_whole(js_triple[1].to_bytes())
    else:
        source.js_response = js_triple[1]
    return head, source


class StreamingBody:
    """A `BodySource` (see `pyodide_ajax._bridge._core`) over a fetch Response's stream."""

    transport = "jspi"

    def __init__(self, request: Request, head: ResponseHead, cancel: Cancel, signal: Any) -> None:
        self.js_response: Any = None
        self._request = request
        self._head = head
        self._cancel = cancel
        self._js_signal = signal
        self._js_reader: Any = None
        self._whole: bytes | None = None
        self._loaded = 0
        self._done = False

    def set_whole(self, body: bytes) -> None:
        self._whole = body
        self._loaded = len(body)

    def _call(self, target: Any, method: str) -> Any:
        try:
            return run_sync(js_call_settled()(target, method, self._js_signal))
        except JsException as exc:
            self._done = True
            self._release()
            raise map_js_error(exc, self._request) from exc

    def _end(self) -> bytes:
        self._done = True
        self._release()
        check_complete(self._request, self._head, self._loaded)
        return b""

    def next_chunk(self) -> bytes:
        """The next piece of the body; b"" at its end."""
        if self._whole is not None:
            body, self._whole, self._done = self._whole, None, True
            return body
        if self._done or self.js_response is None:
            return b""
        if self._js_reader is None:
            if not self.js_response.body:
                return self._end()
            self._js_reader = self.js_response.body.getReader()
        js_result = self._call(self._js_reader, "read")
        if js_result.done:
            return self._end()
        chunk: bytes = js_result.value.to_bytes()
        self._loaded += len(chunk)
        return chunk

    def read_all(self) -> bytes:
        """Everything not pulled yet: in one `arrayBuffer()` when nothing was pulled."""
        if self._js_reader is None and self._whole is None and not self._done:
            if self.js_response is None:
                return b""
            body: bytes = self._call(self.js_response, "arrayBuffer").to_bytes()
            self._loaded = len(body)
            self._end()
            return body
        chunks = []
        while chunk := self.next_chunk():
            chunks.append(chunk)
        return b"".join(chunks)

    def _release(self) -> None:
        self.js_response = self._js_reader = None

    def close(self) -> None:
        """Stop the download if the body was not read to its end (frees the connection)."""
        if not self._done:
            self._done = True
            self._cancel.cancel()
        self._whole = None
        self._release()
