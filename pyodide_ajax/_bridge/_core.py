"""What both bridge clients share: a core `Request` from what urllib or requests prepared, the
blocking send, and the one mapping of the core's exceptions onto theirs. Pure: JavaScript stays
in `_transports/`.

The core already says what went wrong (`NetworkError` with its CORS hint, `TimeoutError`,
`AbortError`); the clients only re-dress it, keeping the core's exception as reason or cause.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Protocol

from .. import _env, _transports
from .._errors import AjaxError, TimeoutError, UnsupportedRuntimeError
from .._request import (
    FORBIDDEN_HEADER_PREFIXES,
    FORBIDDEN_HEADERS,
    Body,
    Request,
    check_header,
    check_method,
    resolve_url,
)
from .._response import ResponseHead
from .._transports.base import Cancel

__all__ = [
    "BodySource",
    "WholeBody",
    "build_request",
    "for_requests",
    "for_urllib",
    "open_url",
    "request_body",
]

# Headers urllib and requests add on their own. The forbidden ones (Fetch standard, "forbidden
# request-header": Host, Connection, Accept-Encoding, Content-Length, ...) the browser sets
# itself. User-Agent is allowed, but it makes a cross-origin request non-simple (a CORS
# preflight the server may not answer): pyodide-http and urllib3's Emscripten backend drop it too.
_DROPPED = FORBIDDEN_HEADERS | {"user-agent"}


class BodySource(Protocol):
    """Where a response body comes from: whole, or pulled chunk by chunk (JSPI)."""

    transport: str

    def next_chunk(self) -> bytes:
        """The next piece; b"" at the end."""

    def read_all(self) -> bytes:
        """Everything not pulled yet."""

    def close(self) -> None: ...


class WholeBody:
    """A body that arrived whole (a synchronous XMLHttpRequest, the mock transport)."""

    def __init__(self, body: bytes, transport: str) -> None:
        self._body = body
        self.transport = transport

    def next_chunk(self) -> bytes:
        body, self._body = self._body, b""
        return body

    read_all = next_chunk

    def close(self) -> None:
        self._body = b""


class _Quiet:
    """The bridge fires no events: the transport's reports go nowhere."""

    def on_headers(self, head: ResponseHead) -> None:
        pass

    def on_chunk(self, loaded: int, total: int | None) -> None:
        pass

    def on_upload(self, event: str, loaded: int, total: int | None) -> None:
        pass


def request_body(data: Any) -> bytes | None:
    """What http.client would send for `data`: bytes-like, str, a file, or an iterable of bytes."""
    if data is None:
        return None
    if isinstance(data, bytes | bytearray | memoryview):
        return bytes(data)
    if isinstance(data, str):
        return data.encode("iso-8859-1")  # http.client's encoding of a str body
    read = getattr(data, "read", None)
    if read is not None:
        content = read()
        return content.encode("iso-8859-1") if isinstance(content, str) else bytes(content)
    try:
        return b"".join(bytes(part) for part in data)
    except TypeError:
        raise TypeError(
            f"data must be bytes, a file object or an iterable of bytes, not {type(data).__name__}"
        ) from None


def build_request(
    method: str,
    url: str,
    headers: Iterable[tuple[str, str]],
    body: bytes | None,
    timeout: float | None,
) -> Request:
    """A core `Request`; bad input (method, header, URL) raises here, before anything is sent."""
    checked: dict[str, str] = {}
    for name, value in headers:
        lower = name.lower()
        if lower in _DROPPED or lower.startswith(FORBIDDEN_HEADER_PREFIXES):
            continue
        key, text = check_header(name, value)
        checked[key] = text
    upper = check_method(method)
    sent: Body = None if upper in ("GET", "HEAD") else body  # fetch refuses a body on these
    return Request(
        upper, resolve_url(url, _env.base_url), list(checked.items()), sent, timeout or None
    )


def open_url(request: Request, eager_limit: int) -> tuple[ResponseHead, BodySource]:
    """Send `request` on the blocking path (`_transports.choose(True)`). On JSPI the body is
    pulled as it is read, unless the server announced at most `eager_limit` bytes (-1: always
    whole); elsewhere it arrives whole. Raises the core's exceptions."""
    transport = _transports.choose(True)
    if transport.name == "jspi":
        from .._transports.stream import open_stream

        return open_stream(request, eager_limit)
    response = transport.send(request, _Quiet(), Cancel())
    return response.head, WholeBody(response.body, transport.name)


def for_urllib(exc: AjaxError) -> BaseException:
    """urllib's exception: `TimeoutError` itself (a builtins.TimeoutError, as CPython raises
    while it waits for a reply), else `URLError(reason=exc)`; no transport: itself."""
    if isinstance(exc, TimeoutError | UnsupportedRuntimeError):
        return exc
    from urllib.error import URLError

    return URLError(exc)


def for_requests(exc: AjaxError, request: Any = None) -> BaseException:
    """requests' exception: `ReadTimeout` for a timeout, else `ConnectionError`; no transport:
    itself."""
    if isinstance(exc, UnsupportedRuntimeError):
        return exc
    from requests import exceptions

    if isinstance(exc, TimeoutError):
        return exceptions.ReadTimeout(exc, request=request)
    return exceptions.ConnectionError(exc, request=request)
