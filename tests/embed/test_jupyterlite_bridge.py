"""urllib and requests in a JupyterLite notebook kernel after one `pyodide_ajax.patch_all()`
(issue 16), offline.

`%pip install pyodide-ajax` and `%pip install requests` by name: the site (tools/embed_setup.py,
Makefile) was built with our wheel and the pure wheels of requests and its dependencies among
its piplite wheels, so piplite finds them in the site's `pypi/all.json` (PyPI is switched off:
``disablePyPIFallback``). Then one cell patches, and the next ones run unchanged urllib and
requests code: csv over `urlopen`, the calls `pandas.read_csv(url)` makes, `requests.get().json()`,
at a cell's top level (JSPI) and inside a JavaScript callback (the worker's synchronous XHR).
A kernel of its own: the other modules install pyodide-ajax differently and do not patch.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Page

from tools.embed_setup import piplite_sha256, sha256_of
from tools.server import Servers

from .common import CACHE, Watch
from .jupyterlite import BOOT_MS, SITE, execute, lab_kernel, lite_servers

REQUESTS_WHEELS = CACHE / "requests-wheels"
ROWS = """['city', 'population']
['Paris', '2102650']
['Berlin', '3878100']
['Madrid', '3332035']
"""
CSV_TEXT = "city,population\nParis,2102650\nBerlin,3878100\nMadrid,3332035\n"

# The kernel runs in a Web Worker whose location is its script: urllib needs absolute URLs.
CSV_CELL = """\
import csv, io, urllib.request
import js

url = js.location.origin + "/files/cities.csv"
with urllib.request.urlopen(url) as resp:
    for row in csv.reader(io.TextIOWrapper(resp, encoding="utf-8")):
        print(row)
print(resp.status, resp.transport)
"""
# pandas.read_csv(url): urlopen(Request(url, headers=storage_options)), Content-Encoding, read()
PANDAS_CELL = """\
req = urllib.request.Request(url, headers={"Accept": "text/csv"})
with urllib.request.urlopen(req) as resp:
    print(resp.headers.get("Content-Encoding", None), resp.transport)
    print(resp.read().decode(), end="")
"""
REQUESTS_CELL = """\
import requests

r = requests.get(js.location.origin + "/files/glossary.json")
print(r.status_code, r.json()["glossary"]["title"], r.raw.transport)
"""
CALLBACK_CELL = """\
import asyncio
from pyodide.ffi import create_once_callable

done = asyncio.get_running_loop().create_future()


def later():  # a JavaScript callback cannot suspend: the bridge uses a synchronous XHR
    try:
        with urllib.request.urlopen(url) as resp:
            rows = list(csv.reader(io.TextIOWrapper(resp, encoding="utf-8")))
        r = requests.get(js.location.origin + "/files/glossary.json")
        done.set_result([rows[-1], resp.transport, r.json()["glossary"]["title"], r.raw.transport])
    except BaseException as exc:
        done.set_exception(exc)


js.setTimeout(create_once_callable(later), 0)
print(*await done)
"""


@pytest.fixture(scope="module")
def servers() -> Iterator[Servers]:
    wheels = sorted(REQUESTS_WHEELS.glob("*.whl"))
    if not any(w.name.startswith("requests-") for w in wheels):
        pytest.fail(f"no requests wheels in {REQUESTS_WHEELS}: `make setup` downloads them")
    for wheel in wheels:
        if piplite_sha256(SITE, wheel.name) != sha256_of(wheel):
            pytest.fail(f"{SITE} does not list {wheel.name}: run `make test-jupyterlite`")
    with lite_servers() as running:
        yield running


@pytest.fixture(scope="module")
def kernel(servers: Servers) -> Iterator[tuple[Page, Watch]]:
    """One browser, one lab page, one kernel; the tests run in file order, as cells would."""
    with lab_kernel(servers) as kernel:
        yield kernel


def test_pip_install_both_by_name(kernel: tuple[Page, Watch], servers: Servers) -> None:
    execute(*kernel, "%pip install pyodide-ajax", ms=BOOT_MS)
    execute(*kernel, "%pip install requests", ms=BOOT_MS)
    out = execute(
        *kernel,
        "import importlib.metadata as m\n"
        "print(*(m.version(p) for p in ('pyodide-ajax', 'requests', 'urllib3')))",
    )
    pins = {w.name.split("-")[0]: w.name.split("-")[1] for w in REQUESTS_WHEELS.glob("*.whl")}
    assert out.split()[1:] == [pins["requests"], pins["urllib3"]]
    log = list(servers.httpds["main"].log)
    fetched = [line for line in log if "/requests-2" in line and '" 200 ' in line]
    assert fetched and all("/lite/pypi/" in line for line in fetched), log


def test_one_cell_patches_urllib_and_requests(kernel: tuple[Page, Watch]) -> None:
    out = execute(*kernel, "import pyodide_ajax; pyodide_ajax.patch_all()")
    assert out == "{'urllib': True, 'requests': True}\n"


def test_csv_reader_over_urlopen(kernel: tuple[Page, Watch]) -> None:
    assert execute(*kernel, CSV_CELL) == ROWS + "200 jspi\n"


def test_the_calls_pandas_makes_read_the_whole_csv(kernel: tuple[Page, Watch]) -> None:
    assert execute(*kernel, PANDAS_CELL) == "None jspi\n" + CSV_TEXT


def test_requests_get_json(kernel: tuple[Page, Watch]) -> None:
    assert execute(*kernel, REQUESTS_CELL) == "200 example glossary jspi\n"


def test_inside_a_javascript_callback_on_sync_xhr(kernel: tuple[Page, Watch]) -> None:
    out = execute(*kernel, CALLBACK_CELL)
    assert out == "['Madrid', '3332035'] xhr-worker example glossary xhr-worker\n"
