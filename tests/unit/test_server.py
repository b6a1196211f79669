"""Host-side tests for tools/server.py, the server every browser test relies on.

They use http.client (not a browser), so a failure here points at the server,
not at pyodide-ajax.
"""

from __future__ import annotations

import http.client
import json
import socket
import threading
import time
import urllib.request
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from email.message import Message
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from tools.server import Servers, parse_form, serve

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


@dataclass
class Reply:
    status: int
    reason: str
    headers: Message
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)


def request(
    url: str,
    method: str = "GET",
    body: bytes | None = None,
    headers: Mapping[str, str] | Sequence[tuple[str, str]] = (),
) -> Reply:
    """One request over a fresh connection; no redirects followed, no error raising."""
    parts = urlsplit(url)
    conn = http.client.HTTPConnection(parts.hostname or "", parts.port, timeout=10)
    try:
        target = parts.path + (f"?{parts.query}" if parts.query else "")
        conn.putrequest(method, target, skip_accept_encoding=True)
        pairs = headers.items() if isinstance(headers, Mapping) else headers
        for name, value in pairs:
            conn.putheader(name, value)
        if body is not None:
            conn.putheader("Content-Length", str(len(body)))
        conn.endheaders(body)
        response = conn.getresponse()
        return Reply(response.status, response.reason, response.headers, response.read())
    finally:
        conn.close()


def cors_headers(reply: Reply) -> dict[str, str]:
    return {k: v for k, v in reply.headers.items() if k.lower().startswith("access-control-")}


