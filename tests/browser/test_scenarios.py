"""Every scenario of `scenarios.py`, in the runtime pytest-pyodide was started for:
a Chromium page (`--rt chrome`), Node.js (`--rt node`), and a Chromium Worker (`-m worker`).

A page or Node process is booted once for this module; the Worker runs all of its scenarios in
one boot and each test then reports one result.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from tools.server import Servers

from .conftest import context, install_scenarios, run_scenario
from .scenarios import SCENARIOS_SOURCE, cases


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    runtime = "node" if "node" in metafunc.config.option.runtime else "main"
    if "page_case" in metafunc.fixturenames:
        pairs = cases(runtime)
        metafunc.parametrize("page_case", pairs, ids=[f"{v}-{n}" for n, v in pairs])
    if "worker_case" in metafunc.fixturenames:
        pairs = cases("worker")
        metafunc.parametrize("worker_case", pairs, ids=[f"{v}-{n}" for n, v in pairs])


@pytest.fixture(scope="module")
def pyodide(selenium_module_scope: Any, servers: Servers) -> Any:
    runtime = "node" if selenium_module_scope.browser == "node" else "main"
    install_scenarios(selenium_module_scope, context(servers, runtime))
    selenium_module_scope.set_script_timeout(120)
    return selenium_module_scope


def test_in_runtime(pyodide: Any, page_case: tuple[str, str]) -> None:
    run_scenario(pyodide, *page_case)


WORKER_SCRIPT = """
import json, sys
import pyodide_ajax
with open("/tmp/scenarios.py", "w", encoding="utf-8") as f:
    f.write({source!r})
sys.path.insert(0, "/tmp")
import scenarios
json.dumps(await scenarios.run_all("worker", {context!r}))
"""


@pytest.fixture(scope="module")
def worker_results(selenium_worker_module_scope: Any, servers: Servers) -> dict[str, str]:
    selenium = selenium_worker_module_scope
    selenium.set_script_timeout(600)
    script = WORKER_SCRIPT.format(
        source=SCENARIOS_SOURCE, context=json.dumps(context(servers, "worker"))
    )
    return json.loads(selenium.run_webworker(script))


@pytest.mark.worker
def test_in_worker(worker_results: dict[str, str], worker_case: tuple[str, str]) -> None:
    name, variant = worker_case
    outcome = worker_results[f"{variant}-{name}"]
    if outcome != "ok":
        pytest.fail(f"{name} [{variant}] failed in the Worker:\n{outcome}", pytrace=False)
