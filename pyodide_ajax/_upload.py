"""`req.upload`: events about the request body going out, as XMLHttpRequest's `upload` object.

Brython code reaches the raw `xhr.upload` (`req.upload.onprogress = f`); here it is this small
pure object. Binding any of its events makes an async request travel on an asynchronous
XMLHttpRequest (fetch reports no upload progress): see `_transports/xhr_async.py`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from weakref import ref

from ._events import NATIVE_EVENTS, Handlers, ProgressEvent

__all__ = ["UPLOAD_EVENTS", "Upload", "check_upload_event"]

UPLOAD_EVENTS = NATIVE_EVENTS  # XMLHttpRequestUpload fires the same seven events


def check_upload_event(name: object) -> str:
    if not isinstance(name, str):
        raise TypeError(f"event name must be a str, not {type(name).__name__}")
    if name not in UPLOAD_EVENTS:
        raise ValueError(
            f"unknown upload event {name!r}; valid upload events: {', '.join(UPLOAD_EVENTS)}"
        )
    return name


class Upload:
    """`bind(event, callback)` or `on<event> = callback`; each callback receives a
    `ProgressEvent` whose `loaded`/`total` count request-body bytes."""

    __slots__ = ("_handlers", "_target")
    _handlers: Handlers
    _target: Callable[[], Any]

    def __init__(self, target: Any = None) -> None:
        object.__setattr__(self, "_handlers", Handlers())
        # A weak reference: the request owns its Upload, and a cycle between them would keep
        # every finished request alive until the garbage collector runs.
        object.__setattr__(self, "_target", (lambda: None) if target is None else ref(target))

    def bind(self, event: str, callback: Callable[..., Any]) -> Upload:
        self._handlers.bind(check_upload_event(event), callback)
        return self

    def __setattr__(self, name: str, value: Any) -> None:
        if not name.startswith("on"):
            raise AttributeError(f"'Upload' object has no attribute {name!r}")
        self.bind(name[2:], value)

    @property
    def wanted(self) -> bool:
        """True when some callback is bound: only then is upload progress worth an XHR."""
        return any(self._handlers.bound(name) for name in UPLOAD_EVENTS)

    def fire(self, name: str, loaded: int, total: int | None) -> None:
        """Called by the transport; calls the user's callback safely (the core's rule)."""
        if self._handlers.bound(name):
            event = ProgressEvent(name, loaded, total or 0, total is not None, self._target())
            self._handlers.fire(name, event)
