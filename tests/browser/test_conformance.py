"""Brython conformance, second pass (issue 15): each difference that broke real Brython code,
run in a Chromium page as Brython code writes it (object API and shortcuts)."""

from __future__ import annotations

from typing import Any

import pytest

from tools.server import Servers

from .conftest import run

pytestmark = pytest.mark.page


def test_response_is_the_javascript_arraybuffer_or_blob(page: Any, servers: Servers) -> None:
    result = run(
        page,
        f"""
from js import ArrayBuffer, Blob, Object
kinds = []
for response_type in ("arraybuffer", "blob"):
    req = ajax.Ajax()
    req.open("GET", {servers.url("/brython.png")!r}, True)
    req.responseType = response_type
    req.send()
    await req
    tag = str(Object.prototype.toString.call(req.response))
    size = req.response.byteLength if response_type == "arraybuffer" else req.response.size
    kinds.append([tag, size, len(req.read()), type(req.read()).__name__,
                  req.response is req.response])
    if response_type == "arraybuffer":
        from js import Uint8Array
        same = bytes(Uint8Array.new(req.response).to_py()) == req.read()
blob_type = req.response.type
result = [kinds, blob_type, same]
""",
    )
    kinds, blob_type, same_bytes = result
    png = kinds[0][2]
    assert png > 100 and same_bytes
    assert kinds[0] == ["[object ArrayBuffer]", png, png, "bytes", True]
    assert kinds[1] == ["[object Blob]", png, png, "bytes", True]
    assert blob_type == "image/png"


def test_object_api_text_is_decoded_as_the_browser_does(page: Any, servers: Servers) -> None:
    url = servers.url("/files/text-latin1.txt")
    result = run(
        page,
        f"""
texts = []
for override in (None, "text/plain; charset=iso-8859-1"):
    req = ajax.Ajax()
    req.open("GET", {url!r}, True)
    if override:
        req.overrideMimeType(override)
    req.send()
    await req
    texts.append(req.text)
strict = await ajax.get({url!r})
try:
    strict.text
    texts.append("no error")
except UnicodeDecodeError:
    texts.append("UnicodeDecodeError")
result = texts
""",
    )
    assert result == ["b\ufffdb\ufffd", "bébé", "UnicodeDecodeError"]


def test_set_timeout_as_real_code_calls_it(page: Any, servers: Servers) -> None:
    result = run(
        page,
        f"""
out = []
req = ajax.Ajax()
req.open("GET", {servers.url("/files/text-utf8.txt")!r}, True)
req.set_timeout("20000", lambda: out.append("timeout"))
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    req2 = ajax.Ajax()
    req2.open("GET", {servers.url("/files/text-utf8.txt")!r}, True)
    req2.set_timeout(5, "timeout message")
    req3 = ajax.get({servers.url("/files/text-utf8.txt")!r}, timeout=5, ontimeout="late")
req.send(); req2.send()
await req; await req2; await req3
result = [req.text, req2.text, req3.text, out,
          [(w.category.__name__, str(w.message), w.filename) for w in caught]]
""",
    )
    first, second, third, fired, caught = result
    assert (first, second, third, fired) == ("bébé", "bébé", "bébé", [])
    assert [c[0] for c in caught] == ["UserWarning", "UserWarning"]
    assert all("must be callable" in c[1] and "pyodide_ajax" not in c[2] for c in caught), caught


def test_header_values_are_sent_as_javascript_writes_them(page: Any, servers: Servers) -> None:
    headers = run(
        page,
        f"""
req = await ajax.get({servers.url("/echo")!r},
                     headers={{"X-B": True, "X-N": False, "X-I": 7, "X-F": 1.5, "X-W": 2.0}})
result = req.json["headers"]
""",
    )
    assert [headers[k] for k in ("x-b", "x-n", "x-i", "x-f", "x-w")] == [
        "true",
        "false",
        "7",
        "1.5",
        "2",
    ]


def test_empty_encoding_is_absent_in_every_mode(page: Any, servers: Servers) -> None:
    result = run(
        page,
        f"""
binary = await ajax.get({servers.url("/files/text-utf8.txt")!r}, mode="binary", encoding="")
text = ajax.get({servers.url("/files/text-utf8.txt")!r}, True, encoding="")
result = [binary.read().decode(), text.text, text.encoding]
""",
    )
    assert result == ["bébé", "bébé", None]


def test_callback_lookalike_attributes_warn(page: Any) -> None:
    result = run(
        page,
        """
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    req = ajax.Ajax()
    req.oncomplete = print
    req.on_complete = print
result = [str(w.message) for w in caught]
""",
    )
    assert len(result) == 2 and all("req.bind('complete', callback)" in m for m in result)


def test_blocking_network_error_message_reads_well(page: Any, servers: Servers) -> None:
    message = run(
        page,
        f"""
try:
    ajax.get("http://127.0.0.1:{servers.closed_port}/x", True)
    result = "no error"
except ajax.NetworkError as exc:
    result = str(exc)
""",
    )
    assert "status 0" in message and ".." not in message
