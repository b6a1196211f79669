"""Check what would be uploaded to the Python Package Index, without uploading anything.

    python -m tools.release_check [--out build/release]

1. builds the wheel from the tree (``python -m build --wheel``), and the sdist, and a second
   wheel from that sdist (``python -m build`` builds the sdist, then the wheel from it);
2. compares the two wheels file by file (names and bytes): the sdist must build the same wheel;
3. checks the wheel: pure Python (``py3-none-any``), no dependencies, the metadata PyPI shows
   (authors, URLs, keywords, classifiers incl. ``Framework :: Pyodide``);
4. runs ``twine check --strict`` on both files: the long description renders as PyPI renders it.

Exit code 0 when every check passes, 1 with one line per failure otherwise.
"""

from __future__ import annotations

import argparse
import email.parser
import shutil
import subprocess
import sys
import tarfile
import zipfile
from email.message import Message
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
REQUIRED_CLASSIFIERS = ("Framework :: Pyodide", "Environment :: WebAssembly :: Emscripten")
REQUIRED_FIELDS = ("Name", "Version", "Summary", "Author", "Keywords", "License-Expression")
REQUIRED_URLS = ("Source", "Documentation", "Changelog", "Issues")
# What the sdist must carry so that the wheel built from it is complete.
SDIST_NEEDS = ("pyproject.toml", "docs/pypi.md", "pyodide_ajax/__init__.py", "LICENSE", "PKG-INFO")


def build(args: list[str], out: Path) -> None:
    cmd = [sys.executable, "-m", "build", "--no-isolation", "--outdir", str(out), *args, str(ROOT)]
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)


def only(folder: Path, pattern: str) -> Path:
    found = sorted(folder.glob(pattern))
    if len(found) != 1:
        raise SystemExit(f"release_check: expected one {pattern} in {folder}, found {found}")
    return found[0]


def wheel_files(wheel: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(wheel) as zf:
        return {name: zf.read(name) for name in zf.namelist()}


def compare_wheels(tree: Path, from_sdist: Path) -> list[str]:
    """Differences between two wheels, file by file; empty when they hold the same files."""
    a, b = wheel_files(tree), wheel_files(from_sdist)
    problems = [f"only in the wheel from the tree: {n}" for n in sorted(a.keys() - b.keys())]
    problems += [f"only in the wheel from the sdist: {n}" for n in sorted(b.keys() - a.keys())]
    problems += [f"differs between the two wheels: {n}" for n in sorted(a.keys() & b.keys())
                 if a[n] != b[n]]  # fmt: skip
    return problems


def wheel_metadata(wheel: Path) -> Message:
    with zipfile.ZipFile(wheel) as zf:
        [path] = [n for n in zf.namelist() if n.endswith(".dist-info/METADATA")]
        return email.parser.BytesParser().parsebytes(zf.read(path))


def check_wheel(wheel: Path) -> list[str]:
    """What PyPI and installers read from the wheel. (Its size budget is the core's and is
    measured by `make bench`, not here.)"""
    problems: list[str] = []
    if not wheel.name.endswith("-py3-none-any.whl"):
        problems.append(f"{wheel.name} is not a pure-Python py3-none-any wheel")
    meta = wheel_metadata(wheel)
    problems += [f"METADATA has no {f}" for f in REQUIRED_FIELDS if not meta.get(f)]
    if meta.get_all("Requires-Dist"):
        problems.append(f"the wheel has dependencies: {meta.get_all('Requires-Dist')}")
    classifiers = meta.get_all("Classifier", [])
    problems += [f"no classifier {c!r}" for c in REQUIRED_CLASSIFIERS if c not in classifiers]
    labels = {str(u).split(",")[0].strip() for u in meta.get_all("Project-URL", [])}
    problems += [f"no Project-URL {u!r}" for u in REQUIRED_URLS if u not in labels]
    if meta.get("Description-Content-Type") != "text/markdown":
        problems.append(f"Description-Content-Type is {meta.get('Description-Content-Type')!r}")
    return problems


def check_sdist(sdist: Path) -> list[str]:
    with tarfile.open(sdist) as tar:
        names = {name.split("/", 1)[1] for name in tar.getnames() if "/" in name}
    return [f"the sdist lacks {n}" for n in SDIST_NEEDS if n not in names]


def twine_check(files: list[Path]) -> list[str]:
    """`twine check --strict`: the long description renders as PyPI renders it."""
    cmd = [sys.executable, "-m", "twine", "check", "--strict", *map(str, files)]
    result = subprocess.run(cmd, capture_output=True, text=True)
    print(result.stdout.strip())
    if result.returncode == 0:
        return []
    return [f"twine check failed:\n{(result.stdout + result.stderr).strip()}"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "build" / "release")
    args = parser.parse_args(argv)
    out: Path = args.out
    if out.exists():
        shutil.rmtree(out)
    tree, release = out / "from-tree", out / "dist"
    build(["--wheel"], tree)
    build([], release)  # the sdist, then the wheel built from the unpacked sdist
    tree_wheel = only(tree, "*.whl")
    sdist, sdist_wheel = only(release, "*.tar.gz"), only(release, "*.whl")

    problems = compare_wheels(tree_wheel, sdist_wheel)
    problems += check_wheel(tree_wheel) + check_sdist(sdist)
    problems += twine_check([sdist, sdist_wheel])
    count = len(wheel_files(tree_wheel))
    if problems:
        print("release_check: FAILED", *problems, sep="\n  ", file=sys.stderr)
        return 1
    print(
        f"release_check: ok: {sdist.name} ({sdist.stat().st_size} bytes) builds"
        f" {sdist_wheel.name} ({sdist_wheel.stat().st_size} bytes),"
        f" identical to the tree's wheel in all {count} files;"
        f" twine check passed; upload with `twine upload {release}/*` (not done here)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
