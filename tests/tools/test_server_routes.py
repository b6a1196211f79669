"""Host-side tests of the test API's routes (tools/server/routes.py): /echo and forms, slow and
dripping bodies, redirects, status codes, fixtures and cookies; with http.client, no browser."""

from __future__ import annotations

import http.client
import json
import threading
import time
import urllib.request
from urllib.parse import urlsplit

import pytest

from tests.tools.server_client import PNG_SIGNATURE, request
from tools.server import Servers, parse_form

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
