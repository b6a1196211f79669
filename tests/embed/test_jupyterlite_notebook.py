"""What a JupyterLite user does once: open a notebook, type a cell, Shift+Enter, read the output.

The cell is the README's first two JupyterLite snippets (install, then await a request). The
notebook (blank.ipynb) is shipped with the site by tools/embed_setup.py.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Page

from tools.server import Servers

from .common import Watch, chromium
from .jupyterlite import BOOT_MS, CELLS, lite_servers

TYPING_ATTEMPTS = 3


@pytest.fixture(scope="module")
def servers() -> Iterator[Servers]:
    with lite_servers() as running:
        yield running


def type_cell(page: Page, code: str) -> None:
    """Replace the first cell's text with `code`, exactly (no auto-indent or auto-close damage:
    insert_text types no keys), and check it; the editor can miss input while the app settles."""
    editor = page.locator(".jp-Notebook .jp-Cell .cm-content").first
    editor.wait_for(timeout=BOOT_MS)
    for _ in range(TYPING_ATTEMPTS):
        editor.click()
        page.keyboard.press("Control+a")
        page.keyboard.insert_text(code)
        typed = page.evaluate(
            "() => document.querySelector('.jp-Notebook .jp-Cell .cm-content').cmView"
            "?.view.state.doc.toString() ?? null"
        )
        if typed is None:  # no handle on CodeMirror: compare the visible lines instead
            typed = "\n".join(editor.locator(".cm-line").all_inner_texts())
        if typed.strip() == code.strip():
            return
    raise AssertionError(f"could not type the cell; the editor holds:\n{typed}")


def test_typed_cell_with_shift_enter(servers: Servers) -> None:
    install = next(code for title, code in CELLS.items() if title.startswith("Install"))
    request = next(code for title, code in CELLS.items() if title.startswith("Await"))
    code = install + request
    watch = Watch()
    with chromium() as browser:
        page = watch.attach(browser.new_page())
        page.goto(servers.url("/lite/notebooks/index.html?path=blank.ipynb"), timeout=BOOT_MS)
        type_cell(page, code)
        page.keyboard.press("Shift+Enter")
        output = page.locator(".jp-Notebook .jp-Cell").first.locator(".jp-OutputArea-output")
        try:
            page.wait_for_function(
                """() => [...document.querySelector('.jp-Notebook .jp-Cell')
                          .querySelectorAll('.jp-OutputArea-output')]
                        .some(e => /200 bébé|Error/.test(e.textContent))""",
                timeout=BOOT_MS,
            )
        except Exception as exc:
            raise AssertionError(f"no output: {exc}\n{watch.tail()}") from None
        text = "\n".join(output.all_inner_texts())
        page.close()
    assert "Error" not in text, text
    assert "200 bébé" in text.splitlines()
    assert watch.offsite == [], f"requests left 127.0.0.1: {watch.offsite}"
