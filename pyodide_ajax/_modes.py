"""The mode rules in one place: which modes exist, what `responseType` implies, how text is
decoded. Pure Python.

A mode says what `read()` gives: `text` a `str`, `binary` `bytes`, `json` the parsed value,
`document` a DOM Document. The `text` decoding follows one of two rules, both Brython's:

- `strict` (the get-family shortcuts): the `encoding` given, else UTF-8, decoded strictly; the
  HTTP `charset` of the response is ignored, so a wrong encoding raises `UnicodeDecodeError`.
- `browser` (the object API, `post`/`put`/`patch`/`file_upload`): Brython lets the browser
  decode these, so we do what XMLHttpRequest's `responseText` does (XHR standard, "text
  response"; Encoding standard, "decode"): a byte order mark wins, else the charset of
  `overrideMimeType()`, else the response's `charset`, else UTF-8; invalid bytes become
  U+FFFD. An `encoding` that the user gave still decodes strictly.
"""

from __future__ import annotations

import codecs
from typing import Literal

__all__ = [
    "MODES",
    "RESPONSE_TYPES",
    "Decoding",
    "Mode",
    "charset_of",
    "check_encoding",
    "check_mode",
    "check_response_type",
    "decode_like_browser",
    "decode_text",
]

Mode = Literal["text", "binary", "json", "document"]
MODES: tuple[Mode, ...] = ("text", "binary", "json", "document")
Decoding = Literal["strict", "browser"]

# responseType values and the mode each one implies.
RESPONSE_TYPES: dict[str, Mode] = {
    "": "text",
    "text": "text",
    "arraybuffer": "binary",
    "blob": "binary",
    "json": "json",
    "document": "document",
}

# x-user-defined is the browsers' "bytes as text" charset (U+F780..U+F7FF for 0x80..0xFF). Python
# has no codec for it; latin-1 keeps the idiom `ord(c) & 0xFF == byte` that Brython users rely on.
_CHARSET_ALIASES = {"x-user-defined": "latin-1"}
# Labels the Encoding standard maps to another codec than Python does: browsers decode
# "iso-8859-1", "latin1" and "ascii" bodies as windows-1252 (Encoding standard, "Encodings").
_BROWSER_LABELS = {
    "ascii": "cp1252", "us-ascii": "cp1252", "iso-8859-1": "cp1252", "iso8859-1": "cp1252",
    "latin1": "cp1252", "l1": "cp1252", "windows-1252": "cp1252", "x-user-defined": "latin-1",
}  # fmt: skip
_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
)


def check_mode(mode: object) -> Mode:
    for known in MODES:
        if mode == known:
            return known
    raise ValueError(f"invalid mode: {mode} (expected one of {', '.join(MODES)})")


def check_response_type(value: object) -> str:
    if not isinstance(value, str) or value not in RESPONSE_TYPES:
        raise ValueError(f"invalid responseType: {value!r}")
    return value


def charset_of(mime: str) -> str | None:
    """The `charset` parameter of a MIME type, if any (`text/plain; charset=x` -> `x`)."""
    for param in mime.split(";")[1:]:
        key, _, value = param.partition("=")
        if key.strip().lower() == "charset" and value.strip():
            return value.strip().strip('"').lower()
    return None


def check_encoding(encoding: str) -> str:
    """Return the codec name to use for `encoding`, or raise LookupError naming it."""
    name = _CHARSET_ALIASES.get(encoding.lower(), encoding)
    codecs.lookup(name)  # raises LookupError("unknown encoding: ...")
    return name


def decode_text(body: bytes, encoding: str) -> str:
    """Decode strictly, as Brython does: a wrong encoding raises UnicodeDecodeError."""
    return body.decode(check_encoding(encoding))


def decode_like_browser(body: bytes, charset: str | None) -> str:
    """Decode as a browser decodes a text response: BOM, else `charset`, else UTF-8; never
    raises (an unknown charset falls back to UTF-8, invalid bytes become U+FFFD)."""
    for bom, codec in _BOMS:
        if body.startswith(bom):
            return body[len(bom) :].decode(codec, "replace")
    codec = "utf-8"
    if charset:
        label = charset.strip().lower()
        codec = _BROWSER_LABELS.get(label, label)
        try:
            codecs.lookup(codec)
        except LookupError:
            codec = "utf-8"
    return body.decode(codec, "replace")
