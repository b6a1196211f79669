"""The fault routes of tools/faults.py, seen by a plain HTTP client (no browser)."""

from __future__ import annotations

import http.client
from collections.abc import Iterator

import pytest

from tools.faults import UNKNOWN_CHARSET
from tools.server import Servers, serve


@pytest.fixture(scope="module")
def servers(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Servers]:
    with serve({"/": tmp_path_factory.mktemp("root")}) as running:
        yield running


def get(servers: Servers, path: str) -> http.client.HTTPResponse:
    host, port = servers.main.removeprefix("http://").split(":")
    conn = http.client.HTTPConnection(host, int(port), timeout=10)
    conn.request("GET", path)
    return conn.getresponse()


def test_short_body_announces_more_than_it_sends(servers):
    response = get(servers, "/fault/short?length=1000&sent=10")
    assert response.status == 200 and response.getheader("Content-Length") == "1000"
    with pytest.raises(http.client.IncompleteRead) as info:
        response.read()
    assert len(info.value.partial) == 10


def test_reset_cuts_the_connection_mid_body(servers):
    response = get(servers, "/fault/reset?length=100000&sent=5000")
    assert response.getheader("Content-Length") == "100000"
    with pytest.raises((ConnectionResetError, http.client.IncompleteRead)):
        response.read()


def test_hang_sends_nothing_then_closes(servers):
    with pytest.raises(http.client.RemoteDisconnected):
        get(servers, "/fault/hang?ms=200")


def test_unknown_charset_and_redirect_loop(servers):
    response = get(servers, "/fault/charset")
    assert response.getheader("Content-Type") == f"text/plain; charset={UNKNOWN_CHARSET}"
    assert response.read() == "héllo wörld".encode()
    response = get(servers, "/fault/loop?probe=p1")
    assert response.status == 302 and response.getheader("Location") == "/fault/loop?probe=p1"
    assert servers.seen("p1") == 1


def test_faults_leave_no_server_errors(servers):
    for httpd in servers.httpds.values():
        assert httpd.errors == []
