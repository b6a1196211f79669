"""tools/bytecode_wheel.py on the host's Python: the wheel it writes is a valid wheel of that
Python's bytecode that imports and runs without sources. (In the dists it runs inside each
Pyodide; the browser suites then load that wheel from the lock: test_install_from_lock.py.)"""

from __future__ import annotations

import base64
import hashlib
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tools import bytecode_wheel

SOURCES = {
    "demo/__init__.py": 'def greet(name):\n    """Say hello."""\n    return "hi " + name\n',
    "demo/sub/mod.py": "import demo\n\ndef where():\n    return where.__code__.co_filename\n",
}


def pure_wheel(folder: Path, tag: str = "py3-none-any") -> Path:
    info = "demo-1.0.dist-info"
    members = {
        **SOURCES,
        f"{info}/METADATA": "Metadata-Version: 2.1\nName: demo\nVersion: 1.0\n",
        f"{info}/WHEEL": f"Wheel-Version: 1.0\nRoot-Is-Purelib: true\nTag: {tag}\n",
    }
    members[f"{info}/RECORD"] = "".join(f"{name},,\n" for name in [*members, f"{info}/RECORD"])
    wheel = folder / f"demo-1.0-{tag}.whl"
    with zipfile.ZipFile(wheel, "w") as zf:
        for name, text in members.items():
            zf.writestr(name, text)
    return wheel


def test_the_wheel_holds_bytecode_for_this_python_in_place_of_the_sources(tmp_path: Path) -> None:
    made = bytecode_wheel.add_bytecode(pure_wheel(tmp_path), tmp_path / "out")
    tag = f"cp{sys.version_info.major}{sys.version_info.minor}"
    assert made.name == f"demo-1.0-{tag}-none-any.whl"
    with zipfile.ZipFile(made) as zf:
        names = set(zf.namelist())
        assert {"demo/__init__.pyc", "demo/sub/mod.pyc"} <= names
        assert not any(name.endswith(".py") for name in names)
        assert f"Tag: {tag}-none-any" in zf.read("demo-1.0.dist-info/WHEEL").decode()
        record = zf.read("demo-1.0.dist-info/RECORD").decode().splitlines()
        assert "demo-1.0.dist-info/RECORD,," in record
        for line in record:  # every other member, with the hash and size the wheel spec asks
            name, digest, size = line.rsplit(",", 2)
            if name.endswith("RECORD"):
                continue
            data = zf.read(name)
            expected = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=")
            assert (digest, int(size)) == (f"sha256={expected.decode()}", len(data))
        assert len(record) == len(names)


def test_two_builds_are_byte_identical(tmp_path: Path) -> None:
    wheel = pure_wheel(tmp_path)
    first = bytecode_wheel.add_bytecode(wheel, tmp_path / "a").read_bytes()
    assert bytecode_wheel.add_bytecode(wheel, tmp_path / "b").read_bytes() == first


def test_the_bytecode_imports_without_sources_and_names_the_install_path(tmp_path: Path) -> None:
    made = bytecode_wheel.add_bytecode(pure_wheel(tmp_path), tmp_path / "out")
    site = tmp_path / "site"
    zipfile.ZipFile(made).extractall(site)
    code = "import demo, demo.sub.mod as m; print(demo.greet('x'), demo.greet.__doc__, m.where())"
    out = subprocess.run([sys.executable, "-c", code], cwd=site, capture_output=True, text=True,
                         check=True).stdout.splitlines()  # fmt: skip
    site = bytecode_wheel.SITE_PACKAGES.format(*sys.version_info[:2])  # Pyodide's layout
    assert out == [f"hi x Say hello. {site}/demo/sub/mod.py"]


def test_only_a_pure_wheel_is_taken(tmp_path: Path) -> None:
    other = pure_wheel(tmp_path, tag="cp314-none-any")
    with pytest.raises(SystemExit, match="demo-1.0-cp314-none-any.whl is not a py3-none-any wheel"):
        bytecode_wheel.add_bytecode(other, tmp_path / "out")
    assert not (tmp_path / "out").exists()
