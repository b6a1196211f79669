"""The benchmark's pure half: what a row is, its verdict against its target, the table, the JSON.

No browser and no JavaScript here, so it is unit-tested in CPython (tests/tools/test_bench.py).
A row's value is the median of its samples (each sample already divided per operation); its
verdict compares that value with a reference row of the same run (a ratio target) or with a
fixed limit (import time, wheel size).
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

__all__ = ["Row", "Spec", "Target", "as_json", "format_summary", "format_table", "verdict"]

SECTION_TITLES = {
    "latency": "Latency: {n} sequential GETs of a tiny text, ms per request",
    "binary": "Binary: one {size_mib} MiB body (all 256 byte values, checked), ms per download",
    "concurrency": "Concurrency: {count} concurrent GETs of a {slow_ms} ms endpoint, ms for all",
    "stream": "Streamed on JSPI: urlopen() of a {stream_mib} MiB body, read(1 MiB) until empty, "
    "once, in a fresh Pyodide of the page",
    "memory": "Memory: WebAssembly memory growth of one {memory_mib} MiB binary download, MiB, "
    "each in a Pyodide booted for it (every run); got: over the body",
    "jsheap": "JS heap (Chromium pages only: performance.memory.usedJSHeapSize): its peak over its "
    "start during the same downloads, MiB, the highest of the runs",
    "import": "Import: `import pyodide_ajax`, first time in a fresh Pyodide, ms",
    "size": "Size of the wheel, KB",
}
OK, MISSED, FLOOR, INFO, ERROR, WRONG = "ok", "MISSED", "floor", "", "ERROR", "WRONG"


@dataclass(frozen=True)
class Target:
    """At most `ratio` times the row `ref` (same runtime), at least `least` times it, at most
    `plus` ms more than it, or below `limit`. A `ref` alone is no target: the ratio to it is
    shown for information (the row gets no verdict and is not counted).

    `least` is how a peer row states "ours is at least that many times faster": the peer's
    time over ours (the reference) must be at least `least`."""

    ref: str | None = None
    ratio: float | None = None
    limit: float | None = None
    plus: float | None = None
    least: float | None = None

    @property
    def info(self) -> bool:
        """A ratio shown, not judged."""
        return self.ref is not None and all(
            bound is None for bound in (self.ratio, self.plus, self.least, self.limit)
        )

    def describe(self, labels: Mapping[str, str]) -> str:
        label = labels.get(self.ref, self.ref) if self.ref is not None else ""
        if self.ref is not None and self.plus is not None:
            return f"<= {label} + {self.plus:g} ms"
        if self.ref is not None and self.ratio is not None:
            return f"<= {self.ratio:.2f}x {label}"
        if self.ref is not None and self.least is not None:
            return f">= {self.least:.2f}x {label}"
        if self.info:
            return f"info: x {label}"
        return f"< {self.limit:g}"


@dataclass(frozen=True)
class Spec:
    """One row to measure. `name` is a JS floor function (op "js") or a Python row function
    (op "py": runPythonAsync, JSPI available; op "pysync": runPython, JSPI not available)."""

    key: str
    section: str
    where: str
    label: str
    op: str
    name: str
    floor: bool = False
    target: Target | None = None
    transport: str | None = None  # what pyodide-ajax must have chosen, for our rows
    exact: bool = True  # False: the row is known not to be byte-exact (reported, not failed)
    note: str = ""


@dataclass
class Row:
    spec: Spec
    samples: list[float] = field(default_factory=list)
    exact: list[bool] = field(default_factory=list)
    transports: list[str | None] = field(default_factory=list)
    error: str | None = None

    def add(self, ms: float, n: int, exact: bool, transport: str | None = None) -> None:
        self.samples.append(ms / max(1, n))
        self.exact.append(bool(exact))
        self.transports.append(transport)

    @property
    def value(self) -> float | None:
        return statistics.median(self.samples) if self.samples else None

    @property
    def all_exact(self) -> bool:
        return bool(self.exact) and all(self.exact)


def ratio(row: Row, rows: Mapping[str, Row], ref: str | None) -> float | None:
    """`row` over the row keyed `ref`: the median of the run-by-run ratios when both rows have
    one sample per run (run i of both rows was taken in the same round, close in time, so a
    burst of load on a shared machine inflates both alike), else the ratio of the medians."""
    other = rows.get(ref) if ref is not None else None
    if other is None or row.value is None or other.value is None or other.value <= 0:
        return None
    if len(row.samples) == len(other.samples) and all(s > 0 for s in other.samples):
        return statistics.median(a / b for a, b in zip(row.samples, other.samples, strict=True))
    return row.value / other.value


def floor_key(spec: Spec, specs: Iterable[Spec]) -> str | None:
    """The floor of `spec`'s section in the same runtime (the first one marked `floor`)."""
    for other in specs:
        if other.floor and other.section == spec.section and other.where == spec.where:
            return other.key
    return None


