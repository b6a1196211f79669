"""The seam between the request core and the ways of carrying a request.

A transport turns a `Request` into a `Response`, or raises a `RequestError` subclass made by
`failure()`. It reports the headers, each body chunk and the upload's progress to an `Observer`
(the `Ajax` object), and honours `Cancel`. It never calls user callbacks and never touches
readyState: that is the core's job. Every transport has a `name`, which the request shows as
`req.transport`; a blocking one has `send()`, an async one `send_async()`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Literal, Protocol

from .._errors import AbortError, NetworkError, RequestError, TimeoutError
from .._request import Request
from .._response import Response, ResponseHead

__all__ = [
    "AsyncTransport",
    "BlockingTransport",
    "Cancel",
    "Failure",
    "Observer",
    "Transport",
    "failure",
]

Failure = Literal["timeout", "abort", "error"]


def failure(kind: Failure, request: Request, detail: str = "", hint: str = "") -> RequestError:
    """The exception for a request that ended with no HTTP response, the same on every
    transport. `detail` is what the runtime said; `hint` adds a cause this transport knows of."""
    where = f"{request.method} {request.url}"
    if kind == "timeout":
        message = f"{where} timed out after {request.timeout:g} s"
        return TimeoutError(message, method=request.method, url=request.url)
    if kind == "abort":
        return AbortError(f"{where} was aborted", method=request.method, url=request.url)
    # The runtime's own message often ends a sentence already ("... failed to load '<url>'."):
    # without its period, ours does not read '..
    detail = detail.rstrip().rstrip(".")
    return NetworkError(
        f"{where} failed with no HTTP response (status 0){f': {detail}' if detail else ''}. "
        "Likely causes: the server is unreachable or refused the connection, or it does not "
        "allow this origin (CORS: check the browser console and the server's "
        f"Access-Control-Allow-Origin header){hint}",
        method=request.method,
        url=request.url,
    )


class Observer(Protocol):
    def on_headers(self, head: ResponseHead) -> None: ...

    def on_chunk(self, loaded: int, total: int | None) -> None: ...

    def on_upload(self, event: str, loaded: int, total: int | None) -> None:
        """An event of the request body going out (only transports that can see it call it)."""


class Cancel:
    """A one-shot abort switch shared by the core and a transport (no JavaScript inside)."""

    def __init__(self) -> None:
        self.cancelled = False
        self._listeners: list[Callable[[], object]] = []

    def on_cancel(self, listener: Callable[[], object]) -> None:
        if self.cancelled:
            # abort() came before the transport started (e.g. right after ajax.get()):
            # stop at once, or the request would run to completion.
            listener()
            return
        self._listeners.append(listener)

    def cancel(self) -> None:
        if self.cancelled:
            return
        self.cancelled = True
        listeners, self._listeners = self._listeners, []
        for listener in listeners:
            listener()


class Transport(Protocol):
    @property
    def name(self) -> str:
        """What `req.transport` shows: fetch, jspi, xhr-main, xhr-worker, xhr-async, mock."""


class AsyncTransport(Transport, Protocol):
    async def send_async(
        self, request: Request, observer: Observer, cancel: Cancel
    ) -> Response: ...


class BlockingTransport(Transport, Protocol):
    def send(self, request: Request, observer: Observer, cancel: Cancel) -> Response: ...
