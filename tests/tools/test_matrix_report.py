"""tools/matrix_report.py: the runtime-matrix table built from junit files."""

from __future__ import annotations

from pathlib import Path

import pytest

from tools import matrix_report

FIREFOX_UA = "Mozilla/5.0 (X11; Linux x86_64; rv:153.0) Gecko/20100101 Firefox/153.0"


def junit(cases: str, time: float = 12.5) -> str:
    return f'<testsuites><testsuite name="pytest" time="{time}">{cases}</testsuite></testsuites>'


PROBE = f"""<testcase classname="t" name="test_runtime_probe[firefox]"><properties>
<property name="engine" value="{FIREFOX_UA}"/><property name="pyodide" value="314.0.7"/>
<property name="jspi" value="True"/><property name="blocking" value="jspi"/></properties>
</testcase>"""


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / f"{name}.xml"
    path.write_text(text, encoding="utf-8")
    return path


def test_counts_per_variant_and_probe_facts(tmp_path: Path) -> None:
    write(tmp_path, "firefox-page", junit(
        '<testcase name="test_in_runtime[async-case_05-firefox]"/>'
        '<testcase name="test_in_runtime[jspi-case_05-firefox]"/>'
        '<testcase name="test_in_runtime[xhr-case_05-firefox]"><failure message="x"/></testcase>'
        '<testcase name="test_in_runtime[xhr-case_06-firefox]"><skipped/></testcase>'
        + PROBE
    ))  # fmt: skip
    out = tmp_path / "matrix.md"
    assert matrix_report.main([str(tmp_path), "--out", str(out)]) == 1  # one test failed
    row = next(line for line in out.read_text().splitlines() if line.startswith("| firefox-page"))
    cells = [c.strip() for c in row.strip("|").split("|")]
    assert cells == ["firefox-page", "Firefox 153.0", "314.0.7", "on", "jspi", "1", "1",
                     "0 (1 failed)", "1", "3", "1", "1", "12"]  # fmt: skip


def test_green_cells_exit_zero_and_total_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write(tmp_path, "node24", junit('<testcase name="test_in_runtime[async-a-node]"/>' + PROBE))
    write(tmp_path, "node20", junit('<testcase name="test_in_runtime[jspi-a-node]"/>', time=3))
    assert matrix_report.main([str(tmp_path)]) == 0
    text = capsys.readouterr().out
    assert "2 cells: 3 passed, 0 failed, 0 skipped; test time 16 s" in text
    assert "JSPI on: 1 blocking tests passed on JSPI" in text
    assert "JSPI off: 0 passed on synchronous XHR" in text
    node20 = next(line for line in text.splitlines() if line.startswith("| node20"))
    assert "| ? | ? | ? | ? |" in node20  # no probe ran there: unknown, not guessed


def test_an_empty_cell_fails(tmp_path: Path) -> None:
    write(tmp_path, "chromium-page", junit(""))
    assert matrix_report.main([str(tmp_path)]) == 1


def test_a_cell_of_skips_fails(tmp_path: Path) -> None:
    write(tmp_path, "node24", junit(
        '<testcase name="test_in_runtime[async-a-node]"/>'
        '<testcase name="test_in_runtime[jspi-a-node]"><skipped/></testcase>'
    ))  # fmt: skip
    assert matrix_report.main([str(tmp_path)]) == 1


def test_an_expected_cell_that_never_ran_fails(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write(tmp_path, "node24", junit('<testcase name="test_in_runtime[async-a-node]"/>'))
    assert matrix_report.main([str(tmp_path), "--expect", "node24"]) == 0
    assert matrix_report.main([str(tmp_path), "--expect", "node24", "firefox-worker"]) == 1
    assert "cells that did not run: firefox-worker" in capsys.readouterr().err


def test_no_junit_files_fails(tmp_path: Path) -> None:
    assert matrix_report.main([str(tmp_path)]) == 1


@pytest.mark.parametrize(
    ("name", "variant"),
    [
        ("test_in_worker[xhr-case_63_timeout-chrome]", "xhr"),
        ("test_in_runtime[async-x-node]", "async"),
        ("test_runtime_probe[chrome]", "other"),
        ("test_micropip_install_from_url", "other"),
    ],
)
def test_variant_of(name: str, variant: str) -> None:
    assert matrix_report.variant_of(name) == variant


def test_short_engine() -> None:
    chromium = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) " \
        "HeadlessChrome/156.0.0.0 Safari/537.36"  # fmt: skip
    assert matrix_report.short_engine(chromium) == "Chromium 156.0.0.0"
    assert matrix_report.short_engine("Node.js v24.21.0") == "Node.js v24.21.0"
