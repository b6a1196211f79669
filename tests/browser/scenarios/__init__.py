"""The suites that run inside Pyodide: in a Chromium page, a Chromium Worker and Node.js.

Shipped whole into Pyodide (tests/browser/conftest.py writes every file of this package to the
Pyodide file system and imports it as the package `scenarios`), and imported on the host only
to list the cases. The harness (`harness.py`: `Ctx`, `scenario()`, the runners) is shared by:

- the suite "scenarios" (test_scenarios.py): each `case_NN_...` is case NN of section 14 of
  shared/spec/brython-ajax.md, asserting the decided behaviour, or one acceptance check of an
  issue; in the case modules below, one per subject;
- the suite "faults" (test_faults.py): the reliability and security checks of
  docs/reliability.md (`faults.py`, `bad_input.py`, `leaks.py`).
"""

from __future__ import annotations

import importlib

from .harness import SUITES, Ctx, cases, run, run_all

__all__ = ["CASE_MODULES", "SUITES", "Ctx", "cases", "run", "run_all"]

# Imported in this order, each registering its cases: the order the tests are listed in.
CASE_MODULES = (
    "shortcuts",
    "decoding",
    "validation",
    "events",
    "timeouts",
    "errors",
    "lifecycle",
    "object_api",
    "upload",
    "runtimes",
    "conformance",
    "bridge",
    "faults",
    "bad_input",
    "leaks",
)
for _name in CASE_MODULES:
    importlib.import_module(f".{_name}", __name__)
