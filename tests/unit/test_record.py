"""The value classes that replaced dataclasses (for import speed in Pyodide) behave like them."""

from __future__ import annotations

import pytest

from pyodide_ajax import ProgressEvent
from pyodide_ajax._request import Multipart, Request
from pyodide_ajax._response import Headers, Response, ResponseHead


def test_fields_defaults_equality_and_repr() -> None:
    request = Request("GET", "http://x/")
    assert request.headers == [] and request.body is None and request.timeout is None
    assert request.stream is False and request.head_first is True
    assert request == Request("GET", "http://x/", [])
    assert request != Request("POST", "http://x/")
    assert repr(ProgressEvent("load", 3, 4, True)) == (
        "ProgressEvent(type='load', loaded=3, total=4, lengthComputable=True, target=None)"
    )
    head = ResponseHead(200, "OK", "http://x/")
    assert isinstance(head.headers, Headers) and len(head.headers) == 0
    assert Response(head) == Response(head, b"") and Response(head).body == b""
    assert hash(Multipart((("a", "1", None),))) == hash(Multipart((("a", "1", None),)))


def test_records_are_frozen() -> None:
    event = ProgressEvent("progress", 1, 2, True)
    with pytest.raises(AttributeError, match="frozen"):
        event.loaded = 5  # type: ignore[misc]
    with pytest.raises(AttributeError, match="frozen"):
        del event.total
    assert event.loaded == 1


def test_a_record_never_equals_another_type() -> None:
    assert ResponseHead(200, "OK", "u") != (200, "OK", "u", Headers())
    assert Request("GET", "u") != "GET"
