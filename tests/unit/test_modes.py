"""The modes and their decoding (pyodide_ajax/_modes.py): the pure rules (charset, strict
decoding, x-user-defined), then each mode as a request decodes it, driven by the mock transport."""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import pyodide_ajax as ajax
from pyodide_ajax._modes import charset_of, check_encoding, decode_text
from pyodide_ajax.testing import MockResponse, MockTransport, use_transport
from tests.unit.support import URL, ok, scalars, text


def test_charset_of():
    assert charset_of("text/plain; charset=ISO-8859-1") == "iso-8859-1"
    assert charset_of('text/plain;charset="utf-8"') == "utf-8"
    assert charset_of("text/plain") is None


@given(st.binary(max_size=64))
def test_x_user_defined_keeps_the_ord_idiom(data):
    text = decode_text(data, "x-user-defined")
    assert bytes(ord(c) & 0xFF for c in text) == data


def test_decoding_is_strict_and_names_unknown_encodings():
    assert decode_text("bébé".encode(), "utf-8") == "bébé"
    with pytest.raises(UnicodeDecodeError):
        decode_text(b"b\xe9", "utf-8")
    with pytest.raises(LookupError):
        check_encoding("no-such-codec")


def test_modes_decode_the_same_body():
    body = json.dumps({"a": 1}).encode()
    with use_transport(ok(body)):
        assert ajax.get(URL, blocking=True).text == '{"a": 1}'
        assert ajax.get(URL, blocking=True, mode="binary").read() == body
        req = ajax.get(URL, blocking=True, mode="json")
    assert req.read() == {"a": 1} and not hasattr(req, "text")


def texts_in(encoding: str) -> st.SearchStrategy[str]:
    """Texts an encoding can represent: any text for the UTF codecs, else the characters of
    its 256 bytes (cp1252 leaves five undefined), so that every example is encodable."""
    if encoding.startswith("utf"):
        return st.text(max_size=40)
    repertoire = bytes(range(256)).decode(encoding, errors="ignore")
    return st.text(alphabet=repertoire, max_size=40)


ENCODINGS = ["utf-8", "latin-1", "cp1252", "utf-16", "koi8-r"]


@given(st.sampled_from(ENCODINGS).flatmap(lambda enc: st.tuples(texts_in(enc), st.just(enc))))
def test_text_mode_decodes_exactly_with_the_given_encoding(example):
    content, encoding = example
    body = content.encode(encoding)
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
