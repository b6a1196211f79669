"""`_urls` gives what `urllib.parse` gives, for every URL a request accepts: checked against
urllib.parse itself on generated URLs (the module exists so that Pyodide need not compile
urllib.parse and ipaddress from source on the first request)."""

from __future__ import annotations

import subprocess
import sys
from urllib.parse import quote, urljoin, urlsplit

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pyodide_ajax._urls import encode_component, join, split

segment = st.sampled_from(["", ".", "..", "a", "b", "c.txt", "%2F", "x=1", "é", "..a", ".b"])
path = st.lists(segment, max_size=6).map("/".join)
query = st.sampled_from(["", "?", "?q=1", "?a=1&b=2", "?x?y", "?/../"])
fragment = st.sampled_from(["", "#", "#top", "#a/../b", "#?q"])
host = st.sampled_from(["h.test", "127.0.0.1:8000", "H.Test:80", "user@h.test", "u:p@h.test",
                        "[::1]:8000", "[fe80::1%25eTh0]", "", "h.test:"])  # fmt: skip
scheme = st.sampled_from(["http", "https", "HTTP"])


@st.composite
def absolute(draw: st.DrawFn) -> str:
    tail = draw(path)
    return f"{draw(scheme)}://{draw(host)}{'/' if tail else ''}{tail}{draw(query)}{draw(fragment)}"


@st.composite
def relative(draw: st.DrawFn) -> str:
    start = draw(st.sampled_from(["", "/", "//other.test/", "./", "../", "?", "#"]))
    return f"{start}{draw(path)}{draw(query)}{draw(fragment)}"


@given(absolute() | relative() | st.text(st.characters(exclude_characters="\t\r\n[]")))
def test_split_finds_the_parts_urlsplit_finds(url: str) -> None:
    expected = urlsplit(url)
    parts = split(url)
    assert tuple(parts) == tuple(expected)
    assert parts.hostname == expected.hostname
    assert parts.has_userinfo == (expected.username is not None)


@given(absolute(), relative())
def test_join_resolves_as_urljoin_resolves(base: str, url: str) -> None:
    assert join(base, url) == urljoin(base, url)


@pytest.mark.parametrize(
    ("base", "url", "expected"),
    [
        ("http://h.test/site/page", "b?x=1", "http://h.test/site/b?x=1"),
        ("http://h.test/site/page", "../../../x", "http://h.test/x"),
        ("http://h.test/site/page?q#f", "", "http://h.test/site/page?q#f"),
        ("http://h.test/site/page?q", "#frag", "http://h.test/site/page?q#frag"),
        ("http://h.test", "a", "http://h.test/a"),
        ("https://h.test/a/", "//cdn.test/lib.js", "https://cdn.test/lib.js"),
        ("http://h.test/a/b", ".", "http://h.test/a/"),
    ],
)
def test_join_examples(base: str, url: str, expected: str) -> None:
    assert join(base, url) == expected


def test_a_semicolon_is_part_of_its_segment_as_in_browsers() -> None:
    # urljoin still splits RFC 2396 ";params" off the last segment; RFC 3986 and the WHATWG
    # URL parser (what fetch uses) do not.
    assert join("http://h.test/a/b", "..;x") == "http://h.test/a/..;x"


@pytest.mark.parametrize("netloc", ["[::1", "::1]", "h]"])
def test_an_unmatched_bracket_is_a_value_error_as_in_urlsplit(netloc: str) -> None:
    with pytest.raises(ValueError, match="unmatched square bracket"):
        split(f"http://{netloc}/")
    with pytest.raises(ValueError):
        urlsplit(f"http://{netloc}/")


@given(st.text())
def test_encode_component_is_quote_with_encode_uri_components_safe_set(text: str) -> None:
    assert encode_component(text) == quote(text, safe="-_.!~*'()")


def test_encode_component_refuses_a_lone_surrogate_as_quote_does() -> None:
    with pytest.raises(UnicodeEncodeError):
        encode_component("a\ud800")
    with pytest.raises(UnicodeEncodeError):
        quote("a\ud800", safe="")


def test_a_request_never_imports_urllib_parse() -> None:
    code = (
        "import sys, pyodide_ajax as ajax\n"
        "from pyodide_ajax.testing import MockResponse, MockTransport, use_transport\n"
        "with use_transport(MockTransport(lambda r: MockResponse(200, b'ok'))):\n"
        "    req = ajax.get('/x?a=1', blocking=True, data={'q': 'a b'})\n"
        "print(req.text, 'urllib.parse' in sys.modules, 'ipaddress' in sys.modules)"
    )
    env_base = "import pyodide_ajax._env as e; e.base_url = lambda: 'http://h.test/app/'\n"
    out = subprocess.run(
        [sys.executable, "-c", env_base + code], capture_output=True, text=True, check=True
    )
    assert out.stdout.split() == ["ok", "False", "False"]
