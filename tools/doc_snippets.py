"""The ```python snippets of the README and docs/, for the test that runs them in Pyodide.

Every ```python block is run, in order, in one namespace per document (like a doctest): a
document can import once and build on earlier blocks. A block that cannot run against the
local test server (a placeholder URL, CPython-only code) is marked on the line before its
fence, and the mark says why:

    <!-- not run: installs from a placeholder URL -->
    ```python
    ...

A block that needs another host (a PyScript page, a JupyterLite kernel) names the test that
runs it, which checks that the block and the file it runs are the same:

    <!-- run by: tests/embed/test_pyscript.py -->

    python -m tools.doc_snippets README.md docs/*.md     # list them
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from pathlib import Path

__all__ = ["ROOT", "Snippet", "documents", "extract"]

ROOT = Path(__file__).resolve().parents[1]
NOT_RUN = re.compile(r"^<!--\s*not run:\s*(?P<reason>.*?)\s*-->$")
RUN_BY = re.compile(r"^<!--\s*run by:\s*(?P<test>\S+)\s*-->$")
OPEN = re.compile(r"^(?P<indent> *)(?P<fence>`{3,})\s*(?P<lang>[\w+-]*)(?P<info>.*)$")


@dataclass(frozen=True)
class Snippet:
    path: str  # relative to the repository root
    line: int  # 1-based line of the opening fence
    code: str
    skip_reason: str | None = None
    run_by: str | None = None  # the test that runs it in another host

    @property
    def runs_in_page(self) -> bool:
        return self.skip_reason is None and self.run_by is None

    @property
    def label(self) -> str:
        return f"{self.path}:{self.line}"


def documents(root: Path = ROOT) -> list[Path]:
    """The README and every page under docs/."""
    return [root / "README.md", *sorted((root / "docs").glob("*.md"))]


def extract(path: Path, root: Path = ROOT) -> list[Snippet]:
    """The ```python blocks of a Markdown file, with their not-run marks."""
    lines = path.read_text(encoding="utf-8").splitlines()
    name = path.resolve().relative_to(root.resolve()).as_posix()
    found: list[Snippet] = []
    i = 0
    while i < len(lines):
        opening = OPEN.match(lines[i])
        if not opening:
            i += 1
            continue
        fence = opening["fence"]
        end = i + 1
        while end < len(lines) and lines[end].strip() != fence:
            end += 1
        if end == len(lines):
            raise ValueError(f"{name}:{i + 1}: the code block is never closed")
        if opening["lang"] == "python":
            indent = len(opening["indent"])
            code = "\n".join(line[indent:] for line in lines[i + 1 : end]) + "\n"
            previous = next(
                (lines[j].strip() for j in range(i - 1, -1, -1) if lines[j].strip()), ""
            )
            not_run, run_by = NOT_RUN.match(previous), RUN_BY.match(previous)
            found.append(
                Snippet(
                    name,
                    i + 1,
                    code,
                    not_run["reason"] if not_run else None,
                    run_by["test"] if run_by else None,
                )
            )
        i = end + 1
    return found


def main(argv: list[str]) -> int:
    for arg in argv or [str(p) for p in documents()]:
        for snippet in extract(Path(arg)):
            state = (
                f"not run: {snippet.skip_reason}"
                if snippet.skip_reason
                else f"run by {snippet.run_by}"
                if snippet.run_by
                else "run"
            )
            print(f"{snippet.label:28} {len(snippet.code.splitlines()):3} lines  {state}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
