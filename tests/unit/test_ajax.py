"""The Ajax state machine and the shortcuts, driven by the mock transport in plain CPython."""

from __future__ import annotations

import asyncio
import json

import pytest

import pyodide_ajax as ajax
from pyodide_ajax.testing import MockResponse, MockTransport, use_transport

URL = "http://app.test/x"


def ok(body: bytes = b"hello", **kw) -> MockTransport:
    return MockTransport(lambda request: MockResponse(200, body, **kw))


def recorder():
    events = []

    def record(name):
        def callback(arg=None):
            events.append((name, arg.readyState) if isinstance(arg, ajax.Ajax) else name)

        return callback

    return events, record


def test_blocking_get_runs_callbacks_before_returning():
    events, record = recorder()
    with use_transport(ok(chunks=3)):
        req = ajax.get(URL, blocking=True, onloading=record("loading"),
                       onloaded=record("loaded"), oninteractive=record("interactive"),
                       oncomplete=record("complete"))  # fmt: skip
    assert events == [("loading", 1), ("loaded", 2), *[("interactive", 3)] * 3, ("complete", 4)]
    assert req.text == "hello" and req.transport == "mock"


async def test_async_get_is_awaitable_and_fires_loading_at_once():
    events, record = recorder()
    with use_transport(ok()):
        req = ajax.get(URL, onloading=record("loading"), oncomplete=record("complete"))
        assert events == [("loading", 1)]
        assert await req is req
    assert events == [("loading", 1), ("complete", 4)]


async def test_native_events_carry_progress():
    seen = []
    transport = ok(b"x" * 10, headers=[("Content-Length", "10")], chunks=2)
    with use_transport(transport):
        await ajax.get(URL, onloadstart=seen.append, onprogress=seen.append,
                       onload=seen.append, onloadend=seen.append)  # fmt: skip
    assert [(e.type, e.loaded, e.total) for e in seen] == [
        ("loadstart", 0, 0), ("progress", 5, 10), ("progress", 10, 10),
        ("load", 10, 10), ("loadend", 10, 10),
    ]  # fmt: skip


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


@pytest.mark.parametrize("blocking", [False, True])
async def test_network_error_is_reported_then_raised(blocking):
    def refuse(request):
        raise ajax.NetworkError("refused (CORS?)")

    events = []
    with use_transport(MockTransport(refuse)), pytest.raises(ajax.NetworkError):
        await ajax.get(URL, blocking=blocking, oncomplete=lambda r: events.append(r.status),
                       onerror=lambda e: events.append(e.type))  # fmt: skip
    assert events == [0, "error"]


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


def test_callback_exception_is_printed_not_raised(capsys):
    with use_transport(ok()):
        req = ajax.get(URL, blocking=True, oncomplete=lambda r: 1 / 0)
    assert req.status == 200
    assert "ZeroDivisionError" in capsys.readouterr().err


def test_modes_decode_the_same_body():
    body = json.dumps({"a": 1}).encode()
    with use_transport(ok(body)):
        assert ajax.get(URL, blocking=True).text == '{"a": 1}'
        assert ajax.get(URL, blocking=True, mode="binary").read() == body
        req = ajax.get(URL, blocking=True, mode="json")
    assert req.read() == {"a": 1} and not hasattr(req, "text")


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


def test_get_family_data_goes_to_the_query_and_post_to_the_body():
    transport = ok()
    with use_transport(transport):
        ajax.get(URL + "?x=1#f", blocking=True, data={"a": "b c"}, cache=True)
        ajax.post(URL, blocking=True, data={"a": "b c"})
    get, post = transport.requests
    assert get.url == URL + "?x=1&a=b%20c#f" and get.body is None
    assert post.body == "a=b%20c"
    assert ("content-type", "application/x-www-form-urlencoded") in post.headers


def test_blocking_mode_outside_pyodide_names_the_way_out():
    with pytest.raises(ajax.UnsupportedRuntimeError, match="MockTransport"):
        ajax.get(URL, blocking=True)


def test_exception_tree():
    for cls in (ajax.NetworkError, ajax.TimeoutError, ajax.AbortError):
        assert issubclass(cls, ajax.RequestError) and issubclass(cls, OSError)
    assert issubclass(ajax.TimeoutError, TimeoutError)
    assert issubclass(ajax.HTTPStatusError, ajax.AjaxError)


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
