"""Browser harness: pytest-pyodide against Debian's Chromium and our own test server.

- `playwright_browsers` is replaced: pytest-pyodide launches Playwright's downloaded Chromium,
  which we never download; we launch /usr/bin/chromium instead.
- `web_server_main` is replaced by `tools.server`: multi-threaded, TCP_NODELAY, with the API
  routes the tests need, plus a CORS-allowing and a CORS-denying origin and a closed port.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pytest_pyodide import get_global_config

from tools.demo import CHROME_FLAGS, CHROMIUM
from tools.server import Servers, serve

from .scenarios import SCENARIOS_SOURCE

# pytest-pyodide's default chrome flags include --js-flags=--expose-gc; keep it.
CHROME_FLAGS = ["--js-flags=--expose-gc", *CHROME_FLAGS]

config = get_global_config()
config.set_flags("chrome", CHROME_FLAGS)
# Node 20 has JSPI only behind this flag; with it, `can_run_sync()` is True under
# runPythonAsync and blocking mode runs on JSPI. (Patching can_run_sync covers "without".)
config.set_flags("node", ["--experimental-wasm-stack-switching"])
config.add_node_extra_globals(["FormData", "Blob", "File", "Headers", "Response", "URL"])


@pytest.fixture(scope="module")
def playwright_browsers(request: pytest.FixtureRequest) -> Iterator[dict[str, Any]]:
    if request.config.option.runner.lower() != "playwright":
        yield {}
        return
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROME_FLAGS)
        try:
            yield {"chrome": browser}
        finally:
            browser.close()


@pytest.fixture(scope="session")
def servers(request: pytest.FixtureRequest) -> Iterator[Servers]:
    dist = Path(request.config.option.dist_dir).resolve()
    with serve({"/": dist}) as running:
        yield running


@pytest.fixture(scope="session")
def web_server_main(servers: Servers, tmp_path_factory: pytest.TempPathFactory):
    host, port = servers.main.removeprefix("http://").split(":")
    yield host, int(port), tmp_path_factory.mktemp("server") / "server.log"


def context(servers: Servers, runtime: str) -> dict[str, Any]:
    """What a scenario needs to know: absolute URLs of the three origins, a closed port."""
    return {
        "main": servers.main,
        "cors": servers.cors,
        "nocors": servers.nocors,
        "closed": f"http://127.0.0.1:{servers.closed_port}",
        "runtime": runtime,
    }


def install_scenarios(selenium: Any, ctx: dict[str, Any]) -> None:
    """Load our wheel (by name, from the dist lock) and the scenario module into Pyodide."""
    selenium.load_package(["pyodide-ajax"])
    selenium.run_js(
        f"pyodide.FS.writeFile('/tmp/scenarios.py', {json.dumps(SCENARIOS_SOURCE)});"
        f"pyodide.globals.set('AJAX_CONTEXT', {json.dumps(json.dumps(ctx))});"
    )
    selenium.run("import sys; sys.path.insert(0, '/tmp'); import scenarios, pyodide_ajax")


def run_scenario(selenium: Any, name: str, variant: str) -> None:
    outcome = selenium.run_async(f"await scenarios.run({name!r}, {variant!r}, AJAX_CONTEXT)")
    if outcome != "ok":
        pytest.fail(f"{name} [{variant}] failed in Pyodide:\n{outcome}", pytrace=False)
