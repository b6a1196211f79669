"""The file-like response of the urllib bridge (also `raw` of a streamed requests response).

It offers what `http.client.HTTPResponse` offers to urllib's callers (`status`, `reason`,
`getcode()`, `headers`/`info()`, `getheader()`, `geturl()`, `read(n)`, `readline()`,
`readinto()`, iteration, `with`), as an `io.BufferedIOBase`, so `io.TextIOWrapper`, `csv` and
`json.load` work on it. The bytes come from a `BodySource`: whole, or pulled as read (JSPI).
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator
from typing import Any

from .._errors import AjaxError
from .._response import ResponseHead
from ._core import BodySource

__all__ = ["BridgeResponse"]


def _as_is(exc: AjaxError) -> BaseException:
    return exc


class BridgeResponse(io.BufferedIOBase):
    version = 11  # what the browser spoke is hidden from scripts; http.client's "HTTP/1.1"
    will_close = True

    def __init__(self, head: ResponseHead, source: BodySource, method: str = "GET") -> None:
        from http.client import HTTPMessage

        self.status = head.status
        self.reason = head.status_text
        self.msg: Any = self.reason  # urllib's AbstractHTTPHandler sets `msg` to the reason
        self.url = head.url
        self.headers = HTTPMessage()
        for name, value in head.headers.items():
            self.headers[name] = value
        self._source = source
        self.transport = source.transport
        """What carried it: jspi, xhr-main, xhr-worker (the core's `req.transport` names)."""
        self.map_error: Callable[[AjaxError], BaseException] = _as_is
        """How a failure while reading the body is raised: the core's exception itself for
        urllib (a `NetworkError` is an OSError, a `TimeoutError` the builtin one, as a socket's
        would be); requests re-dresses it."""
        self._buf = b""
        self._pos = 0
        self._eof = method == "HEAD"
        self.length: int | None = head.total  # bytes left to read, when the server said

    # -- http.client.HTTPResponse's API ---------------------------------------------------

    @property
    def code(self) -> int:
        return self.status

    def getcode(self) -> int:
        return self.status

    def geturl(self) -> str:
        return self.url

    def info(self) -> Any:
        return self.headers

    def getheader(self, name: str, default: Any = None) -> Any:
        values = self.headers.get_all(name)
        return default if not values else ", ".join(values)

    def getheaders(self) -> list[tuple[str, str]]:
        return list(self.headers.items())

    def fileno(self) -> int:
        raise io.UnsupportedOperation("a browser response has no file descriptor")

    def __repr__(self) -> str:
        return f"<BridgeResponse [{self.status}] {self.url}>"

    # -- reading --------------------------------------------------------------------------

    def readable(self) -> bool:
        return True

    def _available(self) -> int:
        return len(self._buf) - self._pos

    def _from_source(self, pull: Callable[[], bytes]) -> bytes:
        """`pull()` of the source (a chunk or the rest); b"" once the body has ended. A failure
        mid-body is raised as `map_error` says, and ends the body."""
        if self._eof:
            return b""
        try:
            data = pull()
        except AjaxError as exc:
            self._eof = True
            mapped = self.map_error(exc)
            if mapped is exc:
                raise
            raise mapped from exc
        if not data:
            self._eof = True
        return data

    def _next(self) -> bytes:
        """The next chunk from the source, b"" at the end of the body."""
        return self._from_source(self._source.next_chunk)

    def _pull(self) -> bool:
        """One more chunk into the buffer; False at the end of the body."""
        chunk = self._next()
        if not chunk:
            return False
        self._buf = self._buf[self._pos :] + chunk if self._available() else chunk
        self._pos = 0
        return True

    def _take(self, n: int) -> bytes:
        start = self._pos
        if start == 0 and n >= len(self._buf):
            data, self._buf = self._buf, b""  # no copy of a body read in one piece
        else:
            data = self._buf[start : start + n]
            self._pos = start + len(data)
        return self._count(data)

    def _count(self, data: bytes) -> bytes:
        if self.length is not None:
            self.length = max(0, self.length - len(data))
        return data

    def read(self, size: int | None = -1, decode_content: Any = None) -> bytes:
        if self.closed:
            return b""
        if size is None or size < 0:
            parts = [self._take(self._available())] if self._available() else []
            rest = self._from_source(self._source.read_all)
            if rest:
                parts.append(self._count(rest))
            self._eof = True
            return parts[0] if len(parts) == 1 else b"".join(parts)
        if self._available() >= size:
            return self._take(size)
        # Whole chunks go into a list joined once: re-concatenating a growing buffer for each
        # 64 KiB chunk of a 1 MiB read would copy it 16 times over.
        parts = [self._take(self._available())] if self._available() else []
        got = len(parts[0]) if parts else 0
        while got < size:
            chunk = self._next()
            if not chunk:
                break
            if len(chunk) > size - got:
                self._buf, self._pos = chunk, size - got
                chunk = chunk[: size - got]
            got += len(chunk)
            parts.append(self._count(chunk))
        return parts[0] if len(parts) == 1 else b"".join(parts)

    def read1(self, size: int = -1) -> bytes:
        if self.closed:
            return b""
        if not self._available():
            self._pull()
        available = self._available()
        return self._take(available if size is None or size < 0 else min(size, available))

    def readinto(self, buffer: Any) -> int:
        view = memoryview(buffer).cast("B")
        data = self.read(len(view))
        view[: len(data)] = data
        return len(data)

    def readinto1(self, buffer: Any) -> int:
        view = memoryview(buffer).cast("B")
        data = self.read1(len(view))
        view[: len(data)] = data
        return len(data)

    def readline(self, size: int | None = -1) -> bytes:
        if self.closed:
            return b""
        limit = -1 if size is None else size
        while True:
            end = self._buf.find(b"\n", self._pos)
            if end >= 0:
                n = end + 1 - self._pos
                break
            if 0 <= limit <= self._available() or not self._pull():
                n = self._available()
                break
        return self._take(n if limit < 0 else min(n, limit))

    def peek(self, size: int = 0) -> bytes:
        if not self._available():
            self._pull()
        return self._buf[self._pos :]

    def stream(self, amt: int | None = 2**16, decode_content: Any = None) -> Iterator[bytes]:
        """urllib3's `HTTPResponse.stream()`, which requests' `iter_content()` calls."""
        while True:
            data = self.read1() if amt is None else self.read(amt)
            if not data:
                return
            yield data

    def close(self) -> None:
        if not self.closed:
            self._source.close()
            self._buf = b""
        super().close()

    def release_conn(self) -> None:
        """requests calls this when it is done with a response."""
        self.close()
