"""Host-side tests for tools/server/, the server every browser test relies on: static files,
CORS and policy headers by role, probes and sockets. Its routes: test_server_routes.py.

They use http.client (not a browser), so a failure here points at the server,
not at pyodide-ajax.
"""

from __future__ import annotations

import http.client
import socket
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.tools.server_client import cors_headers, request
from tools.server import Servers, serve

# --------------------------------------------------------------------------- static


@pytest.mark.parametrize(
    ("path", "mime"),
    [
        ("/hello.txt", "text/plain"),
        ("/module.wasm", "application/wasm"),
        ("/mod.mjs", "text/javascript"),
        ("/pkg.whl", "application/zip"),
        ("/lock.json", "application/json"),
        ("/repodata.tar", "application/x-tar"),
        ("/pyodide.data", "application/octet-stream"),
        ("/index.html", "text/html"),
    ],
)
def test_static_mime_and_length(servers: Servers, tree: Path, path: str, mime: str) -> None:
    reply = request(servers.url(path))
    assert reply.status == 200
    assert reply.headers["Content-Type"] == mime
    assert reply.body == (tree / "root" / path.lstrip("/")).read_bytes()
    assert reply.headers["Content-Length"] == str(len(reply.body))


def test_static_longest_prefix_and_index(servers: Servers) -> None:
    assert request(servers.url("/site/hello.txt")).body == b"hello from site"
    assert request(servers.url("/site/")).body == b"<p>site index</p>"
    assert request(servers.url("/")).body == b"<p>root index</p>"
    assert request(servers.url("/sub/")).body == b"<p>sub index</p>"
    moved = request(servers.url("/sub"))
    assert (moved.status, moved.headers["Location"]) == (301, "/sub/")


def test_static_head_has_length_but_no_body(servers: Servers) -> None:
    reply = request(servers.url("/hello.txt"), "HEAD")
    assert (reply.status, reply.headers["Content-Length"], reply.body) == (200, "5", b"")


@pytest.mark.parametrize(
    "path", ["/../secret.txt", "/%2e%2e/secret.txt", "/site/../../secret.txt", "/sub/%2E%2E/x"]
)
def test_static_traversal_refused(servers: Servers, path: str) -> None:
    reply = request(servers.url(path))
    assert (reply.status, reply.body) == (404, b"not found")


def test_unknown_path_is_404(servers: Servers) -> None:
    reply = request(servers.url("/no/such/file"))
    assert (reply.status, reply.reason, reply.body) == (404, "Not Found", b"not found")
    assert reply.headers["Content-Type"].startswith("text/plain")


def test_pytest_pyodide_templates(servers: Servers) -> None:
    pytest.importorskip("pytest_pyodide")
    page = request(servers.url("/test.html"))
    assert (page.status, page.headers["Content-Type"]) == (200, "text/html")
    worker = request(servers.url("/module_webworker_dev.js"))
    assert (worker.status, worker.headers["Content-Type"]) == (200, "text/javascript")


def test_keep_alive_reuses_connection(servers: Servers) -> None:
    """Correct lengths on every response are what make keep-alive work."""
    conn = http.client.HTTPConnection("127.0.0.1", urlsplit(servers.main).port, timeout=5)
    try:
        for path in ["/hello.txt", "/status/404", "/status/204", "/echo", "/bytes?n=3"]:
            conn.request("POST", path, body=b"ignored body")
            conn.getresponse().read()
        conn.request("GET", "/ajax_get?x=1")
        assert conn.getresponse().read() == b"{'x': '1'}"
    finally:
        conn.close()


# --------------------------------------------------------------------------- headers


def test_cors_main_role(servers: Servers) -> None:
    reply = request(servers.url("/echo"), headers={"Origin": "http://elsewhere"})
    assert reply.headers["Access-Control-Allow-Origin"] == "*"
    assert "X-Request-Count" in reply.headers["Access-Control-Expose-Headers"]
    assert "Access-Control-Allow-Credentials" not in reply.headers
    preflight = request(
        servers.url("/echo"),
        "OPTIONS",
        headers={"Origin": "http://elsewhere", "Access-Control-Request-Method": "PUT"},
    )
    assert (preflight.status, preflight.body) == (204, b"")
    assert preflight.headers["Access-Control-Allow-Origin"] == "*"
    assert "PUT" in preflight.headers["Access-Control-Allow-Methods"]


def test_cors_credentials_role(servers: Servers) -> None:
    origin = {"Origin": servers.main}
    reply = request(servers.url("/echo", origin="cors"), headers=origin)
    assert reply.headers["Access-Control-Allow-Origin"] == servers.main
    assert reply.headers["Access-Control-Allow-Credentials"] == "true"
    assert reply.headers["Vary"] == "Origin"
    assert "Content-Length" in reply.headers["Access-Control-Expose-Headers"]
    preflight = request(
        servers.url("/echo", origin="cors"),
        "OPTIONS",
        headers={
            **origin,
            "Access-Control-Request-Method": "PATCH",
            "Access-Control-Request-Headers": "x-custom, content-type",
        },
    )
    assert preflight.status == 204
    assert preflight.headers["Access-Control-Allow-Origin"] == servers.main
    assert preflight.headers["Access-Control-Allow-Headers"] == "x-custom, content-type"
    assert preflight.headers["Access-Control-Max-Age"] == "0"
    assert "PATCH" in preflight.headers["Access-Control-Allow-Methods"]


