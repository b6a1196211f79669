"""Every ```python snippet of the README and docs/ runs in Pyodide, in a Chromium page.

The snippets of one document run in order in one namespace (like a doctest), against the test
server (`/files/...`, `/echo`, `/slow` ...), with the wheel loaded from the dist lock. A snippet
fails the test by raising: the docs state what they show with `assert`. Snippets marked
`<!-- not run: why -->` are listed by `python -m tools.doc_snippets` and kept few (a host test
counts them); those marked `<!-- run by: test -->` run in that test's host (PyScript, JupyterLite).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tools.doc_snippets import ROOT, documents, extract
from tools.server import Servers

from .conftest import requests_wheel_urls

RUN_SNIPPET = """
import traceback
from pyodide.code import eval_code_async
try:
    await eval_code_async({code!r}, globals=DOC_NAMESPACE, filename={label!r}, return_mode="none")
    outcome = "ok"
except BaseException:
    outcome = traceback.format_exc()
outcome
"""


@pytest.mark.page
@pytest.mark.parametrize("doc", documents(), ids=lambda p: p.relative_to(ROOT).as_posix())
def test_snippets_run_in_pyodide(selenium_standalone: Any, servers: Servers, doc: Path) -> None:
    selenium = selenium_standalone
    snippets = [s for s in extract(doc) if s.runs_in_page]
    assert snippets, f"{doc.name} has no runnable snippet"
    selenium.set_script_timeout(60)
    selenium.load_package(["pyodide-ajax"])
    # requests, as a user installs it before using it (docs/bridge.md says how)
    selenium.run_js(f"await pyodide.loadPackage({json.dumps(requests_wheel_urls(servers))});")
    selenium.run("DOC_NAMESPACE = {'__name__': '__main__'}")
    for snippet in snippets:
        outcome = selenium.run_async(RUN_SNIPPET.format(code=snippet.code, label=snippet.label))
        if outcome != "ok":
            pytest.fail(
                f"the snippet at {snippet.label} failed in Pyodide (its lines count from 1 "
                f"after the fence):\n{snippet.code}\n{outcome}",
                pytrace=False,
            )
