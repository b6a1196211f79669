"""The Brython drop-in: `from browser import ajax` after `pyodide_ajax.brython.install()`."""

from __future__ import annotations

import importlib
import subprocess
import sys
import types
from collections.abc import Iterator

import pytest

import pyodide_ajax
from pyodide_ajax import brython
from pyodide_ajax.testing import MockResponse, MockTransport, use_transport


@pytest.fixture(autouse=True)
def clean_modules() -> Iterator[None]:
    """Each test starts without `browser` and leaves sys.modules as it found it."""
    saved = {
        name: sys.modules.pop(name) for name in ("browser", "browser.ajax") if name in sys.modules
    }
    yield
    for name in ("browser", "browser.ajax"):
        sys.modules.pop(name, None)
    sys.modules.update(saved)


def test_not_installed_by_default() -> None:
    """Importing the package (even its `brython` module) registers nothing: it is opt-in."""
    code = "import sys, pyodide_ajax, pyodide_ajax.brython; print('browser' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_from_browser_import_ajax() -> None:
    returned = brython.install()
    from browser import ajax  # type: ignore[import-not-found]

    assert ajax is pyodide_ajax
    assert returned is sys.modules["browser"]


def test_import_browser_ajax_as_a_submodule() -> None:
    brython.install()
    import browser.ajax  # type: ignore[import-not-found]

    assert browser.ajax is pyodide_ajax
    assert importlib.import_module("browser.ajax") is pyodide_ajax


def test_brython_code_runs_unchanged() -> None:
    """Brython's own doc example (reading a text file), with a mock server."""
    brython.install()
    seen: list[str] = []
    reply = MockTransport(lambda request: MockResponse(200, "bébé".encode()))
    with use_transport(reply):
        from browser import ajax

        def read(req):  # type: ignore[no-untyped-def]
            seen.append(req.text)

        ajax.get("http://x.test/test.txt", blocking=True, oncomplete=read)
    assert seen == ["bébé"]


def test_keeps_an_existing_browser_module() -> None:
    own = types.ModuleType("browser")
    own.document = "my document"  # type: ignore[attr-defined]
    sys.modules["browser"] = own
    assert brython.install() is own
    from browser import ajax, document

    assert document == "my document"
    assert ajax is pyodide_ajax


def test_install_twice_is_harmless() -> None:
    first = brython.install()
    assert brython.install() is first
    from browser import ajax

    assert ajax is pyodide_ajax
