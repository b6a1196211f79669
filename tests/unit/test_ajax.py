"""The `Ajax` object (pyodide_ajax/_ajax.py), driven by the mock transport in plain CPython: its
state machine, timeout, abort, decoding by mode, and freeing a finished request."""

from __future__ import annotations

import asyncio
import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import pyodide_ajax as ajax
from pyodide_ajax.testing import MockResponse, MockTransport, use_transport
from tests.unit.support import URL, ok, scalars, text


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


def test_modes_decode_the_same_body():
    body = json.dumps({"a": 1}).encode()
    with use_transport(ok(body)):
        assert ajax.get(URL, blocking=True).text == '{"a": 1}'
        assert ajax.get(URL, blocking=True, mode="binary").read() == body
        req = ajax.get(URL, blocking=True, mode="json")
    assert req.read() == {"a": 1} and not hasattr(req, "text")


@given(st.text(max_size=40), st.sampled_from(["utf-8", "latin-1", "cp1252", "utf-16", "koi8-r"]))
def test_text_mode_decodes_exactly_with_the_given_encoding(content, encoding):
    try:
        body = content.encode(encoding)
    except UnicodeEncodeError:
        return  # not representable in this encoding: nothing to decode
    with use_transport(MockTransport(lambda request: MockResponse(200, body))):
        req = ajax.get("http://h.test/t", blocking=True, encoding=encoding)
        binary = ajax.get("http://h.test/t", blocking=True, mode="binary")
    assert req.text == req.read() == req.responseText == content
    assert binary.read() == binary.text == body


@settings(suppress_health_check=[HealthCheck.too_slow])
@given(st.recursive(scalars.filter(lambda v: not isinstance(v, float)), lambda children: st.one_of(
    st.lists(children, max_size=3), st.dictionaries(text, children, max_size=3)), max_leaves=8))
def test_json_mode_parses_what_json_dumps_wrote(value):
    body = json.dumps(value).encode()
    with use_transport(MockTransport(lambda request: MockResponse(200, body))):
        req = ajax.get("http://h.test/j", blocking=True, mode="json")
        text_req = ajax.get("http://h.test/j", blocking=True)
    assert req.json == req.read() == value
    assert text_req.json == value


@given(st.binary(min_size=1, max_size=32))
def test_undecodable_text_fails_on_access_not_on_the_request(body):
    try:
        body.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        return
    with use_transport(MockTransport(lambda request: MockResponse(200, body))):
        req = ajax.get("http://h.test/t", blocking=True)
    assert req.status == 200
    with pytest.raises(UnicodeDecodeError):
        req.text  # noqa: B018 - the access is the test
    with use_transport(MockTransport(lambda request: MockResponse(200, body))):
        binary = ajax.get("http://h.test/t", blocking=True, mode="binary")
    assert binary.read() == body  # the bytes themselves are intact


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
