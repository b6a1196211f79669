"""The three origins (main, cors, nocors) as threaded servers, and `serve()` that runs them."""

from __future__ import annotations

import itertools
import socket
import socketserver
import sys
import threading
import traceback
from collections import Counter, deque
from collections.abc import Iterator, Mapping
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from http.server import ThreadingHTTPServer
from pathlib import Path

from .handler import DISCONNECTS, RequestHandler
from .static import StaticFiles

__all__ = [
    "HOST",
    "ROLES",
    "ProbeCounter",
    "RoleHTTPServer",
    "Servers",
    "find_closed_port",
    "serve",
]

HOST = "127.0.0.1"
ROLES = ("main", "cors", "nocors")
POLL_INTERVAL = 0.05  # how fast serve_forever notices shutdown(); keeps test teardown quick


class ProbeCounter:
    """Counts requests per ``?probe=<token>``, shared by the three servers.

    Lets a browser test prove whether a request reached the network at all
    (an aborted request, a CORS-blocked one, a retry) without timing guesses.

    It also keeps, per token, the most requests it was serving at once (``peak``): proof
    that a client really ran requests side by side, not one after the other; and how many
    the client hung up on before the answer was written (``dropped``): proof that an abort
    reached the network, not only the client's own state.
    """

    def __init__(self) -> None:
        self._counts: Counter[str] = Counter()
        self._in_flight: Counter[str] = Counter()
        self._peaks: Counter[str] = Counter()
        self._dropped: Counter[str] = Counter()
        self._lock = threading.Lock()

    @contextmanager
    def serving(self, tokens: list[str]) -> Iterator[None]:
        """Count a request carrying `tokens`, and hold it as in flight until the block ends."""
        with self._lock:
            self._counts.update(tokens)
            self._in_flight.update(tokens)
            for token in tokens:
                self._peaks[token] = max(self._peaks[token], self._in_flight[token])
        try:
            yield
        except DISCONNECTS:
            with self._lock:
                self._dropped.update(tokens)
            raise
        finally:
            with self._lock:
                self._in_flight.subtract(tokens)

    def seen(self, token: str) -> int:
        with self._lock:
            return self._counts[token]

    def peak(self, token: str) -> int:
        with self._lock:
            return self._peaks[token]

    def dropped(self, token: str) -> int:
        with self._lock:
            return self._dropped[token]


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
