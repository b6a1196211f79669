"""pyodide-ajax in real PyScript pages (`@pyscript/core` 0.7.31), offline, in Debian's Chromium.

The pages are the ones the README shows (examples/pyscript/): PyScript installs our freshly
built wheel with micropip from `packages`, the Python code writes each result into a
`<pre id=...>` and this module reads it back. Served from one origin: `/` the examples,
`/pyscript/` PyScript's dist, `/pyodide/` our Pyodide folder (micropip in its lock), `/wheels/`
the wheel, plus the test server's API (`/bytes`, `/slow`, `/files/...`). The worker page is
loaded under `/coi/`, where the server adds COOP/COEP (cross-origin isolation).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page

from tools.server import Servers, serve

from .common import CACHE, DIST, EXAMPLES, Watch, chromium, wheel_name

PYSCRIPT = CACHE / "pyscript" / "dist"
PAGES = Path(__file__).parent / "pyscript_pages"
BOOT_MS = 120_000  # page load to Python done: 3-4 s quiet, 20 s and more on a loaded machine
CLICK_MS = 60_000
BYTES_OK = "200 {} True"  # status, transport, body == bytes(range(256)) * 256


@pytest.fixture(scope="module")
def servers() -> Iterator[Servers]:
    if not (PYSCRIPT / "core.js").is_file():
        pytest.fail(f"no PyScript in {PYSCRIPT}: run `make test-pyscript` (it sets it up)")
    if not (DIST / "pyodide.mjs").is_file():
        pytest.fail(f"no Pyodide in {DIST}: run `make setup`")
    wheel = wheel_name()
    for page in ("index.html", "worker.html"):
        if wheel not in (EXAMPLES / "pyscript" / page).read_text():
            pytest.fail(f"examples/pyscript/{page} does not name {wheel}: update it (and README)")
    roots = {
        "/": EXAMPLES / "pyscript",
        "/pyscript/": PYSCRIPT,
        "/pyodide/": DIST,
        "/wheels/": DIST,
        "/plain/": PAGES,
    }
    with serve(roots) as running:
        yield running


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with chromium() as b:
        yield b


def open_page(browser: Browser, url: str, watch: Watch) -> Page:
    page = watch.attach(browser.new_page())
    page.goto(url)
    return page


def read(page: Page, watch: Watch, pre_id: str, timeout: int = BOOT_MS) -> str:
    """The text Python wrote into `<pre id=pre_id>`; fails at once on PyScript's error box."""
    selector = f"pre#{pre_id}, .py-error"
    try:
        page.wait_for_selector(selector, state="attached", timeout=timeout)
    except Exception as exc:
        raise AssertionError(f"no #{pre_id}: {exc}\n{watch.tail()}") from None
    errors = page.locator(".py-error").all_text_contents()
    assert not errors, "PyScript error:\n" + "\n".join(errors) + "\n" + watch.tail()
    return page.locator(f"pre#{pre_id}").text_content() or ""


def served_page(browser: Browser, url: str) -> Iterator[tuple[Page, Watch]]:
    """One page for a whole module; on close, no request may have left 127.0.0.1."""
    watch = Watch()
    page = open_page(browser, url, watch)
    yield page, watch
    page.close()
    assert watch.offsite == [], f"requests left 127.0.0.1: {watch.offsite}"


@pytest.fixture(scope="module")
def main_page(browser: Browser, servers: Servers) -> Iterator[tuple[Page, Watch]]:
    yield from served_page(browser, servers.url("/index.html"))


@pytest.fixture(scope="module")
def worker_page(browser: Browser, servers: Servers) -> Iterator[tuple[Page, Watch]]:
    yield from served_page(browser, servers.url("/coi/worker.html"))


# --------------------------------------------------------------------------- main thread


def test_top_level_await(main_page: tuple[Page, Watch]) -> None:
    assert read(*main_page, "top-async") == "200 bébé"


def test_top_level_blocking_runs_on_jspi(main_page: tuple[Page, Watch]) -> None:
    assert read(*main_page, "top-blocking") == BYTES_OK.format("jspi")


def test_def_click_handler_blocks_on_sync_xhr(main_page: tuple[Page, Watch]) -> None:
    page, watch = main_page
    read(page, watch, "top-blocking")  # Python has defined the handlers
    page.click("#load")
    assert read(page, watch, "click", CLICK_MS) == BYTES_OK.format("xhr-main")


def test_async_def_click_handler_awaits_and_blocks_on_jspi(main_page: tuple[Page, Watch]) -> None:
    page, watch = main_page
    read(page, watch, "top-blocking")
    page.click("#load-async")
    assert read(page, watch, "click-async", CLICK_MS) == "[1, 'x'] jspi bébé"


# --------------------------------------------------------------------------- worker


def test_worker_await_with_a_url_relative_to_the_page(worker_page: tuple[Page, Watch]) -> None:
    assert read(*worker_page, "worker-async") == "200 bébé"


def test_worker_top_level_blocking_binary_and_timeout(worker_page: tuple[Page, Watch]) -> None:
    assert read(*worker_page, "worker-top-binary") == BYTES_OK.format("jspi")
    assert read(*worker_page, "worker-top-timeout").startswith("TimeoutError: ")


def test_worker_def_handler_sync_xhr_binary_and_timeout(worker_page: tuple[Page, Watch]) -> None:
    page, watch = worker_page
    read(page, watch, "worker-top-timeout")  # the worker has registered its handler
    page.click("#load")
    assert read(page, watch, "worker-click-binary", CLICK_MS) == BYTES_OK.format("xhr-worker")
    assert read(page, watch, "worker-click-timeout", CLICK_MS).startswith("TimeoutError: ")


def test_worker_without_isolation_explains_relative_urls(
    browser: Browser, servers: Servers
) -> None:
    """No COOP/COEP: the blob: worker cannot see the page, so `../x` raises an error that says
    how to fix it, and `/x` still works (it names this origin)."""
    watch = Watch()
    page = open_page(browser, servers.url("/plain/worker_plain.html"), watch)
    try:
        with page.expect_console_message(
            lambda m: m.text.startswith("RESULT ") or "Traceback" in m.text, timeout=BOOT_MS
        ) as message:
            pass
    except Exception as exc:
        raise AssertionError(f"no RESULT line: {exc}\n{watch.tail()}") from None
    finally:
        page.close()
    text = message.value.text
    assert text.startswith("RESULT "), f"the worker failed:\n{text}\n{watch.tail()}"
    results = json.loads(text.removeprefix("RESULT "))
    assert results["root"] == "200 bébé"
    relative = results["relative"]
    assert relative.startswith("ValueError: relative URL '../files/text-utf8.txt"), relative
    assert "blob:" in relative and "Cross-Origin-Embedder-Policy: require-corp" in relative
    assert watch.offsite == []


def test_a_script_ending_with_a_shortcut_call_lets_pyscript_finish(
    browser: Browser, servers: Servers
) -> None:
    """Brython code ends with `ajax.get(url, oncomplete=f)`: the callback runs and PyScript's
    promise for the script settles, so `py:all-done` fires (issue 15 item 8)."""
    watch = Watch()
    page = open_page(browser, servers.url("/plain/last_expression.html"), watch)
    try:
        assert read(page, watch, "done") == "200 bébé"
        try:
            page.wait_for_function("window.allDone === true", timeout=BOOT_MS)
        except Exception as exc:
            raise AssertionError(f"py:all-done never fired: {exc}\n{watch.tail()}") from None
    finally:
        page.close()
    assert watch.offsite == []
