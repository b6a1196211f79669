"""Brython's `browser.timer` on the global object's timers (page and Worker alike).

Each callback is a PyProxy that lives exactly as long as its timer: a one-shot timer destroys it
after the call, `clear_*` / `cancel_animation_frame` destroy it at once.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from typing import Any

import js
from pyodide.ffi import create_proxy

from ._js import call_logged
from ._logic import check_frame_callback

__all__ = [
    "cancel_animation_frame",
    "clear_interval",
    "clear_timeout",
    "request_animation_frame",
    "set_interval",
    "set_timeout",
]

# Live timers by id: (the runtime's handle, the callback proxy). Timeouts and intervals share
# one id space (HTML's "map of active timers"); animation frames have their own. A browser's
# handle is an int and is the id; Node.js gives a Timeout object, so the id is ours.
_TIMERS: dict[int, tuple[Any, Any]] = {}
_FRAMES: dict[int, tuple[Any, Any]] = {}
_NODE_IDS = itertools.count(1)


def _start(
    table: dict[int, tuple[Any, Any]], start: Callable[..., Any], once: bool, func: Any, *args: Any
) -> int:
    if not callable(func):
        raise TypeError(f"a timer callback must be callable, not {type(func).__name__}")
    key = -1

    def fire(*js_args: Any) -> None:
        try:
            call_logged(func, *(args or js_args))
        finally:
            if once:
                _drop(table, key)

    proxy = create_proxy(fire)
    try:
        handle = start(proxy)
    except BaseException:  # e.g. requestAnimationFrame in a Worker: NotSupportedError
        proxy.destroy()
        raise
    key = handle if isinstance(handle, int) else next(_NODE_IDS)
    table[key] = (handle, proxy)
    return key


def _drop(table: dict[int, tuple[Any, Any]], key: object) -> Any:
    """Forget timer `key`, destroy its proxy; the handle to clear (`key` if not ours)."""
    handle, proxy = table.pop(key, (key, None))  # type: ignore[call-overload]
    if proxy is not None:
        proxy.destroy()
    return handle


def set_timeout(func: Callable[..., Any], interval: float, *args: Any) -> int:
    """Run `func(*args)` once after `interval` ms; returns the id for `clear_timeout`."""
    return _start(_TIMERS, lambda p: js.setTimeout(p, interval), True, func, *args)


def set_interval(func: Callable[..., Any], interval: float, *args: Any) -> int:
    """Run `func(*args)` every `interval` ms until `clear_interval`."""
    return _start(_TIMERS, lambda p: js.setInterval(p, interval), False, func, *args)


def clear_timeout(timer: int) -> None:
    js.clearTimeout(_drop(_TIMERS, timer))


clear_interval = clear_timeout  # HTML: either clears a timeout or an interval


def request_animation_frame(func: Callable[[float], Any]) -> int:
    """Run `func(timestamp)` before the next repaint (once: call it again to animate)."""
    check_frame_callback(func)
    return _start(_FRAMES, js.requestAnimationFrame, True, func)


def cancel_animation_frame(frame: int) -> None:
    js.cancelAnimationFrame(_drop(_FRAMES, frame))
