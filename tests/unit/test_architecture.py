"""docs/architecture.md stays true: its module table is the package, and imports go down."""

from __future__ import annotations

import ast
import pkgutil
import re
from pathlib import Path

import pyodide_ajax

DOC = Path(__file__).resolve().parents[2] / "docs" / "architecture.md"
LAYERS = ("base", "rules", "transport", "core", "face")  # bottom to top


def documented() -> dict[str, str]:
    rows = re.findall(r"^\| `([\w.]+)` \| (\w+) \|", DOC.read_text(encoding="utf-8"), flags=re.M)
    return {("" if name == "pyodide_ajax" else name): layer for name, layer in rows}


def package_modules() -> dict[str, Path]:
    root = Path(pyodide_ajax.__file__).parent
    modules = {"": root / "__init__.py"}
    for info in pkgutil.walk_packages(pyodide_ajax.__path__, "pyodide_ajax."):
        name = info.name.removeprefix("pyodide_ajax.")
        path = root.joinpath(*name.split("."))
        modules[name] = path / "__init__.py" if info.ispkg else path.with_suffix(".py")
    return modules


def layer_of(name: str, table: dict[str, str]) -> str:
    while name not in table:  # a submodule of a documented package belongs to its layer
        name = name.rpartition(".")[0]
    return table[name]


def imported(name: str, path: Path) -> set[str]:
    """Package-relative names of the modules that `name` imports from pyodide_ajax."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.level:
            base = package.split(".") if package else []
            base = base[: len(base) - (node.level - 1)] if node.level > 1 else base
            module = ".".join([*base, *(node.module.split(".") if node.module else [])])
            targets = [module] if node.module else [".".join([*base, a.name]) for a in node.names]
            found.update(t for t in targets if t)
        elif isinstance(node, ast.ImportFrom | ast.Import):
            for target in (
                [node.module] if isinstance(node, ast.ImportFrom) else [a.name for a in node.names]
            ):
                if target and target.startswith("pyodide_ajax"):
                    found.add(target.removeprefix("pyodide_ajax").lstrip("."))
    return found


def test_the_table_lists_every_module() -> None:
    table, modules = documented(), package_modules()
    top_level = {m for m in modules if m.count(".") == 0 or m.startswith("_transports.")}
    assert set(table) <= set(modules), "documented modules that do not exist"
    assert top_level <= set(table), "modules missing from docs/architecture.md"
    assert set(table.values()) <= set(LAYERS)


def test_imports_go_down_only() -> None:
    table, modules = documented(), package_modules()
    wrong = []
    for name, path in modules.items():
        rank = LAYERS.index(layer_of(name, table))
        wrong.extend(
            f"{name or 'pyodide_ajax'} ({layer_of(name, table)}) imports {target}"
            for target in imported(name, path)
            if target in modules and LAYERS.index(layer_of(target, table)) > rank
        )
    assert not wrong, wrong


def imports_js(path: Path) -> bool:
    """Whether a module imports `js` or `pyodide` at its top level (not lazily in a function)."""
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        names = (
            [node.module or ""]
            if isinstance(node, ast.ImportFrom)
            else [a.name for a in node.names]
            if isinstance(node, ast.Import)
            else []
        )
        if any(n.split(".")[0] in ("js", "pyodide", "pyodide_js") for n in names):
            return True
    return False


def test_js_marks_are_true() -> None:
    """A module outside the transports imports `js` at its top only if its row says "JS", and a
    row says "JS" only if the module or a module it imports does (issue 17's Brython face)."""
    doc = DOC.read_text(encoding="utf-8")
    marked = set(re.findall(r"^\| `([\w.]+)` \| \w+ \| JS\b", doc, flags=re.M))
    modules = package_modules()
    direct = {
        name
        for name, path in modules.items()
        if imports_js(path) and not name.startswith("_transports.")
    }
    assert direct <= marked, "modules importing js without the JS mark"
    unmarked_js = {
        name
        for name in marked
        if name not in direct and not imported(name, modules[name]) & direct
    }
    assert not unmarked_js, "JS-marked modules that touch no JS"
