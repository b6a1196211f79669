"""Browser harness: pytest-pyodide against Debian's Chromium and our own test server.

- `playwright_browsers` is replaced: pytest-pyodide launches Playwright's downloaded Chromium,
  which we never download; we launch /usr/bin/chromium instead.
- `web_server_main` is replaced by `tools.server`: multi-threaded, TCP_NODELAY, with the API
  routes the tests need, plus a CORS-allowing and a CORS-denying origin and a closed port.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pytest_pyodide import get_global_config

from tools.chromium import CHROME_FLAGS, CHROMIUM
from tools.server import Servers, serve
from tools.server.fixtures import FIXTURES

from . import scenarios

# pytest-pyodide's default chrome flags include --js-flags=--expose-gc; keep it.
CHROME_FLAGS = ["--js-flags=--expose-gc", *CHROME_FLAGS]

config = get_global_config()
config.set_flags("chrome", CHROME_FLAGS)


def node_flags() -> list[str]:
    """Node 20 has JSPI only behind a flag; with it, `can_run_sync()` is True under
    runPythonAsync and blocking mode runs on JSPI. Node 22+ (the matrix runs 24) needs none, so
    it runs as users run it. AJAX_NODE_JSPI=off leaves JSPI off: the matrix's "Node 20 without
    JSPI" cell. pytest-pyodide runs the `node` first on PATH, so that is the one asked."""
    if os.environ.get("AJAX_NODE_JSPI", "auto") == "off":
        return ["--expose-gc"]
    node = shutil.which("node")
    if node is None:
        return []
    version = subprocess.run([node, "--version"], capture_output=True, text=True).stdout
    major = int(version.strip().lstrip("v").split(".")[0] or 0)
    jspi = ["--experimental-wasm-stack-switching"] if major < 22 else []
    # `gc()` for the scenario that collects garbage while a timeout waits (as Chromium's flag).
    return ["--expose-gc", *jspi]


config.set_flags("node", node_flags())
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


# requests and its dependencies, the pure PyPI wheels of the Makefile's REQUESTS_PINS.
REQUESTS_WHEELS = Path(__file__).resolve().parents[2] / ".cache" / "requests-wheels"


@pytest.fixture(scope="session")
def servers(request: pytest.FixtureRequest) -> Iterator[Servers]:
    dist = Path(request.config.option.dist_dir).resolve()
    # The index under /simple/ lists the wheels of both roots (issue 19).
    with serve({"/": dist, "/requests-wheels/": REQUESTS_WHEELS}) as running:
        yield running


@pytest.fixture(scope="session")
def web_server_main(servers: Servers, tmp_path_factory: pytest.TempPathFactory):
    host, port = servers.main.removeprefix("http://").split(":")
    yield host, int(port), tmp_path_factory.mktemp("server") / "server.log"


def context(servers: Servers, runtime: str) -> dict[str, Any]:
    """What a scenario needs to know: absolute URLs of the three origins, a closed port, and
    the SHA-256 of every fixture body the server sends (to compare downloads byte for byte)."""
    return {
        "main": servers.main,
        "cors": servers.cors,
        "nocors": servers.nocors,
        "closed": f"http://127.0.0.1:{servers.closed_port}",
        "runtime": runtime,
        "sha256": {path: hashlib.sha256(body).hexdigest() for path, (body, _) in FIXTURES.items()},
        "requests_wheels": requests_wheel_urls(servers),
    }


def requests_wheel_urls(servers: Servers) -> list[str]:
    """The URLs of requests' wheels on the test server, for `pyodide.loadPackage(urls)`: our
    dist's lock does not list requests (the by-name tests install it through the index)."""
    return [
        f"{servers.main}/requests-wheels/{w.name}" for w in sorted(REQUESTS_WHEELS.glob("*.whl"))
    ]


# The in-Pyodide suites, shipped as one package: every file of tests/browser/scenarios/.
SUITE_PACKAGE = Path(scenarios.__file__).resolve().parent


def suite_files() -> dict[str, str]:
    return {p.name: p.read_text(encoding="utf-8") for p in sorted(SUITE_PACKAGE.glob("*.py"))}


