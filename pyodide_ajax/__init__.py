"""Brython's `browser.ajax` for Pyodide: one API for async and blocking HTTP requests.

```python
import pyodide_ajax as ajax   # the names of Brython's `from browser import ajax`

req = await ajax.get("/data.json", mode="json")          # async, on fetch
print(req.status, req.json)

req = ajax.get("/data.bin", mode="binary", blocking=True)  # blocking: JSPI or sync XHR
print(len(req.read()))
```
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ._version import __version__

if TYPE_CHECKING:  # what type checkers and IDEs see; at run time each name loads on first use
    from ._ajax import Ajax
    from ._ajax import Ajax as ajax  # noqa: N813 - Brython's lower-case alias: `ajax.ajax is ajax.Ajax`
    from ._api import (
        connect,
        delete,
        file_upload,
        form_data,
        get,
        head,
        options,
        patch,
        post,
        put,
        trace,
    )
    from ._bridge import patch_all, patch_requests, patch_urllib, unpatch_all
    from ._errors import (
        AbortError,
        AjaxError,
        HTTPStatusError,
        NetworkError,
        RequestError,
        TimeoutError,
        UnsupportedRuntimeError,
    )
    from ._events import EVENTS, ProgressEvent
    from ._response import Headers

# Each public name and the module that defines it (under the name it has there). Pyodide compiles
# a module from source on its first import (no bytecode survives a page load), so
# `import pyodide_ajax` loads none of them: a page pays for the API when it first uses it
# (PEP 562 module __getattr__), and an `except ajax.NetworkError` loads only `_errors`.
_SOURCES: dict[str, tuple[str, str]] = {
    "Ajax": ("_ajax", "Ajax"),
    "ajax": ("_ajax", "Ajax"),
    **{verb: ("_api", verb) for verb in (
        "connect", "delete", "file_upload", "form_data", "get", "head", "options", "patch",
        "post", "put", "trace",
    )},
    **{error: ("_errors", error) for error in (
        "AbortError", "AjaxError", "HTTPStatusError", "NetworkError", "RequestError",
        "TimeoutError", "UnsupportedRuntimeError",
    )},
    "EVENTS": ("_events", "EVENTS"),
    "ProgressEvent": ("_events", "ProgressEvent"),
    "Headers": ("_response", "Headers"),
    **{patch: ("_bridge", patch) for patch in (
        "patch_all", "patch_requests", "patch_urllib", "unpatch_all",
    )},
}  # fmt: skip

__all__ = [
    "EVENTS",
    "AbortError",
    "Ajax",
    "AjaxError",
    "HTTPStatusError",
    "Headers",
    "NetworkError",
    "ProgressEvent",
    "RequestError",
    "TimeoutError",
    "UnsupportedRuntimeError",
    "__version__",
    "ajax",
    "connect",
    "delete",
    "file_upload",
    "form_data",
    "get",
    "head",
    "options",
    "patch",
    "patch_all",
    "patch_requests",
    "patch_urllib",
    "post",
    "put",
    "trace",
    "unpatch_all",
]


def __getattr__(name: str) -> Any:
    from importlib import import_module

    if name in _SOURCES:
        module, attribute = _SOURCES[name]
        value = getattr(import_module(f"{__name__}.{module}"), attribute)
        globals()[name] = value  # found directly from now on
        return value
    if not name.startswith("__"):
        # A submodule (`ajax._env`, `ajax.testing`): loaded on access, as the eager package
        # loaded most of them as a side effect of `import pyodide_ajax`.
        try:
            return import_module(f"{__name__}.{name}")
        except ModuleNotFoundError as exc:
            if exc.name != f"{__name__}.{name}":
                raise
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted({*globals(), *_SOURCES})
