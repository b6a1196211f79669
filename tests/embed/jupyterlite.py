"""Serving and driving the JupyterLite site of `tools/embed_setup.py` (shared by two modules)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from playwright.sync_api import Page

from tools.server import Servers, serve

from .cells import CELLS_FILE, read_cells
from .common import CACHE, DIST, Watch, chromium, wheel_name

SITE = CACHE / "jupyterlite" / "site"
CELLS = read_cells(CELLS_FILE)
# Open + first cell: 10-30 s quiet (importing IPython in the kernel dominates), more when loaded.
BOOT_MS = 240_000
CELL_MS = 90_000


@contextmanager
def lite_servers() -> Iterator[Servers]:
    """`/lite/` the site, `/wheels/` our wheel; the test API (`/files/...`, `/bytes`, `/slow`)
    on the same origin, outside the paths JupyterLite's service worker owns."""
    if not (SITE / "jupyter-lite.json").is_file():
        pytest.fail(f"no JupyterLite site in {SITE}: run `make test-jupyterlite` (it builds it)")
    wheel = wheel_name()
    if wheel not in CELLS_FILE.read_text():
        pytest.fail(f"{CELLS_FILE.name} does not name {wheel}: update it (and README)")
    with serve({"/lite/": SITE, "/wheels/": DIST}) as running:
        yield running


START_KERNEL_JS = """async (ms) => {
  const timeout = new Promise((_, reject) => setTimeout(() => reject(new Error("timeout")), ms));
  const start = async () => {
    const app = window.jupyterapp;
    await app.restored;
    const kernels = app.serviceManager.kernels;
    await kernels.ready;
    const kernel = await kernels.startNew({ name: "python" });
    await kernel.info;  // resolves once the worker has booted Pyodide and the kernel
    window.__ajaxKernel = kernel;
    return kernel.id;
  };
  return await Promise.race([start(), timeout]);
}"""

EXECUTE_JS = """async ([code, ms]) => {
  const timeout = new Promise((_, reject) => setTimeout(() => reject(new Error("timeout")), ms));
  const run = async () => {
    const out = [];
    const future = window.__ajaxKernel.requestExecute({ code, stop_on_error: true });
    future.onIOPub = (msg) => {
      const c = msg.content;
      switch (msg.header.msg_type) {
        case "stream": out.push(c.text); break;
        case "error": out.push(`${c.ename}: ${c.evalue}\\n${c.traceback.join("\\n")}\\n`); break;
        case "execute_result": case "display_data": out.push(c.data["text/plain"] + "\\n"); break;
      }
    };
    const reply = await future.done;
    return { status: reply.content.status, output: out.join("") };
  };
  return await Promise.race([run(), timeout]);
}"""


@contextmanager
def lab_kernel(servers: Servers) -> Iterator[tuple[Page, Watch]]:
    """One browser, one lab page, one started kernel; no request may leave 127.0.0.1."""
    watch = Watch()
    with chromium() as browser:
        page = watch.attach(browser.new_page())
        page.goto(servers.url("/lite/lab/index.html"), timeout=BOOT_MS)
        start_kernel(page, watch)
        yield page, watch
        page.close()
    assert watch.offsite == [], f"requests left 127.0.0.1: {watch.offsite}"


def start_kernel(page: Page, watch: Watch) -> None:
    page.wait_for_function("() => window.jupyterapp", timeout=BOOT_MS)
    try:
        page.evaluate(START_KERNEL_JS, BOOT_MS)
    except Exception as exc:
        raise AssertionError(f"the kernel did not start: {exc}\n{watch.tail()}") from None


def execute(page: Page, watch: Watch, code: str, ms: int = CELL_MS) -> str:
    """Run `code` in the kernel; its printed output. Fails on an error reply."""
    try:
        reply: dict[str, Any] = page.evaluate(EXECUTE_JS, [code, ms])
    except Exception as exc:
        raise AssertionError(f"cell did not finish: {exc}\n{code}\n{watch.tail()}") from None
    assert reply["status"] == "ok", f"cell failed:\n{code}\n{reply['output']}"
    return str(reply["output"])
