"""The project's one local HTTP server, for the browser tests and the demo.

Why not ``python -m http.server``: the tests need three origins (CORS allowed,
allowed with credentials, denied), COOP/COEP headers on demand (cross-origin
isolation, for SharedArrayBuffer), fixture bodies in awkward encodings, and
slow or dripping responses for timeout, abort and progress tests. It is all
standard library so it runs wherever the tests run.

From Python::

    with serve({"/": dist_dir, "/site/": site_dir}) as servers:
        servers.url("/echo?x=1", origin="cors")

From a shell::

    python -m tools.server --root /=dist --root /site/=site --port 8000
"""

from __future__ import annotations

import argparse
import importlib.util
import itertools
import json
import mimetypes
import os
import re
import shutil
import socket
import socketserver
import struct
import sys
import threading
import time
import traceback
import zlib
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from email.parser import BytesParser
from email.policy import HTTP
from email.utils import collapse_rfc2231_value
from functools import cache
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, parse_qsl, unquote, urlsplit

from .brython_routes import install as install_brython_routes
from .faults import install as install_fault_routes

__all__ = [
    "FIXTURES",
    "ROLES",
    "FormData",
    "ProbeCounter",
    "RequestHandler",
    "RoleHTTPServer",
    "Servers",
    "StaticFiles",
    "find_closed_port",
    "main",
    "parse_form",
    "pyodide_templates",
    "serve",
]

HOST = "127.0.0.1"
ROLES = ("main", "cors", "nocors")
MiB = 1024 * 1024
MAX_BYTES = 64 * MiB
MAX_SLOW_MS = 30_000
POLL_INTERVAL = 0.05  # how fast serve_forever notices shutdown(); keeps test teardown quick

TEXT = "text/plain; charset=utf-8"
JSON = "application/json"
PREFLIGHT_METHODS = "GET, POST, PUT, PATCH, DELETE, HEAD, OPTIONS"
# Listed explicitly because "*" is ignored by browsers on credentialed requests.
EXPOSED_HEADERS = (
    "Content-Length",
    "Content-Type",
    "Date",
    "Location",
    "X-Content-Type-Options",
    "X-Custom",
    "X-Request-Count",
)
REDIRECT_STATUSES = (301, 302, 303, 307, 308)
BODYLESS_STATUSES = (204, 304)  # must not carry a body nor (204) a Content-Length
DISCONNECTS = (BrokenPipeError, ConnectionResetError, ConnectionAbortedError)

MIME_TYPES = {
    ".wasm": "application/wasm",
    ".mjs": "text/javascript",
    ".js": "text/javascript",
    ".whl": "application/zip",
    ".zip": "application/zip",
    ".json": "application/json",
    ".html": "text/html",
    ".css": "text/css",
    ".tar": "application/x-tar",
    ".data": "application/octet-stream",
}

_HEADER_NAME = re.compile(r"[!#$%&'*+.^_`|~0-9A-Za-z-]+")
_HEADER_VALUE = re.compile(r"[\t\x20-\x7e\x80-\xff]*")  # no CR/LF: no header injection
_RESERVED_HEADERS = {"content-length", "transfer-encoding", "connection"}


def guess_mime(name: str) -> str:
    """Content-Type for a static file; the fixed table beats the host's mime.types,
    which differs between machines (and gets .wasm/.mjs wrong on some)."""
    suffix = Path(name).suffix.lower()
    return MIME_TYPES.get(suffix) or mimetypes.guess_type(name)[0] or "application/octet-stream"


def is_safe_header(name: str, value: str) -> bool:
    """Whether a client-chosen header can be sent verbatim (used by /response-headers)."""
    return bool(_HEADER_NAME.fullmatch(name) and _HEADER_VALUE.fullmatch(value))


# --------------------------------------------------------------------------- fixtures


