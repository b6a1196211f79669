"""The strings fetch and XMLHttpRequest exchange with JavaScript (`_transports/_wire.py`):
what the JavaScript side splits must come back exactly, and a JavaScript failure must land in
our exception tree by its `name`, whatever the browser wrote in its message."""

from __future__ import annotations

import pytest

import pyodide_ajax as ajax
from pyodide_ajax._request import Request
from pyodide_ajax._transports._wire import header_lines, map_js_error, parse_head, timeout_ms


def request(headers: list[tuple[str, str]] | None = None, timeout: float | None = None) -> Request:
    url = "http://app.test/x"
    return Request(method="GET", url=url, headers=headers or [], body=None, timeout=timeout)


def test_header_lines_alternate_names_and_values() -> None:
    lines = header_lines(request([("X-A", "1, 2"), ("Accept", "text/plain; q=0.5")]))
    assert lines.split("\n") == ["X-A", "1, 2", "Accept", "text/plain; q=0.5"]
    assert header_lines(request()) == ""


@pytest.mark.parametrize(
    ("seconds", "ms"), [(None, 0), (0.0, 0), (2.5, 2500), (0.0001, 1), (0.0015, 2)]
)
def test_timeout_ms_never_turns_a_tiny_timeout_into_none(seconds: float | None, ms: int) -> None:
    assert timeout_ms(request(timeout=seconds)) == ms


def test_parse_head_reads_status_url_and_headers() -> None:
    text = "404\nNot Found\nhttp://app.test/final\ncontent-type: text/plain\r\nx-b: 1\r\n"
    head = parse_head(text, request())
    assert (head.status, head.status_text, head.url) == (404, "Not Found", "http://app.test/final")
    assert head.headers["Content-Type"] == "text/plain" and head.headers["X-B"] == "1"


def test_parse_head_without_a_url_keeps_the_requests_and_a_status_text_may_be_empty() -> None:
    head = parse_head("200\n\n\n", request())
    assert (head.status, head.status_text, head.url) == (200, "", "http://app.test/x")
    assert dict(head.headers) == {}


class FakeJsError(Exception):
    """What pyodide.ffi.JsException carries that we read: the JavaScript error's `name`."""

    def __init__(self, name: str, message: str) -> None:
        super().__init__(message)
        self.name = name


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("TimeoutError", ajax.TimeoutError),
        ("AbortError", ajax.AbortError),
        ("TypeError", ajax.NetworkError),
        ("NetworkError", ajax.NetworkError),
    ],
)
def test_map_js_error_goes_by_name(name: str, kind: type[Exception]) -> None:
    # The message is Firefox's wording for every failure: only `name` may decide.
    error = map_js_error(FakeJsError(name, "NetworkError when attempting to fetch resource."),  # type: ignore[arg-type]
                         request(timeout=1.0))  # fmt: skip
    assert type(error) is kind and error.url == "http://app.test/x"


def test_a_network_failure_keeps_the_browsers_words() -> None:
    error = map_js_error(FakeJsError("TypeError", "Failed to fetch"), request())  # type: ignore[arg-type]
    assert "Failed to fetch" in str(error)


def test_check_complete_refuses_a_body_shorter_than_its_content_length() -> None:
    from pyodide_ajax._response import Headers, ResponseHead
    from pyodide_ajax._transports._wire import check_complete

    ten = Headers([("Content-Length", "10")])
    head = ResponseHead(200, "OK", "http://h.test/", ten)
    get = Request("GET", "http://h.test/")
    check_complete(get, head, 10)
    with pytest.raises(ajax.NetworkError, match="cut short: 4 of 10 bytes arrived"):
        check_complete(get, head, 4)
    check_complete(Request("HEAD", "http://h.test/"), head, 0)  # HEAD has no body
    check_complete(get, ResponseHead(204, "No Content", "http://h.test/", ten), 0)
