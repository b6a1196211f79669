"""Brython's `browser.html`: a class per tag; `DIV("text", id="x", Class="c")` makes the element.

Content: a str or number is the HTML inside, a node or `a + b` is appended, any other iterable
appends each item. Keywords are attributes (through `attribute_mapper`), except `style` (a dict
or str) and `on<event>` (bound with `bind`). `attribute_mapper` may be replaced, as in Brython.
"""

from __future__ import annotations

from typing import Any

import js

from ._dom import DOMNode, TagSum
from ._js import require_dom
from ._logic import TAGS, attribute_mapper, attribute_name

__all__ = [*TAGS, "attribute_mapper", "maketag", "tags"]


class _Tag(DOMNode):
    __slots__ = ()
    tag_name = ""

    def __init__(self, *content: Any, **attrs: Any) -> None:
        require_dom(f"html.{self.tag_name}()")
        super().__init__(js.document.createElement(self.tag_name))
        if len(content) > 1:
            raise TypeError(f"html.{self.tag_name}() takes at most one content argument")
        for first in content:
            if isinstance(first, str | int | float):
                self.html = first
            else:
                self <= (first if isinstance(first, DOMNode | TagSum) else list(first))  # noqa: B015
        for key, value in attrs.items():
            if key.lower().startswith("on"):
                self.bind(key[2:].lower(), value)
            elif key.lower() == "style":
                self.style = value
            elif value is not False:  # Brython: `selected=False` means no attribute at all
                name = attribute_name(key, globals()["attribute_mapper"])  # replaceable
                self._js.setAttribute(name, value if isinstance(value, str) else _attr(value))


def _attr(value: Any) -> str:
    return "true" if value is True else str(value)  # as JavaScript would convert it


tags: dict[str, type[_Tag]] = {}


def maketag(name: str) -> type[_Tag]:
    """A class for a custom tag (`P2 = maketag("P2")`), also added to `tags`."""
    if not isinstance(name, str):
        raise TypeError("html.maketag expects a string as argument")
    if name in tags:
        raise ValueError(f"cannot reset class for {name}")
    cls = type(name, (_Tag,), {"__slots__": (), "tag_name": name, "__module__": __name__})
    tags[name] = cls
    globals()[name] = cls
    return cls


for _name in TAGS:
    maketag(_name)
