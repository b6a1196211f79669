"""The docs on the host: the snippet extractor, and checks a reader would make of the docs
(every public name documented, the links work, snippets at least compile). The snippets
themselves run in Pyodide: tests/browser/test_docs.py."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

import pyodide_ajax
from tools.doc_snippets import ROOT, documents, extract

REFERENCE = ROOT / "docs" / "reference.md"
MAX_NOT_RUN = 3


def test_extract_python_blocks_with_marks(tmp_path: Path) -> None:
    doc = tmp_path / "doc.md"
    doc.write_text(
        "intro\n"
        "```python\nx = 1\n```\n"
        "```sh\nmake demo\n```\n"
        "<!-- not run: needs a real server -->\n\n"
        "```python\nimport requests\n```\n"
        "````markdown\n```python\nnot a snippet\n```\n````\n"
        "- item\n\n  ```python\n  y = 2\n  ```\n",
        encoding="utf-8",
    )
    snippets = extract(doc, root=tmp_path)
    assert [(s.line, s.code, s.skip_reason) for s in snippets] == [
        (2, "x = 1\n", None),
        (10, "import requests\n", "needs a real server"),
        (20, "y = 2\n", None),
    ]
    assert snippets[0].label == "doc.md:2"


def test_an_unclosed_block_is_an_error(tmp_path: Path) -> None:
    doc = tmp_path / "doc.md"
    doc.write_text("```python\nx = 1\n", encoding="utf-8")
    with pytest.raises(ValueError, match="doc.md:1"):
        extract(doc, root=tmp_path)


def test_the_docs_exist_and_each_has_runnable_snippets() -> None:
    names = [p.relative_to(ROOT).as_posix() for p in documents()]
    assert {"README.md", "docs/reference.md", "docs/coming-from.md"} <= set(names)
    for doc in documents():
        assert [s for s in extract(doc) if s.skip_reason is None], doc


def test_few_snippets_are_not_run_and_each_says_why() -> None:
    skipped = [s for doc in documents() for s in extract(doc) if s.skip_reason is not None]
    assert len(skipped) <= MAX_NOT_RUN, [s.label for s in skipped]
    assert all(len(s.skip_reason or "") > 10 for s in skipped)


def test_snippets_run_elsewhere_name_an_existing_test() -> None:
    elsewhere = [s for doc in documents() for s in extract(doc) if s.run_by]
    assert elsewhere  # the README's PyScript and JupyterLite sections
    for snippet in elsewhere:
        assert (ROOT / str(snippet.run_by)).is_file(), snippet.label


# IPython cells (`%pip`) are not Python: the JupyterLite test runs those.
@pytest.mark.parametrize(
    "snippet", [s for d in documents() for s in extract(d) if not s.run_by], ids=str
)
def test_every_snippet_compiles(snippet: object) -> None:
    code = snippet.code  # type: ignore[attr-defined]
    compile(code, snippet.label, "exec", flags=ast.PyCF_ALLOW_TOP_LEVEL_AWAIT)  # type: ignore[attr-defined]


def test_the_reference_documents_every_public_name() -> None:
    text = REFERENCE.read_text(encoding="utf-8")
    for name in pyodide_ajax.__all__:
        assert f"`{name}" in text or f"ajax.{name}" in text, name
    request = pyodide_ajax.Ajax()
    observer = {"on_headers", "on_chunk", "on_upload"}  # what transports call, not users
    public = {n for n in dir(request) if not n.startswith("_")} - observer
    missing = sorted(n for n in public if f"`{n}" not in text and f".{n}" not in text)
    assert not missing, f"Ajax attributes missing from docs/reference.md: {missing}"
    for event in pyodide_ajax.EVENTS:
        if event != "uninitialized":  # never fired; named in the EVENTS example
            assert f"`{event}`" in text, event


def test_relative_links_resolve() -> None:
    for doc in documents():
        for target in re.findall(r"\]\(([^)#:]+)(?:#[^)]*)?\)", doc.read_text(encoding="utf-8")):
            assert (doc.parent / target).exists(), f"{doc.name}: broken link {target}"


def test_the_readme_keeps_install_quick_start_and_the_two_commands() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for needle in (
        "## Install",
        "make demo",
        "make test",
        "docs/reference.md",
        "docs/coming-from.md",
    ):
        assert needle in readme, needle
