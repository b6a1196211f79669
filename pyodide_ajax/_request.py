"""Building a request: pure functions from Brython-style arguments to a `Request`.

Nothing here touches JavaScript or the network, so every rule is unit-tested in plain CPython.
A JavaScript `FormData`, `File` or `Blob` is carried through untouched (see `_env.js_type_name`).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from . import _env
from ._record import Record
from ._urls import encode_component, join, split

__all__ = [
    "check_timeout",
    "Body",
    "Multipart",
    "Request",
    "add_query",
    "cache_buster",
    "check_header",
    "check_method",
    "default_content_type",
    "encode_body",
    "encode_form",
    "encode_query_data",
    "js_number_string",
    "multipart_fields",
    "resolve_url",
]

# Fetch and XMLHttpRequest refuse these methods (Fetch standard, "forbidden method").
FORBIDDEN_METHODS = frozenset({"CONNECT", "TRACE", "TRACK"})
# An HTTP token (RFC 9110, section 5.6.2): what method and header names may contain.
# Methods are upper-cased: XMLHttpRequest normalises only DELETE/GET/HEAD/OPTIONS/POST/PUT, so
# a lower-case `patch` would go out as is (a classic way to get a 405).
# A set, not a regular expression: compiling one is a visible part of a fresh interpreter's first
# request in a page (a cProfile of it), and `$` would let a trailing newline through.
_TOKEN_CHARS = frozenset(
    "!#$%&'*+-.^_`|~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
)


def _is_token(text: str) -> bool:
    return bool(text) and _TOKEN_CHARS.issuperset(text)


# Headers a script may not set (Fetch standard, "forbidden request-header"). Browsers drop them
# silently; we refuse them loudly instead.
FORBIDDEN_HEADERS = frozenset(
    {
        "accept-charset", "accept-encoding", "access-control-request-headers",
        "access-control-request-method", "access-control-request-private-network",
        "connection", "content-length", "cookie", "cookie2", "date", "dnt", "expect", "host",
        "keep-alive", "origin", "referer", "set-cookie", "te", "trailer", "transfer-encoding",
        "upgrade", "via",
    }
)  # fmt: skip
FORBIDDEN_HEADER_PREFIXES = ("proxy-", "sec-")


class Multipart(Record):
    """A multipart/form-data body: the transport turns it into a browser `FormData`, so the
    browser writes the boundary. Values are `str` or JavaScript `Blob`/`File` objects."""

    __slots__ = ("fields",)
    fields: tuple[tuple[str, Any, str | None], ...]  # (name, value, filename)

    def __init__(self, fields: tuple[tuple[str, Any, str | None], ...]) -> None:
        self._set(fields=fields)


Body = str | bytes | Multipart | Any | None
"""`None`, text, bytes, a `Multipart`, or a JavaScript `FormData` passed through as is."""


class Request(Record):
    """Everything a transport needs to carry one request; built once, never mutated.

    `stream`: read the body chunk by chunk (someone listens to `interactive` or `progress`).
    `head_first`: report the headers as soon as they arrive (someone listens to `loaded`). When
    False, the fetch transports may wait for headers and body in one step, which saves a
    wake-up of Python per request; the events still fire in the same order.
    """

    __slots__ = (
        "method", "url", "headers", "body", "timeout", "with_credentials", "stream", "head_first"
    )  # fmt: skip
    method: str
    url: str
    headers: list[tuple[str, str]]
    body: Body
    timeout: float | None
    with_credentials: bool
    stream: bool
    head_first: bool

    def __init__(
        self,
        method: str,
        url: str,
        headers: list[tuple[str, str]] | None = None,
        body: Body = None,
        timeout: float | None = None,
        with_credentials: bool = False,
        stream: bool = False,
        head_first: bool = True,
    ) -> None:
        self._set(
            method=method, url=url, headers=[] if headers is None else headers, body=body,
            timeout=timeout, with_credentials=with_credentials, stream=stream,
            head_first=head_first,
        )  # fmt: skip


def check_method(method: object) -> str:
    """Return the upper-cased method, or raise before anything is sent."""
    if not isinstance(method, str):
        raise TypeError(f"method must be a str, not {type(method).__name__}")
    if not _is_token(method):
        raise ValueError(f"invalid HTTP method: {method!r}")
    upper = method.upper()
    if upper in FORBIDDEN_METHODS:
        raise ValueError(f"browsers forbid the HTTP method {upper}; nothing was sent")
    return upper


def check_header(name: object, value: object) -> tuple[str, str]:
    """Validate one request header; return it as `(lower-cased name, value)` as Brython does."""
    if not isinstance(name, str):
        raise TypeError(f"header name must be a str, not {type(name).__name__}")
    if isinstance(value, bool):
        text = "true" if value else "false"  # as JavaScript's String(), which Brython uses
    elif isinstance(value, int | float):
        text = js_number_string(value)
    elif isinstance(value, str):
        text = value
    else:
        raise TypeError(f"value of header {name!r} must be a str, not {type(value).__name__}")
    if "\r" in name or "\n" in name or "\r" in text or "\n" in text:
        raise ValueError(f"header {name!r} contains CR or LF (header injection)")
    if not _is_token(name):
        raise ValueError(f"invalid header name: {name!r}")
    lower = name.lower()
    if lower in FORBIDDEN_HEADERS or lower.startswith(FORBIDDEN_HEADER_PREFIXES):
        raise ValueError(f"browsers forbid scripts to set the header {name!r}")
    return lower, text


def js_number_string(number: float) -> str:
    """`String(number)` in JavaScript (ECMAScript, Number::toString): the shortest digits that
    round-trip, as Python's repr has them, laid out by JavaScript's rules (`1.0` is "1",
    `1e21` is "1e+21", `1e-7` is "1e-7", `0.000001` is "0.000001")."""
    if isinstance(number, int):
        number = float(number) if abs(number) >= 10**21 else number
        if isinstance(number, int):
            return str(number)
    if number != number:
        return "NaN"
    if number in (float("inf"), float("-inf")):
        return "Infinity" if number > 0 else "-Infinity"
    if number == 0:
        return "0"
    sign = "-" if number < 0 else ""
    mantissa, _, exponent = repr(abs(number)).partition("e")
    whole, _, fraction = mantissa.partition(".")
    digits = (whole + fraction).lstrip("0")
    # n: where the decimal point goes, counted in digits from the left of `digits`.
    n = len(whole) + int(exponent or 0) - (len(whole + fraction) - len(digits))
    digits = digits.rstrip("0") or "0"
    k = len(digits)
    if k <= n <= 21:
        text = digits + "0" * (n - k)
    elif 0 < n <= 21:
        text = f"{digits[:n]}.{digits[n:]}"
    elif -6 < n <= 0:
        text = f"0.{'0' * -n}{digits}"
    else:
        mark = "+" if n - 1 >= 0 else "-"
        text = f"{digits[0]}{'.' + digits[1:] if k > 1 else ''}e{mark}{abs(n - 1)}"
    return sign + text


def _component(value: object) -> str:
    return encode_component(str(value))


def encode_form(data: Mapping[Any, Any]) -> str:
    """`application/x-www-form-urlencoded` text, percent-encoded as `encodeURIComponent` does.

    Keys and values go through Python `str()`; a list or tuple value gives repeated keys.
    """
    pairs: list[str] = []
    for key, value in data.items():
        values: Iterable[object] = value if isinstance(value, list | tuple) else (value,)
        pairs.extend(f"{_component(key)}={_component(item)}" for item in values)
    return "&".join(pairs)


def _split_fragment(url: str) -> tuple[str, str]:
    head, hash_, fragment = url.partition("#")
    return head, hash_ + fragment


def add_query(url: str, query: str) -> str:
    """Append `query` to `url`, after any existing query and before any `#fragment`."""
    if not query:
        return url
    head, fragment = _split_fragment(url)
    if "?" not in head:
        separator = "?"
    elif head.endswith(("?", "&")):
        separator = ""
    else:
        separator = "&"
    return f"{head}{separator}{query}{fragment}"


def cache_buster(url: str, now_ms: int) -> str:
    """Brython's cache-buster: a bare 13-digit millisecond timestamp key, added to the query."""
    return add_query(url, str(now_ms))