def _png(width: int = 16, height: int = 16) -> bytes:
    """A small valid RGB gradient PNG, built in code so no binary lives in the repo."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = zlib.crc32(kind + data)
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)

    rows = b"".join(
        b"\x00" + bytes(c for x in range(width) for c in (x * 16, y * 16, 128))
        for y in range(height)
    )
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)  # 8-bit RGB
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows, 9))
        + chunk(b"IEND", b"")
    )


_GLOSSARY = {
    "glossary": {
        "title": "example glossary",
        "GlossDiv": {
            "title": "S",
            "GlossList": {
                "GlossEntry": {
                    "ID": "SGML",
                    "SortAs": "SGML",
                    "GlossTerm": "Standard Generalized Markup Language",
                    "Acronym": "SGML",
                    "Abbrev": "ISO 8879:1986",
                    "GlossDef": {
                        "para": "A meta-markup language, used to create markup languages "
                        "such as DocBook.",
                        "GlossSeeAlso": ["GML", "XML"],
                    },
                    "GlossSee": "markup",
                }
            },
        },
    }
}

_CATALOG = b"""<?xml version="1.0" encoding="UTF-8"?>
<CATALOG>
  <CD>
    <TITLE>Another Music in a Different Kitchen</TITLE>
    <ARTIST>Buzzcocks</ARTIST>
    <YEAR>1978</YEAR>
  </CD>
  <CD>
    <TITLE>Turn On the Bright Lights</TITLE>
    <ARTIST>Interpol</ARTIST>
    <YEAR>2002</YEAR>
  </CD>
  <CD>
    <TITLE>My Love Is Cool</TITLE>
    <ARTIST>Wolf Alice</ARTIST>
    <YEAR>2015</YEAR>
  </CD>
