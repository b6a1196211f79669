"""Choosing a transport, on every call (JSPI availability changes from call to call)."""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from .. import _env
from .._errors import UnsupportedRuntimeError
from .base import AsyncTransport, BlockingTransport

__all__ = ["async_transport", "blocking_transport", "upload_transport", "use_transport"]

_NOT_IN_PYODIDE = (
    "pyodide_ajax sends requests only inside Pyodide; in CPython use "
    "pyodide_ajax.testing.use_transport(MockTransport(...))"
)
_override: ContextVar[object | None] = ContextVar("pyodide_ajax_transport", default=None)


@contextmanager
def use_transport(transport: object) -> Iterator[None]:
    """Route every request started inside the block through `transport` (for tests)."""
    token = _override.set(transport)
    try:
        yield
    finally:
        _override.reset(token)


def async_transport() -> AsyncTransport:
    override = _override.get()
    if override is not None:
        return override  # type: ignore[return-value]
    if not _env.IN_PYODIDE:
        raise UnsupportedRuntimeError(_NOT_IN_PYODIDE)
    return _fetch_transport()


def upload_transport(on_upload: Callable[[str, int, int | None], None]) -> AsyncTransport | None:
    """An asynchronous XMLHttpRequest, for a request with upload callbacks (fetch reports no
    upload progress); None where there is none (Node.js, CPython, a test's transport)."""
    if _override.get() is not None or not _env.IN_PYODIDE or not _env.has_xhr():
        return None
    from .xhr_async import XhrAsyncTransport

    return XhrAsyncTransport(on_upload)


def blocking_transport() -> BlockingTransport:
    """JSPI when the stack can be suspended, else a synchronous XMLHttpRequest, else an error
    that names the ways out."""
    override = _override.get()
    if override is not None:
        return override  # type: ignore[return-value]
    if not _env.IN_PYODIDE:
        raise UnsupportedRuntimeError(_NOT_IN_PYODIDE)
    if _env.can_run_sync():
        return _jspi_transport()
    if _env.has_xhr():
        return _xhr_transport()
    raise UnsupportedRuntimeError(
        "blocking=True cannot work here: this runtime has no XMLHttpRequest (Node.js) and "
        "JSPI is not available to this call. Ways out: run the code with "
        "pyodide.runPythonAsync() on a runtime with JSPI (Node.js 24, or Node.js 20 with "
        "--experimental-wasm-stack-switching), or use async mode: await ajax.get(url)"
    )


# Transports hold no per-request state, so one of each serves every request. Cached because an
# import statement inside a function costs ~30 us per call in Pyodide: 1% of a tiny local GET.
@functools.cache
def _fetch_transport() -> AsyncTransport:
    from .fetch import FetchTransport

    return FetchTransport()


@functools.cache
def _jspi_transport() -> BlockingTransport:
    from .jspi import JspiTransport

    return JspiTransport()


@functools.cache
def _xhr_transport() -> BlockingTransport:
    from .xhr import XhrTransport

    return XhrTransport(main_thread=_env.runtime() == "main")