def verdict(row: Row, rows: Mapping[str, Row]) -> str:
    """ok / MISSED against the target; WRONG when the body or the transport was not the
    expected one (a fast wrong answer must not pass); floor or "" for reference rows."""
    spec = row.spec
    if row.error is not None or row.value is None:
        return ERROR
    if spec.exact and not row.all_exact:
        return WRONG
    if spec.transport is not None and any(t != spec.transport for t in row.transports):
        return WRONG
    if spec.floor:
        return FLOOR
    if spec.target is None or spec.target.info:
        return INFO
    if spec.target.limit is not None:
        return OK if row.value < spec.target.limit else MISSED
    if spec.target.plus is not None:
        more = difference(row, rows, spec.target.ref)
        return ERROR if more is None else OK if more <= spec.target.plus else MISSED
    got = ratio(row, rows, spec.target.ref)
    if got is None:
        return ERROR  # the reference row failed: no verdict is possible
    if spec.target.least is not None:
        return OK if got >= spec.target.least else MISSED
    if spec.target.ratio is None:
        return ERROR
    return OK if got <= spec.target.ratio else MISSED


def difference(row: Row, rows: Mapping[str, Row], ref: str | None) -> float | None:
    """How many ms the median of `row` exceeds the median of the row keyed `ref`."""
    other = rows.get(ref) if ref is not None else None
    if row.value is None or other is None or other.value is None:
        return None
    return row.value - other.value


def _fmt(value: float | None, digits: int = 2) -> str:
    if value is None:
        return "-"
    if value >= 100:
        return f"{value:,.0f}"
    return f"{value:.{digits}f}"


def _got(row: Row, rows: Mapping[str, Row]) -> str:
    target = row.spec.target
    if target is None or target.ref is None:
        return ""
    if target.plus is not None:
        more = difference(row, rows, target.ref)
        return f"{more:+.1f} ms" if more is not None else "-"
    got = ratio(row, rows, target.ref)
    return f"{_fmt(got)}x" if got is not None else "-"


