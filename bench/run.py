"""`make bench`: pyodide-ajax against plain JavaScript and Pyodide's own clients, in one run.

Boots Pyodide in a page of Debian's headless Chromium and in a module Worker of that page,
against the project's multi-threaded local server (tools/server/), then times every row of
bench/plan.py several times, round-robin (so a burst of load on a shared machine hits all rows
alike), and prints the table of bench/report.py. Offline: everything comes from the dist folder.

    python -m bench.run --dist .cache/dist [--reps 3] [--only binary] [--out artifacts/bench.json]
    python -m bench.run --dist .cache/bench-dist --rows '*bridge*' --rows 'page/stream/*' \
        --out artifacts/bench-bridge.json   # a subset: rows by key, with what their targets need

A subset writes the same three artifacts, so it needs an --out of its own: into
artifacts/bench.json, `make figures` would copy the subset's table into the README.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
import zipfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Page, sync_playwright

from tools.chromium import CHROME_FLAGS, CHROMIUM
from tools.machine import cores, load
from tools.server import serve

from .plan import FRESH, MEMORY_MIB, PEERS, SECTIONS, STREAM_MIB, plan, run_order, select
from .report import Row, Spec, Target, as_json, format_summary, format_table

BENCH_DIR = Path(__file__).resolve().parent
MiB = 1024 * 1024
BOOT_TIMEOUT_MS = 180_000
TINY_TEXT = "hello"
SLOW_TEXT = "slow done"  # what /slow answers
RUN_JS = "([where, request]) => window.bench.run(where, request)"
# The stream rows (bench/plan.py `_stream`): which field of the one read each row shows.
STREAM_FIELDS = {"page/stream/urlopen_growth": "growth_mib", "page/stream/urlopen_ms": "ms"}
# The memory rows (bench/plan.py `_memory`): which field of their download each section shows.
MEMORY_FIELDS = {"memory": "growth_mib", "jsheap": "js_heap_mib"}
# For the JS heap rows (bench/host.mjs): performance.memory updated every 50 ms instead of
# every 20 minutes, and gc(), so that they start from a heap without earlier rows' garbage.
BENCH_FLAGS = [*CHROME_FLAGS, "--enable-precise-memory-info", "--js-flags=--expose-gc"]

# Modules `import pyodide_ajax` must not load: the opt-in faces (a row loading one is WRONG).
OPT_IN = ("pyodide_ajax.brython", "pyodide_ajax._bridge")
# Timed in a fresh interpreter before anything else imports the package. Only sys and time are
# imported first: both are always loaded, so they add nothing the package would not pay itself.
IMPORT_FIRST = """
import sys, time
_first = not any(m.split(".")[0] == "pyodide_ajax" for m in sys.modules)
_t0 = time.perf_counter()
import pyodide_ajax
_ms = (time.perf_counter() - _t0) * 1000
import json
_opt_in = [m for m in sys.modules if m.startswith(OPT_IN)]
json.dumps({"ms": _ms, "n": 1, "exact": _first and not _opt_in})
""".replace("OPT_IN", repr(OPT_IN))
# Then the first response in that interpreter, a tiny GET: first a bare `js.fetch` (the floor,
# which also opens the connection both use), then ours, which pays for compiling what
# `import pyodide_ajax` left for first use. Run with runPythonAsync, like a page's own code.
FIRST_JS = """
import json, time
_t0 = time.perf_counter()
import js
_text = await (await js.fetch(URL)).text()
json.dumps({"ms": (time.perf_counter() - _t0) * 1000, "n": 1, "exact": _text == TEXT})
"""
FIRST_OURS = """
import json, time
_t0 = time.perf_counter()
import pyodide_ajax
_req = await pyodide_ajax.get(URL, cache=True)
json.dumps({"ms": (time.perf_counter() - _t0) * 1000, "n": 1, "exact": _req.text == TEXT})
"""
# And the first blocking GET after it: only the blocking transport is left to compile.
FIRST_BLOCKING = """
import json, time
_t0 = time.perf_counter()
_req = pyodide_ajax.get(URL, cache=True, blocking=True)
_ms = (time.perf_counter() - _t0) * 1000
json.dumps({"ms": _ms, "n": 1, "exact": _req.text == TEXT, "transport": _req.transport})
"""
# Then, in the same interpreter, the opt-in Brython face: what a Brython program pays on top.
INSTALL_BRYTHON = """
import json, time
_t0 = time.perf_counter()
from pyodide_ajax import brython
brython.install()
from browser import ajax, timer
json.dumps({"ms": (time.perf_counter() - _t0) * 1000, "n": 1, "exact": ajax.get is not None})
"""
# The same import again with the package purged from sys.modules: the module code runs again,
# from cached bytecode where Pyodide kept it; tells compile time from execution time.
IMPORT_AGAIN = """
import json, sys, time
for _m in [m for m in sys.modules if m.split(".")[0] == "pyodide_ajax"]:
    del sys.modules[_m]
