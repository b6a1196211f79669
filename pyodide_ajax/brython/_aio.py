"""Brython's `browser.aio` on asyncio (Pyodide's event loop is the browser's) and pyodide_ajax.

`await aio.get(url)` gives a `Request` with `status`, `statusText`, `data` (as `format=` says:
"text", "binary" bytes, or a "dataURL" str), `read()` and `response_headers`. Unlike Brython, a
network failure or a timeout raises pyodide_ajax's typed errors instead of giving status 0.
"""

from __future__ import annotations

import asyncio
from collections.abc import Coroutine
from typing import Any

import pyodide_ajax

from .._env import create_task
from ._js import _print_failure, listen, unlisten, unwrap
from ._logic import check_format, check_seconds, data_url

__all__ = ["Future", "Request", "ajax", "event", "get", "post", "run", "sleep"]

Future = asyncio.Future


class Request:
    """A finished request, as Brython's aio returns it."""

    def __init__(self, req: pyodide_ajax.Ajax, fmt: str) -> None:
        self.status: int = req.status
        self.statusText: str = req.statusText  # noqa: N815 - Brython's name
        self.response_headers: dict[str, str] = dict(req.headers)
        self.url: str = req.responseURL
        if fmt == "text":
            self.data: str | bytes = req.text
        else:
            body = req.read()
            self.data = body if fmt == "binary" else data_url(req.headers.get("content-type"), body)

    def read(self) -> str | bytes:
        return self.data

    def __repr__(self) -> str:
        return f"<aio.Request {self.status} {self.url}>"


_METHODS = ("GET", "HEAD", "DELETE", "OPTIONS", "POST", "PUT", "PATCH")


async def ajax(
    method: str,
    url: str,
    *,
    format: str = "text",  # noqa: A002 - Brython's name
    headers: dict[str, str] | None = None,
    data: Any = None,
    cache: bool = False,
    timeout: float | None = None,
) -> Request:
    """`await ajax("GET", url)`: send the request, resume when it is complete. `data` goes
    into the query string of a GET (and HEAD, DELETE, OPTIONS), into the body of the others."""
    fmt = check_format(format)
    if not isinstance(method, str) or method.upper() not in _METHODS:
        raise ValueError(f"method must be one of {', '.join(_METHODS)}, not {method!r}")
    send = getattr(pyodide_ajax, method.lower())
    mode = "text" if fmt == "text" else "binary"
    done = await send(url, data=data, headers=headers, cache=cache, timeout=timeout, mode=mode)
    return Request(done, fmt)


async def get(url: str, **kw: Any) -> Request:
    return await ajax("GET", url, **kw)


async def post(url: str, **kw: Any) -> Request:
    return await ajax("POST", url, **kw)


async def sleep(seconds: float) -> None:
    await asyncio.sleep(check_seconds(seconds))


def event(element: Any, *names: str) -> asyncio.Future[Any]:
    """`await event(elt, "click")`: the first of these events on `elt` (then all unbound)."""
    if not names:
        raise TypeError("event() needs at least one event name")
    target = unwrap(element)
    future: asyncio.Future[Any] = asyncio.get_event_loop().create_future()

    def first(ev: Any) -> None:
        for name in names:
            unlisten(target, name, first)
        if not future.done():
            future.set_result(ev)

    for name in names:
        listen(target, name, first)
    return future


_RUNNING: set[asyncio.Future[Any]] = set()  # asyncio keeps only weak references to tasks


def run(coro: Coroutine[Any, Any, Any]) -> None:
    """Start a coroutine and return at once (Brython's aio.run never blocks)."""
    task = create_task(coro)
    _RUNNING.add(task)
    task.add_done_callback(_RUNNING.discard)
    task.add_done_callback(_print_failure)
