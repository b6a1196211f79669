"""`req.upload` and `onupload<event>=`: binding and validation on the host. The events
themselves come from a browser's XMLHttpRequest: tests/browser/test_upload_progress.py."""

from __future__ import annotations

import pytest

import pyodide_ajax as ajax
from pyodide_ajax._upload import Upload
from pyodide_ajax.testing import MockResponse, MockTransport, use_transport

URL = "http://app.test/up"


def test_on_attribute_and_bind_fire_progress_events() -> None:
    req = ajax.Ajax()
    seen: list[tuple[str, int, int, bool, object]] = []
    req.upload.onprogress = lambda e: seen.append(
        (e.type, e.loaded, e.total, e.lengthComputable, e.target)
    )
    assert req.upload.bind("load", lambda e: seen.append((e.type, 0, 0, False, None))) is req.upload
    assert req.upload.wanted
    req.upload.fire("progress", 5, 10)
    req.upload.fire("progress", 7, None)
    req.upload.fire("load", 10, 10)
    req.upload.fire("loadend", 10, 10)  # nothing bound: nothing happens
    assert seen == [
        ("progress", 5, 10, True, req),
        ("progress", 7, 0, False, req),
        ("load", 0, 0, False, None),
    ]


def test_nothing_bound_means_not_wanted() -> None:
    assert not Upload().wanted


@pytest.mark.parametrize(
    ("event", "callback", "error"),
    [
        ("complete", print, ValueError),  # a download pseudo-event: not an upload event
        ("bogus", print, ValueError),
        (3, print, TypeError),
        ("progress", "not callable", TypeError),
    ],
)
def test_bad_bindings_are_refused(event: object, callback: object, error: type) -> None:
    with pytest.raises(error):
        Upload().bind(event, callback)  # type: ignore[arg-type]


def test_other_attributes_are_refused() -> None:
    with pytest.raises(AttributeError):
        ajax.Ajax().upload.progress = print  # type: ignore[attr-defined]


def test_onupload_keywords_bind_the_upload_object() -> None:
    mock = MockTransport(lambda r: MockResponse(200, b"ok"))
    with use_transport(mock):
        req = ajax.post(URL, True, data=b"x" * 10, onuploadprogress=print, onuploadloadend=print)
    assert req.upload.wanted and req.transport == "mock" and req.text == "ok"


def test_an_unknown_upload_keyword_stops_before_sending() -> None:
    mock = MockTransport(lambda r: MockResponse(200))
    with use_transport(mock), pytest.raises(ValueError, match="valid upload events"):
        ajax.post(URL, data="x", onuploadcomplete=print)
    assert mock.requests == []


def test_the_mock_refuses_upload_callbacks_in_async_mode() -> None:
    mock = MockTransport(lambda r: MockResponse(200))
    with use_transport(mock), pytest.raises(ajax.UnsupportedRuntimeError, match="upload"):
        ajax.post(URL, data="x", onuploadprogress=print)
    assert mock.requests == []

