"""The module functions: Brython's shortcuts, each a thin call into one `Ajax` object.

Every shortcut sets all of its options on a new `Ajax` (whose setters are the only validators)
before it opens the request, so when one is wrong nothing fires and nothing is sent. It returns
the `Ajax` object, which is awaitable.
"""

from __future__ import annotations

import inspect
import time
from collections.abc import Callable, Mapping
from typing import Any, TypedDict, Unpack

from . import _env, _transports
from ._ajax import Ajax
from ._modes import Mode
from ._request import (
    Multipart,
    add_query,
    cache_buster,
    encode_body,
    encode_query_data,
    multipart_fields,
)

__all__ = [
    "RequestOptions",
    "UploadOptions",
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


class EventCallbacks(TypedDict, total=False):
    """`on<event>=f` for each event of `EVENTS`, `onupload<event>=f` for each upload event."""

    onuninitialized: Callback
    onloading: Callback
    onloaded: Callback
    oninteractive: Callback
    oncomplete: Callback
    onloadstart: Callback
    onprogress: Callback
    onload: Callback
    onerror: Callback
    onabort: Callback
    onloadend: Callback
    onuploadloadstart: Callback
    onuploadprogress: Callback
    onuploadload: Callback
    onuploaderror: Callback
    onuploadabort: Callback
    onuploadtimeout: Callback
    onuploadloadend: Callback


class _CommonOptions(EventCallbacks, total=False):
    data: Any
    headers: Mapping[str, Any] | None
    mode: Mode
    encoding: str | None
    timeout: float | None
    ontimeout: Callable[[], Any] | None
    withCredentials: bool  # noqa: N815 - XMLHttpRequest's name


class RequestOptions(_CommonOptions, total=False):
    """The keyword arguments of `get`, `head`, `delete`, `options`, `post`, `put`, `patch`."""

    cache: bool


class UploadOptions(_CommonOptions, total=False):
    """The keyword arguments of `file_upload`."""

    blocking: bool


_DEFAULTS: dict[str, Any] = {
    "data": None, "headers": None, "mode": "text", "encoding": None, "cache": False,
    "blocking": False, "timeout": None, "ontimeout": None, "withCredentials": False,
}  # fmt: skip
_OPTION_NAMES = frozenset(_DEFAULTS)


def _split(
    kwargs: Mapping[str, Any], allowed: frozenset[str]
) -> tuple[dict[str, Any], dict[str, Any]]:
    """The options (defaults filled in) and the `on<event>` callbacks of a call. Any other
    keyword is refused (Brython ignored them, which hid typos such as `on_complete`)."""
    options = {name: _DEFAULTS[name] for name in allowed}
    callbacks = {}
    for key, value in kwargs.items():
        if key in allowed:
            options[key] = value
        elif key.startswith("on") and key not in _OPTION_NAMES:
            callbacks[key] = value
        else:
            raise TypeError(f"unexpected keyword argument {key!r}")
    return options, callbacks


def _configure(options: dict[str, Any], callbacks: dict[str, Any]) -> Ajax:
    """A new `Ajax` with every option set, each through the object's own validating setter."""
    req = Ajax()
    req.mode = options["mode"]
    encoding = options["encoding"]
    if encoding and isinstance(encoding, str) and req.mode != "text":
        # Brython's rule for the shortcuts only, before the codec is looked up (spec case 28)
        raise ValueError(f"encoding not supported for mode {req.mode}")
    req.encoding = encoding
    req.withCredentials = options["withCredentials"]
    headers = options["headers"]
    if headers is not None:
        if not isinstance(headers, Mapping):
            raise ValueError(f"headers must be a dict, not {type(headers).__name__}")
        for name, value in headers.items():
            req.set_header(name, value)
    req.set_timeout(options["timeout"], options["ontimeout"])
    for key, callback in callbacks.items():
        if key.startswith("onupload"):
            req.upload.bind(key[8:], callback)
        else:
            req.bind(key[2:], callback)
    return req


def _query_request(method: str, url: str, blocking: bool, kwargs: Mapping[str, Any]) -> Ajax:
    """get, head, delete, options: `data` goes into the query string."""
    options, callbacks = _split(kwargs, _REQUEST_OPTIONS)
    if not isinstance(url, str):
        raise TypeError(f"url must be a str, not {type(url).__name__}")
    target = add_query(url, encode_query_data(options["data"]))
    if options["cache"] is not True:
        target = cache_buster(target, int(time.time() * 1000))
    req = _configure(options, callbacks)
    req._launch(method, url, target, None, bool(blocking), "strict")
    return req


def _body_request(method: str, url: str, blocking: bool, kwargs: Mapping[str, Any]) -> Ajax:
    """post, put, patch: `data` is the body (`cache` is accepted for Brython code; browsers
    do not cache these methods anyway)."""
    options, callbacks = _split(kwargs, _REQUEST_OPTIONS)
    body = encode_body(options["data"])
    req = _configure(options, callbacks)
    req._launch(method, url, url, body, bool(blocking), "browser")
    return req


def get(url: str, blocking: bool = False, **kwargs: Unpack[RequestOptions]) -> Ajax:
    """Send a GET request; `data` (str or dict) goes into the query string.

    Returns the `Ajax` object; `await` it to wait for completion."""
    return _query_request("GET", url, blocking, kwargs)


def head(url: str, blocking: bool = False, **kwargs: Unpack[RequestOptions]) -> Ajax:
    """Send a HEAD request; `data` (str or dict) goes into the query string.

    Returns the `Ajax` object; `await` it to wait for completion."""
    return _query_request("HEAD", url, blocking, kwargs)


def delete(url: str, blocking: bool = False, **kwargs: Unpack[RequestOptions]) -> Ajax:
    """Send a DELETE request; `data` (str or dict) goes into the query string.

    Returns the `Ajax` object; `await` it to wait for completion."""
    return _query_request("DELETE", url, blocking, kwargs)


def options(url: str, blocking: bool = False, **kwargs: Unpack[RequestOptions]) -> Ajax:
    """Send an OPTIONS request; `data` (str or dict) goes into the query string.

    Returns the `Ajax` object; `await` it to wait for completion."""
    return _query_request("OPTIONS", url, blocking, kwargs)


def post(url: str, blocking: bool = False, **kwargs: Unpack[RequestOptions]) -> Ajax:
    """Send a POST request with `data` as its body (str, dict, bytes-like or form_data()).

    Returns the `Ajax` object; `await` it to wait for completion."""
    return _body_request("POST", url, blocking, kwargs)


def put(url: str, blocking: bool = False, **kwargs: Unpack[RequestOptions]) -> Ajax:
    """Send a PUT request with `data` as its body (str, dict, bytes-like or form_data()).

    Returns the `Ajax` object; `await` it to wait for completion."""
    return _body_request("PUT", url, blocking, kwargs)


def patch(url: str, blocking: bool = False, **kwargs: Unpack[RequestOptions]) -> Ajax:
    """Send a PATCH request with `data` as its body (str, dict, bytes-like or form_data()).

    Returns the `Ajax` object; `await` it to wait for completion."""
    return _body_request("PATCH", url, blocking, kwargs)


def connect(url: str, blocking: bool = False, **kwargs: Any) -> Ajax:
    """Always raises ValueError: Fetch and XMLHttpRequest forbid CONNECT."""
    raise ValueError("browsers forbid the HTTP method CONNECT; nothing was sent")


def trace(url: str, blocking: bool = False, **kwargs: Any) -> Ajax:
    """Always raises ValueError: Fetch and XMLHttpRequest forbid TRACE."""
    raise ValueError("browsers forbid the HTTP method TRACE; nothing was sent")


def file_upload(
    url: str,
    file: Any,
    method: str = "POST",
    field_name: str = "filetosave",
    **kwargs: Unpack[UploadOptions],
) -> Ajax:
    """Upload one File or Blob as multipart/form-data under `field_name`, with the fields of
    `data` (a dict or `form_data()`) beside it."""
    options, callbacks = _split(kwargs, _UPLOAD_OPTIONS)
    if _env.js_type_name(file) not in ("File", "Blob"):
        raise TypeError(f"file must be a JavaScript File or Blob, not {type(file).__name__}")
    if not isinstance(field_name, str):
        raise TypeError(f"field_name must be a str, not {type(field_name).__name__}")
    fields: list[tuple[str, Any, str | None]] = []
    data = options["data"]
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
    req = _configure(options, callbacks)
    body = Multipart(tuple(fields))
    req._launch(method, url, url, body, bool(options["blocking"]), "browser")
    return req


def form_data(form: Any = None) -> Any:
    """A new JavaScript FormData: empty, or filled from an HTML `<form>` element."""
    return _transports.new_form_data(form)


# -- signatures ------------------------------------------------------------------------------
# `**kwargs: Unpack[...]` gives type checkers and IDEs every option; `__signature__` gives the
# same to `inspect.signature()` and `help()`. (inspect costs nothing here: asyncio imports it.)

_REQUEST_OPTIONS = frozenset(RequestOptions.__annotations__) & _OPTION_NAMES
_UPLOAD_OPTIONS = frozenset(UploadOptions.__annotations__) & _OPTION_NAMES


def _signature(positional: dict[str, Any], option_names: frozenset[str]) -> inspect.Signature:
    p = inspect.Parameter
    params = [
        p(name, p.POSITIONAL_OR_KEYWORD, default=default) if default is not p.empty
        else p(name, p.POSITIONAL_OR_KEYWORD)
        for name, default in positional.items()
    ]  # fmt: skip
    params += [
        p(name, p.KEYWORD_ONLY, default=_DEFAULTS[name])
        for name in _DEFAULTS if name in option_names
    ]  # fmt: skip
    params.append(p("callbacks", p.VAR_KEYWORD))
    return inspect.Signature(params, return_annotation=Ajax)


_VERB_SIGNATURE = _signature({"url": inspect.Parameter.empty, "blocking": False}, _REQUEST_OPTIONS)
for _verb in (get, head, delete, options, post, put, patch):
    _verb.__signature__ = _VERB_SIGNATURE  # type: ignore[attr-defined]
file_upload.__signature__ = _signature(  # type: ignore[attr-defined]
    {"url": inspect.Parameter.empty, "file": inspect.Parameter.empty, "method": "POST",
     "field_name": "filetosave"},
    _UPLOAD_OPTIONS,
)  # fmt: skip
del _verb