def test_nocors_role_sends_no_cors_headers(servers: Servers) -> None:
    origin = {"Origin": servers.main}
    reply = request(servers.url("/echo", origin="nocors"), headers=origin)
    assert reply.status == 200 and cors_headers(reply) == {}
    preflight = request(
        servers.url("/echo", origin="nocors"),
        "OPTIONS",
        headers={**origin, "Access-Control-Request-Method": "PUT"},
    )
    assert preflight.status == 204 and cors_headers(preflight) == {}


def test_every_role_sends_corp(servers: Servers) -> None:
    for origin in ("main", "cors", "nocors"):
        reply = request(servers.url("/no-such-thing", origin=origin))
        assert reply.headers["Cross-Origin-Resource-Policy"] == "cross-origin"
        assert "Cross-Origin-Opener-Policy" not in reply.headers


def test_coi_prefix(servers: Servers) -> None:
    plain = request(servers.url("/site/index.html"))
    isolated = request(servers.url("/coi/site/index.html"))
    assert isolated.body == plain.body
    assert isolated.headers["Cross-Origin-Opener-Policy"] == "same-origin"
    assert isolated.headers["Cross-Origin-Embedder-Policy"] == "require-corp"
    assert isolated.headers["Cross-Origin-Resource-Policy"] == "cross-origin"
    assert request(servers.url("/coi/echo")).json()["path"] == "/coi/echo"


def test_response_headers(servers: Servers) -> None:
    reply = request(servers.url("/response-headers?X-Custom=42&X-Other=a%20b&Bad%0AName=x"))
    assert (reply.body, reply.headers["X-Custom"], reply.headers["X-Other"]) == (b"ok", "42", "a b")
    assert "X-Other" in reply.headers["Access-Control-Expose-Headers"]
    assert "Bad\nName" not in reply.headers


def test_request_count_header_increases(servers: Servers) -> None:
    first = int(request(servers.url("/hello.txt")).headers["X-Request-Count"])
    assert int(request(servers.url("/hello.txt")).headers["X-Request-Count"]) > first


# --------------------------------------------------------------------------- probes & sockets


def probe_counts(servers: Servers, token: str) -> dict[str, int]:
    counts: dict[str, int] = request(servers.url(f"/seen?token={token}")).json()
    return counts


def test_probe_counting(servers: Servers) -> None:
    assert servers.seen("p1") == 0
    request(servers.url("/hello.txt?probe=p1"))
    request(servers.url("/no-such?probe=p1", origin="nocors"))
    request(servers.url("/echo?probe=p1", origin="cors"), "POST", b"x")
    assert servers.seen("p1") == 3
    assert probe_counts(servers, "p1") == {"count": 3, "peak": 1, "dropped": 0}
    assert request(servers.url("/seen?token=p1&probe=p1")).json()["count"] == 3
    preflight_headers = {"Origin": servers.main, "Access-Control-Request-Method": "PUT"}
    request(servers.url("/echo?probe=p1", origin="cors"), "OPTIONS", headers=preflight_headers)
    assert servers.seen("p1") == 3  # preflights are not counted


def test_probe_peak_counts_requests_in_flight_together(servers: Servers) -> None:
    def slow(i: int) -> None:
        request(servers.url(f"/slow?ms=400&i={i}&probe=overlap"))

    with ThreadPoolExecutor(max_workers=4) as pool:
        list(pool.map(slow, range(4)))
    request(servers.url("/slow?ms=10&probe=overlap"))  # alone: must not lower the peak
    assert probe_counts(servers, "overlap") == {"count": 5, "peak": 4, "dropped": 0}


def test_probe_counts_a_client_that_hangs_up(servers: Servers) -> None:
    port = urlsplit(servers.main).port
    with socket.create_connection(("127.0.0.1", port), timeout=5) as client:
        client.sendall(b"GET /drip?chunks=30&delay=50&probe=gone HTTP/1.1\r\nHost: x\r\n\r\n")
        assert client.recv(4096).startswith(b"HTTP/1.1 200")
    deadline = time.monotonic() + 5
    while probe_counts(servers, "gone")["dropped"] == 0 and time.monotonic() < deadline:
        time.sleep(0.05)
    assert probe_counts(servers, "gone") == {"count": 1, "peak": 1, "dropped": 1}
    request(servers.url("/drip?chunks=2&delay=10&probe=stayed"))
    assert probe_counts(servers, "stayed")["dropped"] == 0


def test_closed_port_refuses(servers: Servers) -> None:
    with pytest.raises(ConnectionRefusedError):
        socket.create_connection(("127.0.0.1", servers.closed_port), timeout=2)


def test_tcp_nodelay_on_accepted_connections(servers: Servers) -> None:
    request(servers.url("/hello.txt"))
    httpd = servers.httpds["main"]
    assert httpd.connections_accepted > 0
    assert httpd.connections_nodelay == httpd.connections_accepted


def test_url_helper(servers: Servers) -> None:
    assert servers.url("x", origin="cors") == servers.cors + "/x"
    with pytest.raises(ValueError):
        servers.url("/", origin="elsewhere")


def test_serve_stops_cleanly(tmp_path: Path) -> None:
    with serve({"/": tmp_path}) as running:
        port = urlsplit(running.main).port
        request(running.url("/echo"))
    with pytest.raises(ConnectionRefusedError):
        socket.create_connection(("127.0.0.1", port), timeout=2)
