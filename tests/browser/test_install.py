"""The wheel installs the way users install it: micropip from a URL, in a fresh Pyodide."""

from __future__ import annotations

import json
from typing import Any

import pytest

from tools.server import Servers


@pytest.mark.page
def test_micropip_install_from_url(selenium_standalone: Any, servers: Servers) -> None:
    selenium = selenium_standalone
    lock = json.loads((selenium.dist_dir / "pyodide-lock.json").read_text())
    wheel_url = servers.url("/" + lock["packages"]["pyodide-ajax"]["file_name"])
    selenium.load_package(["micropip"])
    result = selenium.run_async(
        f"""
        import micropip
        await micropip.install({wheel_url!r})
        import pyodide_ajax as ajax
        req = await ajax.get({servers.url("/files/text-utf8.txt")!r})
        [req.status, req.text, micropip.list()["pyodide-ajax"].source]
        """
    )
    assert result[:2] == [200, "bébé"]
    assert result[2] == wheel_url  # installed from our URL, not from a lock or an index
