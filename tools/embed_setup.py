"""Set up the two hosts our users embed pyodide-ajax in: a PyScript page and a JupyterLite site.

Everything is fetched through the ordinary clients (npm, pip), checked, and assembled under
``.cache/``; nothing is ever loaded from a CDN at test time:

    python -m tools.embed_setup pyscript    --out .cache/pyscript
    python -m tools.embed_setup jupyterlite --core .cache/pyodide --out .cache/jupyterlite \
        --piplite-wheel dist/pyodide_ajax-0.1.0-py3-none-any.whl

PyScript: ``npm pack @pyscript/core@0.7.31`` (sha256 pinned below), of which only ``dist/`` is
kept (it is self-contained: polyscript and friends are bundled in). The pages point PyScript at
our Pyodide with the ``interpreter`` config key; PyScript's default is a CDN.

JupyterLite: ``jupyter lite build`` (jupyterlite-core + jupyterlite-pyodide-kernel, from
requirements-dev.txt) with a local Pyodide at ``static/pyodide/``: the npm core plus the 15 pure
wheels the kernel loads by name from the Pyodide lock (micropip; ipython and its dependencies;
jedi and parso) at exactly the lock's versions, with a lock describing the files we serve
(tools/make_dist.py). ``comm`` is not in the lock at all, so it ships as a piplite wheel, and
so does our wheel (``--piplite-wheel``): the deployer's recipe for ``%pip install pyodide-ajax``
by name (issue 19) is to drop the wheel into the build's ``pypi/`` folder, whose wheels
``jupyter lite build`` indexes in ``pypi/all.json`` (piplite's index, asked before PyPI). The
site's ``jupyter-lite.json`` sets ``pyodideUrl`` itself, because an incremental build can
silently drop the one the kernel addon writes (and the kernel then goes to the CDN).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from tools.make_dist import make_dist

PYSCRIPT_PACKAGE = "@pyscript/core@0.7.31"
PYSCRIPT_TGZ = "pyscript-core-0.7.31.tgz"
PYSCRIPT_SHA256 = "b2ca1a0c0956aebd990a7c8524cca1eb061444a8319a7264d2f31ef30bea276a"

# The kernel's own Python packages load these by name from the Pyodide lock; their closure over
# the lock's `depends` is the 15 wheels the npm core lacks.
LOCK_ROOTS = ("micropip", "ipython", "jedi")
COMM = "comm==0.2.3"  # pyodide-kernel requires it and the lock does not list it: a piplite wheel

LITE_CONFIG: dict[str, Any] = {
    "jupyter-lite-schema-version": 0,
    "jupyter-config-data": {
        "litePluginSettings": {
            "@jupyterlite/pyodide-kernel-extension:kernel": {
                "disablePyPIFallback": True,  # fail fast and clearly instead of asking PyPI
                "pyodideUrl": "./static/pyodide/pyodide.mjs",
            }
        },
        "exposeAppInBrowser": True,  # window.jupyterapp, which the tests drive
    },
}
BLANK_NOTEBOOK: dict[str, Any] = {
    "cells": [
        {"cell_type": "code", "execution_count": None, "id": "c0", "metadata": {}, "outputs": [],
         "source": []}
    ],
    "metadata": {
        "kernelspec": {"display_name": "Python (Pyodide)", "language": "python", "name": "python"}
    },
    "nbformat": 4,
    "nbformat_minor": 5,
}  # fmt: skip


class SetupError(Exception):
    """An input problem the user has to fix (wrong checksum, missing core ...): exit code 2."""


def sha256_of(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def run(cmd: list[str], cwd: Path | None = None) -> None:
    print("+", " ".join(cmd), flush=True)
    subprocess.run(cmd, cwd=cwd, check=True)


# --------------------------------------------------------------------------- PyScript


def setup_pyscript(out: Path) -> Path:
    """`out/dist/` = the checked package's dist/ (without source maps); returns it."""
    with tempfile.TemporaryDirectory() as tmp:
        run(["npm", "pack", "--silent", PYSCRIPT_PACKAGE, "--pack-destination", tmp])
        tgz = Path(tmp) / PYSCRIPT_TGZ
        digest = sha256_of(tgz)
        if digest != PYSCRIPT_SHA256:
            raise SetupError(f"{PYSCRIPT_TGZ}: sha256 {digest}, expected {PYSCRIPT_SHA256}")
        dist = out / "dist"
        if dist.exists():
            shutil.rmtree(dist)
        dist.mkdir(parents=True)
        with tarfile.open(tgz) as tar:
            for member in tar.getmembers():
                name = member.name.removeprefix("package/dist/")
                if name == member.name or not member.isfile() or name.endswith(".map"):
                    continue
                target = dist / name
                target.parent.mkdir(parents=True, exist_ok=True)
                source = tar.extractfile(member)
                assert source is not None  # a regular file
                target.write_bytes(source.read())
    if not (dist / "core.js").is_file():
        raise SetupError(f"{PYSCRIPT_TGZ} has no package/dist/core.js")
    print(f"embed_setup: PyScript {PYSCRIPT_PACKAGE} dist -> {dist}")
    return dist


# --------------------------------------------------------------------------- JupyterLite