def format_table(rows: Sequence[Row], meta: Mapping[str, Any]) -> str:
    """The table bench/run.py prints, one block per section, rows in plan order."""
    by_key = {row.spec.key: row for row in rows}
    specs = [row.spec for row in rows]
    labels = {spec.key: spec.label for spec in specs}
    lines = [
        f"pyodide-ajax bench: {meta.get('browser', '?')}, Pyodide {meta.get('pyodide', '?')}, "
        f"{meta.get('cpus', '?')} CPUs, load average {meta.get('load', '?')}; "
        f"median of {meta.get('reps', '?')} runs per row, all rows in this one run",
    ]
    sections = list(dict.fromkeys(spec.section for spec in specs))
    width = max([7, *(len(spec.where) + 1 for spec in specs)])  # firefox-worker: 15
    for section in sections:
        title = SECTION_TITLES.get(section, section)
        lines += ["", title.format_map(_Defaults(meta))]
        lines.append(
            f"  {'where':<{width}}{'row':<44}{'median':>9}{'x floor':>9}  {'exact':<6}"
            f"{'got':>7}  {'status':<7}target"
        )
        for row in rows:
            spec = row.spec
            if spec.section != section:
                continue
            floor = floor_key(spec, specs)
            x_floor = ratio(row, by_key, floor) if floor else None
            exact = "-" if not row.exact else ("yes" if row.all_exact else "NO")
            status = verdict(row, by_key)
            target = spec.target.describe(labels) if spec.target else ""
            lines.append(
                f"  {spec.where:<{width}}{spec.label:<44}{_fmt(row.value):>9}{_fmt(x_floor):>9}  "
                f"{exact:<6}{_got(row, by_key):>7}  {status:<7}{target}".rstrip()
            )
            if row.error:
                lines.append(f"         error: {row.error.strip().splitlines()[-1][:160]}")
            elif spec.note:
                lines.append(f"         ({spec.note})")
    counts = summary(rows)
    lines += [
        "",
        f"targets: {counts[OK]} ok, {counts[MISSED]} MISSED, "
        f"{counts[WRONG]} WRONG, {counts[ERROR]} ERROR",
    ]
    return "\n".join(lines)


def format_summary(rows: Sequence[Row]) -> str:
    """A Markdown table of the rows that have a target: the short form for the README, whose
    text also lands in the wheel's METADATA (the wheel has a size target too)."""
    by_key = {row.spec.key: row for row in rows}
    labels = {row.spec.key: row.spec.label for row in rows}
    lines = [
        "| where | row | median | got | target | status |",
        "| --- | --- | --: | --: | --- | --- |",
    ]
    for row in rows:
        spec = row.spec
        if spec.target is None:
            continue
        got = _got(row, by_key) or "-"
        lines.append(
            f"| {spec.where} | {spec.section}: {spec.label} | {_fmt(row.value)} | {got} | "
            f"{spec.target.describe(labels)} | {verdict(row, by_key)} |"
        )
    return "\n".join(lines)


def summary(rows: Sequence[Row]) -> dict[str, int]:
    by_key = {row.spec.key: row for row in rows}
    counts = dict.fromkeys((OK, MISSED, WRONG, ERROR), 0)
    for row in rows:
        status = verdict(row, by_key)
        if status in counts and (row.spec.target is not None or status in (WRONG, ERROR)):
            counts[status] += 1
    return counts


class _Defaults(dict[str, Any]):
    """format_map that leaves unknown fields visible instead of raising KeyError."""

    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def as_json(rows: Sequence[Row], meta: Mapping[str, Any]) -> dict[str, Any]:
    """Everything the table shows plus the raw samples, for artifacts/bench.json."""
    by_key = {row.spec.key: row for row in rows}
    specs = [row.spec for row in rows]
    out = []
    for row in rows:
        spec = row.spec
        floor = floor_key(spec, specs)
        target = spec.target
        out.append(
            {
                "key": spec.key,
                "section": spec.section,
                "where": spec.where,
                "label": spec.label,
                "median": row.value,
                "samples": row.samples,
                "x_floor": ratio(row, by_key, floor) if floor else None,
                "exact": row.all_exact if row.exact else None,
                "transports": sorted({t for t in row.transports if t}),
                "target": None
                if target is None
                else {
                    "ref": target.ref,
                    "ratio": target.ratio,
                    "limit": target.limit,
                    "plus": target.plus,
                    "least": target.least,
                    "got": row.value if not target.ref
                    else difference(row, by_key, target.ref) if target.plus is not None
                    else ratio(row, by_key, target.ref),
                },
                "status": verdict(row, by_key) or "info",
                "error": row.error,
                "note": spec.note,
            }
        )
    return {"meta": dict(meta), "rows": out, "summary": summary(rows)}
