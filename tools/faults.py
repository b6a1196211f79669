"""Fault routes for the reliability tests, mounted by `tools.server` under ``/fault/``.

Each route breaks HTTP in one way a real network does, on loopback and within bounds: a
response never runs longer than ``MAX_HANG_MS`` and never sends more than the server's
``MAX_BYTES``. Faults that the server's ordinary routes already make are not repeated here:
connection refused (``Servers.closed_port``), a drip-fed body (``/drip``), 5xx with bodies
(``/status/503?body=...``), CORS denial (the ``nocors`` origin), a redirect to a CORS-denying
target (``/redirect?to=<nocors URL>``) and a 50 MiB body (``/bytes?n=52428800``).

`tools.server` lists this module in its ``ROUTE_MODULES`` and calls `install(route)`; the
handlers answer through the request handler's public helpers (``int_param``, ``start``,
``reply`` ...), so nothing here reaches into the server's internals.
"""

from __future__ import annotations

import re
import socket
import struct
import time
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tools.server.handler import RequestHandler, RouteFunc

__all__ = ["MAX_HANG_MS", "UNKNOWN_CHARSET", "install"]

MAX_HANG_MS = 30_000
UNKNOWN_CHARSET = "x-no-such-charset"
_STEP = 0.05  # how often a hanging handler wakes up to check its deadline


def _payload(n: int) -> bytes:
    return (b"0123456789abcdef" * (n // 16 + 1))[:n]


def install(route: Callable[[str], Callable[[RouteFunc], RouteFunc]]) -> None:
    """Register the fault routes with `tools.server`'s `route` decorator."""

    @route(r"/fault/reset")
    def _reset(handler: RequestHandler, match: re.Match[str]) -> None:
        """Announce ``length`` bytes, send ``sent`` of them, then reset the connection (RST)."""
        length = handler.int_param("length", 100_000, 64 * 1024 * 1024)
        sent = min(handler.int_param("sent", length // 2, length), length)
        handler.start(200, [("X-Content-Type-Options", "nosniff")], "text/plain", length)
        handler.wfile.write(_payload(sent))
        handler.wfile.flush()
        time.sleep(0.05)  # let the partial body reach the client before the reset
        handler.close_connection = True
        # Linger 0 makes close() send RST instead of FIN; the socket really closes when the
        # handler's files are closed, which socketserver does right after this returns.
        handler.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        handler.connection.close()

    @route(r"/fault/short")
    def _short(handler: RequestHandler, match: re.Match[str]) -> None:
        """Announce ``length`` bytes, send ``sent`` of them, then close cleanly (FIN)."""
        length = handler.int_param("length", 1000, 64 * 1024 * 1024)
        sent = min(handler.int_param("sent", length // 2, length), length)
        handler.start(200, [("X-Content-Type-Options", "nosniff")], "text/plain", length)
        handler.wfile.write(_payload(sent))
        handler.close_connection = True

    @route(r"/fault/hang")
    def _hang(handler: RequestHandler, match: re.Match[str]) -> None:
        """Send nothing for ``ms`` milliseconds (at most MAX_HANG_MS), then close without a
        response: a client without a timeout sees a network error, never a hang."""
        deadline = time.monotonic() + handler.int_param("ms", 10_000, MAX_HANG_MS) / 1000
        while time.monotonic() < deadline:
            time.sleep(_STEP)
        handler.close_connection = True

    @route(r"/fault/charset")
    def _charset(handler: RequestHandler, match: re.Match[str]) -> None:
        """UTF-8 text labelled with a charset no one knows."""
        body = "h\u00e9llo w\u00f6rld".encode()
        handler.reply(200, body, f"text/plain; charset={UNKNOWN_CHARSET}")

    @route(r"/fault/loop")
    def _loop(handler: RequestHandler, match: re.Match[str]) -> None:
        """Redirect to itself, query kept (probes count every hop): clients must give up."""
        query = f"?{handler.raw_query}" if handler.raw_query else ""
        handler.reply(302, headers=[("Location", f"{handler.prefix}/fault/loop{query}")])
