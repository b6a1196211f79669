"""The seam: every pure module imports in plain CPython; only the transports touch `js`."""

from __future__ import annotations

import importlib
import pkgutil

import pyodide_ajax

PURE = [
    name
    for info in pkgutil.walk_packages(pyodide_ajax.__path__, "pyodide_ajax.")
    if not (name := info.name).startswith("pyodide_ajax._transports.")
    or name.endswith((".base", ".mock"))
]


def test_pure_modules_import_on_the_host():
    assert "pyodide_ajax._ajax" in PURE and "pyodide_ajax._env" in PURE
    for name in PURE:
        importlib.import_module(name)


def test_public_names():
    assert len(set(pyodide_ajax.__all__)) == len(pyodide_ajax.__all__)
    assert pyodide_ajax.ajax is pyodide_ajax.Ajax
    for name in pyodide_ajax.__all__:
        assert hasattr(pyodide_ajax, name)
