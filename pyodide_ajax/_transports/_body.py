"""Bodies as JavaScript values: a request body as `fetch` and `XMLHttpRequest.send` accept
it, a response body as `responseType` "arraybuffer" or "blob" gives it."""

from __future__ import annotations

from typing import Any

import js
from pyodide.ffi import to_js

from .._request import Body, Multipart

__all__ = ["js_array_buffer", "js_blob", "js_body", "new_form_data"]


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


def js_array_buffer(body: bytes) -> Any:
    """A new ArrayBuffer holding a copy of `body`."""
    return to_js(body).buffer


def js_blob(body: bytes, content_type: str) -> Any:
    """A new Blob of `body`, typed as the response was (as XMLHttpRequest's blob response)."""
    options = js.Object.new()
    options.type = content_type
    return js.Blob.new(to_js([to_js(body)]), options)
