"""The `Ajax` object (pyodide_ajax/_ajax.py), driven by the mock transport in plain CPython: its
state machine, timeout, abort, bad input refused by its setters before anything is sent, and
freeing a finished request. Decoding by mode: test_modes.py."""

from __future__ import annotations

import asyncio

import pytest

import pyodide_ajax as ajax
from pyodide_ajax.testing import MockResponse, MockTransport, use_transport
from tests.unit.support import URL, ok, recorder


@pytest.mark.parametrize("blocking", [False, True])
async def test_timeout_order_and_exception(blocking):
    events = []
    transport = MockTransport(lambda r: MockResponse(200, b"late", delay=0.3))
    with use_transport(transport), pytest.raises(ajax.TimeoutError) as info:
        await ajax.get(URL, blocking=blocking, timeout=0.05,
                       oncomplete=lambda r: events.append(f"complete:{r.status}"),
                       ontimeout=lambda: events.append("timeout"),
                       onloadend=lambda e: events.append(e.type))  # fmt: skip
    assert events == ["complete:0", "timeout", "loadend"]
    assert isinstance(info.value, TimeoutError) and info.value.request.status == 0


async def test_abort():
    events = []
    with use_transport(MockTransport(lambda r: MockResponse(delay=5))):
        req = ajax.get(URL, onabort=lambda e: events.append(e.type))
        await asyncio.sleep(0.01)
        req.abort()
        with pytest.raises(ajax.AbortError):
            await req
    assert events == ["abort"] and req.readyState == 4


async def test_a_never_awaited_failure_stays_quiet(caplog):
    def refuse(request):
        raise ajax.NetworkError("down")

    with use_transport(MockTransport(refuse)):
        req = ajax.get(URL)
        await asyncio.sleep(0.01)
    assert req.status == 0 and isinstance(req.error, ajax.NetworkError)
    assert "exception was never retrieved" not in caplog.text


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"mode": "blob"}, ValueError, "invalid mode: blob"),
        ({"mode": "binary", "encoding": "latin-1"}, ValueError, "not supported for mode binary"),
        ({"encoding": "nope"}, LookupError, "nope"),
        ({"headers": [("a", "b")]}, ValueError, "headers must be a dict"),
        ({"headers": {"X": "a\nb"}}, ValueError, "CR or LF"),
        ({"data": [1]}, TypeError, "wrong type for data"),
        ({"timeout": "soon"}, TypeError, "timeout"),
        ({"timeout": -1}, ValueError, "negative"),
        ({"foo": 1}, TypeError, "unexpected keyword argument 'foo'"),
        ({"on_complete": print}, ValueError, "did you mean 'oncomplete='"),
        ({"onfinish": print}, ValueError, "valid events"),
        ({"oncomplete": 3}, TypeError, "callable"),
    ],
)
def test_bad_input_raises_before_anything_is_sent(kwargs, error, message):
    transport = ok()
    events, record = recorder()
    with use_transport(transport), pytest.raises(error, match=message):
        ajax.get(URL, blocking=True, onloading=record("loading"), **kwargs)
    assert transport.requests == [] and events == []


def test_object_api_state_errors():
    req = ajax.Ajax()
    with pytest.raises(RuntimeError, match="open"):
        req.send()
    with use_transport(ok()):
        req.open("GET", URL, False)
        req.send()
    with pytest.raises(RuntimeError, match="after send"):
        req.set_header("X-A", "1")


@pytest.mark.parametrize("blocking", [True, False])
async def test_a_finished_request_is_freed_without_the_garbage_collector(blocking):
    # A reference cycle (request <-> its upload object, its handlers, its task) would keep every
    # finished request and its body alive until a collection: loops of thousands would grow.
    import gc
    import weakref

    with use_transport(ok()):
        req = ajax.get(URL, blocking=blocking, oncomplete=lambda r: None)
        if not blocking:
            await req
    gc.disable()
    try:
        ref = weakref.ref(req)
        del req
        assert ref() is None
    finally:
        gc.enable()
