"""Events (pyodide_ajax/_events.py): native events carry progress, failures are reported to the
callbacks before they are raised, and an exception in a callback is printed, not raised."""

from __future__ import annotations

import pytest

import pyodide_ajax as ajax
from pyodide_ajax.testing import MockTransport, use_transport
from tests.unit.support import URL, ok


async def test_native_events_carry_progress():
    seen = []
    transport = ok(b"x" * 10, headers=[("Content-Length", "10")], chunks=2)
    with use_transport(transport):
        await ajax.get(URL, onloadstart=seen.append, onprogress=seen.append,
                       onload=seen.append, onloadend=seen.append)  # fmt: skip
    assert [(e.type, e.loaded, e.total) for e in seen] == [
        ("loadstart", 0, 0), ("progress", 5, 10), ("progress", 10, 10),
        ("load", 10, 10), ("loadend", 10, 10),
    ]  # fmt: skip


@pytest.mark.parametrize("blocking", [False, True])
async def test_network_error_is_reported_then_raised(blocking):
    def refuse(request):
        raise ajax.NetworkError("refused (CORS?)")

    events = []
    with use_transport(MockTransport(refuse)), pytest.raises(ajax.NetworkError):
        await ajax.get(URL, blocking=blocking, oncomplete=lambda r: events.append(r.status),
                       onerror=lambda e: events.append(e.type))  # fmt: skip
    assert events == [0, "error"]


def test_callback_exception_is_printed_not_raised(capsys):
    with use_transport(ok()):
        req = ajax.get(URL, blocking=True, oncomplete=lambda r: 1 / 0)
    assert req.status == 200
    assert "ZeroDivisionError" in capsys.readouterr().err
