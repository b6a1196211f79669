"""The request handler: HTTP/1.1 framing, CORS and policy headers by origin role, routing.

Route modules (see ``tools/server/__init__.py``) register functions ``(handler, match)`` with
`route` and answer through the handler's public helpers: `param`, `int_param`, `start`,
`reply` and `reply_json`, plus the request's `body`, `query`, `raw_path`, `raw_query` and
`prefix` (``"/coi"`` or ``""``).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import time
from collections.abc import Callable, Sequence
from http.server import BaseHTTPRequestHandler
from typing import TYPE_CHECKING
from urllib.parse import parse_qs, urlsplit

from .fixtures import FIXTURES, MiB
from .static import guess_mime, pyodide_templates

if TYPE_CHECKING:
    from .origins import RoleHTTPServer

__all__ = ["ROUTES", "BadRequest", "RequestHandler", "is_safe_header", "route"]

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
MAX_SLOW_MS = 30_000  # no /slow, /drip delay or hang runs longer
REDIRECT_STATUSES = (301, 302, 303, 307, 308)
BODYLESS_STATUSES = (204, 304)  # must not carry a body nor (204) a Content-Length
DISCONNECTS = (BrokenPipeError, ConnectionResetError, ConnectionAbortedError)

HEADER_NAME = re.compile(r"[!#$%&'*+.^_`|~0-9A-Za-z-]+")
_HEADER_VALUE = re.compile(r"[\t\x20-\x7e\x80-\xff]*")  # no CR/LF: no header injection
RESERVED_HEADERS = {"content-length", "transfer-encoding", "connection"}


def is_safe_header(name: str, value: str) -> bool:
    """Whether a client-chosen header can be sent verbatim (used by /response-headers)."""
    return bool(HEADER_NAME.fullmatch(name) and _HEADER_VALUE.fullmatch(value))


RouteFunc = Callable[["RequestHandler", "re.Match[str]"], None]
ROUTES: list[tuple[re.Pattern[str], RouteFunc]] = []


def route(pattern: str) -> Callable[[RouteFunc], RouteFunc]:
    """Register a handler method for paths that fully match ``pattern``."""

    def register(func: RouteFunc) -> RouteFunc:
        ROUTES.append((re.compile(pattern), func))
        return func

    return register


class BadRequest(Exception):
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
        except BadRequest as exc:
            self.close_connection = True
            self.reply(400, str(exc).encode(), TEXT)
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
        if path == "/seen":
            self._route(path)
            return
        with self.server.probes.serving(self.query.get("probe", [])):
            self._route(path)

    def _route(self, path: str) -> None:
        for pattern, func in ROUTES:
            match = pattern.fullmatch(path)
            if match:
                func(self, match)
                return
        if path in FIXTURES:
            self.reply(200, *FIXTURES[path])
        elif path in pyodide_templates():
            self.reply(200, pyodide_templates()[path], guess_mime(path))
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
            raise BadRequest(f"bad Content-Length: {length!r}")
        pace = self.int_param("pace_kib", 0, 64 * 1024)
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
                raise BadRequest(f"bad chunk size: {size_field!r}") from None
            if size == 0:
                break
            chunks.append(self.rfile.read(size))
            self.rfile.readline()  # the CRLF after each chunk
        while self.rfile.readline(65537) not in (b"\r\n", b"\n", b""):
            pass  # trailers
        return b"".join(chunks)

    def param(self, name: str, default: str) -> str:
        values = self.query.get(name)
        return values[-1] if values else default

    def int_param(self, name: str, default: int, maximum: int) -> int:
        try:
            value = int(self.param(name, str(default)))
        except ValueError:
            value = default
        return max(0, min(value, maximum))

    def _is_preflight(self) -> bool:
        return self.command == "OPTIONS" and "Access-Control-Request-Method" in self.headers

    # ---------------------------------------------------------------- response side

    def start(
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

    def reply(
        self,
        status: int,
        body: bytes | memoryview = b"",
        content_type: str | None = None,
        headers: Sequence[tuple[str, str]] = (),
    ) -> None:
        """A complete response with a known length (no body on HEAD, 204 and 304)."""
        if status in BODYLESS_STATUSES:
            self.start(status, headers)
            return
        self.start(status, headers, content_type, len(body))
        if self.command != "HEAD":
            self.wfile.write(body)

    def reply_json(self, payload: object) -> None:
        self.reply(200, json.dumps(payload).encode(), JSON)

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
        self.reply(204, headers=headers)

    def _send_static(self, path: str) -> None:
        target = self.server.static.lookup(path)
        if target is not None and target.is_dir():
            if not path.endswith("/"):  # so relative links in index.html resolve
                self.reply(301, headers=[("Location", f"{self.raw_path}/")])
                return
            target = target / "index.html"
        if target is None or not target.is_file():
            self.reply(404, b"not found", TEXT)
            return
        if self.command not in ("GET", "HEAD"):
            self.reply(405, b"method not allowed", TEXT, [("Allow", "GET, HEAD")])
            return
        with target.open("rb") as file:
            size = os.fstat(file.fileno()).st_size
            self.start(200, content_type=guess_mime(target.name), length=size)
            if self.command != "HEAD":
                shutil.copyfileobj(file, self.wfile, MiB)

    # ---------------------------------------------------------------- routes
