"""The pure part of the Brython layer (no JavaScript): names, argument checks, conversions."""

from __future__ import annotations

import base64
import json
from collections.abc import Callable
from typing import Any

# Brython's browser.html: HTML 4.01, HTML5 and HTML5.1 tag names (its list, minus SVG, which
# belongs to browser.svg), plus the living standard's other elements.
TAGS = (
    "A ABBR ACRONYM ADDRESS APPLET AREA B BASE BASEFONT BDO BIG BLOCKQUOTE BODY BR BUTTON "
    "CAPTION CENTER CITE CODE COL COLGROUP DD DEL DFN DIR DIV DL DT EM FIELDSET FONT FORM FRAME "
    "FRAMESET H1 H2 H3 H4 H5 H6 HEAD HR HTML I IFRAME IMG INPUT INS ISINDEX KBD LABEL LEGEND "
    "LI LINK MAP MENU META NOFRAMES NOSCRIPT OBJECT OL OPTGROUP OPTION P PARAM PRE Q S SAMP "
    "SCRIPT SELECT SMALL SPAN STRIKE STRONG STYLE SUB SUP TABLE TBODY TD TEXTAREA TFOOT TH "
    "THEAD TITLE TR TT U UL VAR ARTICLE ASIDE AUDIO BDI CANVAS COMMAND DATA DATALIST EMBED "
    "FIGCAPTION FIGURE FOOTER HEADER KEYGEN MAIN MARK MATH METER NAV OUTPUT PROGRESS RB RP RT "
    "RTC RUBY SECTION SOURCE TEMPLATE TIME TRACK VIDEO WBR DETAILS DIALOG MENUITEM PICTURE "
    "SUMMARY HGROUP SEARCH SLOT"
).split()

# Brython adds "px" to an int given for these style keys (py_dom.js, style_set).
_PIXEL_KEYS = frozenset(("top", "left", "width", "height", "borderWidth"))


def attribute_mapper(attr: str) -> str:
    """Brython's default: a keyword's underscores become hyphens (`http_equiv`)."""
    return attr.replace("_", "-")


def attribute_name(key: str, mapper: Callable[[str], str]) -> str:
    """The HTML attribute for a tag constructor's keyword: `Class` (a capital, as `class` is a
    Python keyword) is `class`; the rest goes through the (replaceable) mapper."""
    return "class" if key.lower() == "class" else mapper(key)


def style_value(key: str, value: Any) -> Any:
    if key in _PIXEL_KEYS and isinstance(value, int) and not isinstance(value, bool):
        return f"{value}px"
    return value


def check_storage_key(key: object, value: object = "") -> str:
    """localStorage keys and values are strings; Brython raises TypeError for anything else."""
    if not isinstance(key, str):
        raise TypeError(f"storage key must be a str, not {type(key).__name__}")
    if not isinstance(value, str):
        raise TypeError(f"storage value must be a str, not {type(value).__name__}")
    return key


AIO_FORMATS = ("text", "binary", "dataURL")


def check_format(fmt: object) -> str:
    if fmt not in AIO_FORMATS:
        raise ValueError(f"format must be one of {', '.join(AIO_FORMATS)}, not {fmt!r}")
    return str(fmt)


def check_seconds(seconds: object) -> float:
    if isinstance(seconds, bool) or not isinstance(seconds, int | float):
        raise TypeError(f"'sleep' argument must be int or float, not {type(seconds).__name__}")
    return float(seconds)


def data_url(content_type: str | None, body: bytes) -> str:
    """What Brython's aio gives for format="dataURL"."""
    return f"data:{content_type or ''};base64,{base64.b64encode(body).decode()}"


def check_frame_callback(func: Callable[..., Any]) -> None:
    """Brython: a requestAnimationFrame callback takes the timestamp, so it needs an argument."""
    code = getattr(func, "__code__", None)
    if code is not None and code.co_argcount == 0 and not code.co_flags & 0x04:  # no *args
        raise TypeError(f"function {code.co_name}() should take a single argument")


def json_parse(text: str | bytes) -> Any:
    """JSON.parse to Python objects (dict, list, str, int, float, bool, None)."""
    return json.loads(text)


def json_stringify(obj: Any, replacer: Any = None, space: int | str | None = None) -> str:
    """JSON.stringify of Python objects, with JavaScript's output: compact, non-ASCII kept."""
    if replacer is not None:
        raise TypeError("JSON.stringify: a replacer is not supported for Python objects")
    indent = space if space else None
    separators = (",", ": ") if indent is not None else (",", ":")
    return json.dumps(obj, ensure_ascii=False, indent=indent, separators=separators)
