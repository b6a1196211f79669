"""Brython's `document`, `bind` and element interface, as thin wrappers of the real DOM nodes.

A `DOMNode` holds the JavaScript node and nothing else: each `document["x"]` is a new wrapper of
the same node, and any name Brython does not define is the node's own (`elt.files`, `elt.value`,
`elt.focus()`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import js

from ._js import NODE_CLASS, JSObject, listen, listeners, require_dom, unlisten, unwrap, wrap
from ._logic import style_value

DOCUMENT_NODE = 9


class DOMNode(JSObject):
    """A DOM node with Brython's properties and operators (`<=`, `+`)."""

    __slots__ = ()

    @property
    def _host(self) -> Any:  # Brython: on `document`, html/text/children/<= mean its body
        return self._js.body if self._js.nodeType == DOCUMENT_NODE else self._js

    # --- content ---
    @property
    def html(self) -> str:
        return str(self._host.innerHTML)

    @html.setter
    def html(self, value: object) -> None:
        self._host.innerHTML = str(value)

    @property
    def text(self) -> str:
        return str(self._host.textContent)

    @text.setter
    def text(self, value: object) -> None:
        self._host.textContent = str(value)

    @property
    def attrs(self) -> Attrs:
        return Attrs(self._js)

    @property
    def style(self) -> Style:
        return Style(self._js.style)

    @style.setter
    def style(self, value: dict[str, Any] | str) -> None:
        if isinstance(value, str):
            self._js.style.cssText = value
        elif isinstance(value, dict):
            Style(self._js.style).update(value)
        else:
            raise TypeError(f"style must be str or dict, not {type(value).__name__}")

    @property
    def class_name(self) -> Any:
        return wrap(getattr(self._js, "className", None))

    @class_name.setter
    def class_name(self, value: str) -> None:
        self._js.setAttribute("class", value)

    # --- tree ---
    @property
    def parent(self) -> Any:  # DOMNode | None
        return wrap(self._js.parentElement)

    @property
    def children(self) -> list[DOMNode]:
        return [DOMNode(c) for c in self._host.children]

    @property
    def child_nodes(self) -> list[DOMNode]:
        return [DOMNode(c) for c in self._host.childNodes]

    def clear(self) -> None:
        self._host.replaceChildren()

    def clone(self) -> DOMNode:
        return DOMNode(self._js.cloneNode(True))

    def __le__(self, other: Any) -> DOMNode:
        """`elt <= child`: append a node, a str or number (as text), or each of an iterable."""
        host = self._host
        if isinstance(other, str | int | float):
            host.append(str(other))
        elif isinstance(other, JSObject) or hasattr(other, "nodeType"):
            host.appendChild(unwrap(other))
        else:
            try:
                items = list(other)
            except TypeError:
                raise TypeError(f"can't add {type(other).__name__!r} object to DOMNode") from None
            for item in items:
                self <= item  # noqa: B015 - appends
        return self

    def __add__(self, other: Any) -> TagSum:
        return TagSum([self]).__add__(other)

    def __radd__(self, other: Any) -> TagSum:
        return TagSum([other, self])

    def __iter__(self) -> Iterator[DOMNode]:
        return iter(self.child_nodes)

    def __len__(self) -> int:
        return int(self._js.childNodes.length)

    def __bool__(self) -> bool:
        return True

    # --- selection ---
    def select(self, selector: str) -> list[DOMNode]:
        return [DOMNode(e) for e in self._js.querySelectorAll(selector)]

    def select_one(self, selector: str) -> Any:  # DOMNode | None
        return wrap(self._js.querySelector(selector))

    def get(self, **kw: str) -> list[DOMNode]:
        """Brython's `get(selector=...)`, `name=`, `tag=`, `classname=` or `id=`."""
        if "selector" in kw:
            return self.select(kw["selector"])
        if "id" in kw:
            found = wrap(js.document.getElementById(kw["id"]))
            return [] if found is None else [found]
        for key, method in (
            ("name", "getElementsByName"),
            ("tag", "getElementsByTagName"),
            ("classname", "getElementsByClassName"),
        ):
            if key in kw:
                return [DOMNode(e) for e in getattr(self._js, method)(kw[key])]
        return []

    def __getitem__(self, key: str) -> DOMNode:
        if self._js.nodeType != DOCUMENT_NODE:
            raise TypeError("only document[id] is supported; use elt.attrs[name]")
        found = wrap(self._js.getElementById(key))
        if found is None:
            raise KeyError(key)
        return found  # type: ignore[no-any-return]

    def __contains__(self, key: object) -> bool:
        if self._js.nodeType != DOCUMENT_NODE:
            return False
        return wrap(self._js.getElementById(key)) is not None

    def __delitem__(self, key: str) -> None:
        self[key]._js.remove()

    # --- events ---
    def bind(self, event: str, func: Callable[..., Any] | None = None, options: Any = None) -> Any:
        """`elt.bind("click", f)`, or as a decorator: `@elt.bind("click")`. Returns `elt`."""
        if func is None:

            def decorator(f: Callable[..., Any]) -> Callable[..., Any]:
                listen(self._js, event, f, options)
                return f

            return decorator
        listen(self._js, event, func, options)
        return self

    def unbind(self, event: str | None = None, *funcs: Callable[..., Any]) -> None:
        unlisten(self._js, event, *funcs)

    def events(self, event: str) -> list[Callable[..., Any]]:
        return listeners(self._js, event)

    addEventListener = bind  # noqa: N815 - Brython maps these two to bind/unbind
    removeEventListener = unbind  # noqa: N815

    def __repr__(self) -> str:
        name = getattr(self._js, "tagName", None) or self._js.nodeName
        attrs = "".join(f' {k}="{v}"' for k, v in self.attrs.items()) if self._js.attributes else ""
        return f"<DOMNode {name}{attrs}>"


