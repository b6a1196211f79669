"""Assemble a Pyodide ``indexURL`` folder: the npm core plus our own wheels and a matching lock.

The npm build of Pyodide ships ``pyodide-lock.json`` listing ~350 packages but none of their
wheels. pytest-pyodide loads "pytest" and "tblib" whenever the lock lists them, and Pyodide's
``loadPackage`` fails on a listed-but-missing wheel, a listed-but-missing dependency or a wrong
sha256. So the lock we serve must describe exactly the wheels we serve, nothing more:

    python tools/make_dist.py --core .cache/pyodide --wheels .cache/wheels --wheels dist \\
        --out .cache/dist

The result works as pytest-pyodide's ``--dist-dir`` and as ``indexURL`` for browser pages.
"""

from __future__ import annotations

import argparse
import email.parser
import hashlib
import json
import re
import shutil
import sys
import zipfile
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

try:  # `packaging` evaluates markers exactly; without it we fall back to a cruder rule.
    from packaging.markers import InvalidMarker as _InvalidMarker
    from packaging.markers import Marker as _Marker
    from packaging.requirements import InvalidRequirement as _InvalidRequirement
    from packaging.requirements import Requirement as _Requirement
except ImportError:  # pragma: no cover - exercised by monkeypatching _Marker in the tests
    _Marker = None  # type: ignore[assignment,misc]
    _Requirement = None  # type: ignore[assignment,misc]
    _InvalidMarker = _InvalidRequirement = ValueError  # type: ignore[assignment,misc]

LOCK_NAME = "pyodide-lock.json"
CORE_MARKER = "pyodide.mjs"

_NAME_RE = re.compile(r"\s*([A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?)")
_EXTRA_RE = re.compile(r"\bextra\b")


class MakeDistError(Exception):
    """A problem with the inputs that the user has to fix; the CLI turns it into exit code 2."""


def normalize(name: str) -> str:
    """PEP 503 name, because the lock is keyed (and ``depends`` refers to packages) by it."""
    return re.sub(r"[-_.]+", "-", name).lower()


# --------------------------------------------------------------------------- inputs


def check_core(core: Path) -> dict[str, Any]:
    """Return the stock lock, failing early if `core` is not an unpacked Pyodide core."""
    for required in (CORE_MARKER, LOCK_NAME):
        if not (core / required).is_file():
            raise MakeDistError(f"{core} is not a Pyodide core folder: no {required}")
    try:
        lock = json.loads((core / LOCK_NAME).read_text(encoding="utf-8"))
    except ValueError as exc:
        raise MakeDistError(f"{core / LOCK_NAME} is not valid JSON: {exc}") from exc
    if not isinstance(lock, dict) or not isinstance(lock.get("info"), dict):
        raise MakeDistError(f"{core / LOCK_NAME} has no 'info' object")
    return lock


def collect_wheels(sources: Iterable[Path]) -> list[Path]:
    """Expand directories into their ``*.whl`` files so ``--wheels`` can take either."""
    found: list[Path] = []
    for source in sources:
        if source.is_dir():
            found.extend(sorted(source.glob("*.whl")))
        elif source.is_file() and source.suffix == ".whl":
            found.append(source)
        else:
            raise MakeDistError(f"not a wheel or a directory: {source}")
    if not found:
        raise MakeDistError("no wheels given (or the given directories hold no *.whl)")
    return found


def check_out(out: Path, core: Path, wheels: Iterable[Path]) -> None:
    """Refuse an `out` whose wiping would destroy the inputs, since we delete it wholesale."""
    out_r = out.resolve()
    inputs = [core.resolve(), *(w.resolve() for w in wheels)]
    for path in inputs:
        if path == out_r or out_r in path.parents or path in out_r.parents:
            raise MakeDistError(f"--out {out} overlaps the input {path}; choose another folder")


# --------------------------------------------------------------------------- wheel metadata


def _dist_info_file(zf: zipfile.ZipFile, wheel: Path, name: str) -> str | None:
    """Locate ``<dist>.dist-info/<name>``, preferring the dist named by the wheel's file name."""
    candidates = sorted(
        n
        for n in zf.namelist()
        if n.count("/") == 1 and n.endswith("/" + name) and n.split("/")[0].endswith(".dist-info")
    )
    wanted = normalize(wheel.name.split("-")[0])
    for candidate in candidates:
        if normalize(candidate.split("/")[0].split("-")[0]) == wanted:
            return candidate
    return candidates[0] if candidates else None


