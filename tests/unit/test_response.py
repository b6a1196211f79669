"""The response head (pyodide_ajax/_response.py): headers, the total size, JSON or None; pure,
plain CPython. Decoding by mode and charset: test_modes.py."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from pyodide_ajax._response import Headers, ResponseHead, parse_json_or_none

names = st.from_regex(r"[A-Za-z][A-Za-z0-9-]{0,15}", fullmatch=True)
values = st.from_regex(r"[!-~]([ -~]{0,20}[!-~])?", fullmatch=True)


@given(st.dictionaries(names.map(str.lower), values, max_size=6))
def test_raw_headers_parse_back(mapping):
    assert dict(Headers.parse(Headers(mapping.items()).raw()).items()) == mapping


def test_headers_are_case_insensitive_and_join_repeats():
    headers = Headers([("Set-Thing", "a"), ("set-thing", "b"), ("X-Y", "1")])
    assert headers["SET-THING"] == "a, b" and "x-y" in headers and len(headers) == 2
    assert headers.get("missing") is None
    assert headers.raw() == "set-thing: a, b\r\nx-y: 1\r\n"


def test_total_ignores_compressed_bodies():
    assert ResponseHead(200, "OK", "u", Headers([("Content-Length", "10")])).total == 10
    compressed = Headers([("Content-Length", "10"), ("Content-Encoding", "gzip")])
    assert ResponseHead(200, "OK", "u", compressed).total is None


def test_json_or_none():
    assert parse_json_or_none('{"f": 2.0}') == {"f": 2.0}
    assert parse_json_or_none("not json") is None
    assert parse_json_or_none("") is None


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
