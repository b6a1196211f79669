"""The exception tree (pyodide_ajax/_errors.py): what `except OSError` / `TimeoutError` catch."""

from __future__ import annotations

import pyodide_ajax as ajax


def test_exception_tree():
    for cls in (ajax.NetworkError, ajax.TimeoutError, ajax.AbortError):
        assert issubclass(cls, ajax.RequestError) and issubclass(cls, OSError)
    assert issubclass(ajax.TimeoutError, TimeoutError)
    assert issubclass(ajax.HTTPStatusError, ajax.AjaxError)
