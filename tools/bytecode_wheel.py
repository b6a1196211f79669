"""Our wheel as bytecode, compiled by the Pyodide that will run it (issue 20: cold start).

Pyodide compiles a pure wheel's modules from source in every fresh interpreter, which is most of
what the modules of a first `get` cost to import (the bench's "first await get" rows). The
packages of a Pyodide distribution ship bytecode instead (`pyodide py-compile`, which cannot run
here), and this makes ours the same way: the `py3-none-any` wheel becomes a `cp3XY-none-any`
wheel whose modules are `.pyc` files in place of their sources (the sourceless layout of
`py-compile`; `help()` and `inspect.signature` still work, tracebacks show file and line but
not the source text, which is also why the bytecode leaves out the column positions that only
serve carets under a source line). Keeping the sources as well would add most of the py3
wheel's size to the download (both wheels' sizes are rows of `make bench`). The bytecode is
hash-based (PEP 552), so two builds of one wheel are byte-identical, and names the install
paths as its files, so tracebacks and `warn_user`'s frame walk see the paths sources would
have. The `py3` wheel stays what PyPI and install-by-URL serve; a dist lock names the `cp3XY`
one.

    python -m tools.bytecode_wheel --core .cache/pyodide --out DIR dist/<name>-py3-none-any.whl

runs `tools/bytecode_wheel.mjs` in Node, which boots the Pyodide of `--core` and calls
`add_bytecode` there: the bytecode is that Python's, whatever the host runs. Only the standard
library is imported here, because this module runs inside Pyodide too.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import py_compile
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path, PurePosixPath

PURE_TAG = "py3-none-any"
SITE_PACKAGES = "/lib/python{}.{}/site-packages"
SCRIPT = Path(__file__).with_suffix(".mjs")


def python_tag() -> str:
    """The tag of the running Python: `cp314` in Pyodide 314, `cp312` in Pyodide 0.27."""
    return f"cp{sys.version_info.major}{sys.version_info.minor}"


def record_line(name: str, data: bytes) -> str:
    """A RECORD row (the wheel spec: urlsafe base64 sha256 without padding, then the size)."""
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
    return f"{name},sha256={digest},{len(data)}"


def compile_sources(sources: dict[str, bytes]) -> dict[str, bytes]:
    """The bytecode of each `.py` member, keyed by the source's member name. Each names its
    install path as its file (`dfile`): a sourceless module keeps the name it was compiled
    with, and `warn_user` tells our frames from the caller's by that name. The path is where
    Pyodide installs wheels (`API.sitePackages` in pyodide.mjs; `sysconfig`'s purelib there is
    the same path with a second leading slash)."""
    site = SITE_PACKAGES.format(*sys.version_info[:2])
    bytecode = {}
    with tempfile.TemporaryDirectory() as tmp:
        for name, data in sources.items():
            source = Path(tmp, name)
            source.parent.mkdir(parents=True, exist_ok=True)
            source.write_bytes(data)
            try:
                pyc = py_compile.compile(
                    str(source), cfile=f"{source}c", dfile=f"{site}/{name}", doraise=True,
                    invalidation_mode=py_compile.PycInvalidationMode.UNCHECKED_HASH,
                )  # fmt: skip
            except py_compile.PyCompileError as exc:
                raise SystemExit(f"bytecode_wheel: {name} does not compile: {exc.msg}") from None
            bytecode[name] = Path(pyc).read_bytes()
    return bytecode


def add_bytecode(wheel: Path, out_dir: Path) -> Path:
    """Write `<name>-<version>-<cp3XY>-none-any.whl` into `out_dir`; return its path."""
    if not wheel.name.endswith(f"-{PURE_TAG}.whl"):
        raise SystemExit(f"bytecode_wheel: {wheel.name} is not a {PURE_TAG} wheel")
    tag = f"{python_tag()}-none-any"
    out = out_dir / wheel.name.replace(PURE_TAG, tag)
    with zipfile.ZipFile(wheel) as src:
        members = {info.filename: src.read(info) for info in src.infolist()}
        stamps = {info.filename: info.date_time for info in src.infolist()}
    [record] = [name for name in members if name.endswith(".dist-info/RECORD")]
    info_dir = str(PurePosixPath(record).parent)
    del members[record]
    wheel_file = f"{info_dir}/WHEEL"
    members[wheel_file] = members[wheel_file].replace(
        f"Tag: {PURE_TAG}".encode(), f"Tag: {tag}".encode()
    )
    if f"Tag: {tag}".encode() not in members[wheel_file]:
        raise SystemExit(f"bytecode_wheel: {wheel_file} has no 'Tag: {PURE_TAG}' line")
    bytecode = compile_sources({n: d for n, d in members.items() if n.endswith(".py")})
    for source, pyc in bytecode.items():
        del members[source]
        members[f"{source}c"] = pyc
        stamps[f"{source}c"] = stamps[source]
    rows = [record_line(name, data) for name, data in members.items()] + [f"{record},,"]
    members[record] = ("\n".join(rows) + "\n").encode()
    stamps[record] = stamps[wheel_file]
    out_dir.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for name, data in members.items():
            dst.writestr(zipfile.ZipInfo(name, stamps[name]), data, zipfile.ZIP_DEFLATED)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--core", type=Path, required=True, help="the Pyodide folder to compile in")
    parser.add_argument("--out", type=Path, required=True, help="folder for the new wheel")
    parser.add_argument("--node", default="node")
    parser.add_argument("wheel", type=Path, help=f"a {PURE_TAG} wheel")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    command = [args.node, str(SCRIPT), str(args.core.resolve()), str(args.wheel.resolve()),
               str(args.out.resolve())]  # fmt: skip
    return subprocess.run(command, check=False).returncode


if __name__ == "__main__":
    raise SystemExit(main())
