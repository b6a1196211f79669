"""The demo site, end to end: our server, Debian's Chromium, the page as a visitor sees it.

The page boots the local Pyodide, installs the pyodide-ajax wheel with micropip and runs its
examples; this checks that each one reports ok and wrote the expected text, and saves a
full-page screenshot to artifacts/site.png.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, sync_playwright

from tools.chromium import CHROME_FLAGS, CHROMIUM
from tools.demo import UPLOAD_FILES, act_as_visitor
from tools.server import Servers, serve

ROOT = Path(__file__).resolve().parents[2]
DIST = Path(os.environ.get("AJAX_DIST_DIR", ROOT / ".cache" / "dist"))
SITE = ROOT / "site"
SCREENSHOT = ROOT / "artifacts" / "site.png"


@pytest.fixture(scope="module")
def servers() -> Iterator[Servers]:
    if not (DIST / "pyodide.mjs").is_file():
        pytest.fail(f"no Pyodide in {DIST}: run `make setup` (or set AJAX_DIST_DIR)")
    with serve({"/": DIST, "/site/": SITE}) as running:
        yield running


@pytest.fixture(scope="module")
def page(servers: Servers) -> Iterator[Page]:
    """The site, loaded once for the module, after every example has finished."""
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROME_FLAGS)
        try:
            page = browser.new_page(viewport={"width": 1100, "height": 800})
            page.goto(servers.url("/site/index.html"))
            page.wait_for_selector('body[data-ready="1"]', state="attached", timeout=120_000)
            act_as_visitor(page)  # set_input_files + click Upload, as a person would
            yield page
        finally:
            browser.close()


def test_every_example_is_ok(page: Page) -> None:
    sections = page.locator("section.example")
    assert sections.count() >= 2
    statuses = {
        sections.nth(i).get_attribute("id"): sections.nth(i).get_attribute("data-status")
        for i in range(sections.count())
    }
    errors = page.locator("section.example pre.error:not([hidden])").all_inner_texts()
    assert set(statuses.values()) == {"ok"}, f"{statuses}\n" + "\n\n".join(errors)
    assert page.locator("#status").inner_text() == "Ready"


def test_callback_example_decodes_utf8(page: Page) -> None:
    assert page.locator("#result-get").text_content() == "bébé"


def test_await_example_parses_json(page: Page) -> None:
    assert page.locator("#result-json").text_content() == "example glossary"


def test_brython_examples_run_unchanged(page: Page) -> None:
    """The three examples of Brython's browser.ajax page are shown as Brython wrote them."""
    assert page.locator("#ex-text .code").inner_text().count("from browser import ajax") == 1
    for section, first_line in (
        ("ex-post", "from browser import document, ajax"),
        ("ex-form-data", "from browser import document, bind, ajax"),
        ("ex-upload", "from browser import ajax, bind, document"),
    ):
        lines = page.locator(f"#{section} .code").inner_text().splitlines()
        assert first_line in lines, section
    assert "@bind('#btn', 'click')" in page.locator("#ex-form-data .code").inner_text()
    assert '@bind("#upload", "click")' in page.locator("#ex-upload .code").inner_text()
    assert page.locator("#result").text_content() == "x=0&y=1"
    binary = page.locator("#result-binary").text_content() or ""
    assert binary.endswith(" bytes, PNG: True") and int(binary.split()[0]) > 100


def test_form_data_example_sends_the_chosen_file(page: Page) -> None:
    printed = page.locator("#ex-form-data .stdout").text_content() or ""
    first, reply = printed.split("\n", 1)
    assert first == "[object File]" and reply.startswith("req complete ")
    echo = json.loads(reply.removeprefix("req complete "))
    assert echo["method"] == "POST" and echo["filenames"] == {"upload": UPLOAD_FILES[0]["name"]}
    assert bytes.fromhex(echo["files_hex"]["upload"]) == UPLOAD_FILES[0]["buffer"]


def test_file_upload_sends_every_chosen_file(page: Page) -> None:
    printed = page.locator("#ex-upload .stdout").text_content() or ""
    assert printed.splitlines() == ["all right"] * len(UPLOAD_FILES)


def test_download_progress_bar_is_full_after_many_events(page: Page) -> None:
    bar = page.locator("#download-bar")
    assert bar.evaluate("b => [b.value, b.max]") == [2_621_440, 2_621_440]
    label = page.locator("#download-label").text_content() or ""
    events = int(label.rsplit(", ", 1)[1].split()[0])
    assert events > 1, label


def test_upload_progress_bar_is_full_and_driven_by_xhr_upload_events(page: Page) -> None:
    assert page.locator("#upload-bar").evaluate("b => [b.value, b.max]") == [8_388_608] * 2
    label = page.locator("#upload-label").text_content() or ""
    assert label.endswith(" events via xhr-async") and "server received 8,388,608" in label


def test_worker_shows_its_blocking_transports(page: Page) -> None:
    assert page.locator("#worker-sync").text_content() == "200 bébé via xhr-worker"
    assert page.locator("#worker-async").text_content() == "200 bébé via jspi"


def test_urllib_example_prints_the_csv_rows(page: Page) -> None:
    """After pyodide_ajax.patch_all(), csv.reader over urlopen reads the CSV (issue 16)."""
    assert page.locator("#ex-urllib-csv").get_attribute("data-status") == "ok"
    printed = page.locator("#ex-urllib-csv .stdout").text_content() or ""
    assert printed.splitlines() == [
        "['city', 'population']",
        "['Paris', '2102650']",
        "['Berlin', '3878100']",
        "['Madrid', '3332035']",
        "200 via jspi",
    ]


def test_screenshot(page: Page) -> None:
    SCREENSHOT.parent.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOT), full_page=True)
    assert SCREENSHOT.stat().st_size > 10_000


def test_edited_code_reruns(page: Page) -> None:
    """A visitor edits an example and presses Run: the page runs the edited code."""
    code = page.locator("#ex-json .code code")
    code.fill(code.inner_text().replace('["title"]', '["GlossDiv"]["title"]'))
    page.click("#ex-json .run")
    page.wait_for_selector('#ex-json[data-status="ok"], #ex-json[data-status="error"]')
    assert page.locator("#result-json").text_content() == "S"
