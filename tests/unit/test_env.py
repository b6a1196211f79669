"""The environment probe (pyodide_ajax/_env.py) in plain CPython: the base URL of a worker
started from a `blob:` URL (PyScript's workers, issue 9). The browser side (a real PyScript
worker, with and without cross-origin isolation) is in tests/embed/test_pyscript.py."""

from __future__ import annotations

from pyodide_ajax._env import worker_base
from pyodide_ajax._request import resolve_url

BLOB = "blob:http://127.0.0.1:8000/0f6c1c9e-6a8e-4e43-a1a4-5b8a6e0d2f11"
PAGE = "http://127.0.0.1:8000/coi/pages/worker.html"


def test_blob_worker_uses_the_page_when_pyscript_exposes_it() -> None:
    assert worker_base(BLOB, lambda: PAGE) == PAGE
    assert resolve_url("../api/x?a=1", worker_base(BLOB, lambda: PAGE)) == (
        "http://127.0.0.1:8000/coi/api/x?a=1"
    )


def test_blob_worker_without_a_page_keeps_the_blob_url() -> None:
    assert worker_base(BLOB, lambda: None) == BLOB
    assert worker_base(BLOB, lambda: "about:blank") == BLOB


def test_ordinary_worker_never_asks_for_the_page() -> None:
    def page() -> str:
        raise AssertionError("asked for the page")

    script = "http://127.0.0.1:8000/worker.js"
    assert worker_base(script, page) == script
    assert worker_base(None, page) is None
