"""Run code that uses pyodide_ajax in plain CPython, without a browser.

```python
from pyodide_ajax.testing import MockResponse, MockTransport, use_transport

transport = MockTransport(lambda request: MockResponse(200, b"hello"))
with use_transport(transport):
    req = pyodide_ajax.get("http://example.test/", blocking=True)
assert req.text == "hello"
```

The handler receives a `Request`: `method`, `url` (absolute, with the query string), `headers`
(a list of `(lower-case name, value)` pairs), `body` (None, str, bytes, a `Multipart` or a
JavaScript FormData), `timeout` (seconds or None) and `with_credentials`.
"""

from __future__ import annotations

from ._request import Request
from ._transports import use_transport
from ._transports.mock import MockResponse, MockTransport

__all__ = ["MockResponse", "MockTransport", "Request", "use_transport"]
