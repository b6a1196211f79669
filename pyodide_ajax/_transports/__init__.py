"""The face of the transports: which one carries a request, and the JavaScript values the core
hands to users (`form_data()`, `req.response` as an ArrayBuffer or a Blob).

The choice is made on every request: JSPI is available under `runPythonAsync` but not in a DOM
event handler of the same page, and a test may route requests elsewhere with `use_transport`.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, Literal, overload

from .. import _env
from .._errors import UnsupportedRuntimeError
from .base import AsyncTransport, BlockingTransport

__all__ = ["choose", "js_response", "new_form_data", "use_transport"]

_NOT_IN_PYODIDE = (
    "pyodide_ajax sends requests only inside Pyodide; in CPython use "
    "pyodide_ajax.testing.use_transport(MockTransport(...))"
)
_NO_BLOCKING = (
    "blocking=True cannot work here: this runtime has no XMLHttpRequest (Node.js) and "
    "JSPI is not available to this call. Ways out: run the code with "
    "pyodide.runPythonAsync() on a runtime with JSPI (Node.js 24, or Node.js 20 with "
    "--experimental-wasm-stack-switching), or use async mode: await ajax.get(url)"
)
_override: ContextVar[Any] = ContextVar("pyodide_ajax_transport", default=None)


@contextmanager
def use_transport(transport: object) -> Iterator[None]:
    """Route every request started inside the block through `transport` (for tests)."""
    token = _override.set(transport)
    try:
        yield
    finally:
        _override.reset(token)


@overload
def choose(blocking: Literal[True], wants_upload: bool = False) -> BlockingTransport: ...
@overload
def choose(blocking: Literal[False], wants_upload: bool = False) -> AsyncTransport: ...
def choose(blocking: bool, wants_upload: bool = False) -> AsyncTransport | BlockingTransport:
    """The transport for one request, or `UnsupportedRuntimeError` before anything is sent.

    - blocking: JSPI when the stack can be suspended, else a synchronous XMLHttpRequest, else
      an error that names the ways out (Node.js without JSPI);
    - async: fetch; with upload callbacks an asynchronous XMLHttpRequest, since fetch reports
      no upload progress (where there is none, Node.js, fetch: upload events do not fire).
    """
    override = _override.get()
    if override is not None:
        if wants_upload and not blocking and not getattr(override, "models_upload", False):
            raise UnsupportedRuntimeError(
                f"{type(override).__name__} cannot model upload progress: unbind the upload "
                "callbacks (req.upload / onupload<event>=) in tests that use it"
            )
        return override  # type: ignore[no-any-return]
    if not _env.IN_PYODIDE:
        raise UnsupportedRuntimeError(_NOT_IN_PYODIDE)
    if blocking:
        if _env.can_run_sync():
            return _jspi()
        if _env.has_xhr():
            return _xhr()
        raise UnsupportedRuntimeError(_NO_BLOCKING)
    if wants_upload and _env.has_xhr():
        return _xhr_async()
    return _fetch()


def new_form_data(form: Any = None) -> Any:
    """A new JavaScript FormData, empty or filled from an HTML `<form>` element."""
    if not _env.IN_PYODIDE:
        raise UnsupportedRuntimeError("form_data() makes a JavaScript FormData: Pyodide only")
    from ._body import new_form_data

    return new_form_data(form)


def js_response(response_type: str, body: bytes, content_type: str) -> Any:
    """`req.response` for `responseType` "arraybuffer" or "blob": the JavaScript object, as
    XMLHttpRequest gives it (Brython code hands it to `decodeAudioData`, `createObjectURL`)."""
    if not _env.IN_PYODIDE:
        raise UnsupportedRuntimeError(
            f"responseType {response_type!r} gives a JavaScript object: Pyodide only "
            "(read() gives the bytes everywhere)"
        )
    from ._body import js_array_buffer, js_blob

    if response_type == "blob":
        return js_blob(body, content_type)
    return js_array_buffer(body)


# Transports hold no per-request state, so one of each serves every request. Cached because an
# import statement inside a function costs ~30 us per call in Pyodide: 1% of a tiny local GET.
@functools.cache
def _fetch() -> AsyncTransport:
    from .fetch import FetchTransport

    return FetchTransport()


@functools.cache
def _xhr_async() -> AsyncTransport:
    from .xhr_async import XhrAsyncTransport

    return XhrAsyncTransport()


@functools.cache
def _jspi() -> BlockingTransport:
    from .jspi import JspiTransport

    return JspiTransport()


@functools.cache
def _xhr() -> BlockingTransport:
    from .xhr import XhrTransport

    return XhrTransport(main_thread=_env.runtime() == "main")
