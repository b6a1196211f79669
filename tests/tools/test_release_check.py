"""tools/release_check.py: what a maintainer checks before uploading to PyPI (issue 19).

One real run builds the wheel from the tree, the sdist and a wheel from the sdist (about 3 s),
and its result is what a maintainer reads; the other tests feed each check a wheel that is
wrong in one way, so every failure line is seen once.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from tools import release_check

GOOD_METADATA = """\
Metadata-Version: 2.4
Name: pyodide-ajax
Version: 0.1.0
Summary: s
Author: pyodide-ajax contributors
Keywords: pyodide
License-Expression: MIT
Classifier: Framework :: Pyodide
Classifier: Environment :: WebAssembly :: Emscripten
Project-URL: Source, https://example.org/s
Project-URL: Documentation, https://example.org/d
Project-URL: Changelog, https://example.org/c
Project-URL: Issues, https://example.org/i
Description-Content-Type: text/markdown

# pyodide-ajax
"""


def wheel_with(folder: Path, metadata: str, name: str = "pyodide_ajax-0.1.0-py3-none-any.whl",
               extra: dict[str, bytes] | None = None) -> Path:  # fmt: skip
    folder.mkdir(parents=True, exist_ok=True)
    wheel = folder / name
    with zipfile.ZipFile(wheel, "w") as zf:
        zf.writestr("pyodide_ajax/__init__.py", "")
        zf.writestr("pyodide_ajax-0.1.0.dist-info/METADATA", metadata)
        for path, data in (extra or {}).items():
            zf.writestr(path, data)
    return wheel


def test_the_real_release_passes_every_check(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert release_check.main(["--out", str(tmp_path / "release")]) == 0
    out = capsys.readouterr().out
    assert "identical to the tree's wheel" in out
    assert "twine check passed" in out
    # What PyPI's page shows comes from the wheel built from the sdist: check it once more here.
    [wheel] = (tmp_path / "release" / "dist").glob("*.whl")
    meta = release_check.wheel_metadata(wheel)
    assert "Framework :: Pyodide" in meta.get_all("Classifier", [])
    assert meta.get_all("Requires-Dist") is None  # the runtime wheel has no dependencies
    assert meta["License-Expression"] == "MIT"


def test_a_good_wheel_has_no_problems(tmp_path: Path) -> None:
    assert release_check.check_wheel(wheel_with(tmp_path, GOOD_METADATA)) == []


def test_each_missing_piece_of_metadata_is_named(tmp_path: Path) -> None:
    bad = GOOD_METADATA.replace("Author: pyodide-ajax contributors\n", "")
    bad = bad.replace("Classifier: Framework :: Pyodide\n", "")
    bad = bad.replace("Project-URL: Issues, https://example.org/i\n", "")
    bad = bad.replace("Description-Content-Type: text/markdown\n", "")
    bad = bad.replace("Keywords: pyodide\n", "Keywords: pyodide\nRequires-Dist: requests\n")
    problems = release_check.check_wheel(wheel_with(tmp_path, bad))
    assert problems == [
        "METADATA has no Author",
        "the wheel has dependencies: ['requests']",
        "no classifier 'Framework :: Pyodide'",
        "no Project-URL 'Issues'",
        "Description-Content-Type is None",
    ]


def test_a_platform_wheel_is_refused(tmp_path: Path) -> None:
    wheel = wheel_with(tmp_path, GOOD_METADATA, name="pyodide_ajax-0.1.0-cp314-none-any.whl")
    assert release_check.check_wheel(wheel) == [
        f"{wheel.name} is not a pure-Python py3-none-any wheel"
    ]


def test_wheels_that_differ_are_reported_file_by_file(tmp_path: Path) -> None:
    tree = wheel_with(tmp_path / "a", GOOD_METADATA, extra={"pyodide_ajax/x.py": b"1"})
    sdist = wheel_with(
        tmp_path / "b", GOOD_METADATA + "changed\n", extra={"pyodide_ajax/y.py": b""}
    )
    assert release_check.compare_wheels(tree, sdist) == [
        "only in the wheel from the tree: pyodide_ajax/x.py",
        "only in the wheel from the sdist: pyodide_ajax/y.py",
        "differs between the two wheels: pyodide_ajax-0.1.0.dist-info/METADATA",
    ]
    assert release_check.compare_wheels(tree, tree) == []
