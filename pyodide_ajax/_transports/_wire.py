"""What fetch and XMLHttpRequest share on the way to JavaScript and back: plain values only.

Each transport crosses into JavaScript once or twice per request with plain strings and
numbers instead of a dozen proxy crossings (each costs 10-60 us in Pyodide). These helpers
write those strings and read the answers back.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .._errors import NetworkError, RequestError
from .._request import Request
from .._response import Headers, ResponseHead
from .base import failure

if TYPE_CHECKING:
    from pyodide.ffi import JsException

__all__ = ["check_complete", "header_lines", "map_js_error", "parse_head", "timeout_ms"]


def header_lines(request: Request) -> str:
    """The request headers as "name\\nvalue\\n...": `check_header` refuses CR and LF in names
    and values, so the JavaScript side splits them back exactly."""
    return "\n".join(part for pair in request.headers for part in pair)


def timeout_ms(request: Request) -> int:
    """The timeout in whole milliseconds for a JavaScript timer (0: none; never 0 for a tiny
    timeout, which the browser would read as "no timeout")."""
    return max(1, round(request.timeout * 1000)) if request.timeout else 0


def parse_head(text: str, request: Request) -> ResponseHead:
    """The head from `status\\nstatusText\\nurl\\n` + `name: value\\r\\n` lines."""
    status, status_text, url, raw_headers = str(text).split("\n", 3)
    return ResponseHead(
        status=int(status),
        status_text=status_text,
        url=url or request.url,
        headers=Headers.parse(raw_headers),
    )


def map_js_error(exc: JsException, request: Request) -> RequestError:
    """Translate a JavaScript failure into our exception tree, by the error's `name` (never by
    its message, which differs between browsers)."""
    name = getattr(exc, "name", "")
    if name == "TimeoutError":
        return failure("timeout", request)
    if name == "AbortError":
        return failure("abort", request)
    return failure("error", request, detail=str(exc))


def check_complete(request: Request, head: ResponseHead, loaded: int) -> None:
    """Refuse a body that ended before its Content-Length: a connection cut mid-body can end a
    fetch stream early without an error, and a partial body must never pass for a complete one.
    HEAD, 204, 205 and 304 have no body whatever their Content-Length says."""
    total = head.total
    has_body = request.method != "HEAD" and head.status not in (204, 205, 304)
    if has_body and total is not None and loaded < total:
        raise NetworkError(
            f"the response body was cut short: {loaded} of {total} bytes arrived",
            method=request.method,
            url=request.url,
        )
