"""The pure part of the transport seam: the cancel switch, and the one exception every
transport raises for a request that got no HTTP response.

abort() right after a request was started, before its transport got to run, was found by the
reference's abort snippet: the request used to complete as if nothing happened."""

from __future__ import annotations

import pytest

import pyodide_ajax as ajax
from pyodide_ajax._request import Request
from pyodide_ajax._transports.base import Cancel, failure
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


REQUEST = Request(method="GET", url="http://app.test/x", headers=[], body=None, timeout=2.5)


def test_failures_are_typed_and_name_the_request() -> None:
    timeout = failure("timeout", REQUEST)
    assert isinstance(timeout, ajax.TimeoutError) and isinstance(timeout, TimeoutError)
    assert str(timeout) == "GET http://app.test/x timed out after 2.5 s"
    assert isinstance(failure("abort", REQUEST), ajax.AbortError)
    network = failure("error", REQUEST, detail="TypeError: Failed to fetch", hint="; a hint")
    assert isinstance(network, ajax.NetworkError) and isinstance(network, OSError)
    assert "GET http://app.test/x failed with no HTTP response (status 0): TypeError" in str(
        network
    )
    assert "CORS" in str(network) and str(network).endswith("; a hint")
    assert (network.method, network.url) == ("GET", "http://app.test/x")
