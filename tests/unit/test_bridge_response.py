"""The file-like response of the urllib bridge (`_bridge._response`) over a body that arrives
in chunks, as on JSPI (`_transports.stream`), or whole."""

from __future__ import annotations

import io

import pytest

from pyodide_ajax._bridge._core import WholeBody
from pyodide_ajax._bridge._response import BridgeResponse
from pyodide_ajax._errors import NetworkError
from pyodide_ajax._response import Headers, ResponseHead


class Chunks:
    transport = "jspi"

    def __init__(self, *chunks: bytes, fail: bool = False) -> None:
        self.chunks = list(chunks)
        self.pulls = 0
        self.closed = False
        self.fail = fail

    def next_chunk(self) -> bytes:
        self.pulls += 1
        if not self.chunks:
            if self.fail:
                raise NetworkError("the response body was cut short")
            return b""
        return self.chunks.pop(0)

    def read_all(self) -> bytes:
        rest = b"".join(self.chunks)
        self.chunks = []
        return rest

    def close(self) -> None:
        self.closed = True


def response(source: object, length: int | None = None) -> BridgeResponse:
    headers = [("Content-Type", "text/plain"), ("Set-Thing", "a"), ("Set-Thing", "b")]
    if length is not None:
        headers.append(("Content-Length", str(length)))
    head = ResponseHead(200, "OK", "http://x.test/final", Headers(headers))
    return BridgeResponse(head, source)  # type: ignore[arg-type]


def test_read_n_pulls_only_what_it_needs() -> None:
    source = Chunks(b"abc", b"defg", b"hi")
    resp = response(source, 9)
    assert resp.read(2) == b"ab" and source.pulls == 1
    assert resp.read(4) == b"cdef" and source.pulls == 2 and resp.length == 3
    assert resp.read(10) == b"ghi" and resp.read(1) == b"" and resp.length == 0


def test_readline_iteration_readinto_and_text() -> None:
    resp = response(Chunks(b"one\ntw", b"o\n", b"thr", b"ee"))
    assert resp.readline() == b"one\n"
    assert list(resp) == [b"two\n", b"three"]
    resp = response(Chunks(b"12", b"345"))
    buffer = bytearray(4)
    assert resp.readinto(buffer) == 4 and buffer == b"1234"
    assert resp.readline(5) == b"5"
    text = io.TextIOWrapper(response(Chunks("é\n".encode(), b"z")), encoding="utf-8")
    assert text.read() == "é\nz"


def test_read_all_after_a_partial_read_and_close() -> None:
    source = Chunks(b"ab", b"cd", b"ef")
    with response(source) as resp:
        assert resp.read(3) == b"abc" and resp.read() == b"def"
    assert resp.closed and source.closed and resp.read() == b""


def test_whole_body_is_handed_over_without_copy() -> None:
    body = bytes(range(256)) * 1000
    assert response(WholeBody(body, "xhr-worker")).read() is body


def test_headers_are_an_email_message() -> None:
    resp = response(Chunks())
    assert resp.info() is resp.headers and resp.headers["content-type"] == "text/plain"
    assert resp.getheader("set-thing") == "a, b" and resp.getheader("nope", "d") == "d"
    assert (resp.code, resp.geturl()) == (200, "http://x.test/final")


def test_failure_mid_body_is_mapped() -> None:
    resp = response(Chunks(b"ab", fail=True))
    with pytest.raises(NetworkError):
        resp.read(10)
    resp = response(Chunks(b"ab", fail=True))
    resp.map_error = lambda exc: ConnectionResetError(str(exc))
    with pytest.raises(ConnectionResetError, match="cut short"):
        list(resp.stream(1))


def test_a_head_response_has_no_body_to_pull() -> None:
    source = Chunks(b"never")
    head = ResponseHead(200, "OK", "http://x.test/", Headers([("Content-Length", "5")]))
    resp = BridgeResponse(head, source, "HEAD")
    assert resp.read() == b"" and resp.read(3) == b"" and source.pulls == 0


def test_peek_and_read1_hand_out_one_chunk_at_a_time() -> None:
    resp = response(Chunks(b"abc", b"de"))
    assert resp.peek() == b"abc" and resp.read1(2) == b"ab" and resp.read1() == b"c"
    assert resp.read1() == b"de" and resp.read1() == b"" and resp.transport == "jspi"