class TagSum:
    """`a + b` of Brython: siblings to be appended together (`elt <= a + b`)."""

    def __init__(self, children: list[Any]) -> None:
        self.children = [js.document.createTextNode(str(c)) if _is_text(c) else c for c in children]

    def __add__(self, other: Any) -> TagSum:
        more = other.children if isinstance(other, TagSum) else [other]
        return TagSum(self.children + more)

    def __radd__(self, other: Any) -> TagSum:
        return TagSum([other, *self.children])

    def __iter__(self) -> Iterator[Any]:
        return iter(self.children)

    def clone(self) -> TagSum:
        return TagSum([unwrap(c).cloneNode(True) for c in self.children])


def _is_text(value: object) -> bool:
    return isinstance(value, str | int | float | list | dict | set | tuple)


class Attrs:
    """`elt.attrs`: the element's HTML attributes as a dict of str."""

    def __init__(self, elt: Any) -> None:
        self._elt = elt

    def __getitem__(self, name: str) -> str:
        if not self._elt.hasAttribute(name):
            raise KeyError(name)
        return str(self._elt.getAttribute(name))

    def __setitem__(self, name: str, value: object) -> None:
        self._elt.setAttribute(name, str(value))

    def __delitem__(self, name: str) -> None:
        if not self._elt.hasAttribute(name):
            raise KeyError(name)
        self._elt.removeAttribute(name)

    def __contains__(self, name: object) -> bool:
        return bool(self._elt.hasAttribute(name))

    def __iter__(self) -> Iterator[str]:
        return iter(self.keys())

    def __len__(self) -> int:
        return int(self._elt.attributes.length)

    def keys(self) -> list[str]:
        return [str(n) for n in self._elt.getAttributeNames()]

    def values(self) -> list[str]:
        return [self[k] for k in self.keys()]

    def items(self) -> list[tuple[str, str]]:
        return [(k, self[k]) for k in self.keys()]

    def get(self, name: str, default: Any = None) -> Any:
        return self[name] if name in self else default


class Style:
    """`elt.style`: attribute form (`style.color = "red"`, JS names) and dict form
    (`style["color"]`, `style["background-color"]`); ints get "px" where Brython adds it."""

    def __init__(self, css: Any) -> None:
        object.__setattr__(self, "_css", css)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._css, name)

    def __setattr__(self, name: str, value: Any) -> None:
        setattr(self._css, name, style_value(name, value))

    def __getitem__(self, key: str) -> str:
        if "-" in key:
            return str(self._css.getPropertyValue(key))
        return str(getattr(self._css, key))

    def __setitem__(self, key: str, value: Any) -> None:
        if "-" in key:
            self._css.setProperty(key, str(style_value(key, value)))
        elif key.lower() == "float":
            self._css.cssFloat = value
        else:
            setattr(self._css, key, style_value(key, value))

    def update(self, values: dict[str, Any]) -> None:
        for key, value in values.items():
            self[key] = value


class _NoDOM:
    """`document` where there is none (a Worker): every use raises a clear RuntimeError."""

    def _fail(self, *args: Any) -> Any:
        require_dom("browser.document")

    __getattr__ = __getitem__ = __setitem__ = __delitem__ = __le__ = __contains__ = _fail
    __iter__ = __len__ = _fail


def bind(target: Any, event: str, options: Any = None) -> Callable[[Any], Any]:
    """`@bind(target, "click")`: a CSS selector (every match), an element, a list of elements,
    or any JavaScript event target (`window`, a Worker's `self`)."""

    def decorator(func: Callable[..., Any]) -> Callable[..., Any]:
        if isinstance(target, str):
            require_dom(f"bind({target!r}, ...)")
            found: list[Any] = list(js.document.querySelectorAll(target))
        elif isinstance(target, JSObject) or hasattr(target, "addEventListener"):
            found = [target]
        else:
            found = list(target)
        for elt in found:
            listen(unwrap(elt), event, func, options)
        return func

    return decorator


if hasattr(js, "document"):
    NODE_CLASS.append(DOMNode)
    document = doc = DOMNode(js.document)
else:
    document = doc = _NoDOM()  # type: ignore[assignment]
