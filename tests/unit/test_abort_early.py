"""abort() right after a request was started, before its transport got to run (found by the
reference's abort snippet: the request used to complete as if nothing happened)."""

from __future__ import annotations

import pytest

import pyodide_ajax as ajax
from pyodide_ajax._transports.base import Cancel
from pyodide_ajax.testing import MockResponse, MockTransport, use_transport


def test_a_listener_added_after_cancel_runs_at_once() -> None:
    cancel = Cancel()
    cancel.cancel()
    calls: list[str] = []
    cancel.on_cancel(lambda: calls.append("stopped"))
    assert calls == ["stopped"]


async def test_abort_before_the_transport_runs() -> None:
    events: list[object] = []
    with use_transport(MockTransport(lambda r: MockResponse(200, b"late", delay=5))):
        req = ajax.get(
            "http://app.test/x",
            oncomplete=lambda r: events.append(r.status),
            onabort=lambda e: events.append(e.type),
        )
        req.abort()  # no await in between: the transport has not started yet
        with pytest.raises(ajax.AbortError):
            await req
    assert events == [0, "abort"] and req.text == ""
