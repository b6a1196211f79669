"""The server routes and files the demo site needs (tools/server/, site/)."""

from __future__ import annotations

import json
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from tools.server import Servers, serve

SITE = Path(__file__).resolve().parents[2] / "site"


@pytest.fixture(scope="module")
def servers(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Servers]:
    with serve({"/": tmp_path_factory.mktemp("dist"), "/site/": SITE}) as running:
        yield running


def test_upload_sink_counts_the_body_and_echoes_nothing(servers: Servers) -> None:
    body = bytes(range(256)) * 1000
    req = urllib.request.Request(servers.url("/upload-sink"), data=body, method="POST")
    with urllib.request.urlopen(req, timeout=10) as reply:
        assert json.loads(reply.read()) == {"received": 256_000}


def test_every_example_the_page_lists_is_served(servers: Servers) -> None:
    app = (SITE / "app.js").read_text(encoding="utf-8")
    files = sorted(p.name for p in (SITE / "examples").glob("*.py"))
    assert files and all(f'file: "{name}"' in app for name in files), files
    for name in files:
        with urllib.request.urlopen(servers.url(f"/site/examples/{name}"), timeout=10) as reply:
            assert reply.read().decode() == (SITE / "examples" / name).read_text()


def test_paced_reading_still_gets_the_whole_body(servers: Servers) -> None:
    body = bytes(300 * 1024)
    req = urllib.request.Request(servers.url("/upload-sink?pace_kib=64"), data=body, method="POST")
    with urllib.request.urlopen(req, timeout=10) as reply:
        assert json.loads(reply.read()) == {"received": 300 * 1024}
