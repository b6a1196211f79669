"""A transport that answers from a Python function: host tests run the whole core with it.

It fails the way the real transports do (the same `failure()`), and refuses what it cannot
model: upload progress (see `choose`).
"""

from __future__ import annotations

import asyncio
import builtins
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from .._request import Request
from .._response import Headers, Response, ResponseHead
from .base import Cancel, Observer, failure

__all__ = ["MockResponse", "MockTransport"]


@dataclass
class MockResponse:
    """What the handler answers. `chunks` splits the body as a network would; `delay` (seconds)
    passes before the headers arrive."""

    status: int = 200
    body: bytes = b""
    headers: Sequence[tuple[str, str]] = ()
    status_text: str = "OK"
    url: str | None = None
    chunks: int = 1
    delay: float = 0.0


Handler = Callable[[Request], MockResponse]


@dataclass
class MockTransport:
    """Carries requests to `handler`, in both modes. The handler receives the `Request` record
    (`pyodide_ajax.testing.Request`) and may raise a `RequestError` subclass (e.g.
    `NetworkError`) to simulate a failure. Requests are recorded in `requests`."""

    handler: Handler
    name: str = "mock"
    requests: list[Request] = field(default_factory=list)
    models_upload = False  # no request body "goes out" here: upload callbacks are refused

    def _answer(self, request: Request) -> tuple[MockResponse, ResponseHead]:
        self.requests.append(request)
        answer = self.handler(request)
        head = ResponseHead(
            answer.status, answer.status_text, answer.url or request.url, Headers(answer.headers)
        )
        return answer, head

    @staticmethod
    def _deliver(answer: MockResponse, head: ResponseHead, observer: Observer) -> Response:
        observer.on_headers(head)
        size = len(answer.body)
        step = max(1, -(-size // max(1, answer.chunks)))
        loaded = 0
        while True:
            loaded = min(size, loaded + step)
            observer.on_chunk(loaded, head.total)
            if loaded >= size:
                return Response(head, answer.body)

    async def send_async(self, request: Request, observer: Observer, cancel: Cancel) -> Response:
        answer, head = self._answer(request)
        aborted = asyncio.Event()
        cancel.on_cancel(aborted.set)
        try:
            await asyncio.wait_for(aborted.wait(), _budget(answer.delay, request.timeout))
        except builtins.TimeoutError:  # asyncio's; our TimeoutError shadows the name here
            pass  # the delay (or the timeout) elapsed without an abort
        if aborted.is_set():
            raise failure("abort", request)
        if request.timeout is not None and answer.delay > request.timeout:
            raise failure("timeout", request)
        return self._deliver(answer, head, observer)

    def send(self, request: Request, observer: Observer, cancel: Cancel) -> Response:
        answer, head = self._answer(request)
        if request.timeout is not None and answer.delay > request.timeout:
            time.sleep(request.timeout)
            raise failure("timeout", request)
        time.sleep(answer.delay)
        return self._deliver(answer, head, observer)


def _budget(delay: float, timeout: float | None) -> float:
    return delay if timeout is None else min(delay, timeout)
