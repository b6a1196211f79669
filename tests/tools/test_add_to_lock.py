"""tools/add_to_lock.py: a deployer adds our wheel to their Pyodide's lock (issue 19). What they
check afterwards: the wheel sits beside pyodide.mjs, the lock has its entry with the right
sha256 and every stock entry is still there; a bad input is refused with one clear line and
leaves the lock as it was."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from tests.tools.test_make_dist import INFO, _stock_entry, make_wheel
from tools import add_to_lock

REAL_CORE = Path(__file__).resolve().parents[2] / ".cache" / "pyodide"


@pytest.fixture
def deployer(tmp_path: Path) -> Path:
    """A deployer's Pyodide folder: pyodide.mjs and a lock of three (absent) stock packages."""
    folder = tmp_path / "pyodide"
    folder.mkdir()
    (folder / "pyodide.mjs").write_text("export const loadPyodide = 1;\n")
    packages = {name: _stock_entry(name) for name in ("micropip", "numpy", "packaging")}
    lock = {"info": INFO, "packages": packages}
    (folder / "pyodide-lock.json").write_text(json.dumps(lock))
    return folder


def lock_of(folder: Path) -> dict[str, dict[str, object]]:
    packages: dict[str, dict[str, object]] = json.loads((folder / "pyodide-lock.json").read_text())[
        "packages"
    ]
    return packages


def test_the_wheel_is_copied_and_listed_beside_every_stock_entry(
    deployer: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    wheel = make_wheel(
        tmp_path / "dist",
        "pyodide_ajax",
        "0.1.0",
        ["pyodide_ajax/__init__.py"],
        requires=["packaging", 'colorama; sys_platform == "win32"'],
        name="pyodide-ajax",
    )
    assert add_to_lock.main([str(deployer), str(wheel)]) == 0
    assert "now lists 4 packages: added pyodide_ajax-0.1.0-py3-none-any.whl" in (
        capsys.readouterr().out
    )
    lock = lock_of(deployer)
    assert sorted(lock) == ["micropip", "numpy", "packaging", "pyodide-ajax"]
    ours = lock["pyodide-ajax"]
    copied = deployer / wheel.name
    assert copied.read_bytes() == wheel.read_bytes()
    assert ours["sha256"] == hashlib.sha256(copied.read_bytes()).hexdigest()
    assert ours["file_name"] == wheel.name
    assert ours["imports"] == ["pyodide_ajax"]
    assert ours["depends"] == ["packaging"]  # colorama's marker is false in Pyodide
    assert lock["numpy"] == _stock_entry("numpy")  # stock entries untouched


def test_a_new_wheel_of_a_listed_package_replaces_its_entry(deployer: Path, tmp_path: Path) -> None:
    wheel = make_wheel(tmp_path / "w", "micropip", "9.9", ["micropip/__init__.py"])
    add_to_lock.add_to_lock(deployer, [wheel])
    lock = lock_of(deployer)
    assert lock["micropip"]["version"] == "9.9"
    assert lock["micropip"]["file_name"] == "micropip-9.9-py3-none-any.whl"


def test_a_dependency_the_lock_lacks_is_refused_and_the_lock_is_unchanged(
    deployer: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = (deployer / "pyodide-lock.json").read_bytes()
    wheel = make_wheel(
        tmp_path / "w", "needy", "1.0", ["needy.py"], requires=["requests>=2", "numpy"]
    )
    assert add_to_lock.main([str(deployer), str(wheel)]) == 2
    assert capsys.readouterr().err.strip() == (
        "add_to_lock: error: needy-1.0-py3-none-any.whl needs requests, which the lock lacks"
    )
    assert (deployer / "pyodide-lock.json").read_bytes() == before
    assert not (deployer / wheel.name).exists()


def test_a_folder_that_is_not_pyodide_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    wheel = make_wheel(tmp_path / "w", "x", "1.0", ["x.py"])
    assert add_to_lock.main([str(tmp_path / "w"), str(wheel)]) == 2
    assert "is not a Pyodide core folder: no pyodide.mjs" in capsys.readouterr().err


def test_the_real_npm_core_keeps_all_its_entries(tmp_path: Path) -> None:
    if not (REAL_CORE / "pyodide-lock.json").is_file():
        pytest.fail(f"no npm Pyodide core in {REAL_CORE}: `make setup` unpacks it")
    folder = tmp_path / "pyodide"
    folder.mkdir()
    for name in ("pyodide.mjs", "pyodide-lock.json"):
        (folder / name).write_bytes((REAL_CORE / name).read_bytes())
    stock = lock_of(folder)
    wheel = make_wheel(tmp_path / "w", "pyodide_ajax", "0.1.0", ["pyodide_ajax/__init__.py"],
                       name="pyodide-ajax")  # fmt: skip
    add_to_lock.add_to_lock(folder, [wheel])
    lock = lock_of(folder)
    assert set(lock) == set(stock) | {"pyodide-ajax"}
    assert all(lock[name] == entry for name, entry in stock.items())
