"""urllib and requests in a PyScript 0.7.31 page after one `pyodide_ajax.patch_all()` (issue 16).

What a PyScript user writes: `packages` gets our wheel (by URL) and `requests` by name, which
micropip resolves, with its four dependencies, from the test server's index (`index_urls`,
`/simple/`, which lists the pure wheels served under `/requests-wheels/`). Then the page's
Python calls `patch_all()` once and runs unchanged stdlib and requests code: `csv.reader` over
`io.TextIOWrapper(urlopen(url))`, the calls `pandas.read_csv(url)` makes
(`urlopen(Request(url, headers=...))`, then `.read()` of the whole body), and
`requests.get(url).json()`. At the script's top level the bridge runs on JSPI; in a plain
`def` click handler (which cannot suspend) on the main thread's synchronous XHR.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import Page

from tools.server import Servers, serve

from .common import CACHE, DIST, Watch, chromium, wheel_name
from .test_pyscript import BOOT_MS, CLICK_MS, PAGES, PYSCRIPT, read, served_page

REQUESTS_WHEELS = CACHE / "requests-wheels"
PAGE = "bridge.html"
ROWS = [
    ["city", "population"],
    ["Paris", "2102650"],
    ["Berlin", "3878100"],
    ["Madrid", "3332035"],
]
CSV_TEXT = "city,population\nParis,2102650\nBerlin,3878100\nMadrid,3332035\n"


@pytest.fixture(scope="module")
def servers() -> Iterator[Servers]:
    if not (PYSCRIPT / "core.js").is_file():
        pytest.fail(f"no PyScript in {PYSCRIPT}: run `make test-pyscript` (it sets it up)")
    if not (DIST / "pyodide.mjs").is_file():
        pytest.fail(f"no Pyodide in {DIST}: run `make setup`")
    if not list(REQUESTS_WHEELS.glob("requests-*.whl")):
        pytest.fail(f"no requests wheels in {REQUESTS_WHEELS}: `make setup` downloads them")
    wheel = wheel_name()
    if wheel not in (PAGES / PAGE).read_text():
        pytest.fail(f"pyscript_pages/{PAGE} does not name {wheel}: update it")
    roots = {
        "/pyscript/": PYSCRIPT,
        "/pyodide/": DIST,
        "/wheels/": DIST,
        "/requests-wheels/": REQUESTS_WHEELS,
        "/plain/": PAGES,
    }
    with serve(roots) as running:
        yield running


@pytest.fixture(scope="module")
def page(servers: Servers) -> Iterator[tuple[Page, Watch]]:
    """One browser and one page for the module: the top-level results, then a click."""
    with chromium() as browser:
        yield from served_page(browser, servers.url(f"/plain/{PAGE}"))


def results(page: tuple[Page, Watch], pre_id: str, timeout: int = BOOT_MS) -> dict[str, Any]:
    """The JSON the page's Python wrote into `<pre id=pre_id>`."""
    parsed: dict[str, Any] = json.loads(read(*page, pre_id, timeout))
    return parsed


def test_patch_all_patches_urllib_and_requests(page: tuple[Page, Watch]) -> None:
    assert results(page, "done")["patched"] == {"urllib": True, "requests": True}


def test_requests_came_from_the_index(page: tuple[Page, Watch], servers: Servers) -> None:
    results(page, "done")
    log = list(servers.httpds["main"].log)
    assert any('"GET /simple/requests/ HTTP/1.1" 200' in line for line in log), log
    for name in ("requests-", "urllib3-", "idna-", "charset_normalizer-", "certifi-"):
        assert any(f"GET /requests-wheels/{name}" in line and '" 200 ' in line for line in log), (
            name,
            log,
        )


def test_csv_reader_over_urlopen_on_jspi(page: tuple[Page, Watch]) -> None:
    done = results(page, "done")
    assert done["rows"] == ROWS
    assert done["csv"] == [200, "text/csv; charset=utf-8", "jspi"]


def test_the_calls_pandas_makes_read_the_whole_csv(page: tuple[Page, Watch]) -> None:
    assert results(page, "done")["pandas"] == [None, CSV_TEXT, "jspi"]


def test_requests_get_json(page: tuple[Page, Watch]) -> None:
    assert results(page, "done")["requests"] == [200, "example glossary", "jspi"]


def test_def_click_handler_uses_sync_xhr(page: tuple[Page, Watch]) -> None:
    results(page, "done")  # Python has defined the handler
    page[0].click("#load")
    click = results(page, "click", CLICK_MS)
    assert click["rows"] == ROWS
    assert click["csv"] == [200, "text/csv; charset=utf-8", "xhr-main"]
    assert click["pandas"] == [None, CSV_TEXT, "xhr-main"]
    assert click["requests"] == [200, "example glossary", "xhr-main"]
