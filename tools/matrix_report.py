"""Summarise the runtime matrix: one row per cell, from the junit XML files its pytest runs wrote.

    python -m tools.matrix_report artifacts/junit [--out artifacts/matrix.md]

Each file `<cell>.xml` is one cell (e.g. `firefox-worker`, `pyodide-0.27.8-chromium-page`).
A row gives the tests passed/failed/skipped per scenario variant (`async`; `jspi`: blocking on
JSPI, i.e. JSPI on; `xhr`: blocking with JSPI patched off, i.e. synchronous XMLHttpRequest) and
what the runtime probe (tests/browser/test_runtime_matrix.py) saw: engine, Pyodide, JSPI, and
the carrier a blocking request took. Exit code 1 when a cell failed, skipped a test or ran
none, and when a cell named with `--expect` wrote no file (it never ran).

After the table, between `<!-- matrix-figures:start -->` and `<!-- matrix-figures:end -->`, the
figures the README shows (`make figures` copies them, tools/readme_figures.py): when and where
the run was, the totals, the wall time from the first cell's start to the last cell's end (the
junit timestamps), and the tests passed per cell as a grid, runtime x Pyodide.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
import xml.etree.ElementTree as ET
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from tools.machine import cores, load

VARIANTS = ("async", "jspi", "xhr")
PROBE_KEYS = ("engine", "pyodide", "jspi", "blocking")
FIGURES_START, FIGURES_END = "<!-- matrix-figures:start -->", "<!-- matrix-figures:end -->"


@dataclass
class Cell:
    name: str
    time: float = 0.0
    outcomes: Counter[tuple[str, str]] = field(default_factory=Counter)  # (variant, outcome)
    probe: dict[str, str] = field(default_factory=dict)
    started: float | None = None  # epoch seconds of its first testsuite (junit timestamp)
    ended: float | None = None

    def count(self, outcome: str, variant: str | None = None) -> int:
        found = self.outcomes.items()
        return sum(n for (v, o), n in found if o == outcome and variant in (None, v))

    @property
    def total(self) -> int:
        return sum(self.outcomes.values())

    @property
    def ok(self) -> bool:
        # A skip is not a pass: the README promises 0 skipped, so a cell of skips is not green.
        return self.total > 0 and self.count("failed") == 0 and self.count("skipped") == 0


def variant_of(test_name: str) -> str:
    """`test_in_runtime[jspi-case_63_timeout-chrome]` -> "jspi"; other tests -> "other"."""
    _, sep, params = test_name.partition("[")
    first = params.split("-", 1)[0] if sep else ""
    return first if first in VARIANTS else "other"


def outcome_of(case: ET.Element) -> str:
    if case.find("failure") is not None or case.find("error") is not None:
        return "failed"
    if case.find("skipped") is not None:
        return "skipped"
    return "passed"


def read_cell(path: Path) -> Cell:
    cell = Cell(path.stem)
    root = ET.parse(path).getroot()
    suites = [root] if root.tag == "testsuite" else list(root.iter("testsuite"))
    for suite in suites:
        seconds = float(suite.get("time", "0") or 0)
        cell.time += seconds
        if suite.get("timestamp"):
            start = datetime.fromisoformat(suite.get("timestamp", "")).timestamp()
            cell.started = min(start, cell.started or start)
            cell.ended = max(start + seconds, cell.ended or 0.0)
        for case in suite.iter("testcase"):
            cell.outcomes[(variant_of(case.get("name", "")), outcome_of(case))] += 1
            for prop in case.iter("property"):
                cell.probe.setdefault(prop.get("name", ""), prop.get("value", ""))
    return cell


def short_engine(engine: str) -> str:
    """"Mozilla/5.0 (...) Gecko/20100101 Firefox/153.0" -> "Firefox 153.0"."""
    for marker, label in (("Firefox/", "Firefox"), ("Chrome/", "Chromium")):
        if marker in engine:
            return f"{label} {engine.split(marker, 1)[1].split()[0]}"
    return engine or "?"


def variant_cell(cell: Cell, variant: str) -> str:
    passed, failed = cell.count("passed", variant), cell.count("failed", variant)
    if not passed and not failed:
        return "–"
    return f"{passed}" + (f" ({failed} failed)" if failed else "")


def render(cells: list[Cell]) -> str:
    head = (
        "| cell | engine | Pyodide | JSPI | blocking via | async | jspi | xhr | other "
        "| passed | failed | skipped | time (s) |"
    )
    lines = [head, "|" + " --- |" * head.count(" | ") + " --- |"]
    for c in cells:
        p = c.probe
        row = [
            c.name,
            short_engine(p.get("engine", "")),
            p.get("pyodide", "?"),
            {"True": "on", "False": "off"}.get(p.get("jspi", ""), "?"),
            p.get("blocking", "?"),
            *(variant_cell(c, v) for v in (*VARIANTS, "other")),
            str(c.count("passed")),
            str(c.count("failed")),
            str(c.count("skipped")),
            f"{c.time:.0f}",
        ]
        lines.append("| " + " | ".join(row) + " |")
    totals = [sum(c.count(o) for c in cells) for o in ("passed", "failed", "skipped")]
    lines.append("")
    jspi_on = sum(c.count("passed", "jspi") for c in cells)
    jspi_off = sum(c.count("passed", "xhr") for c in cells)
    absent = [c.name for c in cells if c.probe.get("jspi") == "False"]
    lines.append(
        f"JSPI on: {jspi_on} blocking tests passed on JSPI (`jspi`); JSPI off: {jspi_off} "
        f"passed on synchronous XHR (`xhr`, can_run_sync patched to False); runtimes without "
        f"JSPI at all: {', '.join(absent) or 'none'}"
    )
    lines.append("")
    lines.append(
        f"{len(cells)} cells: {totals[0]} passed, {totals[1]} failed, {totals[2]} skipped; "
        f"test time {sum(c.time for c in cells):.0f} s"
    )
    return "\n".join(lines) + "\n"


def grid_key(cell: Cell) -> tuple[str, str]:
    """`pyodide-0.27.8-firefox-page` -> ("firefox-page", "0.27.8"); `node24` -> ("node24", the
    Pyodide its probe saw)."""
    m = re.fullmatch(r"pyodide-(\d[\w.]*)-(.+)", cell.name)
    return (m[2], m[1]) if m else (cell.name, cell.probe.get("pyodide", "?"))


def figures(cells: list[Cell]) -> str:
    """The README's block: the run, its totals and wall time, and tests passed per cell."""
    totals = [sum(c.count(o) for c in cells) for o in ("passed", "failed", "skipped")]
    jspi, xhr = (sum(c.count("passed", v) for c in cells) for v in ("jspi", "xhr"))
    test_time = sum(c.time for c in cells)
    starts = [c.started for c in cells if c.started is not None]
    ends = [c.ended for c in cells if c.ended is not None]
    when = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime(max(ends) if ends else time.time()))
    wall = f"{max(ends) - min(starts):,.0f} s" if starts and ends else "not recorded"
    lines = [
        f"`make matrix-report` of the run that ended {when}, on {cores()}, load average "
        f"{load()} at the report: {len(cells)} cells, **{totals[0]:,} tests passed, "
        f"{totals[1]:,} failed, {totals[2]:,} skipped** ({jspi:,} blocking on JSPI, {xhr:,} "
        f"blocking with JSPI off on synchronous XHR); wall time from the first cell's start to "
        f"the last cell's end **{wall}**, test time in the cells {test_time:,.0f} s.",
        "",
        "Tests passed per cell (failed or skipped ones in brackets):",
        "",
    ]
    grid: dict[str, dict[str, Cell]] = {}
    for cell in cells:
        runtime, version = grid_key(cell)
        grid.setdefault(runtime, {})[version] = cell
    versions = sorted(
        {v for row in grid.values() for v in row},
        key=lambda v: (not v[:1].isdigit(), [int(p) for p in v.split(".") if p.isdigit()]),
    )
    lines.append("| runtime | " + " | ".join(f"Pyodide {v}" for v in versions) + " |")
    lines.append("| --- |" + " --: |" * len(versions))
    for runtime, row in grid.items():
        counts = [row[v] if v in row else None for v in versions]
        lines.append(f"| {runtime} | " + " | ".join(map(passed_cell, counts)) + " |")
    return "\n".join([FIGURES_START, *lines, FIGURES_END]) + "\n"