</CATALOG>
"""

_PAGE = b"""<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>page</title></head>
<body><p id="p">hello</p></body></html>
"""

# path -> (body, Content-Type). Text fixtures deliberately carry no charset unless the
# name says so: the decoding tests are about what the client does without one.
FIXTURES: dict[str, tuple[bytes, str]] = {
    "/files/text-utf8.txt": (b"b\xc3\xa9b\xc3\xa9", "text/plain"),
    "/files/text-latin1.txt": (b"b\xe9b\xe9", "text/plain"),
    "/files/text-latin1-charset.txt": (b"b\xe9b\xe9", "text/plain; charset=iso-8859-1"),
    "/files/text-latin9.txt": (b"s\xbdur", "text/plain"),
    "/files/text_cyrillic.txt": ("Шея — это часть тела.\n".encode(), "text/plain"),
    "/files/glossary.json": (json.dumps(_GLOSSARY, indent=4).encode(), JSON),
    "/catalog.xml": (_CATALOG, "application/xml"),
    "/files/catalog.xml": (_CATALOG, "application/xml"),
    "/files/page.html": (_PAGE, "text/html; charset=utf-8"),
    "/brython.png": (_png(), "image/png"),
    "/json_misc": (b'{"a":1,"b":1.5,"c":null,"d":true,"e":[1,"x"],"f":2.0}', JSON),
    "/notjson": (b"not json", "text/plain"),
}


class _PatternBytes:
    """``bytes(range(256))`` repeated, as a view of one shared buffer.

    Tests fetch 8 MiB and 32 MiB bodies again and again; building them once and
    handing out zero-copy slices keeps /bytes cheap. The buffer only grows, and
    never beyond MAX_BYTES (+ one period), so memory stays bounded.
    """

    def __init__(self) -> None:
        self._buffer = b""
        self._lock = threading.Lock()

    def __call__(self, n: int) -> memoryview:
        with self._lock:
            if len(self._buffer) < n:
                size = min(MAX_BYTES, max(n, 2 * len(self._buffer)))
                self._buffer = bytes(range(256)) * (size // 256 + 1)
            return memoryview(self._buffer)[:n]


pattern_bytes = _PatternBytes()


# --------------------------------------------------------------------------- forms


@dataclass
class FormData:
    """Form fields and file parts of a request body, as /echo reports them."""

    form: dict[str, str] = field(default_factory=dict)  # last value wins
    form_lists: dict[str, list[str]] = field(default_factory=dict)
    files: dict[str, str] = field(default_factory=dict)
    filenames: dict[str, str] = field(default_factory=dict)
    files_hex: dict[str, str] = field(default_factory=dict)
    form_error: str | None = None

    def add_field(self, name: str, value: str) -> None:
        self.form[name] = value
        self.form_lists.setdefault(name, []).append(value)

    def add_file(self, name: str, filename: str, content: bytes) -> None:
        self.files[name] = content.decode("utf-8", "replace")
        self.filenames[name] = filename
        self.files_hex[name] = content.hex()


def parse_form(content_type: str | None, body: bytes) -> FormData:
    """Decode an urlencoded or multipart body; anything else yields an empty FormData.

    Never raises: a broken body is something the tests send on purpose, so the
    reason is reported in ``form_error`` instead.
    """
    mime = (content_type or "").split(";", 1)[0].strip().lower()
    try:
        if mime == "application/x-www-form-urlencoded":
            return _parse_urlencoded(body)
        if mime == "multipart/form-data":
            return _parse_multipart(content_type or "", body)
    except Exception as exc:  # report it; never crash the handler
        return FormData(form_error=f"{type(exc).__name__}: {exc}")
    return FormData()


def _parse_urlencoded(body: bytes) -> FormData:
    data = FormData()
    for name, value in parse_qsl(body.decode("utf-8", "replace"), keep_blank_values=True):
        data.add_field(name, value)
    return data


def _parse_multipart(content_type: str, body: bytes) -> FormData:
    """Parse multipart/form-data with the ``email`` package (``cgi`` is gone in 3.13)."""
    head = b"Content-Type: " + content_type.encode("latin-1") + b"\r\n\r\n"
    message = BytesParser(policy=HTTP).parsebytes(head + body)
    boundary = message.get_boundary()
    if boundary is None:
        return FormData(form_error="multipart Content-Type has no boundary")
    if body.strip() == b"--" + boundary.encode("latin-1") + b"--":
        return FormData()  # what browsers send for an empty FormData
    if not message.is_multipart():
        defects = ", ".join(type(d).__name__ for d in message.defects) or "no parts"
        return FormData(form_error=f"unparseable multipart body: {defects}")
    data = FormData()
    for part in message.iter_parts():
        name = part.get_param("name", header="content-disposition")
        if name is None:
            continue
        content = part.get_payload(decode=True)
        if not isinstance(content, bytes):  # a nested multipart; browsers never send one
            continue
        filename = part.get_param("filename", header="content-disposition")
        if filename is None:
            data.add_field(collapse_rfc2231_value(name), content.decode("utf-8", "replace"))
        else:
            data.add_file(collapse_rfc2231_value(name), collapse_rfc2231_value(filename), content)
    return data


# --------------------------------------------------------------------------- shared state


class ProbeCounter:
    """Counts requests per ``?probe=<token>``, shared by the three servers.

    Lets a browser test prove whether a request reached the network at all
    (an aborted request, a CORS-blocked one, a retry) without timing guesses.
    """

    def __init__(self) -> None:
        self._counts: Counter[str] = Counter()
        self._lock = threading.Lock()

    def hit(self, tokens: Iterable[str]) -> None:
        with self._lock:
            self._counts.update(tokens)

    def seen(self, token: str) -> int:
        with self._lock:
            return self._counts[token]


@cache
def pyodide_templates() -> dict[str, bytes]:
    """pytest-pyodide's runner pages (``/test.html`` ...), if that package is installed.

    Its browser runner loads them from the server under test, so serving them here
    lets pytest-pyodide use this server. Found via find_spec so it stays optional.
    """
    spec = importlib.util.find_spec("pytest_pyodide")
    if spec is None or not spec.submodule_search_locations:
        return {}
    templates = Path(next(iter(spec.submodule_search_locations))) / "_templates"
    files = [*templates.glob("*.html"), *templates.glob("*.js")]
    return {f"/{path.name}": path.read_bytes() for path in files}


def _normalize_prefix(prefix: str) -> str:
    return "/" + prefix.strip("/") + "/" if prefix.strip("/") else "/"


class StaticFiles:
    """Maps URL paths to files under several roots; the longest matching prefix wins."""

    def __init__(self, roots: Mapping[str, Path | str]) -> None:
        pairs = [(_normalize_prefix(prefix), Path(d)) for prefix, d in roots.items()]
        self.roots = sorted(pairs, key=lambda pair: len(pair[0]), reverse=True)

    def lookup(self, url_path: str) -> Path | None:
        """The file or directory for a (still percent-encoded) URL path, or None.

        Traversal is refused by rejecting ``..`` segments after decoding rather than
        by resolving symlinks, so a root may legitimately link to files elsewhere
        (e.g. a dist directory of symlinks into a cache).
        """
        path = unquote(url_path)
        segments = path.split("/")
        if ".." in segments or "\x00" in path:
            return None
        for prefix, root in self.roots:
            if path.startswith(prefix) or path + "/" == prefix:
                rest = [s for s in path[len(prefix) :].split("/") if s not in ("", ".")]
                return root.joinpath(*rest)
        return None


# --------------------------------------------------------------------------- handler

RouteFunc = Callable[["RequestHandler", "re.Match[str]"], None]
_ROUTES: list[tuple[re.Pattern[str], RouteFunc]] = []


def route(pattern: str) -> Callable[[RouteFunc], RouteFunc]:
    """Register a handler method for paths that fully match ``pattern``."""

    def register(func: RouteFunc) -> RouteFunc:
        _ROUTES.append((re.compile(pattern), func))
        return func

    return register


class _BadRequest(Exception):
    """The request framing is broken; answer 400 and drop the connection."""


class RequestHandler(BaseHTTPRequestHandler):
    """One request: probe counting, CORS/COI headers, then a route, fixture or file."""

    protocol_version = "HTTP/1.1"
    server: RoleHTTPServer

    # Set per request by _handle().
    body: bytes
    coi: bool
    prefix: str
    query: dict[str, list[str]]
    raw_path: str
    raw_query: str

    def __getattr__(self, name: str) -> Callable[[], None]:
        """Accept every method (``do_GET``, ``do_PROPFIND`` ...): routes are method-agnostic."""
        if name.startswith("do_"):
            return self._dispatch
        raise AttributeError(name)

    def log_message(self, fmt: str, *args: object) -> None:
        """To the server's in-memory log, not stderr: test output stays readable."""
        self.server.record(f"{self.client_address[0]}:{self.client_address[1]} {fmt % args}")

    def _dispatch(self) -> None:
        try:
            self._handle()
        except _BadRequest as exc:
            self.close_connection = True
            self._send(400, str(exc).encode(), TEXT)
        except DISCONNECTS:  # the client gave up (abort, timeout); nothing to answer
            self.close_connection = True

    def _handle(self) -> None:
        url = urlsplit(self.path)
        self.raw_path, self.raw_query = url.path, url.query
        self.query = parse_qs(url.query, keep_blank_values=True)
        self.coi = url.path == "/coi" or url.path.startswith("/coi/")
        self.prefix = "/coi" if self.coi else ""
        path = url.path[len(self.prefix) :] or "/"
        self.body = self._read_body()
        if self._is_preflight():
            self._send_preflight()
            return
        if path != "/seen":
            self.server.probes.hit(self.query.get("probe", []))
        self._route(path)

    def _route(self, path: str) -> None:
        for pattern, func in _ROUTES:
            match = pattern.fullmatch(path)
            if match:
                func(self, match)
                return
        if path in FIXTURES:
            self._send(200, *FIXTURES[path])
        elif path in pyodide_templates():
            self._send(200, pyodide_templates()[path], guess_mime(path))
        else:
            self._send_static(path)

    # ---------------------------------------------------------------- request side

    def _read_body(self) -> bytes:
        """Always consume the body, so keep-alive stays in sync whatever the route."""
        if "chunked" in self.headers.get("Transfer-Encoding", "").lower():
            return self._read_chunked()
        length = self.headers.get("Content-Length")
        if length is None:
            return b""
        if not length.strip().isdigit():
            raise _BadRequest(f"bad Content-Length: {length!r}")
        pace = self._int_param("pace_kib", 0, 64 * 1024)
        if pace:
            return self._read_paced(int(length), pace * 1024)
        return self.rfile.read(int(length))

    def _read_paced(self, length: int, step: int) -> bytes:
        """``?pace_kib=N``: read N KiB every 10 ms, a slow server on loopback, so that a
        browser's upload progress has something to show (the demo's upload bar)."""
        chunks = []
        while length > 0:
            chunk = self.rfile.read(min(step, length))
            if not chunk:
                break
            chunks.append(chunk)
            length -= len(chunk)
            time.sleep(0.01)
        return b"".join(chunks)

    def _read_chunked(self) -> bytes:
        chunks = []
        while True:
            size_field = self.rfile.readline(65537).split(b";", 1)[0].strip()
            try:
                size = int(size_field, 16)
            except ValueError:
                raise _BadRequest(f"bad chunk size: {size_field!r}") from None
            if size == 0:
                break
            chunks.append(self.rfile.read(size))
            self.rfile.readline()  # the CRLF after each chunk
        while self.rfile.readline(65537) not in (b"\r\n", b"\n", b""):
            pass  # trailers
        return b"".join(chunks)

    def _param(self, name: str, default: str) -> str:
        values = self.query.get(name)
        return values[-1] if values else default

    def _int_param(self, name: str, default: int, maximum: int) -> int:
        try:
            value = int(self._param(name, str(default)))
        except ValueError:
            value = default
        return max(0, min(value, maximum))

    def _is_preflight(self) -> bool:
        return self.command == "OPTIONS" and "Access-Control-Request-Method" in self.headers

    # ---------------------------------------------------------------- response side

    def _start(
        self,
        status: int,
        headers: Sequence[tuple[str, str]] = (),
        content_type: str | None = None,
        length: int | None = None,
    ) -> None:
        """Send the status line and all headers; the caller writes exactly ``length`` bytes."""
        self.send_response(status)
        if content_type is not None:
            self.send_header("Content-Type", content_type)
        if length is not None:
            self.send_header("Content-Length", str(length))
        for name, value in [*headers, *self._policy_headers(), *self._cors_headers(headers)]:
            self.send_header(name, value)
        self.end_headers()

    def _send(
        self,
        status: int,
        body: bytes | memoryview = b"",
        content_type: str | None = None,
        headers: Sequence[tuple[str, str]] = (),
    ) -> None:
        """A complete response with a known length (no body on HEAD, 204 and 304)."""
        if status in BODYLESS_STATUSES:
            self._start(status, headers)
            return
        self._start(status, headers, content_type, len(body))
        if self.command != "HEAD":
            self.wfile.write(body)

    def _send_json(self, payload: object) -> None:
        self._send(200, json.dumps(payload).encode(), JSON)

    def _policy_headers(self) -> list[tuple[str, str]]:
        """Headers every response gets, whatever the role.

        CORP cross-origin lets a COEP page embed anything from any of our origins;
        the /coi prefix adds the pair that makes a page cross-origin isolated.
        """
        headers = [
            ("X-Request-Count", str(self.server.request_number())),
            ("Cross-Origin-Resource-Policy", "cross-origin"),
        ]
        if self.coi:
            headers.append(("Cross-Origin-Opener-Policy", "same-origin"))
            headers.append(("Cross-Origin-Embedder-Policy", "require-corp"))
        return headers

    def _cors_headers(self, sent: Sequence[tuple[str, str]]) -> list[tuple[str, str]]:
        """The CORS headers for this server's role (none at all for "nocors")."""
        role = self.server.role
        if role == "nocors":
            return []
        custom = [name for name, _ in sent if not name.lower().startswith("access-control-")]
        exposed = ", ".join(dict.fromkeys([*EXPOSED_HEADERS, *custom]))
        if role == "main":
            return [
                ("Access-Control-Allow-Origin", "*"),
                ("Access-Control-Expose-Headers", exposed),
            ]
        return [
            ("Access-Control-Allow-Origin", self.headers.get("Origin", "*")),
            ("Access-Control-Allow-Credentials", "true"),
            ("Vary", "Origin"),
            ("Access-Control-Expose-Headers", exposed),
        ]

    def _send_preflight(self) -> None:
        """204 for a CORS preflight; the "nocors" role sends no CORS headers, so it fails."""
        headers: list[tuple[str, str]] = []
        if self.server.role != "nocors":
            headers.append(("Access-Control-Allow-Methods", PREFLIGHT_METHODS))
            requested = self.headers.get("Access-Control-Request-Headers")
            if requested:
                headers.append(("Access-Control-Allow-Headers", requested))
            headers.append(("Access-Control-Max-Age", "0"))  # no caching between tests
        self._send(204, headers=headers)

    def _send_static(self, path: str) -> None:
        target = self.server.static.lookup(path)
        if target is not None and target.is_dir():
            if not path.endswith("/"):  # so relative links in index.html resolve
                self._send(301, headers=[("Location", f"{self.raw_path}/")])
                return
            target = target / "index.html"
        if target is None or not target.is_file():
            self._send(404, b"not found", TEXT)
            return
        if self.command not in ("GET", "HEAD"):
            self._send(405, b"method not allowed", TEXT, [("Allow", "GET, HEAD")])
            return
        with target.open("rb") as file:
            size = os.fstat(file.fileno()).st_size
            self._start(200, content_type=guess_mime(target.name), length=size)
            if self.command != "HEAD":
                shutil.copyfileobj(file, self.wfile, MiB)

    # ---------------------------------------------------------------- routes

    @route(r"/echo")
    def _echo(self, match: re.Match[str]) -> None:
        """Everything about the request, so browser tests can assert what was sent."""
        headers: dict[str, str] = {}
        for name, value in self.headers.items():
            key = name.lower()
            headers[key] = f"{headers[key]}, {value}" if key in headers else value
        content_type = self.headers.get("Content-Type")
        form = parse_form(content_type, self.body)
        self._send_json(
            {
                "method": self.command,
                "path": self.raw_path,
                "raw_query": self.raw_query,
                "query": self.query,
                "headers": headers,
                "body_hex": self.body.hex(),
                "body_text": self.body.decode("utf-8", "replace"),
                "content_type": content_type,
                "form": form.form,
                "form_lists": form.form_lists,
                "files": form.files,
                "filenames": form.filenames,
                "files_hex": form.files_hex,
                "form_error": form.form_error,
            }
        )

    @route(r"/ajax_get")
    def _ajax_get(self, match: re.Match[str]) -> None:
        """Brython's test server reply: the query as a Python dict repr."""
        pairs = parse_qsl(self.raw_query, keep_blank_values=True)
        self._send(200, str(dict(pairs)).encode(), TEXT)

    @route(r"/ajax_post")
    def _ajax_post(self, match: re.Match[str]) -> None:
        self._send(200, self.body, "text/plain")

    @route(r"/status/([2-5]\d\d)")
    def _status(self, match: re.Match[str]) -> None:
        status = int(match[1])
        reset = status == HTTPStatus.RESET_CONTENT  # 205 allows no body, but a length of 0
        body = b"" if reset else self._param("body", "nope").encode()
        self._send(status, body, TEXT)

    @route(r"/slow")
    def _slow(self, match: re.Match[str]) -> None:
        time.sleep(self._int_param("ms", 1000, MAX_SLOW_MS) / 1000)
        self._send(200, b"slow done", TEXT)

    @route(r"/bytes")
    def _bytes(self, match: re.Match[str]) -> None:
        n = self._int_param("n", 256, MAX_BYTES)
        self._send(200, pattern_bytes(n), "application/octet-stream")

    @route(r"/drip")
    def _drip(self, match: re.Match[str]) -> None:
        """N chunks of S letters, MS ms apart: for progress events and streaming reads.

        ``?chunked=1`` switches from Content-Length to chunked encoding, for
        clients that must cope with an unknown total length.
        """
        chunks = self._int_param("chunks", 4, 10_000)
        size = self._int_param("size", 16, MiB)
        delay = self._int_param("delay", 100, MAX_SLOW_MS) / 1000
        chunked = self._param("chunked", "") not in ("", "0", "false")
        headers = [("X-Content-Type-Options", "nosniff")]
        if chunked:
            headers.append(("Transfer-Encoding", "chunked"))
        length = None if chunked else chunks * size
        self._start(200, headers, self._param("type", "text/plain"), length)
        if self.command == "HEAD":
            return
        for i in range(chunks):
            if i:
                time.sleep(delay)
            data = b"abcdefghij"[i % 10 : i % 10 + 1] * size
            if chunked and data:
                data = b"%x\r\n%b\r\n" % (len(data), data)
            self.wfile.write(data)
        if chunked:
            self.wfile.write(b"0\r\n\r\n")

    @route(r"/redirect")
    def _redirect(self, match: re.Match[str]) -> None:
        status = self._int_param("status", 302, 999)
        status = status if status in REDIRECT_STATUSES else 302
        location = self._param("to", f"{self.prefix}/files/text-utf8.txt")
        self._send(status, headers=[("Location", location)])

    @route(r"/redirect/(\d+)")
    def _redirect_chain(self, match: re.Match[str]) -> None:
        """/redirect/3 -> /2 -> /1 -> /0, keeping the query (so probes count every hop)."""
        remaining = int(match[1])
        if remaining == 0:
            self._send(200, b"redirected", TEXT)
            return
        query = f"?{self.raw_query}" if self.raw_query else ""
        location = f"{self.prefix}/redirect/{remaining - 1}{query}"
        self._send(302, headers=[("Location", location)])

    @route(r"/response-headers")
    def _response_headers(self, match: re.Match[str]) -> None:
        """Each query pair becomes a response header (a given Content-Type replaces ours)."""
        pairs = parse_qsl(self.raw_query, keep_blank_values=True)
        headers = [
            (name, value)
            for name, value in pairs
            if is_safe_header(name, value) and name.lower() not in _RESERVED_HEADERS
        ]
        custom_type = any(name.lower() == "content-type" for name, _ in headers)
        self._send(200, b"ok", None if custom_type else TEXT, headers)

    @route(r"/cookie/set")
    def _cookie_set(self, match: re.Match[str]) -> None:
        name, value = self._param("name", "session"), self._param("value", "1")
        if not (_HEADER_NAME.fullmatch(name) and is_safe_header(name, value) and ";" not in value):
            self._send(400, b"bad cookie", TEXT)
            return
        cookie = f"{name}={value}; Path=/; SameSite=Lax; HttpOnly"
        self._send(200, b"ok", TEXT, [("Set-Cookie", cookie)])

    @route(r"/cookie/check")
    def _cookie_check(self, match: re.Match[str]) -> None:
        cookies: dict[str, str] = {}
        for pair in ";".join(self.headers.get_all("Cookie", [])).split(";"):
            name, sep, value = pair.strip().partition("=")
            if sep:
                cookies[name] = value
        self._send_json({"cookies": cookies, "authorization": self.headers.get("Authorization")})

    @route(r"/seen")
    def _seen(self, match: re.Match[str]) -> None:
        self._send_json({"count": self.server.probes.seen(self._param("token", ""))})

    @route(r"/upload-sink")
    def _upload_sink(self, match: re.Match[str]) -> None:
        """How many body bytes arrived (the demo's chunked upload): nothing is echoed back."""
        self._send_json({"received": len(self.body)})


