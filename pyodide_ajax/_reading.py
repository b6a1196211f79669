"""`Reading`: the response side of `Ajax`, the status, headers and body by mode.

Kept apart from the state machine in `_ajax` (which fills these attributes) so each reads on
its own; every property works on what the transport delivered, decoded on access.
"""

from __future__ import annotations

import json
from typing import Any, Self

from . import _env, _transports
from ._errors import HTTPStatusError, RequestError
from ._modes import Decoding, Mode, charset_of, decode_like_browser, decode_text
from ._response import Headers, ResponseHead, parse_json_or_none

__all__ = ["Reading"]


class Reading:
    """XMLHttpRequest's and Brython's ways to read a completed request."""

    # Set by `Ajax` (options) and by its transport (the response).
    readyState: int  # noqa: N815 - XMLHttpRequest's name
    _head: ResponseHead
    _body: bytes
    _error: RequestError | None
    _mode: Mode
    _response_type: str
    _encoding: str | None
    _decoding: Decoding
    _mime_override: str | None
    _document: Any
    _js_response: Any

    @property
    def status(self) -> int:
        return self._head.status

    @property
    def statusText(self) -> str:  # noqa: N802 - XMLHttpRequest's name
        return self._head.status_text

    @property
    def responseURL(self) -> str:  # noqa: N802 - XMLHttpRequest's name
        """The final URL, after redirects ("" before the response)."""
        return self._head.url

    @property
    def headers(self) -> Headers:
        """The response headers, a case-insensitive mapping."""
        return self._head.headers

    @property
    def error(self) -> RequestError | None:
        """Why the request failed (status 0), or None."""
        return self._error

    def getResponseHeader(self, name: str) -> str | None:  # noqa: N802 - XMLHttpRequest's name
        return self._head.headers.get(name)

    def getAllResponseHeaders(self) -> str:  # noqa: N802 - XMLHttpRequest's name
        return self._head.headers.raw()

    def raise_for_status(self) -> Self:
        """Raise the request's failure, or `HTTPStatusError` for a 4xx/5xx status."""
        if self._error is not None:
            raise self._error
        if self.status >= 400:
            raise HTTPStatusError(self.status, self.statusText, self.responseURL)
        return self

    def _decoded(self) -> str:
        override = charset_of(self._mime_override or "")
        if self._encoding or self._decoding == "strict":
            return decode_text(self._body, self._encoding or override or "utf-8")
        return decode_like_browser(self._body, override or charset_of(self._head.content_type))

    @property
    def responseText(self) -> str:  # noqa: N802 - XMLHttpRequest's name
        """The body decoded as text, whatever the mode."""
        return self._decoded()

    @property
    def text(self) -> Any:
        """text mode: str; binary mode: bytes; document mode: str; json mode: no such
        attribute (Brython's rule: use `json` or `read()`)."""
        if self._mode == "json":
            raise AttributeError("'Ajax' object has no attribute 'text' in json mode: use .json")
        if self._mode == "binary":
            return self._body
        return self._decoded()

    @property
    def json(self) -> Any:
        """json mode: the parsed body, or None if it does not parse; other modes: the body
        parsed with `json.loads` (a JSONDecodeError if it is not JSON)."""
        if self._mode == "json":
            return parse_json_or_none(self._decoded()) if self._body else None
        if self._mode == "binary":
            return json.loads(self._body)
        return json.loads(self._decoded())

    @property
    def xml(self) -> Any:
        """The body as a DOM Document (HTML and XML bodies; None otherwise). Main thread only."""
        if self.readyState != 4 or self._error is not None or not self._body:
            return None
        if self._document is None:
            self._document = _env.parse_document(self._decoded(), self._head.content_type)
        return self._document

    @property
    def response(self) -> Any:
        """The body as XMLHttpRequest's `response` gives it: a JavaScript ArrayBuffer in binary
        mode (a Blob for `responseType = "blob"`), the parsed value in json mode, a Document
        in document mode, else the text. `read()` gives bytes, not a JavaScript object."""
        if self._mode != "binary":
            return self.read()
        if self.readyState != 4 or self._error is not None:
            return None  # XMLHttpRequest: null until the body is complete
        if self._js_response is None:
            kind = "blob" if self._response_type == "blob" else "arraybuffer"
            self._js_response = _transports.js_response(kind, self._body, self._head.content_type)
        return self._js_response

    def read(self) -> Any:
        """The body by mode: str (text), bytes (binary), object (json), Document (document)."""
        if self._mode == "binary":
            return self._body
        if self._mode == "json":
            return self.json
        if self._mode == "document":
            return self.xml
        return self._decoded()