def encode_query_data(data: object) -> str:
    """`data` of the get-family (get/head/delete/options): it goes into the query string."""
    if data is None:
        return ""
    if isinstance(data, str):
        return data
    if isinstance(data, Mapping):
        return encode_form(data)
    raise TypeError(
        f"wrong type for data: {_type_name(data)} "
        "(get, head, delete and options take a str or a dict, sent in the query string)"
    )


def encode_body(data: object, *, multipart: bool = False) -> Body:
    """The request body for `data`: str, mapping, bytes-like, FormData or None.

    A mapping is urlencoded, or becomes a multipart body when `multipart` is true (the caller
    asked for `multipart/form-data`).
    """
    if data is None or isinstance(data, str):
        return data
    if isinstance(data, Mapping):
        if multipart:
            return Multipart(tuple(multipart_fields(data)))
        return encode_form(data)
    if isinstance(data, bytes | bytearray | memoryview):
        return bytes(data)
    if _env.js_type_name(data) == "FormData":
        return data
    raise TypeError(
        f"wrong type for data: {_type_name(data)} "
        "(expected str, dict, bytes-like or form_data(); wrap a File in form_data() "
        "or use file_upload())"
    )


def multipart_fields(data: Mapping[Any, Any]) -> Iterable[tuple[str, Any, str | None]]:
    for key, value in data.items():
        values = value if isinstance(value, list | tuple) else (value,)
        for item in values:
            if _env.js_type_name(item) in ("File", "Blob"):
                yield str(key), item, getattr(item, "name", None) or "blob"
            else:
                yield str(key), str(item), None