_t0 = time.perf_counter()
import pyodide_ajax
json.dumps({"ms": (time.perf_counter() - _t0) * 1000, "n": 1, "exact": True})
"""


class Bench:
    """The running page; `measure` turns one spec into one sample on its row."""

    def __init__(self, page: Page, urls: dict[str, str], args: argparse.Namespace) -> None:
        self.page = page
        self.urls = urls
        self.args = args

    def call(self, where: str, request: dict[str, Any]) -> dict[str, Any]:
        return self.page.evaluate(RUN_JS, [where, request])  # type: ignore[no-any-return]

    def request_for(self, spec: Spec, warmup: bool) -> dict[str, Any]:
        args = self.args
        arg: str | int  # the expected text or the body's size
        if spec.section == "latency":
            url, n, arg = self.urls["tiny"], (20 if warmup else args.n), TINY_TEXT
        elif spec.section == "binary":
            size = args.size_mib * MiB  # also when warming up: the first big body grows the heap
            url, n, arg = f"{self.urls['bytes']}{size}", 1, size
        elif spec.section in MEMORY_FIELDS:
            # warming up (in the same fresh interpreter) loads and compiles the path, 1 MiB only
            size = (1 if warmup else MEMORY_MIB) * MiB
            url, n, arg = f"{self.urls['big']}{size}", 1, size
        else:
            url, n, arg = self.urls["slow"], (12 if warmup else args.concurrent), SLOW_TEXT
        if spec.op == "js":
            return {"op": "js", "name": spec.name, "args": [url, n, arg]}
        call = f"bench_rows.{'acall' if spec.op == 'py' else 'call'}"
        code = f"import bench_rows\n{'await ' if spec.op == 'py' else ''}{call}({spec.name!r}, {url!r}, {n!r}, {arg!r})"  # noqa: E501
        # memory: bench/host.mjs also reports what the request grew (not the warm-up's)
        return {"op": spec.op, "code": code, "memory": spec.section in MEMORY_FIELDS and not warmup}

    def measure(self, row: Row, warmup: bool = False) -> None:
        if row.error is not None:
            return  # failed once: do not keep hammering a broken row
        try:
            out = self.call(row.spec.where, self.request_for(row.spec, warmup))
        except PlaywrightError as exc:
            row.error = str(exc)
            return
        if not warmup:
            row.add(out["ms"], out["n"], out["exact"], out.get("transport"))


def import_rows(bench: Bench, reps: int) -> list[Row]:
    def code(template: str) -> str:
        return template.replace("URL", repr(bench.urls["tiny"])).replace("TEXT", repr(TINY_TEXT))

    rows = []
    for where in ("page", "worker"):
        js_first = Row(
            Spec(f"{where}/import/first-js", "import", where, "import js + first js.fetch (text)",
                 "py", "")
        )  # fmt: skip
        ours_first = Row(
            Spec(f"{where}/import/first-get", "import", where,
                 "import pyodide_ajax + first await get",
                 "py", "", target=Target(ref=js_first.spec.key, plus=10.0),
                 note="the import row plus the first get, timed apart in one fresh interpreter")
        )  # fmt: skip
        blocking_first = Row(
            Spec(f"{where}/import/first-blocking", "import", where,
                 "then the first blocking get", "pysync", "",
                 transport="xhr-main" if where == "page" else "xhr-worker",
                 note="info: after the async one; runPython, so a synchronous XHR")
        )  # fmt: skip
        first = Row(
            Spec(f"{where}/import/first", "import", where, "import pyodide_ajax, first time",
                 "pysync", "", target=Target(limit=20.0))
        )  # fmt: skip
        again = Row(
            Spec(f"{where}/import/again", "import", where, "the same, modules purged (info)",
                 "pysync", "")
        )  # fmt: skip
        brython = Row(
            Spec(f"{where}/import/brython", "import", where,
                 "then brython.install(), from browser import", "pysync", "",
                 note="info: the opt-in Brython face, after import pyodide_ajax")
        )  # fmt: skip
        try:
            if where == "worker":
                bench.call("worker", {"op": "boot"})  # starts the Worker; not timed here
            out = bench.call(where, {"op": "pysync", "code": IMPORT_FIRST})
            first.add(out["ms"], out["n"], out["exact"])
            imported_ms = out["ms"]
            out = bench.call(where, {"op": "py", "code": code(FIRST_JS)})
            js_first.add(out["ms"], out["n"], out["exact"])
            out = bench.call(where, {"op": "py", "code": code(FIRST_OURS)})
            ours_first.add(imported_ms + out["ms"], out["n"], out["exact"])
            out = bench.call(where, {"op": "pysync", "code": code(FIRST_BLOCKING)})
            blocking_first.add(out["ms"], out["n"], out["exact"], out["transport"])
            out = bench.call(where, {"op": "pysync", "code": INSTALL_BRYTHON})
            brython.add(out["ms"], out["n"], out["exact"])
            for _ in range(reps):
                out = bench.call(where, {"op": "pysync", "code": IMPORT_AGAIN})
                again.add(out["ms"], out["n"], out["exact"])
        except PlaywrightError as exc:
            first.error = first.error or str(exc)
        rows += [first, js_first, ours_first, blocking_first, again, brython]
    return rows


def in_fresh(bench: Bench, where: str, requests: list[dict[str, Any]]) -> tuple[float, Any]:
    """Runs `requests` in an interpreter of `where` booted for them, nothing else having grown
    its WebAssembly memory (which never shrinks): a second Pyodide of the page or a new Worker,
    let go afterwards. Returns its boot ms and the last answer."""
    fresh = f"fresh-{where}"
    try:
        boot_ms = bench.call(fresh, {"op": "boot"})["bootMs"]
        for request in requests:
            out = bench.call(fresh, request)
        return boot_ms, out
    finally:
        try:
            bench.call(fresh, {"op": "drop"})
        except PlaywrightError:
            pass


def stream_rows(bench: Bench, rows: list[Row], meta: dict[str, Any]) -> None:
    """The streamed read, once, in a fresh Pyodide of the page (the page's own has held 32 MiB
    bodies by now)."""
    if not rows:
        return
    size = STREAM_MIB * MiB
    url = f"{bench.urls['big']}{size}"
    code = f"import bench_rows\nawait bench_rows.acall('stream_urlopen', {url!r}, 1, {size!r})"
    try:
        meta["stream_boot_ms"], out = in_fresh(bench, "page", [{"op": "py", "code": code}])
    except PlaywrightError as exc:
        for row in rows:
            row.error = str(exc)
        return
    meta["stream_before_mib"] = out["before_mib"]
    for row in rows:
        row.add(out[STREAM_FIELDS[row.spec.key]], 1, out["exact"], out["transport"])


def memory_rows(bench: Bench, rows: list[Row], reps: int) -> None:
    """Each download of the memory rows `reps` times, each time in a fresh interpreter, warmed
    on 1 MiB of the same path first (what the path loads and compiles once is not counted). A
    download's memory and jsheap rows share it; the body rows hold the body's size."""
    downloads: dict[tuple[str, str, str], list[Row]] = {}
    for row in rows:
        if row.spec.name:
            downloads.setdefault((row.spec.where, row.spec.op, row.spec.name), []).append(row)
    for _ in range(reps):
        for row in rows:
            if not row.spec.name:
                row.add(MEMORY_MIB, 1, True)
        for (where, _, _), group in downloads.items():
            if group[0].error is not None:
                continue  # failed once: do not boot for it again
            spec = group[0].spec
            warm, measured = (bench.request_for(spec, warmup) for warmup in (True, False))
            try:
                _, out = in_fresh(bench, where, [warm, measured])
            except PlaywrightError as exc:
                for row in group:
                    row.error = str(exc)
                continue
            for row in group:
                value = out[MEMORY_FIELDS[row.spec.section]]
                if value is None:  # no performance.memory here
                    row.error = "the JS heap is not exposed here"
                else:
                    row.add(value, 1, out["exact"], out["transport"])
    for row in rows:
        if row.spec.section == "jsheap" and row.samples:
            # A run's samples may miss the peak (a buffer collected between two samples), never
            # make one up: the highest of the runs is the closest to it.
            row.samples = [max(row.samples)]


def size_rows(wheel: Path) -> list[Row]:
    """The wheel, then its parts: the compressed size of each part's files. The 40 KB budget is
    the core's (what `import pyodide_ajax` and a request use); the opt-in faces are reported."""
    whole = Row(Spec("host/size/wheel", "size", "host", wheel.name, "", ""))
    whole.add(wheel.stat().st_size / 1000, 1, True)
    parts = {"core": 0, **dict.fromkeys(OPT_IN, 0)}
    with zipfile.ZipFile(wheel) as archive:
        for member in archive.infolist():
            path = member.filename.replace("/", ".")
            part = next((face for face in OPT_IN if path.startswith(face)), "core")
            parts[part] += member.compress_size
    rows = [whole]
    for part, size in parts.items():
        label = "core: package and metadata" if part == "core" else f"opt-in: {part}"
        target = Target(limit=40.0) if part == "core" else None
        row = Row(Spec(f"host/size/{part}", "size", "host", label, "", "", target=target))
        row.add(size / 1000, 1, True)
        rows.append(row)
    return rows


