"""The shortcuts (`get`, `post`, ...; pyodide_ajax/_api.py), driven by the mock transport in plain
CPython: callbacks, awaiting, data to the query or the body, and bad input refused before
anything is sent (the browser's bad-input table, tests/browser/scenarios/bad_input.py, replayed)."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlsplit

import pytest
from hypothesis import given

import pyodide_ajax as ajax
from pyodide_ajax._request import add_query, encode_form
from pyodide_ajax.testing import use_transport
from tests.browser.scenarios import bad_input, faults
from tests.browser.scenarios.harness import Ctx
from tests.unit.support import URL, capture, expected_pairs, forms, fragments, ok, paths, recorder


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


def test_get_family_data_goes_to_the_query_and_post_to_the_body():
    transport = ok()
    with use_transport(transport):
        ajax.get(URL + "?x=1#f", blocking=True, data={"a": "b c"}, cache=True)
        ajax.post(URL, blocking=True, data={"a": "b c"})
    get, post = transport.requests
    assert get.url == URL + "?x=1&a=b%20c#f" and get.body is None
    assert post.body == "a=b%20c"
    assert ("content-type", "application/x-www-form-urlencoded") in post.headers


@given(forms)
def test_posted_dict_arrives_as_the_same_form(data):
    transport = capture()
    with use_transport(transport):
        ajax.post("http://h.test/f", blocking=True, data=data)
    request = transport.requests[0]
    assert parse_qsl(request.body, keep_blank_values=True) == expected_pairs(data)
    assert dict(request.headers)["content-type"] == "application/x-www-form-urlencoded"


@given(path=paths, existing=forms, data=forms, fragment=fragments)
def test_get_data_and_cache_buster_keep_query_and_fragment(path, existing, data, fragment):
    url = add_query(path, encode_form(existing)) + fragment
    url = "http://h.test" + url if url.startswith("/") else url  # the host has no page URL
    transport = capture()
    with use_transport(transport):
        ajax.get(url, blocking=True, data=data)
    sent = urlsplit(transport.requests[0].url)
    assert "#" + sent.fragment == fragment or (fragment == "" and sent.fragment == "")
    pairs = parse_qsl(sent.query, keep_blank_values=True)
    buster = pairs.pop()
    assert buster[1] == "" and buster[0].isdigit() and len(buster[0]) == 13
    assert pairs == expected_pairs(existing) + expected_pairs(data)


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


# --- the browser's bad-input table, in CPython --------------------------------------------


@pytest.mark.parametrize("blocking", [False, True], ids=["async", "blocking"])
@pytest.mark.parametrize(
    ("name", "error", "fragment", "call"), bad_input.BAD, ids=[row[0] for row in bad_input.BAD]
)
async def test_the_browsers_bad_input_table_raises_before_anything_is_sent(
    name, error, fragment, call, blocking
):
    ctx = Ctx(
        {"main": "http://h.test", "cors": "http://c.test", "nocors": "http://n.test",
         "closed": "http://127.0.0.1:9", "runtime": "main"},
        "jspi" if blocking else "async",
    )  # fmt: skip
    events, callbacks = faults.tracker(progress=True)
    transport = capture()
    with use_transport(transport), pytest.raises(error, match=None) as info:
        call(ctx, ctx.url("/echo"), callbacks)
    assert fragment in str(info.value)
    assert transport.requests == [] and events == []
