"""`%pip install pyodide-ajax` by name in a JupyterLite notebook kernel, offline (issue 19).

The site (tools/embed_setup.py, Makefile) was built with our wheel among its piplite wheels, the
deployer's recipe: ``jupyter lite build`` indexes it in ``pypi/all.json``, which piplite asks
before PyPI (and PyPI is switched off here: ``disablePyPIFallback``). A kernel of its own, since
the other module installs the wheel from its URL.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Page

from tools.embed_setup import piplite_sha256, sha256_of
from tools.server import Servers

from .common import DIST, Watch, wheel_name
from .jupyterlite import BOOT_MS, SITE, execute, lab_kernel, lite_servers


@pytest.fixture(scope="module")
def servers() -> Iterator[Servers]:
    with lite_servers() as running:
        yield running


@pytest.fixture(scope="module")
def kernel(servers: Servers) -> Iterator[tuple[Page, Watch]]:
    with lab_kernel(servers) as kernel:
        yield kernel


def test_pip_install_by_name_from_the_sites_piplite_wheels(
    kernel: tuple[Page, Watch], servers: Servers
) -> None:
    wheel = wheel_name()
    if piplite_sha256(SITE, wheel) != sha256_of(DIST / wheel):  # a site older than the wheel
        pytest.fail(f"{SITE} does not list {wheel} as built: run `make test-jupyterlite`")
    execute(*kernel, "%pip install pyodide-ajax", ms=BOOT_MS)
    out = execute(
        *kernel,
        "import importlib.metadata, pyodide_ajax as ajax\n"
        "req = await ajax.get('/files/text-utf8.txt')\n"
        "print(importlib.metadata.version('pyodide-ajax'), ajax.__version__, req.status, req.text)",
    )
    version = wheel.split("-")[1]
    assert out == f"{version} {version} 200 bébé\n"
    log = list(servers.httpds["main"].log)
    # piplite appends ?sha256=... to the wheel's URL
    fetched = [line for line in log if f"/{wheel}" in line and '" 200 ' in line]
    assert any("/lite/pypi/" in line for line in fetched), log  # from the site's piplite wheels
    assert not any("/wheels/" in line for line in fetched), log  # not by URL
