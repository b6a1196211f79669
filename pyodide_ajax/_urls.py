"""Splitting and joining URLs, and `encodeURIComponent`, without `urllib.parse`.

Pyodide 314's standard library zip holds no bytecode, so the first `import urllib.parse` compiles
it and the `ipaddress` module it imports from source: more source than all of pyodide_ajax, paid
by the first request of every page. These few functions are what a request needs of it; each
returns what `urllib.parse` returns for the URLs a request accepts, which the host tests check
against `urllib.parse` itself (`tests/unit/test_urls.py`).
"""

from __future__ import annotations

from typing import NamedTuple

_SCHEME_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+-.")
# The schemes (of those a page can have) whose URLs urlunsplit writes with `//`.
_NETLOC_SCHEMES = frozenset({"http", "https", "file", "ftp", "ws", "wss"})
# What urlsplit strips before a URL (the WHATWG "C0 control or space" set).
_C0_CONTROL_OR_SPACE = "".join(map(chr, range(33)))
# What encodeURIComponent leaves as it is (ECMA-262 uriUnreserved), which Brython encodes form
# data with (Brython issue #2346: `+` becomes %2B).
_COMPONENT_SAFE = frozenset(
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.!~*'()"
)


class SplitURL(NamedTuple):
    """`urlsplit`'s five parts (the scheme lower-cased)."""

    scheme: str
    netloc: str
    path: str
    query: str
    fragment: str

    @property
    def has_userinfo(self) -> bool:
        """A `user[:password]@` before the host (urlsplit's username is not None)."""
        return "@" in self.netloc

    @property
    def hostname(self) -> str | None:
        """The host without port, brackets or user info (urlsplit's `hostname`), else None."""
        host = self.netloc.rpartition("@")[2]
        if "[" in host:
            name = host.partition("[")[2].partition("]")[0]
        else:
            name = host.partition(":")[0]
        if not name:
            return None
        name, percent, zone = name.partition("%")  # an IPv6 zone keeps its case
        return name.lower() + percent + zone


def split(url: str) -> SplitURL:
    """The parts of `url`, as `urllib.parse.urlsplit` finds them (tabs and newlines, which
    urlsplit removes, are refused by the caller first). Raises ValueError for a netloc with
    one square bracket."""
    url = url.lstrip(_C0_CONTROL_OR_SPACE)
    scheme = netloc = query = fragment = ""
    colon = url.find(":")
    if colon > 0 and url[0].isascii() and url[0].isalpha() and _SCHEME_CHARS >= set(url[:colon]):
        scheme, url = url[:colon].lower(), url[colon + 1 :]
    if url[:2] == "//":
        end = min((i for i in (url.find(c, 2) for c in "/?#") if i >= 0), default=len(url))
        netloc, url = url[2:end], url[end:]
        if ("[" in netloc) != ("]" in netloc):
            raise ValueError(f"invalid URL (an unmatched square bracket): {netloc!r}")
    url, _, fragment = url.partition("#")
    url, _, query = url.partition("?")
    return SplitURL(scheme, netloc, url, query, fragment)


def unsplit(parts: SplitURL) -> str:
    """The URL of `parts`, as `urllib.parse.urlunsplit` writes it (an empty query or fragment
    leaves no `?` or `#`)."""
    scheme, netloc, path, query, fragment = parts
    if netloc or (scheme in _NETLOC_SCHEMES and path[:2] != "//"):
        path = f"//{netloc}{'/' if path and path[0] != '/' else ''}{path}"
    url = f"{scheme}:{path}" if scheme else path
    if query:
        url += f"?{query}"
    if fragment:
        url += f"#{fragment}"
    return url


def join(base: str, url: str) -> str:
    """`url` resolved against the absolute `base`, as `urllib.parse.urljoin` resolves it for
    an http(s) base (RFC 3986 section 5.2, with urljoin's dropping of empty path segments)."""
    if not url:
        return base
    b = split(base)
    r = split(url)
    if r.scheme and r.scheme != b.scheme:
        return url
    if r.netloc:
        return unsplit(r._replace(scheme=b.scheme))
    if not r.path:
        return unsplit(b._replace(query=r.query or b.query, fragment=r.fragment))
    if r.path.startswith("/"):
        segments = r.path.split("/")
    else:
        directory = b.path.split("/")[:-1] if b.path else []  # the base's last segment is a file
        segments = [*directory, *r.path.split("/")]
        segments[1:-1] = [s for s in segments[1:-1] if s]
    resolved: list[str] = []
    for segment in segments:
        if segment == "..":
            if resolved:
                resolved.pop()
        elif segment != ".":
            resolved.append(segment)
    if segments[-1] in (".", ".."):
        resolved.append("")
    path = "/".join(resolved) or "/"
    return unsplit(SplitURL(b.scheme, b.netloc, path, r.query, r.fragment))


def encode_component(text: str) -> str:
    """`text` percent-encoded as JavaScript's `encodeURIComponent` encodes it (UTF-8, upper-case
    hex; a lone surrogate raises UnicodeEncodeError where JavaScript raises URIError)."""
    if _COMPONENT_SAFE.issuperset(text):
        return text
    return "".join(
        char if char in _COMPONENT_SAFE else "".join(f"%{byte:02X}" for byte in char.encode())
        for char in text
    )
