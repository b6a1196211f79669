"""A deployer's Pyodide with our wheel in its lock: `tools/add_to_lock.py` adds it (and micropip,
which the npm core lists but does not ship) to a copy of this cell's stock Pyodide core, whose
lock keeps its ~350 other entries; then, in the page, two fresh Pyodides booted from that
folder install pyodide-ajax by name with `pyodide.loadPackage("pyodide-ajax")` and with
`micropip.install("pyodide-ajax")` (no index_urls: micropip looks in the lock first), offline.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from tools import add_to_lock
from tools.make_dist import LOCK_NAME
from tools.server import Servers, serve

ROOT = Path(__file__).resolve().parents[2]

BOOT_FROM_THE_LOCK = """
const base = %(base)r;
const { loadPyodide } = await import(base + "pyodide.mjs");
const errors = [];
const onError = (message) => errors.push(message);

const first = await loadPyodide({ indexURL: base });
await first.loadPackage("pyodide-ajax", { errorCallback: onError });
const byLoadPackage = first.runPython(`
import importlib.metadata, pyodide_ajax
[pyodide_ajax.__version__, importlib.metadata.version("pyodide-ajax")]
`).toJs();

const second = await loadPyodide({ indexURL: base });
await second.loadPackage("micropip", { errorCallback: onError });
const byMicropip = (await second.runPythonAsync(`
import micropip
await micropip.install("pyodide-ajax")
import pyodide_ajax as ajax
req = await ajax.get(%(text_url)r)
[ajax.__version__, micropip.list()["pyodide-ajax"].source, req.status, req.text]
`)).toJs();
return [byLoadPackage, byMicropip, errors];
"""


def stock_core(dist: Path) -> Path:
    """The npm Pyodide core this cell's dist folder was made from (same package.json version)."""
    version = json.loads((dist / "package.json").read_text())["version"]
    for core in sorted((ROOT / ".cache").glob("pyodide*")):
        package = core / "package.json"
        if package.is_file() and json.loads(package.read_text())["version"] == version:
            return core
    pytest.fail(f"no npm Pyodide core {version} under .cache/ (make setup / the matrix makes it)")


@pytest.mark.page  # the page imports a second pyodide.mjs over HTTP, which Node cannot
def test_load_package_and_micropip_by_name_from_a_deployers_lock(
    selenium_standalone: Any, servers: Servers, tmp_path: Path
) -> None:
    selenium = selenium_standalone
    dist_lock = json.loads((selenium.dist_dir / LOCK_NAME).read_text())
    ours = dist_lock["packages"]["pyodide-ajax"]
    deployer = tmp_path / "pyodide"
    shutil.copytree(stock_core(selenium.dist_dir), deployer)
    stock = json.loads((deployer / LOCK_NAME).read_text())["packages"]
    wheels = [
        selenium.dist_dir / dist_lock["packages"][n]["file_name"]
        for n in ("pyodide-ajax", "micropip")
    ]
    assert add_to_lock.main([str(deployer), *map(str, wheels)]) == 0

    lock = json.loads((deployer / LOCK_NAME).read_text())["packages"]
    assert set(lock) == set(stock) | {"pyodide-ajax"}  # every stock entry is still there
    assert lock["pyodide-ajax"]["file_name"] == ours["file_name"]
    assert lock["pyodide-ajax"]["sha256"] == ours["sha256"]

    selenium.set_script_timeout(240)  # two more Pyodide boots, on a loaded machine
    with serve({"/": deployer}) as theirs:
        code = BOOT_FROM_THE_LOCK % {
            "base": theirs.main + "/",
            "text_url": servers.url("/files/text-utf8.txt"),
        }
        by_load_package, by_micropip, errors = selenium.run_js(code)
        log = list(theirs.httpds["main"].log)
    assert errors == []
    assert by_load_package == [ours["version"], ours["version"]]
    assert by_micropip == [ours["version"], "pyodide", 200, "bébé"]  # "pyodide": from the lock
    wheel_gets = [line for line in log if f'"GET /{ours["file_name"]} HTTP/1.1" 200' in line]
    assert len(wheel_gets) >= 1, log  # the deployer's folder served it (no index, no URL)
