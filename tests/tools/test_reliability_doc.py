"""The tables of docs/reliability.md and the suite "faults" (tests/browser/scenarios/) are the same
list: every row is a test, and every test has its row."""

from __future__ import annotations

import re
from pathlib import Path

from tests.browser.scenarios import bad_input, faults
from tests.browser.scenarios.harness import SUITES

CHECKS = SUITES["faults"]

SECTION = (Path(__file__).resolve().parents[2] / "docs" / "reliability.md").read_text(
    encoding="utf-8"
)


def test_every_fault_has_a_row_and_every_row_is_a_check():
    named = set(re.findall(r"`(fault_\w+)`", SECTION))
    assert named == set(faults.FAULT_NAMES)
    others = set(re.findall(r"`((?:send_twice|set_header_after|credentials_|leak_)\w*)`", SECTION))
    assert others <= set(CHECKS) and len(others) == 4


def test_every_bad_input_has_a_row_with_its_exception_and_message():
    rows = re.findall(r"^\| `([\w-]+)` \| `(\w+)` \| `(.*)` \|$", SECTION, re.MULTILINE)
    assert [(n, e, f) for n, e, f in rows] == [(n, e.__name__, f) for n, e, f, _ in bad_input.BAD]
    for name in re.findall(r"`bad_(\w+)`", SECTION):
        assert f"bad_{name}" in CHECKS
