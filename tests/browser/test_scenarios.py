"""Every case of the suite "scenarios" (the package `scenarios/`), in the runtime pytest-pyodide
was started for: a Chromium page (`--rt chrome`), Node.js (`--rt node`), and a Chromium Worker
(`-m worker`). The cases are listed by conftest.py's `pytest_generate_tests`.

A page or Node process is booted once for this module; the Worker runs all of its scenarios in
one boot and each test then reports one result.
"""

from __future__ import annotations

from typing import Any

import pytest

from tools.server import Servers

from .conftest import context, fail_unless_ok, install_scenarios, run_case, run_in_worker

SUITE = "scenarios"


@pytest.fixture(scope="module")
def pyodide(selenium_module_scope: Any, servers: Servers) -> Any:
    runtime = "node" if selenium_module_scope.browser == "node" else "main"
    install_scenarios(selenium_module_scope, context(servers, runtime))
    selenium_module_scope.set_script_timeout(120)
    return selenium_module_scope


def test_in_runtime(pyodide: Any, page_case: tuple[str, str]) -> None:
    name, variant = page_case
    fail_unless_ok(run_case(pyodide, SUITE, name, variant), name, variant, "Pyodide")


@pytest.fixture(scope="module")
def worker_results(selenium_worker_module_scope: Any, servers: Servers) -> dict[str, str]:
    output = run_in_worker(selenium_worker_module_scope, servers, SUITE, seconds=600)
    return output["results"]  # type: ignore[no-any-return]


@pytest.mark.worker
def test_in_worker(worker_results: dict[str, str], worker_case: tuple[str, str]) -> None:
    name, variant = worker_case
    fail_unless_ok(worker_results[f"{variant}-{name}"], name, variant, "the Worker")
