"""Install by name from a package index, as users will once the package is on PyPI: micropip
reads the test server's simple index (tools/server/simple_index.py, PEP 691 JSON), checks the
sha256 of each file it lists, and installs our wheel, and requests with its dependencies,
offline.

Given ``index_urls``, micropip (0.9 to 0.11) asks the index before the Pyodide lock, so these
wheels come from the index although the dist lock also lists pyodide-ajax; micropip records such
an install with the source "pypi" (a lock install says "pyodide"), and the server's log shows the
index pages and the PEP 658 metadata it read.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tools.server import Servers

REQUESTS_WHEELS = Path(__file__).resolve().parents[2] / ".cache" / "requests-wheels"
# The pins of the Makefile's REQUESTS_PINS (the pure wheels in .cache/requests-wheels).
REQUESTS_FAMILY = {
    "requests": "2.34.2",
    "urllib3": "2.8.0",
    "charset-normalizer": "3.5.2",
    "idna": "3.20",
    "certifi": "2026.10.19.post1",
}


def served(servers: Servers, path: str) -> bool:
    """Whether the main origin answered a GET of `path` with 200."""
    return any(f'"GET {path} HTTP/1.1" 200' in line for line in servers.httpds["main"].log)


def install_by_name(selenium: Any, servers: Servers, name: str) -> dict[str, list[str]]:
    """micropip.install(name, index_urls=[our index]); {dist: [version, micropip's source]}.
    The main origin's log then holds this install's requests only (the servers are shared with
    the other install tests, which fetch our wheels too)."""
    selenium.load_package(["micropip"])
    servers.httpds["main"].log.clear()
    names = [name] if name != "requests" else list(REQUESTS_FAMILY)
    result = selenium.run_async(
        f"""
        import importlib.metadata, json, micropip
        await micropip.install({name!r}, index_urls=[{servers.url("/simple")!r}])
        listed = micropip.list()
        json.dumps({{n: [importlib.metadata.version(n), listed[n].source] for n in {names!r}}})
        """
    )
    return json.loads(result)


def test_micropip_installs_pyodide_ajax_by_name(selenium_standalone: Any, servers: Servers) -> None:
    selenium = selenium_standalone
    lock = json.loads((selenium.dist_dir / "pyodide-lock.json").read_text())
    ours = lock["packages"]["pyodide-ajax"]
    installed = install_by_name(selenium, servers, "pyodide-ajax")
    assert installed == {"pyodide-ajax": [ours["version"], "pypi"]}
    assert served(servers, "/simple/pyodide-ajax/")
    # The index lists both our wheels (the dist folder's): micropip 0.9 takes the py3 one,
    # 0.10 and later the bytecode one of the lock, whose tag matches better.
    picked = [
        name
        for name in (f"pyodide_ajax-{ours['version']}-py3-none-any.whl", ours["file_name"])
        if served(servers, f"/{name}")
    ]
    assert len(picked) == 1, picked
    assert served(servers, f"/{picked[0]}.metadata")
    result = selenium.run_async(
        f"""
        import pyodide_ajax as ajax
        req = await ajax.get({servers.url("/files/text-utf8.txt")!r})
        [ajax.__version__, req.status, req.text]
        """
    )
    assert result == [ours["version"], 200, "bébé"]


@pytest.mark.page  # requests' transport (urllib3's emscripten backend) needs a browser's XHR
def test_micropip_installs_requests_and_its_dependencies_by_name(
    selenium_standalone: Any, servers: Servers
) -> None:
    selenium = selenium_standalone
    if not (REQUESTS_WHEELS / "requests-2.34.2-py3-none-any.whl").is_file():
        pytest.fail(f"no requests wheels in {REQUESTS_WHEELS}: `make setup` downloads them")
    installed = install_by_name(selenium, servers, "requests")
    assert installed == {name: [version, "pypi"] for name, version in REQUESTS_FAMILY.items()}
    assert served(servers, "/simple/urllib3/")  # a dependency, resolved through the index
    assert served(servers, "/requests-wheels/requests-2.34.2-py3-none-any.whl")
    result = selenium.run(
        f"""
        import requests
        r = requests.get({servers.url("/files/text-utf8.txt")!r})
        [r.status_code, r.content.decode()]
        """
    )
    assert result == [200, "bébé"]
