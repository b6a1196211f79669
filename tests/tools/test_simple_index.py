"""The test server's package index (tools/server/simple_index.py), read as an installer reads it:
PEP 691 JSON and PEP 503 HTML by content negotiation, sha256 of the served files, PEP 658
metadata, name normalization; over loopback with a plain HTTP client (issue 19)."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.tools.server_client import request
from tools.server import Servers, serve

JSON = "application/vnd.pypi.simple.v1+json"
REQUESTS_WHEELS = Path(__file__).resolve().parents[2] / ".cache" / "requests-wheels"


def make_wheel(folder: Path, name: str, version: str, requires_python: str = "") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    meta = f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n"
    meta += f"Requires-Python: {requires_python}\n" if requires_python else ""
    dist = name.replace("-", "_")
    wheel = folder / f"{dist}-{version}-py3-none-any.whl"
    with zipfile.ZipFile(wheel, "w") as zf:
        zf.writestr(f"{dist}/__init__.py", "")
        zf.writestr(f"{dist}-{version}.dist-info/METADATA", meta)
    return wheel


@pytest.fixture(scope="module")
def roots(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    base = tmp_path_factory.mktemp("index")
    make_wheel(base / "dist", "pyodide-ajax", "0.1.0", ">=3.11")
    make_wheel(base / "extra", "Some_Pkg", "1.0")
    make_wheel(base / "extra", "Some_Pkg", "2.0")
    (base / "extra" / "broken-1.0-py3-none-any.whl").write_bytes(b"not a zip")
    return {"/": base / "dist", "/extra/": base / "extra"}


@pytest.fixture(scope="module")
def servers(roots: dict[str, Path]) -> Iterator[Servers]:
    with serve(roots) as running:
        yield running


def test_project_list_names_every_served_project(servers: Servers) -> None:
    reply = request(servers.url("/simple/"), headers={"Accept": JSON})
    assert reply.status == 200
    assert reply.headers["Content-Type"] == JSON
    page = reply.json()
    assert page["meta"]["api-version"] == "1.1"
    # the broken file is not listed: an installer would refuse it
    assert sorted(p["name"] for p in page["projects"]) == ["pyodide-ajax", "some-pkg"]


def test_project_page_lists_files_with_the_sha256_of_what_is_served(
    servers: Servers, roots: dict[str, Path]
) -> None:
    page = request(servers.url("/simple/pyodide-ajax/"), headers={"Accept": JSON}).json()
    [entry] = page["files"]
    wheel = roots["/"] / "pyodide_ajax-0.1.0-py3-none-any.whl"
    assert entry["filename"] == wheel.name
    assert entry["requires-python"] == ">=3.11"
    assert entry["size"] == wheel.stat().st_size
    assert page["versions"] == ["0.1.0"]
    served = request(entry["url"])  # an absolute URL on this origin
    assert served.status == 200
    assert hashlib.sha256(served.body).hexdigest() == entry["hashes"]["sha256"]
    metadata = request(entry["url"] + ".metadata")
    assert metadata.status == 200
    assert b"Name: pyodide-ajax" in metadata.body
    assert hashlib.sha256(metadata.body).hexdigest() == entry["core-metadata"]["sha256"]


def test_every_version_of_a_project_is_listed(servers: Servers) -> None:
    page = request(servers.url("/simple/some-pkg/"), headers={"Accept": JSON}).json()
    assert [f["filename"] for f in page["files"]] == [
        "Some_Pkg-1.0-py3-none-any.whl",
        "Some_Pkg-2.0-py3-none-any.whl",
    ]
    assert [f["url"] for f in page["files"]][0] == servers.url(
        "/extra/Some_Pkg-1.0-py3-none-any.whl"
    )


def test_html_for_a_browser_and_on_request(servers: Servers) -> None:
    for reply in (
        request(servers.url("/simple/pyodide-ajax/"), headers={"Accept": "text/html"}),
        request(servers.url("/simple/pyodide-ajax/?format=text/html")),
    ):
        assert reply.status == 200
        assert reply.headers["Content-Type"].startswith("text/html")
        assert b'href="' in reply.body and b"pyodide_ajax-0.1.0-py3-none-any.whl" in reply.body


def test_an_unnormalized_name_redirects_and_an_unknown_one_is_404(servers: Servers) -> None:
    moved = request(servers.url("/simple/Pyodide_Ajax"), headers={"Accept": JSON})
    assert moved.status == 301
    assert moved.headers["Location"] == "/simple/pyodide-ajax/"
    missing = request(servers.url("/simple/no-such-project/"), headers={"Accept": JSON})
    assert missing.status == 404
    assert b"no-such-project" in missing.body
    assert request(servers.url("/nothing.whl.metadata")).status == 404


def test_an_unservable_format_is_406(servers: Servers) -> None:
    reply = request(servers.url("/simple/"), headers={"Accept": "application/x-unknown"})
    assert reply.status == 406


def test_pip_resolves_requests_and_its_dependencies_by_name(tmp_path: Path) -> None:
    """A real installer reads the index: pip downloads requests and its four dependencies by
    name from the index of the pure wheels the browser tests install, over loopback only. No
    pip configuration is read (PIP_CONFIG_FILE=/dev/null, no PIP_* variables): a machine's
    find-links or extra index must not be able to supply the wheels instead."""
    if not (REQUESTS_WHEELS / "requests-2.34.2-py3-none-any.whl").is_file():
        pytest.fail(f"no requests wheels in {REQUESTS_WHEELS}: `make setup` downloads them")
    out = tmp_path / "got"
    env = {k: v for k, v in os.environ.items() if not k.startswith("PIP_")}
    env["PIP_CONFIG_FILE"] = os.devnull
    with serve({"/": tmp_path, "/requests-wheels/": REQUESTS_WHEELS}) as running:
        result = subprocess.run(
            [sys.executable, "-m", "pip", "download", "--no-cache-dir",
             "--disable-pip-version-check", "--index-url", running.url("/simple/"),
             "--only-binary=:all:", "--python-version", "3.14", "--platform", "any",
             "--implementation", "py", "--abi", "none", "-d", str(out), "requests==2.34.2"],
            capture_output=True, text=True, timeout=120, env=env,
        )  # fmt: skip
        log = list(running.httpds["main"].log)
    assert result.returncode == 0, result.stdout + result.stderr
    served = sorted(p.name for p in REQUESTS_WHEELS.glob("*.whl"))
    assert sorted(p.name for p in out.glob("*.whl")) == served
    for name in served:  # each came from this server, by the index's URL
        assert any(f'"GET /requests-wheels/{name} HTTP/1.1" 200' in line for line in log), log
        assert (out / name).read_bytes() == (REQUESTS_WHEELS / name).read_bytes()