def passed_cell(cell: Cell | None) -> str:
    if cell is None:
        return "–"
    failed, skipped = cell.count("failed"), cell.count("skipped")
    extra = ", ".join(f"{n} {what}" for n, what in ((failed, "failed"), (skipped, "skipped")) if n)
    return f"{cell.count('passed'):,}" + (f" ({extra})" if extra else "")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("junit_dir", type=Path)
    parser.add_argument("--out", type=Path, help="also write the table here (markdown)")
    parser.add_argument("--expect", nargs="*", default=[], help="cells that must have run")
    args = parser.parse_args(argv)
    files = sorted(args.junit_dir.glob("*.xml"))
    if not files:
        print(f"matrix_report: no junit files in {args.junit_dir}", file=sys.stderr)
        return 1
    cells = [read_cell(f) for f in files]
    text = render(cells) + "\n" + figures(cells)
    print(text, end="")
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(text, encoding="utf-8")
    bad = [c.name for c in cells if not c.ok]
    if bad:
        print(f"matrix_report: failed, skipped or empty cells: {', '.join(bad)}", file=sys.stderr)
    missing = sorted(set(args.expect) - {c.name for c in cells})
    if missing:
        print(f"matrix_report: cells that did not run: {', '.join(missing)}", file=sys.stderr)
    return 1 if bad or missing else 0


if __name__ == "__main__":
    raise SystemExit(main())