@pytest.hookimpl(tryfirst=True)  # before pytest-pyodide's: ids read "<variant>-<case>-<runtime>"
def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """The cases of a test module's `SUITE` ("scenarios" or "faults"): `page_case` for the page
    or Node process pytest-pyodide was started for, `worker_case` for the Worker."""
    suite = getattr(metafunc.module, "SUITE", None)
    if suite is None:
        return
    runtime = "node" if "node" in metafunc.config.option.runtime else "main"
    for fixture, where in (("page_case", runtime), ("worker_case", "worker")):
        if fixture in metafunc.fixturenames:
            pairs = scenarios.cases(suite, where)
            metafunc.parametrize(fixture, pairs, ids=[f"{v}-{n}" for n, v in pairs])


def install_scenarios(selenium: Any, ctx: dict[str, Any]) -> None:
    """Load our wheel (by name, from the dist lock), requests (by URL: the bridge cases) and the
    suites' package into Pyodide."""
    selenium.load_package(["pyodide-ajax"])
    selenium.run_js(f"await pyodide.loadPackage({json.dumps(ctx['requests_wheels'])});")
    selenium.run_js(
        "pyodide.FS.mkdirTree('/tmp/scenarios');"
        + "".join(
            f"pyodide.FS.writeFile('/tmp/scenarios/{name}', {json.dumps(source)});"
            for name, source in suite_files().items()
        )
        + f"pyodide.globals.set('AJAX_CONTEXT', {json.dumps(json.dumps(ctx))});"
    )
    selenium.run("import sys; sys.path.insert(0, '/tmp'); import scenarios, pyodide_ajax")


def run_case(selenium: Any, suite: str, name: str, variant: str) -> str:
    """One case in the booted page or Node process: "ok" or its traceback."""
    return str(
        selenium.run_async(f"await scenarios.run({suite!r}, {name!r}, {variant!r}, AJAX_CONTEXT)")
    )


WORKER_SCRIPT = """
import json, os, sys
import pyodide_ajax, pyodide_js
from pyodide.ffi import to_js
await pyodide_js.loadPackage(to_js({wheels!r}))
os.makedirs("/tmp/scenarios", exist_ok=True)
for name, source in {files!r}.items():
    with open(f"/tmp/scenarios/{{name}}", "w", encoding="utf-8") as f:
        f.write(source)
sys.path.insert(0, "/tmp")
import scenarios
results = await scenarios.run_all({suite!r}, "worker", {context!r})
json.dumps({{"results": results, "leaks": scenarios.leaks.LEAK_FIGURES}})
"""


def run_in_worker(
    selenium_worker: Any, servers: Servers, suite: str, seconds: int
) -> dict[str, Any]:
    """Every case of `suite` in one Worker boot, allowed `seconds` in all:
    {"results": {id: outcome}, "leaks": {...}}."""
    selenium_worker.set_script_timeout(seconds)
    # Selenium's HTTP client gives up on any one command after its own timeout (120 s for
    # geckodriver and chromedriver), whatever the script timeout says: a whole suite in one
    # Worker call outlives it on a slow machine, and every case then fails at setup.
    selenium_worker.driver.command_executor.client_config.timeout = seconds + 30
    ctx = context(servers, "worker")
    script = WORKER_SCRIPT.format(
        files=suite_files(), suite=suite, context=json.dumps(ctx), wheels=ctx["requests_wheels"]
    )
    return json.loads(selenium_worker.run_webworker(script))  # type: ignore[no-any-return]


@pytest.fixture(scope="module")
def page(selenium_module_scope: Any) -> Any:
    """One Chromium page per test module with our wheel loaded and `json`, `warnings` and
    `pyodide_ajax as ajax` imported: for tests that run Python code there through `run`."""
    selenium = selenium_module_scope
    selenium.set_script_timeout(60)
    selenium.load_package(["pyodide-ajax"])
    selenium.run("import json, warnings, pyodide_ajax as ajax")
    return selenium


def run(page: Any, code: str) -> Any:
    """Run `code` in `page`; it sets `result`, which comes back through JSON."""
    return json.loads(page.run_async(code + "\njson.dumps(result)"))


def fail_unless_ok(outcome: str, name: str, variant: str, where: str) -> None:
    if outcome != "ok":
        pytest.fail(f"{name} [{variant}] failed in {where}:\n{outcome}", pytrace=False)