@pytest.fixture(scope="module")
def tree(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("static")
    (base / "secret.txt").write_text("outside every root")
    root = base / "root"
    (root / "sub").mkdir(parents=True)
    (root / "index.html").write_text("<p>root index</p>")
    (root / "hello.txt").write_text("hello")
    (root / "module.wasm").write_bytes(b"\0asm\1\0\0\0")
    (root / "mod.mjs").write_text("export {}")
    (root / "pkg.whl").write_bytes(b"PK")
    (root / "lock.json").write_text("{}")
    (root / "repodata.tar").write_bytes(b"tar")
    (root / "pyodide.data").write_bytes(b"data")
    (root / "sub" / "index.html").write_text("<p>sub index</p>")
    site = base / "site"
    site.mkdir()
    (site / "index.html").write_text("<p>site index</p>")
    (site / "hello.txt").write_text("hello from site")
    return base


@pytest.fixture(scope="module")
def servers(tree: Path) -> Iterator[Servers]:
    with serve({"/": tree / "root", "/site/": tree / "site"}) as running:
        yield running
        for httpd in running.httpds.values():
            assert httpd.errors == [], httpd.errors


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


# --------------------------------------------------------------------------- /echo and friends


def test_echo_get_with_query(servers: Servers) -> None:
    data = request(servers.url("/echo?a=1&b=&a=2&c=%C3%A9"), headers={"X-Test": "yes"}).json()
    assert data["method"] == "GET"
    assert data["path"] == "/echo"
    assert data["raw_query"] == "a=1&b=&a=2&c=%C3%A9"
    assert data["query"] == {"a": ["1", "2"], "b": [""], "c": ["é"]}
    assert data["headers"]["x-test"] == "yes"
    assert (data["body_hex"], data["content_type"], data["form"]) == ("", None, {})


def test_echo_post_urlencoded(servers: Servers) -> None:
    body = b"name=a&name=b&empty=&x=%C3%A9+y"
    content_type = "application/x-www-form-urlencoded"
    data = request(servers.url("/echo"), "POST", body, {"Content-Type": content_type}).json()
    assert data["form"] == {"name": "b", "empty": "", "x": "é y"}
    assert data["form_lists"]["name"] == ["a", "b"]
    assert data["body_text"] == body.decode()
    assert data["content_type"] == content_type


def test_echo_post_multipart(servers: Servers) -> None:
    blob = bytes(range(256))
    body = (
        b"--B0undary\r\n"
        b'Content-Disposition: form-data; name="text"\r\n\r\n'
        b"h\xc3\xa9llo\r\n"
        b"--B0undary\r\n"
        b'Content-Disposition: form-data; name="upload"; filename="blob.bin"\r\n'
        b"Content-Type: application/octet-stream\r\n\r\n" + blob + b"\r\n"
        b"--B0undary--\r\n"
    )
    headers = {"Content-Type": "multipart/form-data; boundary=B0undary"}
    data = request(servers.url("/echo"), "POST", body, headers).json()
    assert data["form"] == {"text": "héllo"}
    assert data["filenames"] == {"upload": "blob.bin"}
    assert data["files_hex"] == {"upload": blob.hex()}
    assert data["form_error"] is None


def test_echo_multipart_without_boundary_does_not_crash(servers: Servers) -> None:
    headers = {"Content-Type": "multipart/form-data"}
    data = request(servers.url("/echo"), "POST", b"--x\r\n\r\nzz", headers).json()
    assert (data["form"], data["files"]) == ({}, {})
    assert "boundary" in data["form_error"]


def test_parse_form_edge_cases() -> None:
    assert parse_form("multipart/form-data; boundary=Q", b"garbage").form_error
    assert parse_form("multipart/form-data; boundary=Q", b"--Q--\r\n").form_error is None
    assert parse_form("text/plain", b"a=1").form == {}


def test_echo_put_bytes_and_odd_methods(servers: Servers) -> None:
    body = bytes([0, 255, 10, 13, 128])
    data = request(servers.url("/echo"), "PUT", body).json()
    assert (data["method"], data["body_hex"]) == ("PUT", body.hex())
    assert request(servers.url("/echo"), "PROPFIND").json()["method"] == "PROPFIND"
    # OPTIONS without Access-Control-Request-Method is not a preflight: it is echoed.
    assert request(servers.url("/echo"), "OPTIONS").json()["method"] == "OPTIONS"


def test_echo_joins_repeated_headers(servers: Servers) -> None:
    headers = [("X-Multi", "one"), ("X-Multi", "two"), ("Cookie", "a=1")]
    data = request(servers.url("/echo"), headers=headers).json()
    assert data["headers"]["x-multi"] == "one, two"
    assert data["headers"]["cookie"] == "a=1"


def test_echo_chunked_request_body(servers: Servers) -> None:
    conn = http.client.HTTPConnection("127.0.0.1", urlsplit(servers.main).port, timeout=5)
    try:
        for chunks in ([b"ab", b"cd"], [b"xyz"]):  # twice: the framing must stay in sync
            conn.request("POST", "/echo", body=iter(chunks), encode_chunked=True)
            assert json.loads(conn.getresponse().read())["body_text"] == b"".join(chunks).decode()
    finally:
        conn.close()


def test_ajax_get_and_post(servers: Servers) -> None:
    reply = request(servers.url("/ajax_get?foo=34&1722700000000"))
    assert reply.body == b"{'foo': '34', '1722700000000': ''}"
    assert request(servers.url("/ajax_post"), "POST", b"x=1&y=\xe9").body == b"x=1&y=\xe9"


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


# --------------------------------------------------------------------------- timing & bodies


def test_slow_does_not_block_other_requests(servers: Servers) -> None:
    finished: list[str] = []
    lock = threading.Lock()

    def fetch(name: str, path: str) -> None:
        request(servers.url(path))
        with lock:
            finished.append(name)

    slow = threading.Thread(target=fetch, args=("slow", "/slow?ms=400&probe=slow-block"))
    slow.start()
    deadline = time.monotonic() + 5
    while servers.seen("slow-block") == 0 and time.monotonic() < deadline:
        time.sleep(0.005)  # wait until the slow request is being handled
    fetch("fast", "/hello.txt")
    slow.join()
    assert finished == ["fast", "slow"]


def test_slow_body(servers: Servers) -> None:
    assert request(servers.url("/slow?ms=10")).body == b"slow done"


@pytest.mark.parametrize("n", [0, 1, 256, 1000, 3 * 1024 * 1024 + 7])
def test_bytes_exact(servers: Servers, n: int) -> None:
    reply = request(servers.url(f"/bytes?n={n}"))
    assert reply.headers["Content-Length"] == str(n)
    assert reply.body == (bytes(range(256)) * (n // 256 + 1))[:n]


def test_bytes_default_is_256(servers: Servers) -> None:
    assert request(servers.url("/bytes")).body == bytes(range(256))


def test_drip(servers: Servers) -> None:
    reply = request(servers.url("/drip?chunks=3&size=5&delay=10"))
    assert reply.body == b"aaaaabbbbbccccc"
    assert reply.headers["Content-Length"] == "15"
    assert reply.headers["X-Content-Type-Options"] == "nosniff"
    assert reply.headers["Content-Type"] == "text/plain"
    chunked = request(servers.url("/drip?chunks=2&size=3&delay=0&chunked=1&type=text/html"))
    assert chunked.body == b"aaabbb" and chunked.headers["Transfer-Encoding"] == "chunked"
    assert chunked.headers["Content-Type"] == "text/html"


def test_redirect(servers: Servers) -> None:
    reply = request(servers.url("/redirect"))
    assert (reply.status, reply.headers["Location"], reply.body) == (
        302,
        "/files/text-utf8.txt",
        b"",
    )
    moved = request(servers.url("/redirect?to=/echo&status=307"))
    assert (moved.status, moved.headers["Location"]) == (307, "/echo")
    hop = request(servers.url("/coi/redirect/2?probe=x"))
    assert hop.headers["Location"] == "/coi/redirect/1?probe=x"


def test_redirect_chain_followed(servers: Servers) -> None:
    with urllib.request.urlopen(servers.url("/redirect/3?probe=chain"), timeout=5) as response:
        assert response.read() == b"redirected"
    assert servers.seen("chain") == 4


def test_status(servers: Servers) -> None:
    reply = request(servers.url("/status/404"))
    assert (reply.status, reply.reason, reply.body) == (404, "Not Found", b"nope")
    custom = request(servers.url("/status/503?body=down"))
    assert (custom.status, custom.body) == (503, b"down")
    empty = request(servers.url("/status/204"))
    assert (empty.status, empty.body, empty.headers["Content-Length"]) == (204, b"", None)


# --------------------------------------------------------------------------- fixtures & cookies


def test_fixtures(servers: Servers) -> None:
    utf8 = request(servers.url("/files/text-utf8.txt"))
    assert (utf8.body, utf8.headers["Content-Type"]) == (b"b\xc3\xa9b\xc3\xa9", "text/plain")
    latin = request(servers.url("/files/text-latin1-charset.txt"))
    assert latin.headers["Content-Type"] == "text/plain; charset=iso-8859-1"
    assert request(servers.url("/files/text-latin9.txt")).body.decode("iso-8859-15") == "sœur"
    glossary = request(servers.url("/files/glossary.json")).json()
    assert glossary["glossary"]["GlossDiv"]["GlossList"]["GlossEntry"]["ID"] == "SGML"
    catalog = request(servers.url("/catalog.xml")).body
    assert catalog == request(servers.url("/files/catalog.xml")).body
    assert catalog.count(b"<CD>") == 3 and b"<ARTIST>Wolf Alice</ARTIST>" in catalog
    png = request(servers.url("/brython.png"))
    assert png.body.startswith(PNG_SIGNATURE) and png.headers["Content-Type"] == "image/png"
    misc = request(servers.url("/json_misc")).body
    assert misc == b'{"a":1,"b":1.5,"c":null,"d":true,"e":[1,"x"],"f":2.0}'
    assert b"<title>page</title>" in request(servers.url("/files/page.html")).body
    assert request(servers.url("/notjson")).body == b"not json"


def test_cookies(servers: Servers) -> None:
    reply = request(servers.url("/cookie/set?name=flavour&value=oat"))
    assert reply.headers["Set-Cookie"] == "flavour=oat; Path=/; SameSite=Lax; HttpOnly"
    headers = {"Cookie": "flavour=oat; x=1", "Authorization": "Basic dTpw"}
    data = request(servers.url("/cookie/check"), headers=headers).json()
    assert data == {"cookies": {"flavour": "oat", "x": "1"}, "authorization": "Basic dTpw"}
    assert request(servers.url("/cookie/check")).json()["authorization"] is None
    assert request(servers.url("/cookie/set?name=a&value=b%0D%0Ac")).status == 400


# --------------------------------------------------------------------------- probes & sockets


def test_probe_counting(servers: Servers) -> None:
    assert servers.seen("p1") == 0
    request(servers.url("/hello.txt?probe=p1"))
    request(servers.url("/no-such?probe=p1", origin="nocors"))
    request(servers.url("/echo?probe=p1", origin="cors"), "POST", b"x")
    assert servers.seen("p1") == 3
    assert request(servers.url("/seen?token=p1")).json() == {"count": 3}
    assert request(servers.url("/seen?token=p1&probe=p1")).json() == {"count": 3}
    preflight_headers = {"Origin": servers.main, "Access-Control-Request-Method": "PUT"}
    request(servers.url("/echo?probe=p1", origin="cors"), "OPTIONS", headers=preflight_headers)
    assert servers.seen("p1") == 3  # preflights are not counted


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
