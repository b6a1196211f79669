"""pyodide-ajax in a real JupyterLite notebook kernel (jupyterlite-pyodide-kernel 0.8.6),
offline, in Debian's Chromium: the cells of examples/jupyterlite/cells.ipy (the README's
snippets) run in order on one kernel, driven through `window.jupyterapp`, and their printed
output is read back. The kernel runs in a dedicated Web Worker.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Page

from tools.server import Servers

from .common import Watch
from .jupyterlite import BOOT_MS, CELLS, execute, lab_kernel, lite_servers

BYTES_OK = "200 {} True"  # status, transport, body == bytes(range(256)) * 256


@pytest.fixture(scope="module")
def servers() -> Iterator[Servers]:
    with lite_servers() as running:
        yield running


@pytest.fixture(scope="module")
def kernel(servers: Servers) -> Iterator[tuple[Page, Watch]]:
    """One browser, one lab page, one kernel for the module; cells run in file order."""
    with lab_kernel(servers) as kernel:
        yield kernel


def cell(title_start: str) -> str:
    [code] = [code for title, code in CELLS.items() if title.startswith(title_start)]
    return code


def test_pip_install_from_a_wheel_url(kernel: tuple[Page, Watch]) -> None:
    execute(*kernel, cell("Install"), ms=BOOT_MS)
    assert execute(*kernel, "import pyodide_ajax; print(pyodide_ajax.__file__)").startswith(
        "/lib/python3"
    )


def test_await_at_top_level(kernel: tuple[Page, Watch]) -> None:
    assert execute(*kernel, cell("Await")) == "200 bébé\n"


def test_blocking_at_top_level_runs_on_jspi(kernel: tuple[Page, Watch]) -> None:
    assert execute(*kernel, cell("Block at the top")) == BYTES_OK.format("jspi") + "\n"


def test_blocking_in_a_js_callback_uses_sync_xhr(kernel: tuple[Page, Watch]) -> None:
    lines = execute(*kernel, cell("Block inside")).splitlines()
    assert lines[0] == BYTES_OK.format("xhr-worker")
    assert lines[1].startswith("TimeoutError: ")
    assert len(lines) == 2


def test_cross_origin(kernel: tuple[Page, Watch], servers: Servers) -> None:
    url = servers.url("/files/text-utf8.txt", origin="cors")
    code = (
        f"req = await ajax.get({url!r})\n"
        "print(req.status, req.text)\n"
        f"req = ajax.get({url!r}, blocking=True)\n"
        "print(req.status, req.transport, req.text)\n"
    )
    assert execute(*kernel, code) == "200 bébé\n200 jspi bébé\n"


def test_cross_origin_denied_is_a_network_error(
    kernel: tuple[Page, Watch], servers: Servers
) -> None:
    url = servers.url("/files/text-utf8.txt", origin="nocors")
    code = (
        "try:\n"
        f"    await ajax.get({url!r})\n"
        "except ajax.NetworkError as exc:\n"
        "    print(type(exc).__name__)\n"
    )
    assert execute(*kernel, code) == "NetworkError\n"
