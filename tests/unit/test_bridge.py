"""The urllib/requests bridge (`pyodide_ajax._bridge`) in plain CPython: patching and unpatching,
and urllib's and requests' own calls carried by the mock transport, as the browser suites carry
them on JSPI and XMLHttpRequest (tests/browser/scenarios/bridge.py)."""

from __future__ import annotations

import csv
import io
import json
import urllib.error
import urllib.request
import warnings
from collections.abc import Iterator
from typing import Any

import pytest
import requests

import pyodide_ajax as ajax
from pyodide_ajax import _bridge, _env
from pyodide_ajax._bridge._core import build_request, request_body
from pyodide_ajax._bridge._requests import timeout_seconds
from pyodide_ajax._bridge._urllib import AjaxHTTPHandler
from pyodide_ajax._transports.base import failure
from pyodide_ajax.testing import MockResponse, MockTransport, Request, use_transport

URL = "http://app.test/data"
CSV = b"city,population\nParis,2102650\nBerlin,3878100\n"


def answer(request: Request) -> MockResponse:
    """A small server: /csv, /status/<n>, /echo (the request as JSON), /down, /slow."""
    path = request.url.removeprefix("http://app.test")
    if path.startswith("/status/"):
        return MockResponse(int(path[8:11]), b"gone away", [("Content-Type", "text/plain")],
                            status_text="Not Found")  # fmt: skip
    if path == "/down":
        raise failure("error", request)
    if path == "/slow":
        return MockResponse(200, b"late", delay=5.0)
    if path.startswith("/echo"):
        body = request.body.decode("latin-1") if isinstance(request.body, bytes) else request.body
        echo = {"method": request.method, "url": request.url, "headers": dict(request.headers),
                "body": body, "timeout": request.timeout}  # fmt: skip
        return MockResponse(200, json.dumps(echo).encode(), [("Content-Type", "application/json")])
    return MockResponse(200, CSV, [("Content-Type", "text/csv"), ("Content-Length", str(len(CSV)))])


@pytest.fixture
def mock(monkeypatch: pytest.MonkeyPatch) -> Iterator[MockTransport]:
    """Patched as inside Pyodide, every request answered by `answer`; unpatched afterwards."""
    monkeypatch.setattr(_env, "IN_PYODIDE", True)
    transport = MockTransport(answer)
    with use_transport(transport):
        assert ajax.patch_all() == {"urllib": True, "requests": True}
        try:
            yield transport
        finally:
            ajax.unpatch_all()


def test_outside_pyodide_nothing_is_patched_and_a_warning_says_so() -> None:
    handler = urllib.request.HTTPHandler
    with pytest.warns(RuntimeWarning, match="not running in Pyodide"):
        assert ajax.patch_all() == {"urllib": False, "requests": False}
    with pytest.warns(RuntimeWarning, match="not running in Pyodide"):
        assert ajax.patch_urllib() is False
    assert urllib.request.HTTPHandler is handler
    assert requests.adapters.HTTPAdapter.send.__module__ == "requests.adapters"