# Fault routes (/fault/reset, /fault/short, /fault/hang, /fault/charset, /fault/loop).
install_fault_routes(route)
install_brython_routes(route)  # issue 17: Brython's doc upload URLs


# --------------------------------------------------------------------------- server


class RoleHTTPServer(ThreadingHTTPServer):
    """One origin: a threaded HTTP/1.1 server whose ``role`` picks the CORS behaviour."""

    daemon_threads = True  # a hung /slow must never keep the process alive
    request_queue_size = 128  # listen backlog; the default 5 drops SYNs under a browser's burst

    def __init__(self, role: str, static: StaticFiles, probes: ProbeCounter, port: int = 0) -> None:
        if role not in ROLES:
            raise ValueError(f"role must be one of {ROLES}, not {role!r}")
        self.role = role
        self.static = static
        self.probes = probes
        self.verbose = False
        self.log: deque[str] = deque(maxlen=1000)
        self.errors: list[str] = []  # unexpected handler exceptions, for tests to assert on
        self.connections_accepted = 0
        self.connections_nodelay = 0  # accepted sockets on which TCP_NODELAY reads back as set
        self._open: set[socket.socket] = set()
        self._open_lock = threading.Lock()
        self._requests = itertools.count(1)
        super().__init__((HOST, port), RequestHandler)

    @property
    def url(self) -> str:
        host, port = self.server_address[:2]
        return f"http://{host!s}:{port}"

    def server_bind(self) -> None:
        """Bind without HTTPServer's getfqdn(), a reverse DNS lookup that can take seconds."""
        socketserver.TCPServer.server_bind(self)
        host, port = self.server_address[:2]
        self.server_name, self.server_port = str(host), int(port)

    def get_request(self) -> tuple[socket.socket, tuple[str, int]]:
        """Accept with TCP_NODELAY: otherwise Nagle + delayed ACK stall each
        keep-alive response by ~40 ms, which dominates a browser test run."""
        conn, addr = super().get_request()
        conn.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.connections_accepted += 1
        self.connections_nodelay += bool(conn.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY))
        with self._open_lock:
            self._open.add(conn)
        return conn, addr

    def shutdown_request(self, request: socket.socket) -> None:  # type: ignore[override]
        with self._open_lock:
            self._open.discard(request)
        super().shutdown_request(request)

    def close_connections(self) -> None:
        """Cut open keep-alive connections, so their handler threads end with the server."""
        with self._open_lock:
            connections = list(self._open)
        for conn in connections:
            with suppress(OSError):  # already closed by the client
                conn.shutdown(socket.SHUT_RDWR)

    def handle_error(self, request: object, client_address: object) -> None:
        """Keep disconnects silent and everything else in ``errors``, not on stderr."""
        if isinstance(sys.exc_info()[1], DISCONNECTS):
            return
        self.errors.append(traceback.format_exc())
        if self.verbose:
            print(self.errors[-1], file=sys.stderr, flush=True)

    def record(self, line: str) -> None:
        self.log.append(line)
        if self.verbose:
            print(f"[{self.role}] {line}", flush=True)

    def request_number(self) -> int:
        """Per-server response counter, sent as X-Request-Count (shows cache vs network)."""
        return next(self._requests)  # itertools.count is atomic under the GIL


