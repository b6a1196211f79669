"""Brython's `javascript` module: `JSON` on Python objects, `NULL`, `UNDEFINED` and the
JavaScript constructors (`Date.new(...)`, `Math`, `RegExp`, `String`, `Number`)."""

from __future__ import annotations

from typing import Any

import js
import pyodide.ffi
from pyodide.ffi import JsProxy

from ._logic import json_parse, json_stringify

__all__ = ["JSON", "NULL", "UNDEFINED", "Date", "JSObject", "Math", "Number", "RegExp", "String"]

JSObject = JsProxy
NULL: Any = getattr(pyodide.ffi, "jsnull", None)  # Pyodide < 0.28 converts null to None
UNDEFINED = None  # what Pyodide converts undefined to
Date, Math, Number, RegExp, String = js.Date, js.Math, js.Number, js.RegExp, js.String


class JSON:
    """`JSON.parse(text)` gives Python objects; `JSON.stringify(obj)` takes Python objects (and
    JavaScript ones, which go to the real `JSON.stringify`)."""

    @staticmethod
    def parse(text: str | bytes) -> Any:
        return json_parse(text)

    @staticmethod
    def stringify(obj: Any, replacer: Any = None, space: int | str | None = None) -> str:
        if isinstance(obj, JsProxy):
            return str(js.JSON.stringify(obj, replacer, space))
        return json_stringify(obj, replacer, space)
