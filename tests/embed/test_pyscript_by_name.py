"""`packages = ["pyodide-ajax"]` by name in PyScript 0.7.31 pages, offline (issue 19).

PyScript installs `packages` with `micropip.install(packages, keep_going=True)` (its core.js),
after `micropip.set_index_urls(index_urls)` when the config has the `index_urls` key. So a name
resolves in two ways, one page each:

- from the Pyodide lock of a self-hosted Pyodide that lists our wheel (`tools/add_to_lock.py`,
  here the dist folder, whose lock `tools/make_dist.py` wrote): micropip looks there first;
- from a package index (`index_urls`, the test server's `/simple/`), with a Pyodide whose lock
  does not list pyodide-ajax.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser

from tools.make_dist import LOCK_NAME, make_dist
from tools.server import Servers, serve

from .common import CACHE, DIST, Watch, chromium
from .test_pyscript import PAGES, PYSCRIPT, open_page, read

CORE = CACHE / "pyodide"  # the npm core the dist folder was made from


def our_version() -> str:
    lock = json.loads((DIST / LOCK_NAME).read_text())
    return str(lock["packages"]["pyodide-ajax"]["version"])


@pytest.fixture(scope="module")
def servers(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Servers]:
    for needed in (PYSCRIPT / "core.js", DIST / LOCK_NAME, CORE / LOCK_NAME):
        if not needed.is_file():
            pytest.fail(f"no {needed}: run `make test-pyscript` (it sets it up)")
    lock = json.loads((DIST / LOCK_NAME).read_text())
    micropip = DIST / lock["packages"]["micropip"]["file_name"]
    bare = tmp_path_factory.mktemp("bare") / "pyodide"
    make_dist(CORE, [micropip], bare)  # micropip only: pyodide-ajax must come from the index
    roots = {"/pyscript/": PYSCRIPT, "/pyodide/": DIST, "/bare-pyodide/": bare, "/plain/": PAGES}
    with serve(roots) as running:
        yield running


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with chromium() as b:
        yield b


def run_page(browser: Browser, servers: Servers, name: str) -> tuple[str, list[str]]:
    """The page's result line and the server's log of what it fetched."""
    watch = Watch()
    page = open_page(browser, servers.url(f"/plain/{name}"), watch)
    try:
        result = read(page, watch, "done")
    finally:
        page.close()
    assert watch.offsite == [], f"requests left 127.0.0.1: {watch.offsite}"
    return result, list(servers.httpds["main"].log)


def test_packages_by_name_from_the_pyodide_lock(browser: Browser, servers: Servers) -> None:
    result, log = run_page(browser, servers, "by_name_lock.html")
    assert result == f"{our_version()} pyodide 200 bébé"  # "pyodide": from the lock
    assert not any("/simple/" in line for line in log)


def test_packages_by_name_from_index_urls(browser: Browser, servers: Servers) -> None:
    result, log = run_page(browser, servers, "by_name_index.html")
    assert result == f"{our_version()} pypi 200 bébé"  # "pypi": micropip's name for an index
    assert any('"GET /simple/pyodide-ajax/ HTTP/1.1" 200' in line for line in log), log