@dataclass
class Servers:
    """The running origins, as base URLs without a trailing slash."""

    main: str
    cors: str
    nocors: str
    closed_port: int
    httpds: dict[str, RoleHTTPServer] = field(default_factory=dict, repr=False)
    probes: ProbeCounter = field(default_factory=ProbeCounter, repr=False)

    def url(self, path: str, origin: str = "main") -> str:
        """Absolute URL of ``path`` on one of the origins ("main", "cors", "nocors")."""
        if origin not in ROLES:
            raise ValueError(f"origin must be one of {ROLES}, not {origin!r}")
        base: str = getattr(self, origin)
        return base + ("" if path.startswith("/") else "/") + path

    def seen(self, token: str) -> int:
        """How many requests carrying ``?probe=<token>`` reached any origin."""
        return self.probes.seen(token)


def find_closed_port() -> int:
    """A loopback port nothing listens on, for connection-refused tests."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


@contextmanager
def serve(static_roots: Mapping[str, Path | str], port: int = 0) -> Iterator[Servers]:
    """Run the three origins in background threads for the duration of the block.

    ``port`` fixes the main origin's port (0: any free one); the others are ephemeral.
    """
    probes = ProbeCounter()
    static = StaticFiles(static_roots)
    httpds: dict[str, RoleHTTPServer] = {}
    running: list[RoleHTTPServer] = []
    try:
        for role in ROLES:
            httpds[role] = RoleHTTPServer(role, static, probes, port if role == "main" else 0)
        for httpd in httpds.values():
            thread = threading.Thread(
                target=httpd.serve_forever,
                kwargs={"poll_interval": POLL_INTERVAL},
                name=f"tools.server-{httpd.role}",
                daemon=True,
            )
            thread.start()
            running.append(httpd)
        yield Servers(
            main=httpds["main"].url,
            cors=httpds["cors"].url,
            nocors=httpds["nocors"].url,
            closed_port=find_closed_port(),
            httpds=httpds,
            probes=probes,
        )
    finally:
        for httpd in running:  # shutdown() would wait forever on a server never started
            httpd.shutdown()
        for httpd in httpds.values():
            httpd.server_close()
            httpd.close_connections()


# --------------------------------------------------------------------------- CLI


def _root_arg(text: str) -> tuple[str, Path]:
    """``PREFIX=DIR`` (or a bare ``DIR``, served at ``/``)."""
    prefix, sep, directory = text.partition("=")
    if not sep:
        prefix, directory = "/", text
    path = Path(directory)
    if not path.is_dir():
        raise argparse.ArgumentTypeError(f"not a directory: {directory}")
    return prefix, path


def _parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m tools.server",
        description="Serve static roots plus the test API on three local origins.",
    )
    parser.add_argument(
        "--root",
        action="append",
        type=_root_arg,
        default=[],
        metavar="PREFIX=DIR",
        help="serve DIR under URL PREFIX (repeatable; default: /=.)",
    )
    parser.add_argument("--port", type=int, default=0, help="main origin's port (default: any)")
    parser.add_argument("-v", "--verbose", action="store_true", help="print every request")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    """Serve until Ctrl-C (for ``make serve`` / ``make demo``)."""
    args = _parse_args(argv)
    roots = dict(args.root) or {"/": Path(".")}
    with serve(roots, port=args.port) as servers:
        for httpd in servers.httpds.values():
            httpd.verbose = args.verbose
        print(f"main    {servers.main}/   (CORS: *)")
        print(f"cors    {servers.cors}/   (CORS: echoed Origin, with credentials)")
        print(f"nocors  {servers.nocors}/   (no CORS headers)")
        for prefix, directory in roots.items():
            print(f"root    {prefix} -> {Path(directory).resolve()}")
        print(f"cross-origin isolated: prefix any path with /coi, e.g. {servers.main}/coi/")
        print("Ctrl-C to stop.", flush=True)
        try:
            threading.Event().wait()
        except KeyboardInterrupt:
            print("stopped")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
