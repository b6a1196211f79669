"""tools/embed_setup.py's pure parts: which lock wheels JupyterLite's kernel needs, and the
checks that stop a build which lost its offline settings (the network steps run in make)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from jupyterlite_pyodide_kernel.addons.piplite import write_wheel_index

from tests.tools.test_make_dist import make_wheel
from tools.embed_setup import (
    LITE_CONFIG,
    SetupError,
    check_site,
    lock_closure,
    piplite_sha256,
    sha256_of,
)


def entry(name: str, *depends: str) -> dict[str, object]:
    return {"name": name, "version": "1.0", "file_name": f"{name}-1.0-py3-none-any.whl",
            "depends": list(depends)}  # fmt: skip


def test_lock_closure_follows_depends_with_normalized_names() -> None:
    lock = {"packages": {
        "ipython": entry("ipython", "prompt_toolkit", "six"),
        "prompt-toolkit": entry("prompt_toolkit", "wcwidth"),
        "six": entry("six"), "wcwidth": entry("wcwidth"), "numpy": entry("numpy"),
    }}  # fmt: skip
    assert sorted(lock_closure(lock, ("ipython",))) == [
        "ipython", "prompt-toolkit", "six", "wcwidth"
    ]  # fmt: skip


def test_lock_closure_names_a_missing_package() -> None:
    with pytest.raises(SetupError, match="'jedi'"):
        lock_closure({"packages": {}}, ("jedi",))


def make_site(root: Path, config: dict[str, object]) -> Path:
    for name in ("static/pyodide/pyodide.mjs", "lab/index.html", "notebooks/index.html",
                 "pypi/comm-0.2.3-py3-none-any.whl"):  # fmt: skip
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text("x")
    (root / "jupyter-lite.json").write_text(json.dumps(config))
    return root


def test_check_site_accepts_a_complete_site(tmp_path: Path) -> None:
    check_site(make_site(tmp_path, LITE_CONFIG))


def test_check_site_refuses_a_site_that_lost_pyodide_url(tmp_path: Path) -> None:
    config = json.loads(json.dumps(LITE_CONFIG))
    kernel = config["jupyter-config-data"]["litePluginSettings"]
    del kernel["@jupyterlite/pyodide-kernel-extension:kernel"]["pyodideUrl"]
    with pytest.raises(SetupError, match="pyodideUrl"):
        check_site(make_site(tmp_path, config))


def index(site: Path, wheel: Path, sha256: str) -> None:
    """piplite's pypi/all.json, as `jupyter lite build` writes it, listing `wheel`."""
    release = {"filename": wheel.name, "url": f"./{wheel.name}", "digests": {"sha256": sha256}}
    all_json = {"pyodide-ajax": {"releases": {"0.1.0": [release]}}}
    (site / "pypi" / "all.json").write_text(json.dumps(all_json))


def test_check_site_accepts_a_piplite_wheel_indexed_with_its_sha256(tmp_path: Path) -> None:
    wheel = tmp_path / "pyodide_ajax-0.1.0-py3-none-any.whl"
    wheel.write_bytes(b"PK wheel")
    site = make_site(tmp_path / "site", LITE_CONFIG)
    index(site, wheel, sha256_of(wheel))
    check_site(site, [wheel])


def test_check_site_refuses_a_piplite_wheel_missing_or_stale_in_the_index(tmp_path: Path) -> None:
    wheel = tmp_path / "pyodide_ajax-0.1.0-py3-none-any.whl"
    wheel.write_bytes(b"PK wheel")
    site = make_site(tmp_path / "site", LITE_CONFIG)
    with pytest.raises(SetupError, match="does not index pyodide_ajax-0.1.0-py3-none-any.whl"):
        check_site(site, [wheel])  # no all.json at all
    index(site, wheel, "0" * 64)  # an older build of the wheel
    with pytest.raises(SetupError, match="with its sha256"):
        check_site(site, [wheel])


def test_piplite_sha256_reads_the_index_jupyterlite_writes(tmp_path: Path) -> None:
    """The index written by the JupyterLite build's own piplite addon (not a hand-made one)."""
    pypi = tmp_path / "site" / "pypi"
    wheel = make_wheel(pypi, "pyodide_ajax", "0.1.0", ["pyodide_ajax/__init__.py"],
                       name="pyodide-ajax")  # fmt: skip
    write_wheel_index(pypi)
    assert piplite_sha256(tmp_path / "site", wheel.name) == sha256_of(wheel)
    assert piplite_sha256(tmp_path / "site", "other-1.0-py3-none-any.whl") is None
