"""Upload progress in a Chromium page: a request with upload callbacks travels on an async
XMLHttpRequest (transport "xhr-async") whose `upload` events reach Python as ProgressEvents;
everything else about the request behaves as on fetch."""

from __future__ import annotations

from typing import Any

import pytest

from tools.server import Servers

from .conftest import run

pytestmark = pytest.mark.page
MiB = 1024 * 1024


def test_shortcut_reports_upload_progress_up_to_the_whole_body(page: Any, servers: Servers) -> None:
    result = run(
        page,
        f"""
ups, downs = [], []
req = await ajax.post({servers.url("/upload-sink")!r}, data=bytes(8 * {MiB}),
                      onuploadprogress=lambda e: ups.append([e.loaded, e.total,
                                                             e.lengthComputable]),
                      onuploadload=lambda e: ups.append(["load", e.loaded]),
                      oncomplete=lambda r: downs.append(r.status))
result = [req.transport, req.status, req.json, ups, downs]
""",
    )
    transport, status, reply, ups, downs = result
    assert (transport, status, reply, downs) == ("xhr-async", 200, {"received": 8 * MiB}, [200])
    progress = [u for u in ups if u[0] != "load"]
    assert progress and progress[-1] == [8 * MiB, 8 * MiB, True]
    assert [u[0] for u in progress] == sorted(u[0] for u in progress)
    assert ups[-1] == ["load", 8 * MiB]


def test_object_api_upload_onprogress_like_brython(page: Any, servers: Servers) -> None:
    reply, loaded, transport = run(
        page,
        f"""
loaded = []
req = ajax.Ajax()
req.open("POST", {servers.url("/echo")!r}, True)
req.upload.onprogress = lambda e: loaded.append(e.loaded)
req.set_header("content-type", "application/x-www-form-urlencoded")
req.send({{"x": 0, "y": 1}})
await req
result = [req.json["form"], loaded, req.transport]
""",
    )
    assert reply == {"x": "0", "y": "1"} and loaded[-1] == len("x=0&y=1")
    assert transport == "xhr-async"


def test_download_side_is_unchanged(page: Any, servers: Servers) -> None:
    result = run(
        page,
        f"""
events = []
req = await ajax.put({servers.url("/drip?chunks=3&size=5&delay=20")!r}, data="abc",
                     mode="binary", onuploadloadend=lambda e: events.append("up:" + e.type),
                     onloaded=lambda r: events.append("loaded"),
                     onprogress=lambda e: events.append("progress"),
                     onload=lambda e: events.append("load"))
result = [req.read().decode(), req.headers["content-length"], events]
""",
    )
    body, length, events = result
    assert (body, length) == ("aaaaabbbbbccccc", "15")
    assert events[0] == "up:loadend" and "loaded" in events and events[-1] == "load"
    assert events.index("loaded") < events.index("progress")


def test_without_upload_callbacks_fetch_is_used(page: Any, servers: Servers) -> None:
    assert run(
        page,
        f"""
req = await ajax.post({servers.url("/upload-sink")!r}, data=b"12345")
result = [req.transport, req.json]
""",
    ) == ["fetch", {"received": 5}]


@pytest.mark.parametrize(
    ("path", "kwargs", "error", "event"),
    [
        ("/slow?ms=3000", "timeout=0.3", "TimeoutError", "timeout"),
        ("/slow?ms=3000", "", "AbortError", "abort"),
        ("closed", "", "NetworkError", "error"),
    ],
)
def test_failures_are_typed_and_fire_events(
    page: Any, servers: Servers, path: str, kwargs: str, error: str, event: str
) -> None:
    url = f"http://127.0.0.1:{servers.closed_port}/" if path == "closed" else servers.url(path)
    abort = "req.abort()" if error == "AbortError" else ""
    # Brython's `ontimeout=` keyword takes no argument; the other events get a ProgressEvent.
    callback = (
        "lambda: events.append('timeout')"
        if event == "timeout"
        else "lambda e: events.append(e.type)"
    )
    result = run(
        page,
        f"""
import asyncio
events = []
req = ajax.post({url!r}, data="x", {kwargs + "," if kwargs else ""}
                onuploadprogress=lambda e: None,
                oncomplete=lambda r: events.append(r.status),
                on{event}={callback},
                onloadend=lambda e: events.append(e.type))
await asyncio.sleep(0.05)
{abort}
try:
    await req
    result = ["no error", events]
except ajax.RequestError as exc:
    result = [type(exc).__name__, events, req.transport]
""",
    )
    assert result == [error, [0, event, "loadend"], "xhr-async"]


def test_abort_right_after_the_call(page: Any, servers: Servers) -> None:
    """abort() before the transport even started: an AbortError, never a raw JS error."""
    result = run(
        page,
        f"""
events = []
req = ajax.post({servers.url("/upload-sink")!r}, data=b"x" * 1000,
                onuploadprogress=lambda e: None, onabort=lambda e: events.append(e.type))
req.abort()
try:
    await req
    result = ["no error"]
except ajax.AbortError:
    result = ["AbortError", events, req.status]
""",
    )
    assert result == ["AbortError", ["abort"], 0]
