"""Static files under several URL prefixes, and pytest-pyodide's runner pages."""

from __future__ import annotations

import importlib.util
import mimetypes
from collections.abc import Mapping
from functools import cache
from pathlib import Path
from urllib.parse import unquote

__all__ = ["StaticFiles", "guess_mime", "pyodide_templates"]

MIME_TYPES = {
    ".wasm": "application/wasm",
    ".mjs": "text/javascript",
    ".js": "text/javascript",
    ".whl": "application/zip",
    ".zip": "application/zip",
    ".json": "application/json",
    ".html": "text/html",
    ".css": "text/css",
    ".tar": "application/x-tar",
    ".data": "application/octet-stream",
}


def guess_mime(name: str) -> str:
    """Content-Type for a static file; the fixed table beats the host's mime.types,
    which differs between machines (and gets .wasm/.mjs wrong on some)."""
    suffix = Path(name).suffix.lower()
    return MIME_TYPES.get(suffix) or mimetypes.guess_type(name)[0] or "application/octet-stream"


@cache
def pyodide_templates() -> dict[str, bytes]:
    """pytest-pyodide's runner pages (``/test.html`` ...), if that package is installed.

    Its browser runner loads them from the server under test, so serving them here
    lets pytest-pyodide use this server. Found via find_spec so it stays optional.
    """
    spec = importlib.util.find_spec("pytest_pyodide")
    if spec is None or not spec.submodule_search_locations:
        return {}
    templates = Path(next(iter(spec.submodule_search_locations))) / "_templates"
    files = [*templates.glob("*.html"), *templates.glob("*.js")]
    return {f"/{path.name}": path.read_bytes() for path in files}


def _normalize_prefix(prefix: str) -> str:
    return "/" + prefix.strip("/") + "/" if prefix.strip("/") else "/"


class StaticFiles:
    """Maps URL paths to files under several roots; the longest matching prefix wins."""

    def __init__(self, roots: Mapping[str, Path | str]) -> None:
        pairs = [(_normalize_prefix(prefix), Path(d)) for prefix, d in roots.items()]
        self.roots = sorted(pairs, key=lambda pair: len(pair[0]), reverse=True)

    def lookup(self, url_path: str) -> Path | None:
        """The file or directory for a (still percent-encoded) URL path, or None.

        Traversal is refused by rejecting ``..`` segments after decoding rather than
        by resolving symlinks, so a root may legitimately link to files elsewhere
        (e.g. a dist directory of symlinks into a cache).
        """
        path = unquote(url_path)
        segments = path.split("/")
        if ".." in segments or "\x00" in path:
            return None
        for prefix, root in self.roots:
            if path.startswith(prefix) or path + "/" == prefix:
                rest = [s for s in path[len(prefix) :].split("/") if s not in ("", ".")]
                return root.joinpath(*rest)
        return None
