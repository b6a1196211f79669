"""Upload progress inside a Chromium module Web Worker (it has XMLHttpRequest too)."""

from __future__ import annotations

import json
from typing import Any

import pytest

from tools.server import Servers

MiB = 1024 * 1024


@pytest.mark.worker
def test_upload_progress_in_a_worker(selenium_worker_module_scope: Any, servers: Servers) -> None:
    selenium = selenium_worker_module_scope
    selenium.set_script_timeout(120)
    script = f"""
import json
import pyodide_ajax as ajax
sent = []
req = await ajax.post({servers.url("/upload-sink")!r}, data=bytes({2 * MiB}),
                      onuploadprogress=lambda e: sent.append([e.loaded, e.total]))
json.dumps([req.transport, req.json, sent[-1]])
"""
    result = json.loads(selenium.run_webworker(script))
    assert result == ["xhr-async", {"received": 2 * MiB}, [2 * MiB, 2 * MiB]]
