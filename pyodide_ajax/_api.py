"""The module functions: Brython's shortcuts, each a thin call to one helper.

Every shortcut validates all of its arguments before anything happens (no callback fires and
nothing is sent when one is wrong), then returns the `Ajax` object, which is awaitable.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from typing import Any

from . import _env
from ._ajax import Ajax, apply_headers, check_mode, check_timeout
from ._events import check_event
from ._request import (
    Body,
    Multipart,
    add_query,
    cache_buster,
    encode_body,
    encode_query_data,
    multipart_fields,
)
from ._response import check_encoding
from ._upload import check_upload_event

__all__ = [
    "connect",
    "delete",
    "file_upload",
    "form_data",
    "get",
    "head",
    "options",
    "patch",
    "post",
    "put",
    "trace",
]

Callback = Callable[..., Any]


def _callbacks(kwargs: dict[str, Any]) -> dict[str, Callback]:
    """`on<event>=f` keywords; anything else is an unknown keyword (Brython ignored those,
    which hid typos such as `on_complete`). `onupload<event>=f` binds `req.upload`'s event
    (kept as `upload.<event>`)."""
    callbacks = {}
    for key, value in kwargs.items():
        if not key.startswith("on"):
            raise TypeError(f"unexpected keyword argument {key!r}")
        if key.startswith("onupload"):
            callbacks["upload." + check_upload_event(key[8:])] = value
        else:
            callbacks[check_event(key[2:])] = value
    return callbacks


def _check_decoding(mode: str, encoding: str | None) -> None:
    check_mode(mode)
    if encoding is not None:
        if not isinstance(encoding, str):
            raise TypeError(f"encoding must be a str, not {type(encoding).__name__}")
        if mode != "text":
            raise ValueError(f"encoding not supported for mode {mode}")
        check_encoding(encoding)


def _request(
    method: str,
    url: str,
    *,
    blocking: bool,
    body: Body,
    target: str,
    headers: Any,
    mode: str,
    encoding: str | None,
    timeout: Any,
    ontimeout: Callback | None,
    withCredentials: bool,  # noqa: N803 - XMLHttpRequest's name
    callbacks: dict[str, Any],
) -> Ajax:
    """Configure an `Ajax` completely, then open and send it."""
    _check_decoding(mode, encoding)
    req = Ajax()
    req.mode = mode
    req.encoding = encoding
    req.withCredentials = withCredentials
    apply_headers(req, headers)
    req.set_timeout(check_timeout(timeout), ontimeout)
    for event, callback in callbacks.items():
        if event.startswith("upload."):
            req.upload.bind(event[7:], callback)
        else:
            req.bind(event, callback)
    req.open(method, target, not blocking)
    req.url = url
    req._send_body(body)
    return req


def _without_body(method: str) -> Callable[..., Ajax]:
    def shortcut(
        url: str,
        blocking: bool = False,
        *,
        data: Any = None,
        headers: Any = None,
        mode: str = "text",
        encoding: str | None = None,
        cache: bool = False,
        timeout: float | None = None,
        ontimeout: Callback | None = None,
        withCredentials: bool = False,  # noqa: N803 - XMLHttpRequest's name
        **callbacks: Callback,
    ) -> Ajax:
        if not isinstance(url, str):
            raise TypeError(f"url must be a str, not {type(url).__name__}")
        target = add_query(url, encode_query_data(data))
        if cache is not True:
            target = cache_buster(target, int(time.time() * 1000))
        return _request(
            method, url, blocking=bool(blocking), body=None, target=target, headers=headers,
            mode=mode, encoding=encoding, timeout=timeout, ontimeout=ontimeout,
            withCredentials=withCredentials, callbacks=_callbacks(callbacks),
        )  # fmt: skip

    shortcut.__name__ = shortcut.__qualname__ = method.lower()
    shortcut.__doc__ = (
        f"Send a {method} request; `data` (str or dict) goes into the query string.\n\n"
        "Returns the `Ajax` object; `await` it to wait for completion."
    )
    return shortcut


def _with_body(method: str) -> Callable[..., Ajax]:
    def shortcut(
        url: str,
        blocking: bool = False,
        *,
        data: Any = None,
        headers: Any = None,
        mode: str = "text",
        encoding: str | None = None,
        cache: bool = False,
        timeout: float | None = None,
        ontimeout: Callback | None = None,
        withCredentials: bool = False,  # noqa: N803 - XMLHttpRequest's name
        **callbacks: Callback,
    ) -> Ajax:
        del cache  # accepted for Brython code; browsers do not cache these methods anyway
        return _request(
            method, url, blocking=bool(blocking), body=encode_body(data), target=url,
            headers=headers, mode=mode, encoding=encoding, timeout=timeout,
            ontimeout=ontimeout, withCredentials=withCredentials,
            callbacks=_callbacks(callbacks),
        )  # fmt: skip

    shortcut.__name__ = shortcut.__qualname__ = method.lower()
    shortcut.__doc__ = (
        f"Send a {method} request with `data` as its body (str, dict, bytes-like or "
        "form_data()).\n\nReturns the `Ajax` object; `await` it to wait for completion."
    )
    return shortcut


get = _without_body("GET")
head = _without_body("HEAD")
delete = _without_body("DELETE")
options = _without_body("OPTIONS")
post = _with_body("POST")
put = _with_body("PUT")
patch = _with_body("PATCH")


def _forbidden(method: str) -> Callable[..., Ajax]:
    def refuse(url: str, blocking: bool = False, **kwargs: Any) -> Ajax:
        raise ValueError(f"browsers forbid the HTTP method {method}; nothing was sent")

    refuse.__name__ = refuse.__qualname__ = method.lower()
    refuse.__doc__ = f"Always raises ValueError: Fetch and XMLHttpRequest forbid {method}."
    return refuse


connect = _forbidden("CONNECT")
trace = _forbidden("TRACE")


def file_upload(
    url: str,
    file: Any,
    method: str = "POST",
    field_name: str = "filetosave",
    *,
    data: Any = None,
    headers: Any = None,
    blocking: bool = False,
    mode: str = "text",
    encoding: str | None = None,
    timeout: float | None = None,
    ontimeout: Callback | None = None,
    withCredentials: bool = False,  # noqa: N803 - XMLHttpRequest's name
    **callbacks: Callback,
) -> Ajax:
    """Upload one File or Blob as multipart/form-data under `field_name`, with the fields of
    `data` (a dict or `form_data()`) beside it."""
    if _env.js_type_name(file) not in ("File", "Blob"):
        raise TypeError(f"file must be a JavaScript File or Blob, not {type(file).__name__}")
    if not isinstance(field_name, str):
        raise TypeError(f"field_name must be a str, not {type(field_name).__name__}")
    fields: list[tuple[str, Any, str | None]] = []
    if data is not None:
        if isinstance(data, str | bytes | bytearray | memoryview):
            raise ValueError("data value must be a dict or form_data()")
        if _env.js_type_name(data) == "FormData":
            fields.extend((str(k), v, None) for k, v in data.entries())
        elif isinstance(data, Mapping):
            fields.extend(multipart_fields(data))
        else:
            raise TypeError(f"wrong type for data: {type(data).__name__}")
    fields.append((field_name, file, getattr(file, "name", None) or "blob"))
    return _request(
        method, url, blocking=bool(blocking), body=Multipart(tuple(fields)), target=url,
        headers=headers, mode=mode, encoding=encoding, timeout=timeout, ontimeout=ontimeout,
        withCredentials=withCredentials, callbacks=_callbacks(callbacks),
    )  # fmt: skip


def form_data(form: Any = None) -> Any:
    """A new JavaScript FormData: empty, or filled from an HTML `<form>` element."""
    from ._transports._body import new_form_data

    return new_form_data(form)
