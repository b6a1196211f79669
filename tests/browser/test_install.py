"""The wheel installs the way users install it: micropip from a URL, in a fresh Pyodide. The URL
is the pure `py3-none-any` wheel's (what PyPI serves), which the dist folder holds beside the
bytecode wheel its lock names."""

from __future__ import annotations

import json
from typing import Any

import pytest

from tools.server import Servers


@pytest.mark.page
def test_micropip_install_from_url(selenium_standalone: Any, servers: Servers) -> None:
    selenium = selenium_standalone
    lock = json.loads((selenium.dist_dir / "pyodide-lock.json").read_text())
    version = lock["packages"]["pyodide-ajax"]["version"]
    wheel_url = servers.url(f"/pyodide_ajax-{version}-py3-none-any.whl")
    selenium.load_package(["micropip"])
    result = selenium.run_async(
        f"""
        import micropip
        await micropip.install({wheel_url!r})
        import pyodide_ajax as ajax
        req = await ajax.get({servers.url("/files/text-utf8.txt")!r})
        [req.status, req.text, micropip.list()["pyodide-ajax"].source, ajax._api.__file__]
        """
    )
    assert result[:2] == [200, "bébé"]
    assert result[2] == wheel_url  # installed from our URL, not from a lock or an index
    assert result[3].endswith("/pyodide_ajax/_api.py")  # from source: the pure wheel