def test_patching_twice_is_harmless_and_unpatch_all_restores_everything(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(_env, "IN_PYODIDE", True)
    stdlib_handler, stdlib_send = urllib.request.HTTPHandler, requests.adapters.HTTPAdapter.send
    urllib.request.install_opener(urllib.request.build_opener())  # one urlopen() already built
    opener = urllib.request._opener  # type: ignore[attr-defined]
    try:
        for _ in range(2):
            assert ajax.patch_all() == {"urllib": True, "requests": True}
        assert urllib.request.HTTPHandler is AjaxHTTPHandler
        assert [h for h in opener.handlers if isinstance(h, AjaxHTTPHandler)] != []
        ajax.unpatch_all()
        ajax.unpatch_all()  # twice too
        assert urllib.request.HTTPHandler is stdlib_handler
        assert requests.adapters.HTTPAdapter.send is stdlib_send
        assert not [h for h in opener.handlers if isinstance(h, AjaxHTTPHandler)]
        assert AjaxHTTPHandler.__name__ not in repr(opener.handle_open)
    finally:
        urllib.request.install_opener(None)


def test_patch_requests_without_requests_warns(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_env, "IN_PYODIDE", True)
    monkeypatch.setattr(_bridge.importlib.util, "find_spec", lambda name: None)
    with pytest.warns(RuntimeWarning, match="requests is not installed"):
        assert ajax.patch_requests() is False
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        try:
            assert ajax.patch_all() == {"urllib": True, "requests": False}
        finally:
            ajax.unpatch_all()


def test_urlopen_gives_an_http_response_that_csv_and_json_read(mock: MockTransport) -> None:
    with urllib.request.urlopen(URL) as resp:
        assert (resp.status, resp.reason, resp.getcode(), resp.geturl()) == (200, "OK", 200, URL)
        assert resp.headers["content-type"] == resp.getheader("Content-Type") == "text/csv"
        assert resp.transport == "mock"
        rows = list(csv.reader(io.TextIOWrapper(resp, encoding="utf-8")))
    assert rows == [["city", "population"], ["Paris", "2102650"], ["Berlin", "3878100"]]
    assert json.load(urllib.request.urlopen("http://app.test/echo"))["method"] == "GET"
    sent = mock.requests[0]
    assert (sent.method, sent.url, sent.body) == ("GET", URL, None)
    # urllib's own headers the browser owns or that would force a CORS preflight: not sent.
    assert {name for name, _ in sent.headers} & {"user-agent", "host", "connection"} == set()


def test_http_error_carries_code_reason_headers_and_a_readable_body(mock: MockTransport) -> None:
    with pytest.raises(urllib.error.HTTPError) as caught:
        urllib.request.urlopen("http://app.test/status/404")
    exc = caught.value
    assert (exc.code, exc.reason, exc.headers["Content-Type"]) == (404, "Not Found", "text/plain")
    assert exc.read() == b"gone away"


def test_data_posts_with_urllibs_content_type_and_a_request_keeps_method_and_headers(
    mock: MockTransport,
) -> None:
    echo = json.load(urllib.request.urlopen("http://app.test/echo", data=b"a=1", timeout=3))
    assert (echo["method"], echo["body"], echo["timeout"]) == ("POST", "a=1", 3.0)
    assert echo["headers"]["content-type"] == "application/x-www-form-urlencoded"
    request = urllib.request.Request("http://app.test/echo", data=bytes(range(256)),
                                     method="PUT", headers={"X-Custom": "v"})  # fmt: skip
    echo = json.load(urllib.request.urlopen(request))
    assert (echo["method"], echo["headers"]["x-custom"]) == ("PUT", "v")
    assert echo["body"].encode("latin-1") == bytes(range(256))


def test_failures_map_to_urllibs_exceptions_with_the_cores_message(mock: MockTransport) -> None:
    with pytest.raises(urllib.error.URLError) as caught:
        urllib.request.urlopen("http://app.test/down")
    assert isinstance(caught.value.reason, ajax.NetworkError)
    assert "CORS" in str(caught.value) and "Access-Control-Allow-Origin" in str(caught.value)
    with pytest.raises(TimeoutError, match="timed out after 0.01 s"):
        urllib.request.urlopen("http://app.test/slow", timeout=0.01)


def test_bad_input_is_refused_before_anything_is_sent(mock: MockTransport) -> None:
    with pytest.raises(ValueError, match="invalid header name"):
        urllib.request.urlopen(urllib.request.Request(URL, headers={"Bad Name": "x"}))
    with pytest.raises(TypeError, match="data must be bytes"):
        urllib.request.urlopen(URL, data=3.5)  # type: ignore[arg-type]
    assert mock.requests == []


def test_other_schemes_stay_with_urllib(mock: MockTransport, tmp_path: Any) -> None:
    (tmp_path / "f.txt").write_bytes(b"local")
    assert urllib.request.urlopen((tmp_path / "f.txt").as_uri()).read() == b"local"
    assert urllib.request.urlopen("data:text/plain;base64,aGk=").read() == b"hi"
    assert mock.requests == []


def test_urlretrieve_writes_the_body_and_calls_the_hook(mock: MockTransport, tmp_path: Any) -> None:
    calls: list[tuple[int, int, int]] = []
    path, headers = urllib.request.urlretrieve(URL, tmp_path / "out.csv",
                                               lambda *args: calls.append(args))  # fmt: skip
    assert open(path, "rb").read() == CSV and headers["Content-Length"] == str(len(CSV))
    assert calls[0] == (0, 8192, len(CSV)) and len(calls) == 2


def test_requests_through_the_adapter(mock: MockTransport) -> None:
    r = requests.get("http://app.test/echo", params={"q": "a b"}, headers={"X-A": "1"}, timeout=2)
    echo = r.json()
    assert (r.status_code, r.reason, r.url) == (200, "OK", "http://app.test/echo?q=a+b")
    assert echo["headers"]["x-a"] == "1" and echo["timeout"] == 2.0
    assert "user-agent" not in echo["headers"] and r.raw.transport == "mock"
    echo = requests.post("http://app.test/echo", json={"k": [1]}).json()
    assert json.loads(echo["body"]) == {"k": [1]}
    r = requests.get("http://app.test/status/503")
    assert (r.status_code, r.text, r.ok) == (503, "gone away", False)
    with pytest.raises(requests.HTTPError, match="503 Server Error"):
        r.raise_for_status()
    with requests.get(URL, stream=True) as r:
        assert b"".join(r.iter_content(chunk_size=7)) == CSV


def test_requests_failures_map_to_requests_exceptions(mock: MockTransport) -> None:
    with pytest.raises(requests.exceptions.ConnectionError, match="CORS") as caught:
        requests.get("http://app.test/down")
    assert isinstance(caught.value.__cause__, ajax.NetworkError)
    with pytest.raises(requests.exceptions.Timeout, match="timed out after 0.02 s"):
        requests.get("http://app.test/slow", timeout=(0.01, 0.01))


@pytest.mark.parametrize(
    ("given", "seconds"),
    [(None, None), (2, 2.0), ((1, 2), 3.0), ((None, 4), 4.0), ((None, None), None)],
)
def test_a_requests_timeout_is_one_budget_for_the_whole_exchange(given: Any, seconds: Any) -> None:
    assert timeout_seconds(given) == seconds


def test_a_urllib3_timeout_object_counts_its_total_or_its_parts() -> None:
    from urllib3.util import Timeout

    assert timeout_seconds(Timeout(total=5, connect=1, read=1)) == 5.0
    assert timeout_seconds(Timeout(connect=1, read=2)) == 3.0


@pytest.mark.parametrize(
    ("data", "sent"),
    [(None, None), (b"x", b"x"), (bytearray(b"y"), b"y"), ("é", b"\xe9"),
     (io.BytesIO(b"file"), b"file"), ([b"a", b"b"], b"ab")],
)  # fmt: skip
def test_request_body_sends_what_http_client_would(data: Any, sent: bytes | None) -> None:
    assert request_body(data) == sent


def test_get_and_head_never_carry_a_body_and_a_relative_url_needs_a_base() -> None:
    assert build_request("get", "http://h.test/", [], b"x", None).body is None
    assert build_request("POST", "http://h.test/", [], b"x", 0).timeout is None
    with pytest.raises(ValueError, match="forbid the HTTP method"):
        build_request("TRACE", "http://h.test/", [], None, None)
