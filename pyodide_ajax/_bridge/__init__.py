"""`patch_urllib()`, `patch_requests()`, `patch_all()`, `unpatch_all()`: code that calls urllib
or requests goes through pyodide_ajax's blocking transports.

The names are pyodide-http's, so moving over is one changed import. Patching twice is harmless;
`unpatch_all()` puts back what was there. Outside Pyodide nothing is patched: the functions
return False and warn (CPython keeps its sockets).
"""

from __future__ import annotations

import importlib.util
import warnings
from typing import Any

from .. import _env

__all__ = ["patch_all", "patch_requests", "patch_urllib", "unpatch_all"]

# What each patch replaced, to put it back: "urllib": (HTTPHandler, opener, added handler),
# "requests": the original HTTPAdapter.send.
_saved: dict[str, Any] = {}


def _skipped(what: str, why: str) -> bool:
    warnings.warn(f"pyodide_ajax.{what}(): {why}, nothing was patched", RuntimeWarning, 3)
    return False


def patch_urllib() -> bool:
    """Send urllib's http and https requests (`urlopen`, openers of `build_opener()`,
    `urlretrieve`) through pyodide_ajax. True when patched (now or before)."""
    if not _env.IN_PYODIDE:
        return _skipped("patch_urllib", "not running in Pyodide")
    if "urllib" in _saved:
        return True
    from ._urllib import AjaxHTTPHandler

    request = _urllib_request()
    # build_opener() reads HTTPHandler from the module at each call: every new opener, with or
    # without the caller's own handlers, gets ours in place of the socket one.
    original = request.HTTPHandler
    request.HTTPHandler = AjaxHTTPHandler
    # The opener urlopen() already built (or one the caller installed) gets ours added.
    opener = request._opener
    handler = None
    if opener is not None:
        handler = AjaxHTTPHandler()
        opener.add_handler(handler)
    _saved["urllib"] = (original, opener, handler)
    return True


def patch_requests() -> bool:
    """Send requests' HTTP through pyodide_ajax (every `HTTPAdapter`, so every `Session`).
    False, with a warning, when requests is not installed."""
    if not _env.IN_PYODIDE:
        return _skipped("patch_requests", "not running in Pyodide")
    if "requests" in _saved:
        return True
    if importlib.util.find_spec("requests") is None:
        return _skipped("patch_requests", "requests is not installed")
    from requests.adapters import HTTPAdapter

    from ._requests import send

    _saved["requests"] = HTTPAdapter.send
    adapter: Any = HTTPAdapter  # a class attribute replaced on purpose
    adapter.send = send
    return True


def patch_all() -> dict[str, bool]:
    """`patch_urllib()`, and `patch_requests()` when requests is installed. Returns what is
    patched: `{"urllib": True, "requests": True}` (all False outside Pyodide)."""
    if not _env.IN_PYODIDE:
        _skipped("patch_all", "not running in Pyodide")
        return {"urllib": False, "requests": False}
    has_requests = importlib.util.find_spec("requests") is not None
    return {"urllib": patch_urllib(), "requests": has_requests and patch_requests()}


def unpatch_all() -> None:
    """Undo every patch: urllib and requests work as they did before."""
    if "urllib" in _saved:
        from ._urllib import AjaxHTTPHandler

        request = _urllib_request()
        original, opener, handler = _saved.pop("urllib")
        request.HTTPHandler = original
        if handler is not None:
            _remove_handler(opener, handler)
        current = request._opener
        if current is not None and any(isinstance(h, AjaxHTTPHandler) for h in current.handlers):
            # Built by urlopen() while patched: the next urlopen() builds a plain one.
            request.install_opener(None)
    if "requests" in _saved:
        from requests.adapters import HTTPAdapter

        adapter: Any = HTTPAdapter
        adapter.send = _saved.pop("requests")


def _urllib_request() -> Any:
    """`urllib.request`, whose module attributes the patch replaces (typed Any on purpose)."""
    import urllib.request

    return urllib.request


def _remove_handler(opener: Any, handler: Any) -> None:
    """OpenerDirector has add_handler() but no remove: take it out of every table."""
    if handler in opener.handlers:
        opener.handlers.remove(handler)
    tables = [opener.handle_open, opener.process_request, opener.process_response]
    tables.extend(opener.handle_error.values())
    for table in tables:
        for handlers in table.values():
            while handler in handlers:
                handlers.remove(handler)