def find_wheel(dist: Path) -> Path:
    wheels = sorted(dist.glob("pyodide_ajax-*.whl"))
    if len(wheels) != 1:
        raise SystemExit(f"bench: expected one pyodide_ajax wheel in {dist}, found {len(wheels)}")
    return wheels[0]


def run(args: argparse.Namespace) -> int:
    started = time.monotonic()
    wheel = find_wheel(args.dist)
    sections = tuple(args.only) if args.only else SECTIONS
    lock = json.loads((args.dist / "pyodide-lock.json").read_text(encoding="utf-8"))
    peers = sorted(set(PEERS.values()) & set(lock["packages"]))
    if len(peers) < len(PEERS):
        log("no peer wheels in the dist lock: urllib3 / requests / pyodide-http rows left out")
        peers = []
    specs = plan(sections, peers=bool(peers))
    if args.rows:
        specs = select(specs, args.rows)
        if not specs:
            raise SystemExit(f"bench: no row matches {args.rows}")
    rows = [Row(spec) for spec in specs]
    streamed = [row for row in rows if row.spec.section == "stream"]
    in_memory = [row for row in rows if row.spec.section in MEMORY_FIELDS]
    timed = [row for row in rows if row.spec.section not in FRESH]
    meta: dict[str, Any] = {
        "peers": peers,
        "cpus": os.cpu_count(),
        "machine": cores(),
        "load": load(),
        "reps": args.reps,
        "n": args.n,
        "size_mib": args.size_mib,
        "count": args.concurrent,
        "slow_ms": args.slow_ms,
        "stream_mib": STREAM_MIB,
        "memory_mib": MEMORY_MIB,
        "selected": args.rows or "all",
        "started": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
    }
    console: list[str] = []
    with serve({"/": args.dist, "/bench/": BENCH_DIR}) as servers, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=args.chromium, args=BENCH_FLAGS)
        try:
            page = browser.new_page()
            page.on("pageerror", lambda exc: console.append(f"pageerror: {exc}"))
            page.goto(servers.url("/bench/page.html"))
            page.wait_for_function(
                "window.benchReady || window.benchError", timeout=BOOT_TIMEOUT_MS
            )
            error = page.evaluate("window.benchError")
            if error:
                print(f"bench: the page did not boot:\n{error}", file=sys.stderr)
                return 1
            meta["browser"] = f"Chromium {browser.version}"
            meta["pyodide"] = page.evaluate("window.bench.pyodideVersion")
            meta["page_boot_ms"] = page.evaluate("window.bench.bootMs")
            urls = {
                "tiny": servers.url(f"/status/200?body={TINY_TEXT}"),
                "bytes": servers.url("/bytes?n="),
                "slow": servers.url(f"/slow?ms={args.slow_ms}"),
                "big": servers.url("/big?n="),
            }
            bench = Bench(page, urls, args)
            extra = import_rows(bench, args.reps)
            for where in ("page", "worker") if peers else ():
                load_peers = f"import pyodide_js\nawait pyodide_js.loadPackage({peers!r})\n'1'"
                bench.call(where, {"op": "py", "code": load_peers})
            log(f"booted and imported ({time.monotonic() - started:.0f} s); warming up")
            by_key = {row.spec.key: row for row in timed}
            ordered = [by_key[spec.key] for spec in run_order([row.spec for row in timed])]
            for row in ordered:
                bench.measure(row, warmup=True)
            for rep in range(args.reps):
                for row in ordered:
                    bench.measure(row)
                log(f"run {rep + 1}/{args.reps} done ({time.monotonic() - started:.0f} s)")
            stream_rows(bench, streamed, meta)
            if streamed:
                log(f"streamed read done ({time.monotonic() - started:.0f} s)")
            memory_rows(bench, in_memory, args.reps)
            if in_memory:
                log(f"memory rows done ({time.monotonic() - started:.0f} s)")
        finally:
            browser.close()

    everything = [*rows, *extra, *size_rows(wheel)]
    meta["load_end"] = load()
    meta["seconds"] = round(time.monotonic() - started, 1)
    table = format_table(everything, meta)
    print(table)
    print(f"\n{meta['seconds']:.0f} s in all; load average at the end {meta['load_end']}")
    if console:
        print("uncaught errors in the page:", *console[:10], sep="\n  ")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(as_json(everything, meta), indent=1) + "\n", encoding="utf-8")
    # The figures the README and bench/RESULTS.md show (tools/readme_figures.py inserts them),
    # each under the same line naming the run: when, where, how loaded.
    header = run_header(meta)
    args.out.with_suffix(".txt").write_text(f"{header}\n\n{table}\n", encoding="utf-8")
    summary_md = args.out.with_name(args.out.stem + "-summary.md")
    summary_md.write_text(f"{header}\n\n{format_summary(everything)}\n", encoding="utf-8")
    print(f"wrote {args.out}, {args.out.with_suffix('.txt')} and {summary_md}")
    return 0


