"""The bodies the tests fetch: fixtures in awkward encodings, built in code (no binary in the
repository), and the shared ``/bytes`` pattern."""

from __future__ import annotations

import json
import struct
import threading
import zlib

__all__ = ["FIXTURES", "MAX_BYTES", "MiB", "pattern_bytes"]

MiB = 1024 * 1024
MAX_BYTES = 64 * MiB
JSON = "application/json"


def _png(width: int = 16, height: int = 16) -> bytes:
    """A small valid RGB gradient PNG, built in code so no binary lives in the repo."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = zlib.crc32(kind + data)
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)

    rows = b"".join(
        b"\x00" + bytes(c for x in range(width) for c in (x * 16, y * 16, 128))
        for y in range(height)
    )
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)  # 8-bit RGB
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows, 9))
        + chunk(b"IEND", b"")
    )


_GLOSSARY = {
    "glossary": {
        "title": "example glossary",
        "GlossDiv": {
            "title": "S",
            "GlossList": {
                "GlossEntry": {
                    "ID": "SGML",
                    "SortAs": "SGML",
                    "GlossTerm": "Standard Generalized Markup Language",
                    "Acronym": "SGML",
                    "Abbrev": "ISO 8879:1986",
                    "GlossDef": {
                        "para": "A meta-markup language, used to create markup languages "
                        "such as DocBook.",
                        "GlossSeeAlso": ["GML", "XML"],
                    },
                    "GlossSee": "markup",
                }
            },
        },
    }
}

_CATALOG = b"""<?xml version="1.0" encoding="UTF-8"?>
<CATALOG>
  <CD>
    <TITLE>Another Music in a Different Kitchen</TITLE>
    <ARTIST>Buzzcocks</ARTIST>
    <YEAR>1978</YEAR>
  </CD>
  <CD>
    <TITLE>Turn On the Bright Lights</TITLE>
    <ARTIST>Interpol</ARTIST>
    <YEAR>2002</YEAR>
  </CD>
  <CD>
    <TITLE>My Love Is Cool</TITLE>
    <ARTIST>Wolf Alice</ARTIST>
    <YEAR>2015</YEAR>
  </CD>
</CATALOG>
"""

_PAGE = b"""<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>page</title></head>
<body><p id="p">hello</p></body></html>
"""

# path -> (body, Content-Type). Text fixtures deliberately carry no charset unless the
# name says so: the decoding tests are about what the client does without one.
FIXTURES: dict[str, tuple[bytes, str]] = {
    "/files/text-utf8.txt": (b"b\xc3\xa9b\xc3\xa9", "text/plain"),
    "/files/text-latin1.txt": (b"b\xe9b\xe9", "text/plain"),
    "/files/text-latin1-charset.txt": (b"b\xe9b\xe9", "text/plain; charset=iso-8859-1"),
    "/files/text-latin9.txt": (b"s\xbdur", "text/plain"),
    "/files/text_cyrillic.txt": ("Шея — это часть тела.\n".encode(), "text/plain"),
    "/files/glossary.json": (json.dumps(_GLOSSARY, indent=4).encode(), JSON),
    # What pandas.read_csv(url) reads (issue 16: csv over urlopen).
    "/files/cities.csv": (
        b"city,population\nParis,2102650\nBerlin,3878100\nMadrid,3332035\n",
        "text/csv; charset=utf-8",
    ),
    "/catalog.xml": (_CATALOG, "application/xml"),
    "/files/catalog.xml": (_CATALOG, "application/xml"),
    "/files/page.html": (_PAGE, "text/html; charset=utf-8"),
    "/brython.png": (_png(), "image/png"),
    "/json_misc": (b'{"a":1,"b":1.5,"c":null,"d":true,"e":[1,"x"],"f":2.0}', JSON),
    "/notjson": (b"not json", "text/plain"),
}


class _PatternBytes:
    """``bytes(range(256))`` repeated, as a view of one shared buffer.

    Tests fetch 8 MiB and 32 MiB bodies again and again; building them once and
    handing out zero-copy slices keeps /bytes cheap. The buffer only grows, and
    never beyond MAX_BYTES (+ one period), so memory stays bounded.
    """

    def __init__(self) -> None:
        self._buffer = b""
        self._lock = threading.Lock()

    def __call__(self, n: int) -> memoryview:
        with self._lock:
            if len(self._buffer) < n:
                size = min(MAX_BYTES, max(n, 2 * len(self._buffer)))
                self._buffer = bytes(range(256)) * (size // 256 + 1)
            return memoryview(self._buffer)[:n]


pattern_bytes = _PatternBytes()
