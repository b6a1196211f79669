"""The seam: every pure module imports in plain CPython; only the transports and the Brython
modules that docs/architecture.md marks JS touch `js`."""

from __future__ import annotations

import importlib
import pkgutil
import re
from pathlib import Path

import pyodide_ajax

DOC = Path(__file__).resolve().parents[2] / "docs" / "architecture.md"
JS_MARKED = {
    f"pyodide_ajax.{name}"
    for name in re.findall(r"^\| `([\w.]+)` \| \w+ \| JS\b", DOC.read_text("utf-8"), flags=re.M)
}
PURE = [
    name
    for info in pkgutil.walk_packages(pyodide_ajax.__path__, "pyodide_ajax.")
    if (
        not (name := info.name).startswith("pyodide_ajax._transports.")
        or name.endswith((".base", ".mock"))
    )
    and name not in JS_MARKED
]


def test_pure_modules_import_on_the_host():
    assert "pyodide_ajax._ajax" in PURE and "pyodide_ajax._env" in PURE
    assert {"pyodide_ajax.brython", "pyodide_ajax.brython._logic"} <= set(PURE)
    assert "pyodide_ajax.brython._dom" in JS_MARKED
    for name in PURE:
        importlib.import_module(name)


def test_public_names():
    assert len(set(pyodide_ajax.__all__)) == len(pyodide_ajax.__all__)
    assert pyodide_ajax.ajax is pyodide_ajax.Ajax
    for name in pyodide_ajax.__all__:
        assert hasattr(pyodide_ajax, name)
