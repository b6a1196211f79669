"""Every check of the suite "faults" (faults, bad input, credentials, leaks: the modules
`scenarios/faults.py`, `bad_input.py` and `leaks.py`), in the runtime pytest-pyodide was started
for: a Chromium page, Node.js, or a Chromium Worker (`-m worker`).

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

from .conftest import context, fail_unless_ok, install_scenarios, run_case, run_in_worker

SUITE = "faults"
ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts"


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
    selenium.set_script_timeout(300)
    return selenium


def test_in_runtime(pyodide: Any, page_case: tuple[str, str]) -> None:
    name, variant = page_case
    outcome = run_case(pyodide, SUITE, name, variant)
    if name.startswith("leak_"):
        runtime = "node" if pyodide.browser == "node" else "main"
        key = f"{runtime}-{variant}"
        figures = pyodide.run(
            f"import json; json.dumps(scenarios.leaks.LEAK_FIGURES.get({key!r}))"
        )
        if figures != "null":
            save_leak_figures("node" if runtime == "node" else "page", {key: json.loads(figures)})
    fail_unless_ok(outcome, name, variant, "Pyodide")


@pytest.fixture(scope="module")
def worker_results(selenium_worker_module_scope: Any, servers: Servers) -> dict[str, str]:
    output = run_in_worker(selenium_worker_module_scope, servers, SUITE, seconds=900)
    save_leak_figures("worker", output["leaks"])
    return output["results"]  # type: ignore[no-any-return]


@pytest.mark.worker
def test_in_worker(worker_results: dict[str, str], worker_case: tuple[str, str]) -> None:
    name, variant = worker_case
    fail_unless_ok(worker_results[f"{variant}-{name}"], name, variant, "the Worker")