def read_metadata(zf: zipfile.ZipFile, wheel: Path) -> tuple[str, str, list[str]]:
    """Return (Name, Version, Requires-Dist) from METADATA: the wheel's own, authoritative data."""
    path = _dist_info_file(zf, wheel, "METADATA")
    if path is None:
        raise MakeDistError(f"{wheel.name}: no *.dist-info/METADATA")
    msg = email.parser.BytesHeaderParser().parsebytes(zf.read(path))
    name, version = msg.get("Name"), msg.get("Version")
    if not name or not version:
        raise MakeDistError(f"{wheel.name}: METADATA lacks Name or Version")
    requires = [" ".join(str(r).split()) for r in msg.get_all("Requires-Dist", [])]
    return str(name).strip(), str(version).strip(), requires  # join() above unfolds headers


def top_level_names(names: Iterable[str]) -> list[str]:
    """Importable top-level packages and modules of a wheel, for wheels without top_level.txt.

    Keeps private names such as ``_pytest``; skips metadata (``*.dist-info``, ``*.data``),
    ``__pycache__`` and top-level files that are not modules.
    """
    found: set[str] = set()
    for name in names:
        first, sep, _ = name.partition("/")
        if sep:
            if first.endswith((".dist-info", ".data")) or first == "__pycache__":
                continue
            candidate = first
        elif first.endswith((".py", ".so", ".pyd")):
            candidate = first.split(".", 1)[0]  # also strips ".cpython-314-wasm32-emscripten"
        else:
            continue
        if candidate.isidentifier():
            found.add(candidate)
    return sorted(found)


def read_imports(zf: zipfile.ZipFile, wheel: Path) -> list[str]:
    """What Pyodide should map to this package on ``loadPackagesFromImports``."""
    path = _dist_info_file(zf, wheel, "top_level.txt")
    if path is not None:
        lines = zf.read(path).decode("utf-8").splitlines()
        listed = sorted({line.strip() for line in lines if line.strip()})
        if listed:
            return listed
    return top_level_names(zf.namelist())


# --------------------------------------------------------------------------- markers


def pyodide_environment(info: Mapping[str, Any]) -> dict[str, str]:
    """PEP 508 marker values as seen inside Pyodide, derived from the lock's ``info``.

    ``extra`` is deliberately absent: nothing installs our wheels with extras.
    """
    full = str(info.get("python", "3.14.0"))
    short = ".".join(full.split(".")[:2])
    return {
        "implementation_name": "cpython",
        "implementation_version": full,
        "os_name": "posix",
        "platform_machine": "wasm32",
        "platform_python_implementation": "CPython",
        # Unknown on the host and (to our knowledge) never used by real markers for Pyodide.
        "platform_release": "",
        "platform_system": "Emscripten",
        "platform_version": "",
        "python_full_version": full,
        "python_version": short,
        "sys_platform": "emscripten",
    }


def fallback_marker_is_true(marker: str) -> bool:
    """Crude stand-in when `packaging` is missing: only ``extra`` markers are known to be false.

    Markers on ``extra`` guard optional features, so they are dropped. Any other marker is
    kept (we cannot evaluate it honestly without `packaging`); keeping is the safer error,
    since a dependency only lands in ``depends`` when its wheel is in the lock anyway.
    """
    return _EXTRA_RE.search(marker) is None


def parse_requirement(text: str, env: Mapping[str, str], wheel: str) -> str | None:
    """Normalized name of a Requires-Dist entry, or None when its marker is false in Pyodide."""
    if _Requirement is not None and _Marker is not None:
        try:
            req = _Requirement(text)
        except (_InvalidRequirement, _InvalidMarker) as exc:
            raise MakeDistError(f"{wheel}: bad Requires-Dist {text!r}: {exc}") from exc
        if req.marker is not None and not req.marker.evaluate(dict(env)):
            return None
        return normalize(req.name)
    match = _NAME_RE.match(text)
    if match is None:
        raise MakeDistError(f"{wheel}: bad Requires-Dist {text!r}")
    _, sep, marker = text.partition(";")
    if sep and not fallback_marker_is_true(marker):
        return None
    return normalize(match.group(1))


def wheel_depends(
    requires: Iterable[str], env: Mapping[str, str], available: set[str], own: str, wheel: str
) -> list[str]:
    """Dependencies Pyodide must load first: marker-true ones whose wheel we actually ship.

    Dropping absent ones matters: ``loadPackage`` aborts on a dependency missing from the lock,
    and most absent ones are optional (e.g. colorama on Windows, or test-only extras).
    """
    names = {parse_requirement(text, env, wheel) for text in requires}
    return sorted(n for n in names if n is not None and n in available and n != own)


