"""`Ajax`: Brython's request object, as a state machine fed by a transport.

The object holds readyState 0..4, fires the events, and decodes the body on access. How the
bytes travel is the transports' business (`_transports/`): the same object runs async on fetch
or blocking on JSPI or a synchronous XMLHttpRequest, with one response semantics.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Generator
from typing import Any

from . import _env, _transports
from ._errors import AbortError, RequestError, TimeoutError
from ._events import EVENTS, NATIVE_EVENTS, Handlers, ProgressEvent, call_safely, warn_user
from ._modes import (
    RESPONSE_TYPES,
    Decoding,
    Mode,
    check_encoding,
    check_mode,
    check_response_type,
)
from ._reading import Reading
from ._request import (
    Body,
    Request,
    check_header,
    check_method,
    check_timeout,
    default_content_type,
    encode_body,
    resolve_url,
)
from ._response import Response, ResponseHead
from ._transports.base import AsyncTransport, Cancel
from ._upload import Upload

__all__ = ["Ajax"]

# `req.oncomplete = f` (or `on_complete`) is a plain attribute in Brython too: never called.
_CALLBACK_LOOKALIKES = {
    name: event for event in EVENTS for name in (f"on{event}", f"on_{event}")
}  # fmt: skip
_NO_BODY_METHODS = ("GET", "HEAD")  # XMLHttpRequest drops a body for these (send() step 3)
_EMPTY_HEAD = ResponseHead(0, "", "")


class Ajax(Reading):
    """One HTTP request, Brython style: `bind`, `open`, `set_header`, `set_timeout`, `send`,
    then read `status`, `text`, `json`, `xml` or `read()`. Awaitable: `await req` after `send()`
    waits for completion and returns the object, or raises the failure."""

    def __init__(self) -> None:
        self._handlers = Handlers()
        self._request_headers: dict[str, str] = {}
        self._timeout: float | None = None
        self._ontimeout: Callable[[], Any] | None = None
        self._with_credentials = False
        self._response_type = ""
        self._mode: Mode = "text"
        self._encoding: str | None = None
        self._decoding: Decoding = "browser"
        self._mime_override: str | None = None
        self._method = ""
        self._target = ""
        self._blocking = False
        self._reset()
        self.upload = Upload(self)
        """XMLHttpRequest's `upload`: `req.upload.onprogress = f` (async mode, page or Worker)."""
        self.url = ""
        """The URL as given to `open()` or to a shortcut, without the query string it added."""

    def _reset(self) -> None:
        self.readyState = 0
        self._sent = False
        self._head = _EMPTY_HEAD
        self._body = b""
        self._error: RequestError | None = None
        self._document: Any = None
        self._js_response: Any = None
        self._cancel = Cancel()
        self._task: asyncio.Future[Any] | None = None
        self.transport = ""
        """The transport that carried the request: fetch, jspi, xhr-main, xhr-worker,
        xhr-async (async with upload callbacks) or mock."""

    def __setattr__(self, name: str, value: Any) -> None:
        event = _CALLBACK_LOOKALIKES.get(name)
        if event is not None:
            warn_user(
                f"req.{name} = ... is never called (Brython does not call it either): "
                f"use req.bind({event!r}, callback)"
            )
        object.__setattr__(self, name, value)

    def __repr__(self) -> str:
        return (
            f"<Ajax {self._method or '-'} {self.url or '-'} "
            f"readyState={self.readyState} status={self.status}>"
        )

    # -- configuring -----------------------------------------------------------------------

    def bind(self, event: str, callback: Callable[..., Any]) -> Ajax:
        """Call `callback` on `event`; binding an event again replaces its callback.
        Pseudo-events (`loading`, `loaded`, `interactive`, `complete`) pass this object; native
        ones (`load`, `progress`, `error`, `timeout`, ...) pass a `ProgressEvent`."""
        self._handlers.bind(event, callback)
        return self

    def open(self, method: str, url: str, is_async: bool = True, /) -> None:
        """Start a request: fires `loading`. `open(method, url, False)` makes `send()` block."""
        if not isinstance(method, str):
            raise TypeError(f"open() argument method should be string, got {type(method).__name__}")
        if not isinstance(url, str):
            raise TypeError(f"open() argument url should be string, got {type(url).__name__}")
        self._method = check_method(method)
        self._target = resolve_url(url, _env.base_url)
        self.url = url
        self._blocking = not is_async
        self._reset()
        self.readyState = 1
        self._handlers.fire("loading", self)

    def set_header(self, name: str, value: str) -> None:
        """Add a request header (applied at `send()`; names are case-insensitive)."""
        if self._sent:
            raise RuntimeError("set_header() after send(): the request has already gone out")
        key, text = check_header(name, value)
        self._request_headers[key] = text

    setRequestHeader = set_header  # noqa: N815 - the XMLHttpRequest name, as Brython allows

    def set_timeout(self, seconds: float | None, func: Callable[[], Any] | None = None) -> None:
        """Fail the request after `seconds` (counted from `send()`); then `func()` is called
        with no arguments, after the `complete` callback. None or 0: no timeout."""
        self._timeout = check_timeout(seconds)
        callback: Any = func  # typed for callers; what real code passes is checked here
        if callback is not None and not callable(callback):
            # Real Brython code passes a message here (`set_timeout(5, 'timeout message')`),
            # and Brython still sends the request: so do we, without a callback.
            warn_user(
                f"the timeout callback must be callable, not {type(func).__name__}: "
                "the request goes out without one"
            )
            callback = None
        self._ontimeout = callback

    def overrideMimeType(self, mime: str) -> None:  # noqa: N802 - XMLHttpRequest's name
        """Decode text with this MIME type's charset (used when `encoding` is not set)."""
        if not isinstance(mime, str):
            raise TypeError(f"mime type must be a str, not {type(mime).__name__}")
        self._mime_override = mime

    @property
    def mode(self) -> Mode:
        """How `read()` decodes: "text", "binary", "json" or "document"."""
        return self._mode

    @mode.setter
    def mode(self, value: Mode) -> None:
        self._mode = check_mode(value)

    @property
    def encoding(self) -> str | None:
        """The codec that decodes text; None means the override charset, else UTF-8."""
        return self._encoding

    @encoding.setter
    def encoding(self, value: str | None) -> None:
        if value == "":
            value = None  # Brython tests `if encoding:`, so "" means "not given"
        if value is not None:
            if not isinstance(value, str):
                raise TypeError(f"encoding must be a str, not {type(value).__name__}")
            check_encoding(value)
        self._encoding = value

    @property
    def blocking(self) -> bool:
        return self._blocking

    @blocking.setter
    def blocking(self, value: bool) -> None:
        self._blocking = bool(value)

    @property
    def responseType(self) -> str:  # noqa: N802 - XMLHttpRequest's name
        return self._response_type

    @responseType.setter
    def responseType(self, value: str) -> None:  # noqa: N802
        self._response_type = check_response_type(value)
        self._mode = RESPONSE_TYPES[value]

    @property
    def withCredentials(self) -> bool:  # noqa: N802 - XMLHttpRequest's name
        """Send cookies and HTTP auth cross-origin (fetch `credentials: "include"`)."""
        return self._with_credentials

    @withCredentials.setter
    def withCredentials(self, value: bool) -> None:  # noqa: N802
        self._with_credentials = bool(value)

    # -- sending ---------------------------------------------------------------------------

    def send(self, data: Any = None) -> None:
        """Send the request with an optional body: str, dict (urlencoded, or multipart when
        the Content-Type header is `multipart/form-data`), bytes-like, or `form_data()`."""
        multipart = self._request_headers.get("content-type", "").startswith("multipart/form-data")
        body = encode_body(data, multipart=multipart)
        if multipart and not isinstance(body, str | bytes):
            # The browser must write this header itself, with the boundary (Brython #861).
            del self._request_headers["content-type"]
        self._send_body(body)

    def _launch(
        self, method: str, url: str, target: str, body: Body, blocking: bool, decoding: Decoding
    ) -> None:
        """The shortcuts' way in, once every option is set: open `target` (the URL with the
        query string the shortcut built), keep `url` as given, send the encoded body. The
        get-family decodes text strictly, the others as the browser would (`_modes`)."""
        self.open(method, target, not blocking)
        self.url = url
        self._decoding = decoding
        self._send_body(body)

    def _send_body(self, body: Body) -> None:
        if self.readyState != 1 or self._sent:
            raise RuntimeError("send() needs open() first, and one send() per open()")
        if self._method in _NO_BODY_METHODS:
            body = None
        headers = dict(self._request_headers)
        content_type = default_content_type(self._method, headers, body)
        if content_type:
            headers["content-type"] = content_type
        request = Request(
            method=self._method,
            url=self._target,
            headers=list(headers.items()),
            body=body,
            timeout=self._timeout,
            with_credentials=self._with_credentials,
            stream=self._handlers.bound("interactive") or self._handlers.bound("progress"),
            head_first=self._handlers.bound("loaded"),
        )
        if self._blocking:
            transport = _transports.choose(True)  # may refuse: before anything happens
            self._start(transport.name)
            try:
                response = transport.send(request, self, self._cancel)
            except RequestError as exc:
                self._fail(exc)
                raise
            self._finish(response)
        else:
            async_transport = _transports.choose(False, self.upload.wanted)
            self._start(async_transport.name)
            self._task = _env.create_task(self._run(async_transport, request))

    def _start(self, transport_name: str) -> None:
        self._sent = True
        self.transport = transport_name
        self._fire_native("loadstart")

    async def _run(self, transport: AsyncTransport, request: Request) -> None:
        try:
            response = await transport.send_async(request, self, self._cancel)
        except RequestError as exc:
            self._fail(exc)  # kept for `await req`; a never-awaited request stays silent
        except asyncio.CancelledError:
            self._fail(AbortError(f"{request.method} {request.url} was cancelled"))
            raise
        else:
            self._finish(response)

    def abort(self) -> None:
        """Stop the request: `complete` (status 0), then `abort`, then `loadend` fire."""
        if self._sent and self.readyState != 4:
            self._cancel.cancel()

    def __await__(self) -> Generator[Any, None, Ajax | None]:
        if self._task is not None and not self._task.done():
            yield from self._task.__await__()
        if _env.awaited_by_javascript(self):
            # JavaScript adopts a PyProxy of an awaitable as a thenable; settling its promise
            # with the request would make it adopt the request again, forever. The request's
            # outcome has reached its callbacks; the promise settles with `undefined`.
            return None
        if not self._sent:
            raise RuntimeError("nothing to await: call send() first (the shortcuts do)")
        if self._error is not None:
            raise self._error
        return self

    # -- observer side: called by the transport --------------------------------------------

    def on_headers(self, head: ResponseHead) -> None:
        self._head = head
        self.readyState = 2
        self._handlers.fire("loaded", self)

    def on_chunk(self, loaded: int, total: int | None) -> None:
        self.readyState = 3
        self._handlers.fire("interactive", self)
        self._fire_native("progress", loaded, total)

    def on_upload(self, event: str, loaded: int, total: int | None) -> None:
        self.upload.fire(event, loaded, total)

    def _finish(self, response: Response) -> None:
        self._head = response.head
        self._body = response.body
        self.readyState = 4
        self._handlers.fire("complete", self)
        self._fire_native("load", len(response.body), response.head.total)
        self._fire_native("loadend", len(response.body), response.head.total)

    def _fail(self, exc: RequestError) -> None:
        exc.request = self
        self._error = exc
        self._head = _EMPTY_HEAD
        self._body = b""
        self.readyState = 4
        self._handlers.fire("complete", self)
        if isinstance(exc, TimeoutError):
            self._fire_native("timeout")
            if self._ontimeout is not None:
                call_safely(self._ontimeout, what="timeout callback")
        elif isinstance(exc, AbortError):
            self._fire_native("abort")
        else:
            self._fire_native("error")
        self._fire_native("loadend")

    def _fire_native(self, name: str, loaded: int = 0, total: int | None = None) -> None:
        assert name in NATIVE_EVENTS
        if self._handlers.bound(name):
            event = ProgressEvent(name, loaded, total or 0, total is not None, self)
            self._handlers.fire(name, event)
