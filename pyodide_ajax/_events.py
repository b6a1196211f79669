"""Event names, the event object, and calling user callbacks safely. Pure Python."""

from __future__ import annotations

import os
import sys
import traceback
import warnings
from collections.abc import Callable
from typing import Any

from ._record import Record

__all__ = [
    "EVENTS",
    "NATIVE_EVENTS",
    "PSEUDO_EVENTS",
    "Handlers",
    "ProgressEvent",
    "check_event",
    "warn_user",
]

# Brython's names for the readyState changes; each callback receives the request object.
# `uninitialized` (readyState 0) is accepted for compatibility but, as in Brython, never fires.
PSEUDO_EVENTS = ("uninitialized", "loading", "loaded", "interactive", "complete")
# XMLHttpRequest's own events; each callback receives a `ProgressEvent`.
NATIVE_EVENTS = ("loadstart", "progress", "load", "error", "abort", "timeout", "loadend")
EVENTS = PSEUDO_EVENTS + NATIVE_EVENTS


class ProgressEvent(Record):
    """What native-event callbacks receive; the attributes of the DOM's ProgressEvent."""

    __slots__ = ("type", "loaded", "total", "lengthComputable", "target")
    type: str
    loaded: int
    total: int
    lengthComputable: bool  # noqa: N815 - the DOM's name
    target: Any

    def __init__(
        self,
        type: str,  # noqa: A002 - the DOM's name
        loaded: int = 0,
        total: int = 0,
        lengthComputable: bool = False,  # noqa: N803 - the DOM's name
        target: Any = None,
    ) -> None:
        self._set(
            type=type, loaded=loaded, total=total, lengthComputable=lengthComputable, target=target
        )


def check_event(name: object) -> str:
    """Return `name` if it is an event we fire, else raise a ValueError that lists them."""
    if not isinstance(name, str):
        raise TypeError(f"event name must be a str, not {type(name).__name__}")
    if name not in EVENTS:
        hint = ""
        if name.lstrip("_") in EVENTS:
            hint = f" (did you mean 'on{name.lstrip('_')}='?)"
        raise ValueError(f"unknown event {name!r}{hint}; valid events: {', '.join(EVENTS)}")
    return name


class Handlers:
    """One callback per event, as in Brython: binding again replaces the previous one."""

    def __init__(self) -> None:
        self._callbacks: dict[str, Callable[..., Any]] = {}

    def bind(self, name: str, callback: object) -> None:
        check_event(name)
        if not callable(callback):
            kind = type(callback).__name__
            raise TypeError(f"callback for {name!r} must be callable, not {kind}")
        self._callbacks[name] = callback

    def bound(self, name: str) -> bool:
        return name in self._callbacks

    def fire(self, name: str, *args: Any) -> None:
        callback = self._callbacks.get(name)
        if callback is not None:
            call_safely(callback, *args, what=f"{name!r} callback")


def call_safely(callback: Callable[..., Any], *args: Any, what: str) -> None:
    """Call a user callback; print its exception with traceback instead of letting it break
    the request or reach the code that started it (Brython's rule)."""
    try:
        callback(*args)
    except Exception as exc:
        print(f"pyodide_ajax: exception in {what}:", file=sys.stderr)
        traceback.print_exception(type(exc), exc, exc.__traceback__, file=sys.stderr)


_PACKAGE_DIR = os.path.dirname(os.path.abspath(__file__))


def _in_package(filename: str) -> bool:
    return os.path.dirname(os.path.abspath(filename)) == _PACKAGE_DIR


def warn_user(message: str) -> None:
    """A `UserWarning` that points at the user's line: the first frame outside this package,
    however deep inside it the warning was raised (the object API or a shortcut). Given
    explicitly, as `stacklevel` counts frames differently across the Pythons we run on."""
    frame = sys._getframe(1)
    while frame.f_back is not None and _in_package(frame.f_code.co_filename):
        frame = frame.f_back
    warnings.warn_explicit(
        message,
        UserWarning,
        frame.f_code.co_filename,
        frame.f_lineno,
        module=frame.f_globals.get("__name__"),
        registry=frame.f_globals.setdefault("__warningregistry__", {}),
    )