# --------------------------------------------------------------------------- output


def sha256_of(path: Path) -> str:
    """Hash of the served file, because Pyodide verifies it before installing."""
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def reset_dir(out: Path) -> None:
    """Start from an empty folder so a rebuilt or removed wheel never leaves a stale copy."""
    if out.is_dir() and not out.is_symlink():
        shutil.rmtree(out)
    elif out.exists() or out.is_symlink():
        out.unlink()
    out.mkdir(parents=True)


def copy_core(core: Path, out: Path) -> int:
    """Copy (never symlink: servers and browsers must see plain files) all but the stock lock."""
    count = 0
    for item in sorted(core.iterdir()):
        if item.name == LOCK_NAME:
            continue
        if item.is_dir():
            shutil.copytree(item, out / item.name)
            count += sum(1 for p in (out / item.name).rglob("*") if p.is_file())
        else:
            shutil.copy2(item, out / item.name)
            count += 1
    return count


def lock_entry(wheel: Path, env: Mapping[str, str], available: set[str]) -> dict[str, Any]:
    """One lock entry, shaped exactly like the stock ones so Pyodide treats it the same."""
    with zipfile.ZipFile(wheel) as zf:
        name, version, requires = read_metadata(zf, wheel)
        imports = read_imports(zf, wheel)
    return {
        "depends": wheel_depends(requires, env, available, normalize(name), wheel.name),
        "file_name": wheel.name,
        "imports": imports,
        "install_dir": "site",
        "name": name,
        "package_type": "package",
        "sha256": sha256_of(wheel),
        "tool": {},
        "unvendored_tests": False,
        "version": version,
    }


def index_wheels(wheels: Iterable[Path]) -> dict[str, Path]:
    """Map normalized name -> wheel, refusing two wheels of one package (which would we serve?)."""
    by_name: dict[str, Path] = {}
    for wheel in wheels:
        with zipfile.ZipFile(wheel) as zf:
            key = normalize(read_metadata(zf, wheel)[0])
        if key in by_name:
            raise MakeDistError(f"two wheels for {key}: {by_name[key]} and {wheel}")
        by_name[key] = wheel
    return by_name


def make_dist(core: Path, wheels: list[Path], out: Path) -> dict[str, Any]:
    """Build `out` from `core` and `wheels` (files or directories); return the lock written."""
    stock = check_core(core)
    wheel_files = collect_wheels(wheels)
    check_out(out, core, wheel_files)
    by_name = index_wheels(wheel_files)

    reset_dir(out)
    copy_core(core, out)
    copied = {key: out / wheel.name for key, wheel in by_name.items()}
    for key, wheel in by_name.items():
        shutil.copy2(wheel, copied[key])

    env = pyodide_environment(stock["info"])
    available = set(copied)
    lock = {key: value for key, value in stock.items() if key != "packages"}
    lock["packages"] = {key: lock_entry(copied[key], env, available) for key in sorted(copied)}
    text = json.dumps(lock, indent=1, sort_keys=True) + "\n"
    (out / LOCK_NAME).write_text(text, encoding="utf-8")
    return lock


def summary(out: Path, lock: Mapping[str, Any]) -> str:
    """One line for CI logs: how much core was copied and which packages are loadable."""
    core_files = sum(
        1 for p in out.rglob("*") if p.is_file() and p.name != LOCK_NAME and p.suffix != ".whl"
    )
    packages = ", ".join(f"{e['name']} {e['version']}" for e in lock["packages"].values())
    return f"make_dist: {core_files} core files -> {out}; lock: {packages}"


def main(argv: list[str] | None = None) -> int:
    """CLI entry point; returns the exit code (2 for input problems, like argparse)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--core", type=Path, required=True, help="unpacked Pyodide core folder")
    parser.add_argument(
        "--wheels",
        type=Path,
        action="append",
        default=[],
        help="a .whl file or a folder of them; repeatable",
    )
    parser.add_argument("--out", type=Path, required=True, help="folder to (re)create")
    args = parser.parse_args(argv)
    try:
        lock = make_dist(args.core, args.wheels, args.out)
    except (MakeDistError, zipfile.BadZipFile) as exc:
        print(f"make_dist: error: {exc}", file=sys.stderr)
        return 2
    print(summary(args.out, lock))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
