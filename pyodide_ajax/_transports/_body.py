"""Turning a request body into what `fetch` and `XMLHttpRequest.send` accept."""

from __future__ import annotations

from typing import Any

import js
from pyodide.ffi import to_js

from .._request import Body, Multipart

__all__ = ["js_body", "new_form_data"]


def js_body(body: Body) -> Any:
    """str stays a JS string (the browser labels it text/plain;charset=UTF-8), bytes become a
    Uint8Array copy, a Multipart becomes a FormData (the browser writes the boundary), and a
    JavaScript FormData passes through."""
    if isinstance(body, bytes):
        return to_js(body)
    if isinstance(body, Multipart):
        js_form = js.FormData.new()
        for name, value, filename in body.fields:
            if filename is None:
                js_form.append(name, value)
            else:
                js_form.append(name, value, filename)
        return js_form
    return body


def new_form_data(form: Any = None) -> Any:
    """`new FormData()`, or `new FormData(form)` for an HTML form element."""
    if form is None:
        return js.FormData.new()
    return js.FormData.new(form)
