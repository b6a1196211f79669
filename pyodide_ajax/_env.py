"""The only place that probes the runtime: in Pyodide? page, worker or Node? JSPI?

Everything else asks this module, so it imports in plain CPython, where every probe answers
"not in a browser". `js` and `pyodide` are imported inside the functions for that reason.
"""

from __future__ import annotations

import asyncio
import functools
import sys
from collections.abc import Callable, Coroutine
from typing import Any, Literal

__all__ = [
    "IN_PYODIDE",
    "Runtime",
    "base_url",
    "can_run_sync",
    "create_task",
    "has_xhr",
    "js_type_name",
    "parse_document",
    "runtime",
    "worker_base",
]

IN_PYODIDE = sys.platform == "emscripten"

Runtime = Literal["main", "worker", "node", "other", "host"]


@functools.cache
def runtime() -> Runtime:
    """Where we run. Cached: a runtime does not change kind while it lives."""
    if not IN_PYODIDE:
        return "host"
    import js

    if hasattr(js, "window") and hasattr(js, "document"):
        return "main"
    if hasattr(js, "WorkerGlobalScope"):
        return "worker"
    if hasattr(js, "process") and getattr(js.process, "release", None) is not None:
        return "node"
    return "other"


def can_run_sync() -> bool:
    """True when `pyodide.ffi.run_sync` can block here (JSPI, entered through an async path).

    Asked on every call: it is True under `runPythonAsync` but False in a DOM event handler or a
    `setTimeout` callback of the same page. Pyodide before 0.27 has no such function.
    """
    if not IN_PYODIDE:
        return False
    try:
        from pyodide import ffi
    except ImportError:
        return False
    probe = getattr(ffi, "can_run_sync", None)
    return bool(probe()) if probe is not None else False


def has_xhr() -> bool:
    if not IN_PYODIDE:
        return False
    import js

    return hasattr(js, "XMLHttpRequest")


def base_url() -> str | None:
    """What relative URLs resolve against: the document's base URL on a page, the script URL
    in a worker (but see `worker_base`), nothing in Node."""
    if runtime() == "main":
        import js

        return str(js.document.baseURI)
    if runtime() in ("worker", "other"):
        import js

        location = getattr(js, "location", None)
        href = str(location.href) if location is not None else None
        return worker_base(href, _page_base_url)
    return None


def worker_base(href: str | None, page_base: Callable[[], str | None]) -> str | None:
    """A worker's base URL: its script URL, unless that is a `blob:` URL.

    PyScript starts its workers from `blob:` URLs, against which `../api/x` means nothing; what
    a user means is the page. PyScript hands the page's `document` to the worker when the page
    is cross-origin isolated, so use its base URL then; else keep the blob URL and let
    `resolve_url` explain the way out.
    """
    if href is None or not href.startswith("blob:"):
        return href
    page = page_base()
    if page is not None and page.split(":", 1)[0].lower() in ("http", "https"):
        return page
    return href


def _page_base_url() -> str | None:
    """The page's base URL as seen from a PyScript worker, or None (no such proxy here).

    Without cross-origin isolation PyScript's `document` raises AttributeError (and logs a
    warning pointing to its FAQ); a plain blob worker has no `document` at all.
    """
    import js

    try:
        return str(js.document.baseURI)
    except Exception:  # AttributeError, or a JsException from the proxy
        return None


def js_type_name(value: object) -> str | None:
    """The JavaScript class of a proxied JS object (`FormData`, `File`, ...), else None.

    Uses `Object.prototype.toString`, which also works for objects from another realm.
    """
    if not IN_PYODIDE:
        return None
    from pyodide.ffi import JsProxy

    if not isinstance(value, JsProxy):
        return None
    import js

    tag = str(js.Object.prototype.toString.call(value))  # "[object FormData]"
    return tag[len("[object ") : -1]


_XML_TYPES = ("text/xml", "application/xml")


def parse_document(text: str, content_type: str) -> Any:
    """Parse a body into a DOM Document as `responseType = "document"` would: HTML and XML
    bodies only; None for other types or an XML parse error."""
    mime = content_type.split(";")[0].strip().lower()
    if mime == "text/html":
        kind = "text/html"
    elif mime in _XML_TYPES or mime.endswith("+xml"):
        kind = "application/xml"
    else:
        return None
    if runtime() != "main":
        from ._errors import UnsupportedRuntimeError

        raise UnsupportedRuntimeError(
            "document mode needs the browser's DOMParser, which exists only on a page's main "
            "thread (not in a Worker or Node.js); use mode='text' and parse the text yourself"
        )
    import js

    document = js.DOMParser.new().parseFromString(text, kind)
    if kind != "text/html" and document.getElementsByTagName("parsererror").length:
        return None
    return document


def create_task(coro: Coroutine[Any, Any, Any]) -> asyncio.Future[Any]:
    """Schedule a coroutine on the running loop, or on Pyodide's WebLoop outside of one.

    In Pyodide (Python 3.12+) the task starts eagerly: it runs at once up to its first real
    await, so `fetch()` is called inside `send()`. Each turn of the WebLoop is a JavaScript
    callback (about 0.2 ms, more on a busy machine); starting lazily cost one such turn per
    request, ~10% of a tiny local GET (see README, Performance).
    """
    try:
        loop = asyncio.get_running_loop()
    except RuntimeError:
        loop = asyncio.get_event_loop_policy().get_event_loop()
    if IN_PYODIDE and sys.version_info >= (3, 12):
        # WebLoop.create_task ignores eager_start, so the Task is built directly.
        return asyncio.Task(coro, loop=loop, eager_start=True)  # type: ignore[call-arg,unused-ignore]
    return loop.create_task(coro)


def awaited_by_javascript(awaitable: object) -> bool:
    """Is this `await awaitable` Pyodide settling a JavaScript promise with it?

    A PyProxy of an object with `__await__` is a thenable (pyproxy.c, `type_getflags`), so a
    request that reaches JavaScript (the last expression of `runPythonAsync`, a PyScript
    script, a callback's return value) is adopted by the promise it resolves. Its `then` runs
    `asyncio.ensure_future(awaitable)`, a task running `ensure_future.<locals>._wrap_awaitable`,
    with a C `FutureDoneCallback` attached that settles the promise with the task's result.
    Any other await (a Python `await`, `gather`, `wait_for`) has a different task or callback.
    """
    if not IN_PYODIDE:
        return False
    try:
        task = asyncio.current_task()
    except RuntimeError:  # no running loop: a blocking caller
        return False
    coro = task.get_coro() if task is not None else None
    # An `async def` since Python 3.12, a `types.coroutine` generator before.
    frame = getattr(coro, "cr_frame", None) or getattr(coro, "gi_frame", None)
    if frame is None or frame.f_code.co_name != "_wrap_awaitable":
        return False
    if frame.f_locals.get("awaitable") is not awaitable:
        return False
    callbacks = getattr(task, "_callbacks", None) or ()
    return any(type(entry[0]).__name__ == "FutureDoneCallback" for entry in callbacks)
