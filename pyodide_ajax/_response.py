"""What a transport hands back: the head, the headers and the body. Pure, no JavaScript."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from ._record import Record

__all__ = ["Headers", "Response", "ResponseHead", "parse_json_or_none"]


class Headers(Mapping[str, str]):
    """Response headers: a read-only, case-insensitive mapping. Repeated headers are joined
    with ", " as Fetch and XMLHttpRequest do."""

    def __init__(self, pairs: Iterable[tuple[str, str]] = ()) -> None:
        self._items: dict[str, tuple[str, str]] = {}
        for name, value in pairs:
            key = name.lower()
            if key in self._items:
                value = f"{self._items[key][1]}, {value}"
            self._items[key] = (name, value)

    @classmethod
    def parse(cls, raw: str) -> Headers:
        """Parse `getAllResponseHeaders()` text: `name: value` lines separated by CRLF."""
        pairs = []
        for line in raw.split("\r\n"):
            name, sep, value = line.partition(":")
            if sep and name.strip():
                pairs.append((name.strip(), value.strip()))
        return cls(pairs)

    def __getitem__(self, name: str) -> str:
        return self._items[name.lower()][1]

    def __iter__(self) -> Iterator[str]:
        return (original for original, _ in self._items.values())

    def __len__(self) -> int:
        return len(self._items)

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and name.lower() in self._items

    def raw(self) -> str:
        """The `getAllResponseHeaders()` form: lower-case names, sorted, CRLF after each."""
        return "".join(f"{key}: {self._items[key][1]}\r\n" for key in sorted(self._items))

    def __repr__(self) -> str:
        return f"Headers({dict(self.items())!r})"


class ResponseHead(Record):
    """The status line and headers, known before the body arrives."""

    __slots__ = ("status", "status_text", "url", "headers")
    status: int
    status_text: str
    url: str
    headers: Headers

    def __init__(
        self, status: int, status_text: str, url: str, headers: Headers | None = None
    ) -> None:
        self._set(
            status=status,
            status_text=status_text,
            url=url,
            headers=Headers() if headers is None else headers,
        )

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "")

    @property
    def total(self) -> int | None:
        """The body length to expect, when the server said it and the browser will not change
        it: a compressed body is decoded by the browser, so its Content-Length is not the
        number of bytes we will see."""
        if "content-encoding" in self.headers:
            return None
        length = self.headers.get("content-length", "")
        return int(length) if length.isdigit() else None


class Response(Record):
    __slots__ = ("head", "body")
    head: ResponseHead
    body: bytes

    def __init__(self, head: ResponseHead, body: bytes = b"") -> None:
        self._set(head=head, body=body)


def parse_json_or_none(text: str) -> Any:
    """`json` mode: the parsed value, or None for an empty or unparseable body (what the
    browser's `responseType = "json"` gives)."""
    try:
        return json.loads(text)
    except ValueError:
        return None
