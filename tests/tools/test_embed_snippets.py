"""The README's PyScript and JupyterLite snippets are the files the embed tests run (issue 9).

tests/embed/ serves examples/pyscript/ as the PyScript pages and runs the cells of
examples/jupyterlite/cells.ipy in a JupyterLite kernel; this keeps the README from drifting.
"""

from __future__ import annotations

import re

import pytest

from pyodide_ajax import __version__
from tests.embed.cells import CELLS_FILE, EXAMPLES, PYSCRIPT_FILES, README, read_cells

WHEEL = f"pyodide_ajax-{__version__}-py3-none-any.whl"


def readme_section(title: str) -> str:
    text = README.read_text(encoding="utf-8")
    match = re.search(rf"^## {re.escape(title)}\n(.*?)(?=^## )", text, re.S | re.M)
    assert match, f"README has no '## {title}' section"
    return match.group(1)


@pytest.mark.parametrize("name", PYSCRIPT_FILES)
def test_readme_shows_the_pyscript_files_the_tests_serve(name: str) -> None:
    source = (EXAMPLES / "pyscript" / name).read_text(encoding="utf-8")
    fence = "html" if name.endswith(".html") else "python"
    assert f"```{fence}\n{source}```" in readme_section("Use in PyScript")


def test_readme_shows_every_jupyterlite_cell_the_tests_run() -> None:
    cells = read_cells(CELLS_FILE)
    assert len(cells) == 4
    section = readme_section("Use in JupyterLite")
    for title, code in cells.items():
        mark = "<!-- run by: tests/embed/test_jupyterlite.py -->"
        assert f"{title}:\n\n{mark}\n```python\n{code}```" in section


def test_examples_name_the_wheel_this_version_builds() -> None:
    for path in [EXAMPLES / "pyscript" / "index.html", EXAMPLES / "pyscript" / "worker.html"]:
        assert WHEEL in path.read_text(encoding="utf-8"), path
    assert any(WHEEL in code for code in read_cells(CELLS_FILE).values())


def test_read_cells_splits_on_percent_markers(tmp_path) -> None:
    path = tmp_path / "c.ipy"
    path.write_text("# %% one\n%pip install x\n\n# %% two\nprint(1)\n\n\n")
    assert read_cells(path) == {"one": "%pip install x\n", "two": "print(1)\n"}
