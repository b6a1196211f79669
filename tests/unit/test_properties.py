"""Properties of the pure parts (issue 7), checked with hypothesis in plain CPython, and the
browser's bad-input table replayed against the mock transport.

What a user relies on: data they pass comes out of a standard parser unchanged; the
cache-buster never damages their query or fragment; headers read back whatever their case;
a body decodes by mode and encoding exactly, or fails loudly when it is read.
"""

from __future__ import annotations

import json
from urllib.parse import parse_qs, parse_qsl, urlsplit

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import pyodide_ajax as ajax
from pyodide_ajax._request import add_query, cache_buster, encode_form, resolve_url
from pyodide_ajax._response import Headers
from pyodide_ajax.testing import MockResponse, MockTransport, use_transport
from tests.browser import faults
from tests.browser.scenarios import Ctx

text = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=12)
scalars = st.one_of(text, st.integers(), st.floats(allow_nan=False), st.booleans(), st.none())
values = st.one_of(scalars, st.lists(scalars, min_size=1, max_size=3))
forms = st.dictionaries(text, values, max_size=6)
# A fragment may hold anything but "#"; "?" and "&" in it are the dangerous cases.
# (CR, LF and tab make a URL invalid: refused, see the bad-input table.)
fragments = st.one_of(
    st.just(""), text.filter(lambda s: not set(s) & set("#\r\n\t")).map(lambda s: "#" + s)
)
paths = st.sampled_from(["/x", "/a/b.txt", "http://h.test/p", "https://h.test:8443/"])


def expected_pairs(data: dict) -> list[tuple[str, str]]:
    """What any form parser must read back: str() of keys and values, lists repeated."""
    return [
        (str(key), str(item))
        for key, value in data.items()
        for item in (value if isinstance(value, list) else [value])
    ]


def capture() -> MockTransport:
    return MockTransport(lambda request: MockResponse(200, b"ok"))


@given(forms)
def test_form_encoding_round_trips_with_lists_and_scalars(data):
    assert parse_qsl(encode_form(data), keep_blank_values=True) == expected_pairs(data)


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


@given(path=paths, query=forms, fragment=fragments, now=st.integers(10**12, 10**13 - 1))
def test_cache_buster_is_one_extra_key(path, query, fragment, now):
    url = add_query(path, encode_form(query)) + fragment
    busted = urlsplit(cache_buster(url, now))
    original = urlsplit(url)
    assert (busted.scheme, busted.netloc, busted.path) == (
        original.scheme,
        original.netloc,
        original.path,
    )
    assert busted.fragment == original.fragment
    assert parse_qs(busted.query, keep_blank_values=True) == {
        **parse_qs(original.query, keep_blank_values=True),
        str(now): [""],
    }


header_names = st.from_regex(r"[A-Za-z][A-Za-z0-9-]{0,12}", fullmatch=True)
header_values = st.from_regex(r"[!-~]([ -~]{0,16}[!-~])?", fullmatch=True)


@given(st.lists(st.tuples(header_names, header_values), max_size=8), st.data())
def test_headers_parse_in_any_case_and_spacing(pairs, draw):
    raw = "".join(
        f"{draw.draw(st.sampled_from([name, name.lower(), name.upper()]))}:"
        f"{draw.draw(st.sampled_from(['', ' ', '  ']))}{value}\r\n"
        for name, value in pairs
    )
    headers = Headers.parse(raw)
    joined: dict[str, list[str]] = {}
    for name, value in pairs:
        joined.setdefault(name.lower(), []).append(value)
    assert len(headers) == len(joined)
    for key, parts in joined.items():
        assert headers[key.upper()] == headers[key] == ", ".join(parts)
        assert key.swapcase() in headers


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


@given(user=st.text(alphabet="abcxyz09", min_size=1, max_size=8),
       secret=st.text(alphabet="abcxyz09!$", max_size=8), with_password=st.booleans())  # fmt: skip
def test_urls_with_credentials_are_refused_without_echoing_them(user, secret, with_password):
    password = f"Pw{secret}Q"
    userinfo = f"{user}:{password}" if with_password else user
    with pytest.raises(ValueError, match="credentials") as info:
        resolve_url(f"http://{userinfo}@h.test/p", None)
    assert password not in str(info.value)


# --- the browser's bad-input table, in CPython --------------------------------------------


@pytest.mark.parametrize("blocking", [False, True], ids=["async", "blocking"])
@pytest.mark.parametrize(
    ("name", "error", "fragment", "call"), faults.BAD, ids=[row[0] for row in faults.BAD]
)
async def test_bad_input_raises_before_anything_is_sent(name, error, fragment, call, blocking):
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