def default_content_type(method: str, headers: Mapping[str, str], body: Body) -> str | None:
    """Brython's default: a POST without Content-Type whose body is text, a dict or empty is
    `application/x-www-form-urlencoded`. Bytes and FormData get none (the browser decides)."""
    if method != "POST" or "content-type" in headers:
        return None
    if body is None or isinstance(body, str):
        return "application/x-www-form-urlencoded"
    return None


def resolve_url(url: object, base: str | None | Callable[[], str | None]) -> str:
    """An absolute http(s) URL for `url`, resolved against `base` (the page or worker URL).

    `base` may be a function, called only for a relative URL: finding the base can cost a
    round trip to the page (in a PyScript worker), and absolute URLs never need it.
    """
    if not isinstance(url, str):
        raise TypeError(f"url must be a str, not {type(url).__name__}")
    if any(ch in url for ch in "\r\n\t") or not url.strip():
        raise ValueError(f"invalid URL: {url!r}")
    scheme = split(url).scheme
    if not scheme:
        if callable(base):
            base = base()
        if base is None:
            raise ValueError(
                f"relative URL {url!r} needs a base, and this runtime has none (Node.js has no "
                "page location): pass an absolute URL such as 'http://127.0.0.1:8000/path'"
            )
        if base.startswith("blob:"):
            url = _resolve_in_blob_worker(url, base)
        else:
            url = join(base, url)
        scheme = split(url).scheme
    if scheme not in ("http", "https", "data", "blob"):
        raise ValueError(f"unsupported URL scheme {scheme!r} in {url!r}")
    if scheme in ("http", "https"):
        parts = split(url)
        if not parts.hostname:
            raise ValueError(f"invalid URL (no host): {url!r}")
        if parts.has_userinfo:
            # fetch refuses such URLs (a TypeError after the call) while XMLHttpRequest sends
            # them: refuse them in every mode, without echoing the password.
            raise ValueError(
                "invalid URL: it contains credentials (user:password@host); send them in an "
                "Authorization header instead"
            )
    return url


def _resolve_in_blob_worker(url: str, base: str) -> str:
    """A worker started from a `blob:` URL (PyScript starts its workers so) has no directory
    to resolve `../x` against; `/x` still means "on this origin", which the blob URL names."""
    inner = split(base[len("blob:") :])
    if url.startswith("/") and not url.startswith("//") and inner.scheme in ("http", "https"):
        return join(f"{inner.scheme}://{inner.netloc}/", url)
    raise ValueError(
        f"relative URL {url!r} cannot be resolved: this worker was started from a blob: URL "
        "(as PyScript starts its workers) and cannot see the page's address. Use an absolute "
        "URL or one starting with '/', or serve the page with the headers "
        "'Cross-Origin-Opener-Policy: same-origin' and 'Cross-Origin-Embedder-Policy: "
        "require-corp': then PyScript gives the worker the page's document, and relative URLs "
        "resolve against the page"
    )


def _type_name(value: object) -> str:
    js_name = _env.js_type_name(value)
    return f"JavaScript {js_name}" if js_name else type(value).__name__


@functools.cache
def _number() -> re.Pattern[str]:
    """What JavaScript's Number() reads as a finite decimal number (surrounding spaces allowed).
    Compiled on first use: only a timeout given as a string needs it."""
    return re.compile(r"^\s*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?\s*$")


def check_timeout(seconds: object) -> float | None:
    """None or 0 mean no timeout (Brython's `timeout=None` aborted at once: a fixed quirk).
    A numeric string is a number of seconds, as Brython's JavaScript coercion makes it
    (`set_timeout('20000', f)` is in real code); any other string is refused."""
    if isinstance(seconds, str) and _number().match(seconds):
        seconds = float(seconds)
    if seconds is None:
        return None
    if isinstance(seconds, bool) or not isinstance(seconds, int | float):
        raise TypeError(f"timeout must be a number of seconds, not {type(seconds).__name__}")
    if seconds < 0:
        raise ValueError(f"timeout must not be negative, got {seconds}")
    return float(seconds) or None
