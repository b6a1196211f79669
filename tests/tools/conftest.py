"""The static tree and the running origins that the host tests of tools/server/ share."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tools.server import Servers, serve


@pytest.fixture(scope="module")
def tree(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("static")
    (base / "secret.txt").write_text("outside every root")
    root = base / "root"
    (root / "sub").mkdir(parents=True)
    (root / "index.html").write_text("<p>root index</p>")
    (root / "hello.txt").write_text("hello")
    (root / "module.wasm").write_bytes(b"\0asm\1\0\0\0")
    (root / "mod.mjs").write_text("export {}")
    (root / "pkg.whl").write_bytes(b"PK")
    (root / "lock.json").write_text("{}")
    (root / "repodata.tar").write_bytes(b"tar")
    (root / "pyodide.data").write_bytes(b"data")
    (root / "sub" / "index.html").write_text("<p>sub index</p>")
    site = base / "site"
    site.mkdir()
    (site / "index.html").write_text("<p>site index</p>")
    (site / "hello.txt").write_text("hello from site")
    return base


@pytest.fixture(scope="module")
def servers(tree: Path) -> Iterator[Servers]:
    with serve({"/": tree / "root", "/site/": tree / "site"}) as running:
        yield running
        for httpd in running.httpds.values():
            assert httpd.errors == [], httpd.errors
