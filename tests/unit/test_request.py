"""Request building: pure functions, plain CPython."""

from __future__ import annotations

from urllib.parse import parse_qs, parse_qsl, urlsplit

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pyodide_ajax._request import (
    Multipart,
    add_query,
    cache_buster,
    check_header,
    check_method,
    default_content_type,
    encode_body,
    encode_form,
    encode_query_data,
    resolve_url,
)
from tests.unit.support import expected_pairs, forms, fragments, paths

text = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=20)


@given(st.lists(st.tuples(text, text), max_size=8))
def test_form_encoding_round_trips_through_a_standard_parser(pairs):
    encoded = encode_form(dict(pairs))
    assert parse_qsl(encoded, keep_blank_values=True) == list(dict(pairs).items())


def test_form_encoding_matches_encode_uri_component():
    assert encode_form({"q": "a b&c+d", "é": "ü"}) == "q=a%20b%26c%2Bd&%C3%A9=%C3%BC"
    assert encode_form({"k": "-_.!~*'()"}) == "k=-_.!~*'()"


def test_form_values_use_python_str_and_lists_repeat():
    data = {"i": 1, "b": True, "l": [1, 2], "f": 1.5, "n": None}
    assert encode_form(data) == "i=1&b=True&l=1&l=2&f=1.5&n=None"


@given(
    path=st.sampled_from(["/x", "/x?", "/x?a=1", "/x?a=1&", "http://h.test/p?z=9"]),
    fragment=st.sampled_from(["", "#frag", "#a?b"]),
    now=st.integers(10**12, 10**13 - 1),
)
def test_cache_buster_never_breaks_query_or_fragment(path, fragment, now):
    url = cache_buster(path + fragment, now)
    parts = urlsplit(url)
    assert parts.fragment == fragment[1:]
    original = parse_qsl(urlsplit(path).query, keep_blank_values=True)
    assert parse_qsl(parts.query, keep_blank_values=True) == [*original, (str(now), "")]


def test_add_query_places():
    assert add_query("/x", "a=1") == "/x?a=1"
    assert add_query("/x?b=2#f", "a=1") == "/x?b=2&a=1#f"
    assert add_query("/x", "") == "/x"


def test_query_data_types():
    assert encode_query_data("a=1") == "a=1"
    assert encode_query_data({"a": 1}) == "a=1"
    assert encode_query_data(None) == ""
    for bad in (b"x", [1], 3):
        with pytest.raises(TypeError, match="wrong type for data"):
            encode_query_data(bad)


def test_body_types():
    assert encode_body("x") == "x"
    assert encode_body({"a": "b c"}) == "a=b%20c"
    assert encode_body(memoryview(b"\x00\xff")) == b"\x00\xff"
    assert encode_body(None) is None
    assert encode_body({"k": ["v", "w"]}, multipart=True) == Multipart(
        (("k", "v", None), ("k", "w", None))
    )
    with pytest.raises(TypeError, match="wrong type for data: list"):
        encode_body([1])


@pytest.mark.parametrize("method", ["CONNECT", "trace", "Track"])
def test_forbidden_methods(method):
    with pytest.raises(ValueError, match="forbid"):
        check_method(method)


def test_methods_are_upper_cased_and_validated():
    assert check_method("patch") == "PATCH"
    for bad in ("GET X", "GET\n", "", "GÉT"):  # a token: no space, no newline, ASCII only
        with pytest.raises(ValueError, match="invalid HTTP method"):
            check_method(bad)
    with pytest.raises(TypeError):
        check_method(1)


@pytest.mark.parametrize(
    ("name", "value", "error"),
    [
        ("X-A", "a\r\nInjected: 1", ValueError),
        ("X-A\n", "v", ValueError),
        ("Cookie", "a=1", ValueError),
        ("Sec-Fetch-Mode", "x", ValueError),
        ("Proxy-Authorization", "x", ValueError),
        ("X A", "v", ValueError),
        (1, "v", TypeError),
        ("X-A", None, TypeError),
    ],
)
def test_bad_headers_are_refused(name, value, error):
    with pytest.raises(error):
        check_header(name, value)


def test_headers_are_lower_cased_and_numbers_allowed():
    assert check_header("X-N", 5) == ("x-n", "5")


def test_default_content_type():
    assert default_content_type("POST", {}, "a=1") == "application/x-www-form-urlencoded"
    assert default_content_type("POST", {}, None) == "application/x-www-form-urlencoded"
    assert default_content_type("POST", {}, b"x") is None
    assert default_content_type("POST", {"content-type": "text/csv"}, "x") is None
    assert default_content_type("PUT", {}, "x") is None


def test_resolve_url():
    base = "http://127.0.0.1:8000/site/index.html"
    assert resolve_url("/a", base) == "http://127.0.0.1:8000/a"
    assert resolve_url("b?x=1", base) == "http://127.0.0.1:8000/site/b?x=1"
    assert resolve_url("https://h.test/", None) == "https://h.test/"
    with pytest.raises(ValueError, match="absolute URL"):
        resolve_url("/a", None)
    with pytest.raises(ValueError, match="blob:"):
        resolve_url("a", "blob:http://x/123")
    for bad in ("ftp://h/x", "http:///nohost", "", "http://h/\n"):
        with pytest.raises(ValueError):
            resolve_url(bad, base)


# --- properties (hypothesis) -------------------------------------------------------------


@given(forms)
def test_form_encoding_round_trips_with_lists_and_scalars(data):
    assert parse_qsl(encode_form(data), keep_blank_values=True) == expected_pairs(data)


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


@given(user=st.text(alphabet="abcxyz09", min_size=1, max_size=8),
       secret=st.text(alphabet="abcxyz09!$", max_size=8), with_password=st.booleans())  # fmt: skip
def test_urls_with_credentials_are_refused_without_echoing_them(user, secret, with_password):
    # Marked so that neither can be a chance substring of the message ("a" is in "invalid").
    user, password = f"Us{user}R", f"Pw{secret}Q"
    userinfo = f"{user}:{password}" if with_password else user  # a user name alone is refused too
    with pytest.raises(ValueError, match="credentials") as info:
        resolve_url(f"http://{userinfo}@h.test/p", None)
    assert user not in str(info.value) and password not in str(info.value)


# --- relative URLs in a worker started from a `blob:` URL (PyScript's workers) --------------

BLOB = "blob:http://127.0.0.1:8000/0f6c1c9e-6a8e-4e43-a1a4-5b8a6e0d2f11"
PAGE = "http://127.0.0.1:8000/coi/pages/worker.html"


def test_root_relative_url_resolves_on_the_blob_origin() -> None:
    assert resolve_url("/api/text?x=1", BLOB) == "http://127.0.0.1:8000/api/text?x=1"


@pytest.mark.parametrize("url", ["../api/text", "api/text", "./x", "//other.test/x"])
def test_path_relative_url_in_blob_worker_says_how_to_fix_it(url: str) -> None:
    with pytest.raises(ValueError) as info:
        resolve_url(url, BLOB)
    message = str(info.value)
    assert repr(url) in message
    assert "blob:" in message
    assert "absolute URL" in message
    assert "Cross-Origin-Embedder-Policy: require-corp" in message


def test_base_function_is_called_only_for_relative_urls() -> None:
    calls: list[int] = []

    def base() -> str:
        calls.append(1)
        return PAGE

    assert resolve_url("http://h.test/x", base) == "http://h.test/x"
    assert calls == []
    assert resolve_url("y", base) == "http://127.0.0.1:8000/coi/pages/y"
    assert calls == [1]
