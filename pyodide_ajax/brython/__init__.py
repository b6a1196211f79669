"""Opt-in Brython drop-in: `from browser import document, ajax, bind, html, timer ...`.

```python
from pyodide_ajax import brython

brython.install()
from browser import ajax, document  # ajax is pyodide_ajax; document wraps the real DOM

ajax.get("/files/text-utf8.txt", oncomplete=lambda req: print(req.text))
```

`install()` imports nothing that touches JavaScript: each name is imported on first use (a
module `__getattr__` for `from browser import x`, a meta-path finder for `import browser.x`
and `import javascript`), so it also runs in CPython, where only `ajax` works.
"""

from __future__ import annotations

import importlib
import importlib.abc
import importlib.machinery
import sys
import types
from typing import Any

__all__ = ["install"]

# `from browser import <name>`: the module of ours that defines it.
_NAMES = {
    **dict.fromkeys(("document", "doc", "bind", "DOMNode"), "_dom"),
    **dict.fromkeys(
        ("window", "self", "alert", "confirm", "prompt", "console", "DOMEvent", "is_webworker"),
        "_js",
    ),
}
# `import browser.<name>` / `import javascript`: the module of ours that is that module.
_MODULES = {
    "browser.html": "_html",
    "browser.timer": "_timer",
    "browser.aio": "_aio",
    "browser.local_storage": "_storage",
    "javascript": "_javascript",
}


def _browser_getattr(name: str) -> Any:
    if name in _NAMES:
        return getattr(importlib.import_module(f"{__name__}.{_NAMES[name]}"), name)
    raise AttributeError(f"module 'browser' has no attribute {name!r}")


class _Alias(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    """Finds `browser.html` ... and loads it as our module of that role.

    `exec_module` replaces the placeholder in `sys.modules`; the import system returns what is
    there at the end, so `browser.html` *is* `pyodide_ajax.brython._html`, imported once.
    """

    def find_spec(self, fullname: str, path: Any = None, target: Any = None) -> Any:
        if fullname not in _MODULES:
            return None
        return importlib.machinery.ModuleSpec(fullname, self)

    def create_module(self, spec: Any) -> None:
        return None

    def exec_module(self, module: types.ModuleType) -> None:
        real = importlib.import_module(f"{__name__}.{_MODULES[module.__name__]}")
        sys.modules[module.__name__] = real


_FINDER = _Alias()


def install() -> types.ModuleType:
    """Register `browser` (if missing), `browser.ajax` and the lazy rest; return `browser`.

    An existing `browser` module keeps all its names (only `ajax` is set, and ours serve the
    names it lacks); its own submodules win over ours. Calling it again changes nothing.
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
    if not hasattr(browser, "__getattr__"):
        browser.__getattr__ = _browser_getattr  # type: ignore[method-assign]
    browser.ajax = pyodide_ajax  # type: ignore[attr-defined]
    sys.modules["browser.ajax"] = pyodide_ajax
    if _FINDER not in sys.meta_path:
        sys.meta_path.append(_FINDER)  # last: a real package's own modules are found first
    return browser
