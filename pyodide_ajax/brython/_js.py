"""The JavaScript side shared by the Brython modules: wrapping, event listeners, `window`."""

from __future__ import annotations

import inspect
import itertools
import traceback
from collections.abc import Callable, Iterator
from typing import Any

import js
import pyodide.ffi
from pyodide.ffi import JsProxy, create_proxy, to_js

from .._env import create_task, runtime

window = self = js  # the global object: `window` on a page, the worker's `self` in a Worker
console = js.console
is_webworker = runtime() == "worker"


def require_dom(what: str) -> None:
    if not hasattr(js, "document"):
        raise RuntimeError(
            f"{what} needs a DOM, and there is none here (a Web Worker or Node.js has no "
            "document): only timer, aio, ajax, window and self work without one"
        )


def _dialog(name: str) -> Any:
    require_dom(f"browser.{name}()")
    return getattr(js.window, name)


def alert(message: object = "") -> None:
    _dialog("alert")(str(message))


def confirm(message: object = "") -> bool:
    return bool(_dialog("confirm")(str(message)))


def prompt(message: object = "", default: str = "") -> str | None:
    answer = _dialog("prompt")(str(message), default)
    return answer if isinstance(answer, str) else None


def call_logged(func: Callable[..., Any], *args: Any) -> None:
    """Call a handler from JavaScript: an exception is printed (Brython prints it to stderr)
    instead of escaping into the browser as a raw JS error; a coroutine is scheduled."""
    try:
        result = func(*args)
        if inspect.iscoroutine(result):
            create_task(result).add_done_callback(_print_failure)
    except Exception:
        traceback.print_exc()


def _print_failure(task: Any) -> None:
    if not task.cancelled() and task.exception() is not None:
        traceback.print_exception(task.exception())


# --- wrapping: a DOM node comes back as a DOMNode, a DOMNode goes to JavaScript unwrapped ---

_JSNULL = getattr(pyodide.ffi, "jsnull", None)
NODE_CLASS: list[type] = []  # set by _dom (only there is a DOM to wrap)


def wrap(value: Any) -> Any:
    """A DOM node as a DOMNode, JavaScript's null as None (Pyodide 0.28+ gives `jsnull`)."""
    if value is None or value is _JSNULL:
        return None
    if not isinstance(value, JsProxy):
        return value
    if NODE_CLASS and isinstance(getattr(value, "nodeType", None), int):
        return NODE_CLASS[0](value)
    if (
        not hasattr(type(value), "__getitem__")
        and isinstance(getattr(value, "length", None), int)
        and getattr(value, "item", None) is not None
    ):
        return ItemList(value)  # Pyodide 0.27 cannot index a FileList, NodeList ...
    return value


def unwrap(value: Any) -> Any:
    return value._js if isinstance(value, JSObject) else value


class JSObject:
    """A JavaScript object seen through Python: every attribute is the JS one (functions take
    wrapped arguments; DOM nodes come back wrapped)."""

    __slots__ = ("_js",)
    _js: Any

    def __init__(self, obj: Any) -> None:
        object.__setattr__(self, "_js", obj)

    def __getattr__(self, name: str) -> Any:
        value = getattr(self._js, name)
        if callable(value) and isinstance(value, JsProxy) and value.typeof == "function":
            # `value` is bound to the object already (Pyodide keeps `this` for methods)
            return lambda *args: wrap(value(*map(unwrap, args)))
        return wrap(value)

    def __setattr__(self, name: str, value: Any) -> None:
        if isinstance(getattr(type(self), name, None), property):
            object.__setattr__(self, name, value)
        else:
            setattr(self._js, name, unwrap(value))

    def __eq__(self, other: object) -> bool:
        return isinstance(other, JSObject) and bool(self._js == other._js)

    __hash__ = None  # type: ignore[assignment]


class ItemList(JSObject):
    """A JavaScript list with `item(i)` (FileList, NodeList ...) that this Pyodide cannot index:
    `files[0]`, `files[-1]`, `len(files)` and iteration, as Brython gives them."""

    __slots__ = ()

    def __len__(self) -> int:
        return int(self._js.length)

    def __getitem__(self, index: int) -> Any:
        size = len(self)
        if not -size <= index < size:
            raise IndexError("list index out of range")
        return wrap(self._js.item(index % size))

    def __iter__(self) -> Iterator[Any]:
        return (self[i] for i in range(len(self)))


class DOMEvent(JSObject):
    """The DOM event a handler receives: `ev.target`, `ev.preventDefault()` ..."""

    __slots__ = ()

    def __repr__(self) -> str:
        return f"<DOMEvent {self._js.type!r}>"


# --- listeners: one proxy per (target, event, function), destroyed by unlisten ---

_KEYS = js.WeakMap.new()  # target -> number; JS objects cannot be Python dict keys
_NEXT_KEY = itertools.count()
_BOUND: dict[int, dict[str, list[tuple[Callable[..., Any], Any]]]] = {}


def _table(target: Any) -> dict[str, list[tuple[Callable[..., Any], Any]]]:
    key = _KEYS.get(target)
    if key is None:
        key = next(_NEXT_KEY)
        _KEYS.set(target, key)
    return _BOUND.setdefault(int(key), {})


def listen(target: Any, event: str, func: Callable[..., Any], options: Any = None) -> None:
    if not callable(func):
        raise TypeError(f"an event handler must be callable, not {type(func).__name__}")
    proxy = create_proxy(lambda ev: call_logged(func, DOMEvent(ev)))
    if isinstance(options, dict):
        options = to_js(options, dict_converter=js.Object.fromEntries)
    target.addEventListener(event, proxy, False if options is None else options)
    _table(target).setdefault(event, []).append((func, proxy))


def unlisten(target: Any, event: str | None = None, *funcs: Callable[..., Any]) -> None:
    """Brython's unbind: every handler of `event` (of all events if None), or just `funcs`."""
    table = _table(target)
    for name in [event] if event is not None else list(table):
        bound = table.get(name, [])
        for func in funcs:
            if not any(f is func or f == func for f, _ in bound):
                raise TypeError(f"missing callback for event {name}")
        for pair in [p for p in bound if not funcs or p[0] in funcs]:
            target.removeEventListener(name, pair[1])
            pair[1].destroy()
            bound.remove(pair)


def listeners(target: Any, event: str) -> list[Callable[..., Any]]:
    return [f for f, _ in _table(target).get(event, [])]