def run_header(meta: dict[str, Any]) -> str:
    """The line naming the run, e.g. `make bench` of 2026-12-03 12:40 UTC on 2 cores (...): ..."""
    return (
        f"`make bench` of {meta['started'][:16].replace('T', ' ')} UTC on {meta['machine']}: "
        f"{meta.get('browser', '?')}, Pyodide {meta.get('pyodide', '?')}; load average "
        f"{meta['load']} at the start, {meta['load_end']} at the end; median of {meta['reps']} "
        f"runs per row; {meta['seconds']:.0f} s in all."
        + ("" if meta.get("selected", "all") == "all" else
           f" A subset: the rows matching {', '.join(meta['selected'])}.")
    )  # fmt: skip


def log(message: str) -> None:
    print(f"bench: {message}", file=sys.stderr, flush=True)


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__.split("\n")[0])
    parser.add_argument("--dist", type=Path, default=Path(".cache/dist"), help="Pyodide + wheels")
    parser.add_argument("--out", type=Path, default=Path("artifacts/bench.json"))
    parser.add_argument("--reps", type=int, default=3, help="timed runs per row (median)")
    parser.add_argument("--n", type=int, default=300, help="sequential GETs per latency run")
    parser.add_argument("--size-mib", type=int, default=32, help="binary body size")
    parser.add_argument("--concurrent", type=int, default=200, help="concurrent GETs")
    parser.add_argument("--slow-ms", type=int, default=50, help="latency of the slow endpoint")
    parser.add_argument("--only", action="append", choices=SECTIONS, help="sections")
    parser.add_argument(
        "--rows",
        action="append",
        metavar="GLOB",
        help="only the rows whose key (where/section/name) matches, with their reference rows",
    )
    parser.add_argument("--chromium", default=CHROMIUM)
    args = parser.parse_args(argv)
    if args.rows and args.out.name == "bench.json":
        parser.error(
            "--rows measures a subset: give it an --out of its own (bench.json is the full "
            "run's, which tools/readme_figures.py copies into the README)"
        )
    if not (args.dist / "pyodide.mjs").is_file():
        parser.error(f"{args.dist} is not a dist folder (run `make setup` first)")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    return run(parse_args(argv))


if __name__ == "__main__":
    sys.exit(main())
