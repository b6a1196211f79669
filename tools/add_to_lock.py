"""Add wheels to a Pyodide distribution, so Pyodide installs them by name from its lock.

For deployers who host their own Pyodide (the full distribution, or the npm core plus the
wheels they serve): the wheel is copied next to ``pyodide.mjs`` and gets a ``pyodide-lock.json``
entry shaped like the stock ones (sha256, imports, dependencies), every other entry is kept:

    python -m tools.add_to_lock path/to/pyodide/ dist/pyodide_ajax-0.1.0-py3-none-any.whl

Then ``await pyodide.loadPackage("pyodide-ajax")``, ``loadPyodide({packages: ["pyodide-ajax"]})``
and ``await micropip.install("pyodide-ajax")`` (which looks in the lock first when no
``index_urls`` are given) install it from there, with no index and no network. A wheel of a
package the lock already lists replaces that entry. A dependency the lock does not list is an
error: ``loadPackage`` would install the package without it.

The entries are written by `tools.make_dist` (the code that builds the test dist folders), not
by the `pyodide-lock` library: its version for Python 3.11, the project's host Python (0.1.2,
the newest installable there), cannot read Pyodide 314's lock ("359 validation errors for
PyodideLockSpec: info.version Field required ... packages.*.tool Extra inputs are not
permitted"). `pyodide-lock[wheel]==0.2.1` needs Python 3.12 or later; in a 3.12 venv its
``add_wheels_to_spec`` reads the 314 lock and writes the same entry for our wheel (checked by
hand on 2026-12-03; Debian 12's python3 is 3.11, so it cannot be the tool here).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
import zipfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from tools.make_dist import (
    CORE_MARKER,
    LOCK_NAME,
    MakeDistError,
    check_core,
    collect_wheels,
    index_wheels,
    lock_entry,
    normalize,
    parse_requirement,
    pyodide_environment,
    read_metadata,
)

__all__ = ["add_to_lock", "main"]


def missing_dependencies(wheel: Path, env: dict[str, str], available: set[str]) -> list[str]:
    """Requirements of `wheel` that hold in Pyodide but that the lock does not list."""
    with zipfile.ZipFile(wheel) as zf:
        name, _, requires = read_metadata(zf, wheel)
    needed = {parse_requirement(text, env, wheel.name) for text in requires}
    return sorted(
        n for n in needed if n is not None and n not in available and n != normalize(name)
    )


def write_atomically(path: Path, text: str) -> None:
    """Replace `path` in one step, so a failure never leaves a half-written lock behind."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(text)
    os.replace(tmp, path)


def add_to_lock(dist: Path, wheels: Iterable[Path]) -> dict[str, Any]:
    """Copy `wheels` into the distribution `dist` and add them to its lock; returns the lock."""
    lock = check_core(dist)  # also checks that `dist` holds pyodide.mjs and a lock
    packages: dict[str, Any] = lock.get("packages") or {}
    by_name = index_wheels(collect_wheels(list(wheels)))
    env = pyodide_environment(lock["info"])
    keys = {normalize(key): key for key in packages}
    available = set(keys) | set(by_name)
    for wheel in by_name.values():
        missing = missing_dependencies(wheel, env, available)
        if missing:
            raise MakeDistError(f"{wheel.name} needs {', '.join(missing)}, which the lock lacks")
    for key, wheel in sorted(by_name.items()):
        target = dist / wheel.name
        if not target.exists() or not target.samefile(wheel):
            shutil.copy2(wheel, target)
        packages.pop(keys.get(key, key), None)  # a new wheel of a listed package replaces it
        packages[key] = lock_entry(target, env, available)
    lock["packages"] = dict(sorted(packages.items()))
    write_atomically(dist / LOCK_NAME, json.dumps(lock, indent=1, sort_keys=True) + "\n")
    return lock


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dist", type=Path, help=f"the Pyodide folder (with {CORE_MARKER})")
    parser.add_argument("wheels", type=Path, nargs="+", help="wheel files or folders of them")
    args = parser.parse_args(argv)
    try:
        lock = add_to_lock(args.dist, args.wheels)
    except (MakeDistError, zipfile.BadZipFile) as exc:
        print(f"add_to_lock: error: {exc}", file=sys.stderr)
        return 2
    added = sorted(collect_wheels(args.wheels), key=lambda p: p.name)
    names = ", ".join(w.name for w in added)
    print(f"add_to_lock: {args.dist / LOCK_NAME} now lists {len(lock['packages'])} packages: "
          f"added {names}")  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
