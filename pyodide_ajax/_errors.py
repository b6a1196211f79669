"""The exceptions of pyodide_ajax: one tree, rooted at `OSError`, for both modes.

```
OSError
└── AjaxError                     anything this package raises about a request
    ├── RequestError              the request ended with status 0 (no HTTP response)
    │   ├── NetworkError          network failure, refused connection or CORS denial
    │   ├── TimeoutError          the timeout elapsed (also a builtins.TimeoutError)
    │   └── AbortError            `abort()` was called, or the awaiting task was cancelled
    ├── HTTPStatusError           raised by `raise_for_status()` for a 4xx/5xx status
    └── UnsupportedRuntimeError   this runtime cannot carry the request (e.g. blocking in Node)
```

Bad arguments are not request failures: they raise `TypeError` or `ValueError` before anything is
sent, as Python functions do.
"""

from __future__ import annotations

import builtins
from typing import Any

__all__ = [
    "AbortError",
    "AjaxError",
    "HTTPStatusError",
    "NetworkError",
    "RequestError",
    "TimeoutError",
    "UnsupportedRuntimeError",
]


class AjaxError(OSError):
    """Base class of every request failure raised by pyodide_ajax."""

    request: Any = None
    """The `Ajax` object whose request failed, when there is one."""


class RequestError(AjaxError):
    """The request got no HTTP response: the browser reports status 0."""

    def __init__(self, message: str, *, method: str = "", url: str = "") -> None:
        super().__init__(message)
        self.method = method
        self.url = url


class NetworkError(RequestError):
    """The network failed, the connection was refused, or CORS denied the response.

    Browsers deliberately hide which one it was (a script must not learn why a cross-origin
    request failed), so the message names all the likely causes.
    """


class TimeoutError(RequestError, builtins.TimeoutError):  # noqa: A001 - mirrors the builtin on purpose
    """The request's timeout elapsed before it completed."""


class AbortError(RequestError):
    """The request was aborted by `abort()` or by cancelling the task that awaited it."""


class HTTPStatusError(AjaxError):
    """An HTTP error status, raised only on request by `Ajax.raise_for_status()`."""

    def __init__(self, status: int, status_text: str, url: str) -> None:
        kind = "Client" if status < 500 else "Server"
        super().__init__(f"{status} {kind} Error: {status_text or 'error'} for url: {url}")
        self.status = status
        self.status_text = status_text
        self.url = url


class UnsupportedRuntimeError(AjaxError):
    """The current runtime has no way to carry this request (for example blocking mode in Node
    without JSPI)."""
