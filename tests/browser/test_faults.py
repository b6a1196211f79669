"""Every check of `faults.py` (issue 7: faults, bad input, credentials, leaks), in the runtime
pytest-pyodide was started for: a Chromium page, Node.js, or a Chromium Worker (`-m worker`).

One boot per runtime: the page or Node process is booted once for this module, and the Worker
runs all of its checks in one boot, each test then reporting one result. The leak check's
before/after figures are printed and written to `artifacts/leaks-<runtime>.json`.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tools.server import Servers

from .conftest import context, install_scenarios
from .faults import FAULTS_SOURCE, cases

ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts"


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    runtime = "node" if "node" in metafunc.config.option.runtime else "main"
    if "page_check" in metafunc.fixturenames:
        pairs = cases(runtime)
        metafunc.parametrize("page_check", pairs, ids=[f"{v}-{n}" for n, v in pairs])
    if "worker_check" in metafunc.fixturenames:
        pairs = cases("worker")
        metafunc.parametrize("worker_check", pairs, ids=[f"{v}-{n}" for n, v in pairs])


def save_leak_figures(runtime: str, figures: dict[str, Any]) -> None:
    for key, value in figures.items():
        print(f"\nleak check {key}: {json.dumps(value)}")
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"leaks-{runtime}.json"
    known = json.loads(path.read_text()) if path.exists() else {}
    path.write_text(json.dumps({**known, **figures}, indent=2) + "\n")


@pytest.fixture(scope="module")
def pyodide(selenium_module_scope: Any, servers: Servers) -> Any:
    selenium = selenium_module_scope
    runtime = "node" if selenium.browser == "node" else "main"
    install_scenarios(selenium, context(servers, runtime))
    selenium.run_js(f"pyodide.FS.writeFile('/tmp/faults.py', {json.dumps(FAULTS_SOURCE)});")
    selenium.run("import faults")
    selenium.set_script_timeout(300)
    return selenium


def test_in_runtime(pyodide: Any, page_check: tuple[str, str]) -> None:
    name, variant = page_check
    outcome = pyodide.run_async(f"await faults.run({name!r}, {variant!r}, AJAX_CONTEXT)")
    if name.startswith("leak_"):
        key = f"main-{variant}"
        figures = pyodide.run(f"import json; json.dumps(faults.LEAK_FIGURES.get({key!r}))")
        if figures != "null":
            save_leak_figures("page", {key: json.loads(figures)})
    if outcome != "ok":
        pytest.fail(f"{name} [{variant}] failed in Pyodide:\n{outcome}", pytrace=False)


WORKER_SCRIPT = """
import json, sys
import pyodide_ajax
for name, source in {sources!r}.items():
    with open(f"/tmp/{{name}}.py", "w", encoding="utf-8") as f:
        f.write(source)
sys.path.insert(0, "/tmp")
import faults
results = await faults.run_all("worker", {context!r})
json.dumps({{"results": results, "leaks": faults.LEAK_FIGURES}})
"""


@pytest.fixture(scope="module")
def worker_results(selenium_worker_module_scope: Any, servers: Servers) -> dict[str, str]:
    from .scenarios import SCENARIOS_SOURCE

    selenium = selenium_worker_module_scope
    selenium.set_script_timeout(900)
    script = WORKER_SCRIPT.format(
        sources={"scenarios": SCENARIOS_SOURCE, "faults": FAULTS_SOURCE},
        context=json.dumps(context(servers, "worker")),
    )
    output = json.loads(selenium.run_webworker(script))
    save_leak_figures("worker", output["leaks"])
    return output["results"]  # type: ignore[no-any-return]


@pytest.mark.worker
def test_in_worker(worker_results: dict[str, str], worker_check: tuple[str, str]) -> None:
    name, variant = worker_check
    outcome = worker_results[f"{variant}-{name}"]
    if outcome != "ok":
        pytest.fail(f"{name} [{variant}] failed in the Worker:\n{outcome}", pytrace=False)
