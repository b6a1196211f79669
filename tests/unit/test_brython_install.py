"""`brython.install()` is lazy: nothing touching JavaScript is imported before a name is used,
and `import pyodide_ajax` imports no part of the Brython layer at all (issue 17)."""

from __future__ import annotations

import subprocess
import sys
import types
from collections.abc import Iterator

import pytest

from pyodide_ajax import brython

NAMES = ("browser", "browser.ajax", "browser.html", "browser.timer", "javascript")


def python(code: str) -> str:
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return out.stdout.strip()


@pytest.fixture(autouse=True)
def clean_modules() -> Iterator[None]:
    saved = {name: sys.modules.pop(name) for name in NAMES if name in sys.modules}
    meta_path = list(sys.meta_path)
    yield
    for name in NAMES:
        sys.modules.pop(name, None)
    sys.modules.update(saved)
    sys.meta_path[:] = meta_path


def test_import_pyodide_ajax_imports_no_brython_module() -> None:
    code = "import sys, pyodide_ajax; print(sorted(m for m in sys.modules if 'brython' in m))"
    assert python(code) == "[]"


def test_install_imports_nothing_that_touches_javascript() -> None:
    code = (
        "import sys\nfrom pyodide_ajax import brython\nbrython.install()\n"
        "print(sorted(m for m in sys.modules\n"
        "             if m.startswith('pyodide_ajax.brython.') or m == 'js'))"
    )
    assert python(code) == "[]"


def test_names_are_resolved_on_use() -> None:
    """In CPython there is no `js`: using a DOM name fails there, and only there."""
    browser = brython.install()
    with pytest.raises(ModuleNotFoundError, match="'js'"):
        from browser import document  # type: ignore[import-not-found]  # noqa: F401
    with pytest.raises(ModuleNotFoundError, match="'js'"):
        import browser.timer  # type: ignore[import-not-found]  # noqa: F401
    with pytest.raises(AttributeError, match="module 'browser' has no attribute 'nothing'"):
        browser.nothing  # noqa: B018


def test_install_keeps_an_existing_modules_names_and_getattr() -> None:
    own = types.ModuleType("browser")
    own.document = "mine"  # type: ignore[attr-defined]
    own.__getattr__ = lambda name: f"own {name}"  # type: ignore[method-assign]
    sys.modules["browser"] = own
    assert brython.install() is own
    from browser import document, timer  # type: ignore[import-not-found]

    assert (document, timer) == ("mine", "own timer")


def test_install_twice_changes_nothing() -> None:
    first = brython.install()
    finders = list(sys.meta_path)
    assert brython.install() is first and sys.meta_path == finders
    assert first.__getattr__ is brython._browser_getattr  # type: ignore[attr-defined]
