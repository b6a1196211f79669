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

from ._ajax import Ajax
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
from ._version import __version__

ajax = Ajax
"""Brython's lower-case alias of the class: `ajax.ajax is ajax.Ajax`."""

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
    "post",
    "put",
    "trace",
]
