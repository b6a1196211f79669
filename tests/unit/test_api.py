"""The shortcuts (`get`, `post`, ...; pyodide_ajax/_api.py), driven by the mock transport in plain
CPython: callbacks, awaiting, data to the query or the body, and bad input refused before
anything is sent (the browser's bad-input table, tests/browser/scenarios/bad_input.py, replayed);
and their real parameters, as `inspect.signature`, `help()` and type checkers show them."""

from __future__ import annotations

import inspect
import pydoc
import re
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

import pytest
from hypothesis import given

import pyodide_ajax as ajax
from pyodide_ajax._api import EventCallbacks, RequestOptions, UploadOptions
from pyodide_ajax._events import EVENTS
from pyodide_ajax._request import add_query, encode_form
from pyodide_ajax._upload import UPLOAD_EVENTS
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


# --- the browser's bad-input table, in CPython --------------------------------------------


@pytest.mark.parametrize("blocking", [False, True], ids=["async", "blocking"])
@pytest.mark.parametrize(
    ("name", "error", "fragment", "call"), bad_input.BAD, ids=[row[0] for row in bad_input.BAD]
)
async def test_bad_input_raises_before_anything_is_sent(name, error, fragment, call, blocking):
    ctx = Ctx(
        {"main": "http://h.test", "cors": "http://c.test", "nocors": "http://n.test",
         "closed": "http://127.0.0.1:9", "runtime": "main", "sha256": {}},
        "jspi" if blocking else "async",
    )  # fmt: skip
    events, callbacks = faults.tracker(progress=True)
    transport = capture()
    with use_transport(transport), pytest.raises(error, match=None) as info:
        call(ctx, ctx.url("/echo"), callbacks)
    assert fragment in str(info.value)
    assert transport.requests == [] and events == []


# --- real signatures ---------------------------------------------------------------------

REFERENCE = Path(__file__).resolve().parents[2] / "docs" / "reference.md"
VERBS = ("get", "head", "delete", "options", "post", "put", "patch")


def documented_keywords() -> set[str]:
    """The names in the reference's "Keyword arguments" table (`on<event>` rows aside)."""
    text = REFERENCE.read_text(encoding="utf-8")
    section = text.split("## Keyword arguments", 1)[1].split("\n## ", 1)[0]
    names = set()
    for row in re.findall(r"^\| (`[^|]+`) \|", section, flags=re.M):
        names |= {
            n
            for n in re.findall(r"`([A-Za-z_]+)`", row)
            if not n.startswith("on") or n == "ontimeout"
        }
    return names


def test_the_reference_table_is_read() -> None:
    assert {
        "data",
        "headers",
        "mode",
        "timeout",
        "ontimeout",
        "withCredentials",
    } <= documented_keywords()


@pytest.mark.parametrize("verb", VERBS)
def test_every_verb_names_every_documented_keyword(verb: str) -> None:
    function = getattr(ajax, verb)
    params = inspect.signature(function).parameters
    assert list(params)[:2] == ["url", "blocking"] and params["blocking"].default is False
    assert documented_keywords() <= set(params), verb
    rendered = pydoc.render_doc(function, renderer=pydoc.plaintext)
    for name in documented_keywords():
        assert f"{name}=" in rendered, (verb, name)
    assert function.__name__ == verb and function.__doc__


def test_file_upload_shows_its_parameters() -> None:
    params = inspect.signature(ajax.file_upload).parameters
    assert list(params)[:4] == ["url", "file", "method", "field_name"]
    assert params["method"].default == "POST" and params["field_name"].default == "filetosave"
    assert (documented_keywords() - {"cache"}) | {"blocking"} <= set(params)
    assert "cache" not in params  # file_upload refuses it


def test_the_signature_matches_what_the_call_accepts() -> None:
    """Every keyword the signature shows is one the TypedDict declares, and the reverse."""
    for function, options in ((ajax.get, RequestOptions), (ajax.file_upload, UploadOptions)):
        shown = {
            n for n, p in inspect.signature(function).parameters.items() if p.kind is p.KEYWORD_ONLY
        }
        declared = set(options.__annotations__) - set(EventCallbacks.__annotations__)
        assert shown == declared


def test_the_typed_callbacks_name_every_event() -> None:
    expected = {f"on{e}" for e in EVENTS if e != "timeout"} | {
        f"onupload{e}" for e in UPLOAD_EVENTS
    }
    assert set(EventCallbacks.__annotations__) == expected  # ontimeout is the timeout option
