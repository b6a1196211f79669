"""The snippet files the README shows and the embed tests run (no browser needed to read them)."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"
README = ROOT / "README.md"
CELLS_FILE = EXAMPLES / "jupyterlite" / "cells.ipy"
# Files shown whole in the README's "Use in PyScript" section.
PYSCRIPT_FILES = ("index.html", "main.py", "worker.py")


def read_cells(path: Path) -> dict[str, str]:
    """The cells of a percent-format file (`# %% title` starts a cell): {title: code}."""
    cells: dict[str, str] = {}
    title = None
    lines: list[str] = []
    for line in [*path.read_text(encoding="utf-8").splitlines(), "# %% end"]:
        if line.startswith("# %%"):
            if title is not None:
                cells[title] = "\n".join(lines).strip() + "\n"
            title, lines = line[len("# %%") :].strip(), []
        else:
            lines.append(line)
    return cells
