"""Run code that uses pyodide_ajax in plain CPython, without a browser.

```python
from pyodide_ajax.testing import MockResponse, MockTransport, use_transport

transport = MockTransport(lambda request: MockResponse(200, b"hello"))
with use_transport(transport):
    req = pyodide_ajax.get("http://example.test/", blocking=True)
assert req.text == "hello"
```
"""

from __future__ import annotations

from ._transports import use_transport
from ._transports.mock import MockResponse, MockTransport

__all__ = ["MockResponse", "MockTransport", "use_transport"]
