"""Opt-in Brython drop-in: make `from browser import ajax` work, so Brython code runs unchanged.

```python
from pyodide_ajax import brython

brython.install()
from browser import ajax          # this is pyodide_ajax

ajax.get("/files/text-utf8.txt", oncomplete=lambda req: print(req.text))
```

Only `ajax` is provided: Brython's `document`, `bind`, `window` ... have no equivalent here
(use `js.document` and `pyodide.ffi.wrappers.add_event_listener`).
"""

from __future__ import annotations

import sys
import types

__all__ = ["install"]


def install() -> types.ModuleType:
    """Register `browser` (if missing) and `browser.ajax` in `sys.modules`; return `browser`.

    An existing `browser` module (a user's own shim, or a package of that name) keeps all its
    other names: only its `ajax` attribute is set. Calling it again changes nothing.
    """
    import pyodide_ajax  # here, not at the top: `pyodide_ajax/__init__` need not know about us

    browser = sys.modules.get("browser")
    if browser is None:
        browser = types.ModuleType(
            "browser", "Brython's `browser` package as registered by pyodide_ajax.brython"
        )
        # A package (it has __path__), so `import browser.ajax` resolves through sys.modules.
        browser.__path__ = []
        sys.modules["browser"] = browser
    browser.ajax = pyodide_ajax  # type: ignore[attr-defined]
    sys.modules["browser.ajax"] = pyodide_ajax
    return browser
