"""Tests for tools/make_dist.py with a fake Pyodide core and tiny hand-made wheels."""

from __future__ import annotations

import hashlib
import importlib.util
import json
import subprocess
import sys
import zipfile
from collections.abc import Sequence
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "tools" / "make_dist.py"
REAL_CORE = ROOT / ".cache" / "pyodide"


def _load_tool() -> ModuleType:
    """Load by path, so the tests need neither tools/__init__.py nor the root on sys.path."""
    spec = importlib.util.spec_from_file_location("make_dist_under_test", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


md = _load_tool()

INFO = {
    "abi_version": "2026_0",
    "arch": "wasm32",
    "platform": "emscripten_5_0_3",
    "python": "3.14.2",
}
CORE_FILES = {
    "pyodide.mjs": "export const loadPyodide = 1;\n",
    "pyodide.asm.wasm": "\0asm",
    "python_stdlib.zip": "not really a zip",
}


def _stock_entry(name: str) -> dict[str, object]:
    return {
        "depends": [],
        "file_name": f"{name}-1.0-py3-none-any.whl",
        "imports": [name],
        "install_dir": "site",
        "name": name,
        "package_type": "package",
        "sha256": "0" * 64,
        "tool": {},
        "unvendored_tests": False,
        "version": "1.0",
    }


@pytest.fixture
def core(tmp_path: Path) -> Path:
    """A core folder shaped like the npm one: a few files and a lock naming absent wheels."""
    folder = tmp_path / "core"
    folder.mkdir()
    for name, text in CORE_FILES.items():
        (folder / name).write_text(text)
    lock = {
        "info": INFO,
        "packages": {name: _stock_entry(name) for name in ("micropip", "pytest", "numpy")},
        "tool": {},
    }
    (folder / "pyodide-lock.json").write_text(json.dumps(lock))
    return folder


def make_wheel(
    folder: Path,
    dist: str,
    version: str,
    files: list[str],
    requires: Sequence[str] = (),
    top_level: list[str] | None = None,
    name: str | None = None,
) -> Path:
    """Write a minimal wheel: METADATA (+ top_level.txt), the given files and a RECORD."""
    folder.mkdir(parents=True, exist_ok=True)
    info_dir = f"{dist}-{version}.dist-info"
    meta = ["Metadata-Version: 2.1", f"Name: {name or dist}", f"Version: {version}"]
    meta += [f"Requires-Dist: {req}" for req in requires]
    members = dict.fromkeys(files, "")
    members[f"{info_dir}/METADATA"] = "\n".join(meta) + "\n\n"
    members[f"{info_dir}/WHEEL"] = "Wheel-Version: 1.0\nRoot-Is-Purelib: true\nTag: py3-none-any\n"
    if top_level is not None:
        members[f"{info_dir}/top_level.txt"] = "\n".join(top_level) + "\n"
    members[f"{info_dir}/RECORD"] = "".join(
        f"{path},,\n" for path in [*members, f"{info_dir}/RECORD"]
    )
    wheel = folder / f"{dist}-{version}-py3-none-any.whl"
    with zipfile.ZipFile(wheel, "w") as zf:
        for path, text in members.items():
            zf.writestr(path, text)
    return wheel


@pytest.fixture
def wheels(tmp_path: Path) -> Path:
    """alpha depends on beta (present), gamma (present, true marker), devtool (extra),
    winonly (win32 marker) and missing-dep (no wheel at all)."""
    folder = tmp_path / "wheels"
    make_wheel(
        folder,
        "alpha_pkg",
        "1.0",
        ["alpha/__init__.py", "alpha/core.py"],
        requires=[
            "Beta_Pkg>=2.0",
            'gamma; python_version >= "3.14" and sys_platform == "emscripten"',
            'devtool; extra == "dev"',
            'winonly>=1; sys_platform == "win32"',
            "missing-dep (>=1.0)",
        ],
        top_level=["alpha"],
        name="Alpha.Pkg",
    )
    make_wheel(
        folder,
        "beta_pkg",
        "2.0",
        [
            "beta/__init__.py",
            "beta/sub/x.py",
            "_beta_private/__init__.py",
            "beta_single.py",
            "beta_pkg-2.0.data/scripts/beta-cli",
            "__pycache__/beta_single.cpython-314.pyc",
            "README.txt",
        ],
        name="Beta_Pkg",
    )
    for dist in ("gamma", "devtool", "winonly"):
        make_wheel(folder, dist, "0.1", [f"{dist}.py"])
    return folder


def test_lock_lists_exactly_the_wheels(core: Path, wheels: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    lock = md.make_dist(core, [wheels], out)
    expected = {"alpha-pkg", "beta-pkg", "devtool", "gamma", "winonly"}
    assert set(lock["packages"]) == expected
    assert json.loads((out / "pyodide-lock.json").read_text()) == lock
    assert {p.name for p in out.glob("*.whl")} == {
        e["file_name"] for e in lock["packages"].values()
    }


def test_entries_look_like_stock_ones(core: Path, wheels: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    lock = md.make_dist(core, [wheels], out)
    alpha = lock["packages"]["alpha-pkg"]
    assert set(alpha) == set(_stock_entry("x"))
    assert alpha["name"] == "Alpha.Pkg"
    assert alpha["version"] == "1.0"
    assert alpha["file_name"] == "alpha_pkg-1.0-py3-none-any.whl"
    assert (alpha["install_dir"], alpha["package_type"]) == ("site", "package")
    assert (alpha["tool"], alpha["unvendored_tests"]) == ({}, False)
    for entry in lock["packages"].values():
        digest = hashlib.sha256((out / entry["file_name"]).read_bytes()).hexdigest()
        assert entry["sha256"] == digest


def test_depends_filtered_by_marker_and_presence(core: Path, wheels: Path, tmp_path: Path) -> None:
    lock = md.make_dist(core, [wheels], tmp_path / "out")
    assert lock["packages"]["alpha-pkg"]["depends"] == ["beta-pkg", "gamma"]
    assert lock["packages"]["beta-pkg"]["depends"] == []


def test_fallback_without_packaging(
    core: Path, wheels: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without `packaging`, only extra-markers are dropped; other markers are kept."""
    monkeypatch.setattr(md, "_Marker", None)
    monkeypatch.setattr(md, "_Requirement", None)
    lock = md.make_dist(core, [wheels], tmp_path / "out")
    assert lock["packages"]["alpha-pkg"]["depends"] == ["beta-pkg", "gamma", "winonly"]


def test_imports_from_top_level_txt_or_derived(core: Path, wheels: Path, tmp_path: Path) -> None:
    lock = md.make_dist(core, [wheels], tmp_path / "out")
    assert lock["packages"]["alpha-pkg"]["imports"] == ["alpha"]
    assert lock["packages"]["beta-pkg"]["imports"] == ["_beta_private", "beta", "beta_single"]
    assert lock["packages"]["gamma"]["imports"] == ["gamma"]


def test_core_copied_and_info_unchanged(core: Path, wheels: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    lock = md.make_dist(core, [wheels], out)
    for name, text in CORE_FILES.items():
        assert (out / name).read_text() == text
        assert not (out / name).is_symlink()
    assert lock["info"] == INFO
    assert lock["tool"] == {}


def test_rebuild_removes_stale_files(core: Path, wheels: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    md.make_dist(core, [wheels], out)
    (out / "stale.txt").write_text("old")
    only_gamma = wheels / "gamma-0.1-py3-none-any.whl"
    lock = md.make_dist(core, [only_gamma], out)
    assert set(lock["packages"]) == {"gamma"}
    assert not (out / "stale.txt").exists()
    assert sorted(p.name for p in out.glob("*.whl")) == ["gamma-0.1-py3-none-any.whl"]


def test_two_wheels_of_one_package_rejected(core: Path, tmp_path: Path) -> None:
    folder = tmp_path / "w"
    make_wheel(folder, "gamma", "0.1", ["gamma.py"])
    make_wheel(folder, "gamma", "0.2", ["gamma.py"])
    with pytest.raises(md.MakeDistError, match="two wheels"):
        md.make_dist(core, [folder], tmp_path / "out")


def test_out_overlapping_inputs_rejected(core: Path, wheels: Path) -> None:
    with pytest.raises(md.MakeDistError, match="overlaps"):
        md.make_dist(core, [wheels], core)
    assert (core / "pyodide.mjs").exists()


def test_cli_success(
    core: Path, wheels: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    gamma = wheels / "gamma-0.1-py3-none-any.whl"
    assert md.main(["--core", str(core), "--wheels", str(gamma), "--out", str(out)]) == 0
    line = capsys.readouterr().out.strip()
    assert "3 core files" in line and "gamma 0.1" in line


def test_cli_missing_core_exits_2(wheels: Path, tmp_path: Path) -> None:
    """Run the real script, as CI would, to check the process exit code."""
    cmd = [sys.executable, str(SCRIPT), "--core", str(tmp_path / "nope"), "--wheels", str(wheels)]
    result = subprocess.run(
        [*cmd, "--out", str(tmp_path / "out")], capture_output=True, text=True, check=False
    )
    assert result.returncode == 2
    assert "pyodide.mjs" in result.stderr
    assert not (tmp_path / "out").exists()


def test_cli_lock_missing_or_no_wheels_exit_2(core: Path, tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    out = str(tmp_path / "out")
    assert md.main(["--core", str(core), "--wheels", str(empty), "--out", out]) == 2
    assert md.main(["--core", str(core), "--out", out]) == 2
    (core / "pyodide-lock.json").unlink()
    assert md.main(["--core", str(core), "--wheels", str(empty), "--out", out]) == 2


@pytest.mark.skipif(
    not (REAL_CORE / "pyodide-lock.json").is_file(), reason="real Pyodide core not unpacked"
)
def test_real_core_keeps_info(wheels: Path, tmp_path: Path) -> None:
    stock = json.loads((REAL_CORE / "pyodide-lock.json").read_text())
    lock = md.make_dist(REAL_CORE, [wheels / "gamma-0.1-py3-none-any.whl"], tmp_path / "out")
    assert lock["info"] == stock["info"]
    assert lock["info"]["python"] == "3.14.2"
    assert set(lock["packages"]) == {"gamma"}