def _normalize(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def lock_closure(lock: dict[str, Any], roots: tuple[str, ...]) -> dict[str, dict[str, Any]]:
    """The lock entries of `roots` and everything they depend on, by normalized name."""
    packages = {_normalize(key): entry for key, entry in lock["packages"].items()}
    found: dict[str, dict[str, Any]] = {}
    todo = [_normalize(name) for name in roots]
    while todo:
        name = todo.pop()
        if name in found:
            continue
        if name not in packages:
            raise SetupError(f"the Pyodide lock has no package {name!r}")
        found[name] = packages[name]
        todo.extend(_normalize(dep) for dep in packages[name]["depends"])
    return found


def download_wheels(specs: list[str], dest: Path) -> None:
    dest.mkdir(parents=True, exist_ok=True)
    run(
        [sys.executable, "-m", "pip", "download", "-q", "--disable-pip-version-check",
         "--no-deps", "--only-binary=:all:", "--python-version", "3.14", "--platform", "any",
         "--implementation", "py", "--abi", "none", "-d", str(dest), *specs]
    )  # fmt: skip


def setup_jupyterlite(core: Path, out: Path, piplite_wheels: Sequence[Path] = ()) -> Path:
    """Build the JupyterLite site into `out/site/`, with `piplite_wheels` installable by name
    (``%pip install <name>``); returns it."""
    for wheel in piplite_wheels:
        if not wheel.is_file() or wheel.suffix != ".whl":
            raise SetupError(f"--piplite-wheel {wheel}: not a wheel file")
    lock = json.loads((core / "pyodide-lock.json").read_text(encoding="utf-8"))
    wanted = lock_closure(lock, LOCK_ROOTS)
    wheels = out / "wheels"
    if wheels.exists():
        shutil.rmtree(wheels)
    download_wheels([f"{e['name']}=={e['version']}" for e in wanted.values()], wheels / "lock")
    download_wheels([COMM], wheels / "piplite")
    got = sorted(p.name.lower() for p in (wheels / "lock").glob("*.whl"))
    expected = sorted(e["file_name"].lower() for e in wanted.values())
    if got != expected:  # same versions as the lock, so the kernel's `depends` still hold
        raise SetupError(f"downloaded {got}, the lock names {expected}")

    lite = out / "lite"  # the build's working dir (inputs, doit database, caches)
    site = out / "site"
    for stale in (lite, site):
        if stale.exists():
            shutil.rmtree(stale)  # a clean build: incremental ones can drop settings
    (lite / "pypi").mkdir(parents=True)
    (lite / "files").mkdir()
    (lite / "jupyter-lite.json").write_text(json.dumps(LITE_CONFIG, indent=2) + "\n")
    (lite / "files" / "blank.ipynb").write_text(json.dumps(BLANK_NOTEBOOK, indent=1) + "\n")
    for wheel in [*(wheels / "piplite").glob("*.whl"), *piplite_wheels]:
        shutil.copy2(wheel, lite / "pypi" / wheel.name)
    make_dist(core, [wheels / "lock"], lite / "static" / "pyodide")

    jupyter = Path(sys.executable).parent / "jupyter"
    run(
        [str(jupyter), "lite", "build", "--contents", "files", "--output-dir", str(site.resolve()),
         "--no-sourcemaps", "--no-unused-shared-packages", "--apps", "lab", "--apps", "notebooks"],
        cwd=lite,
    )  # fmt: skip
    check_site(site, piplite_wheels)
    print(f"embed_setup: JupyterLite site -> {site}")
    return site


def check_site(site: Path, piplite_wheels: Sequence[Path] = ()) -> None:
    """Fail now, not in a browser 60 s later, if the build lost what makes it work offline
    or does not index a wheel that `%pip install <name>` must find."""
    config = json.loads((site / "jupyter-lite.json").read_text(encoding="utf-8"))
    settings = config["jupyter-config-data"]["litePluginSettings"]
    kernel = settings["@jupyterlite/pyodide-kernel-extension:kernel"]
    if kernel.get("pyodideUrl") != "./static/pyodide/pyodide.mjs":
        raise SetupError(f"{site}/jupyter-lite.json lost pyodideUrl: {kernel}")
    for required in ("static/pyodide/pyodide.mjs", "lab/index.html", "notebooks/index.html"):
        if not (site / required).is_file():
            raise SetupError(f"the JupyterLite build has no {required}")
    if not list((site / "pypi").glob("comm-*.whl")):
        raise SetupError("the JupyterLite build has no comm wheel in pypi/")
    for wheel in piplite_wheels:
        if piplite_sha256(site, wheel.name) != sha256_of(wheel):
            raise SetupError(f"{site}/pypi/all.json does not index {wheel.name} with its sha256")


def piplite_sha256(site: Path, file_name: str) -> str | None:
    """The sha256 that piplite's index (``pypi/all.json``) gives `file_name`, or None."""
    index = site / "pypi" / "all.json"
    if not index.is_file():
        return None
    projects = json.loads(index.read_text(encoding="utf-8"))
    for project in projects.values():
        for files in project["releases"].values():
            for entry in files:
                if entry["filename"] == file_name:
                    return str(entry["digests"]["sha256"])
    return None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="what", required=True)
    ps = sub.add_parser("pyscript", help="npm pack @pyscript/core, keep dist/")
    ps.add_argument("--out", type=Path, required=True)
    jl = sub.add_parser("jupyterlite", help="build the JupyterLite site")
    jl.add_argument("--core", type=Path, required=True, help="unpacked npm Pyodide core")
    jl.add_argument("--out", type=Path, required=True)
    jl.add_argument("--piplite-wheel", type=Path, action="append", default=[],
                    help="a wheel for %%pip install by name (piplite); repeatable")  # fmt: skip
    args = parser.parse_args(argv)
    try:
        if args.what == "pyscript":
            setup_pyscript(args.out)
        else:
            setup_jupyterlite(args.core, args.out, args.piplite_wheel)
    except SetupError as exc:
        print(f"embed_setup: {exc}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
