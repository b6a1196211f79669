"""Choosing a transport (pyodide_ajax/_transports/__init__.py) outside Pyodide: blocking mode
names the way out (a mock transport), and no transport is chosen at all."""

from __future__ import annotations

import pytest

import pyodide_ajax as ajax
from pyodide_ajax import _transports
from tests.unit.support import URL


def test_blocking_mode_outside_pyodide_names_the_way_out():
    with pytest.raises(ajax.UnsupportedRuntimeError, match="MockTransport"):
        ajax.get(URL, blocking=True)


def test_no_transport_outside_pyodide() -> None:
    for blocking in (True, False):
        with pytest.raises(ajax.UnsupportedRuntimeError, match="only inside Pyodide"):
            _transports.choose(blocking, wants_upload=True)
