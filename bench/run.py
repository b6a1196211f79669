"""`make bench`: pyodide-ajax against plain JavaScript and Pyodide's own clients, in one run.

Boots Pyodide in a page of Debian's headless Chromium and in a module Worker of that page,
against the project's multi-threaded local server (tools/server/), then times every row of
bench/plan.py several times, round-robin (so a burst of load on a shared machine hits all rows
alike), and prints the table of bench/report.py. Then the same for the rows of Firefox ESR (page
and Worker) and of Node 24, one engine after the other (bench/engines.py); an engine that is not
installed has its rows left out. Offline: everything comes from the dist folder.

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
from dataclasses import replace
from pathlib import Path
from typing import Any

from playwright.sync_api import sync_playwright

from tools.chromium import CHROME_FLAGS, CHROMIUM
from tools.machine import cores, load
from tools.server import Servers, serve

from .engines import ChromiumPage, EngineError, FirefoxPage, NodeHost, missing
from .plan import (
    ENGINES,
    FRESH,
    MEMORY_MIB,
    PEERS,
    SECTIONS,
    STREAM_MIB,
    engine_of,
    kind,
    plan,
    run_order,
    select,
)
from .report import Row, Spec, Target, as_json, format_summary, format_table

BENCH_DIR = Path(__file__).resolve().parent
MiB = 1024 * 1024
BOOT_TIMEOUT_MS = 180_000
TINY_TEXT = "hello"
SLOW_TEXT = "slow done"  # what /slow answers
FIREFOX = os.environ.get("FIREFOX_BIN", "/usr/bin/firefox-esr")
NODE24 = ".cache/node24/node_modules/.bin/node"  # what `make node24` installs
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
# The first response of a program whose first request is a blocking one, in a second fresh
# interpreter (after FIRST_JS there): runPython, so on the page's main thread a synchronous XHR.
FIRST_BLOCKING_FRESH = """
import json, time
_t0 = time.perf_counter()
import pyodide_ajax
_req = pyodide_ajax.get(URL, cache=True, blocking=True)
_ms = (time.perf_counter() - _t0) * 1000
json.dumps({"ms": _ms, "n": 1, "exact": _req.text == TEXT, "transport": _req.transport})
"""
# The py3 wheel's modules in place of the lock's bytecode wheel's, before anything imports them:
# what a fresh interpreter compiles when the package came from PyPI or a URL.
SOURCES_IN_PLACE = """
import io, pathlib, sys, zipfile
from pyodide.http import pyfetch
_site = pathlib.Path(sys.prefix, "lib", f"python{sys.version_info[0]}.{sys.version_info[1]}",
                     "site-packages")
_wheel = zipfile.ZipFile(io.BytesIO(await (await pyfetch(URL)).bytes()))
for _pyc in (_site / "pyodide_ajax").rglob("*.pyc"):
    _pyc.unlink()
_wheel.extractall(_site, [n for n in _wheel.namelist() if n.startswith("pyodide_ajax/")])
"1"
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
    """One running engine; `measure` turns one spec into one sample on its row."""

    def __init__(
        self, engine: ChromiumPage | FirefoxPage | NodeHost, urls: dict[str, str],
        args: argparse.Namespace,
    ) -> None:  # fmt: skip
        self.engine = engine
        self.urls = urls
        self.args = args

    def first_code(self, template: str) -> str:
        """A first-response template with the tiny GET's URL and text filled in."""
        return template.replace("URL", repr(self.urls["tiny"])).replace("TEXT", repr(TINY_TEXT))

    def call(self, where: str, request: dict[str, Any]) -> dict[str, Any]:
        return self.engine.call(where, request)

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
            if row.spec.section == "concurrency" and kind(row.spec.where) == "node":
                # Node's fetch opens a connection per concurrent request and drops it after
                # 4 s idle (a browser keeps its 6 per host): the same burst in plain JS first,
                # untimed, or whichever row comes first after a pause pays for 200 connects.
                burst = replace(row.spec, op="js", name="fetchConcurrent")
                self.call(row.spec.where, self.request_for(burst, warmup))
            out = self.call(row.spec.where, self.request_for(row.spec, warmup))
        except EngineError as exc:
            row.error = str(exc)
            return
        if not warmup:
            row.add(out["ms"], out["n"], out["exact"], out.get("transport"))


def import_rows(bench: Bench, reps: int, wheres: tuple[str, ...] = ("page", "worker")) -> list[Row]:
    """Cold start, in each runtime's own fresh interpreter (nothing has imported the package).
    Node runs blocking requests on JSPI (runPythonAsync: it has no XHR) and has no Brython face."""
    rows = []
    for where in wheres:
        node = where.startswith("node")
        blocking_op = "py" if node else "pysync"
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
                 "then the first blocking get", blocking_op, "",
                 transport="jspi" if node else "xhr-main" if where == "page" else "xhr-worker",
                 note="info: after the async one; " + (
                     "JSPI" if node else "runPython, so a synchronous XHR"))
        )  # fmt: skip
        first = Row(
            Spec(f"{where}/import/first", "import", where, "import pyodide_ajax, first time",
                 "pysync", "", target=Target(limit=25.0 if node else 15.0))
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
            out = bench.call(where, {"op": "py", "code": bench.first_code(FIRST_JS)})
            js_first.add(out["ms"], out["n"], out["exact"])
            out = bench.call(where, {"op": "py", "code": bench.first_code(FIRST_OURS)})
            ours_first.add(imported_ms + out["ms"], out["n"], out["exact"])
            out = bench.call(where, {"op": blocking_op, "code": bench.first_code(FIRST_BLOCKING)})
            blocking_first.add(out["ms"], out["n"], out["exact"], out["transport"])
            if not node:
                out = bench.call(where, {"op": "pysync", "code": INSTALL_BRYTHON})
                brython.add(out["ms"], out["n"], out["exact"])
            for _ in range(reps):
                out = bench.call(where, {"op": "pysync", "code": IMPORT_AGAIN})
                again.add(out["ms"], out["n"], out["exact"])
        except EngineError as exc:
            first.error = first.error or str(exc)
        rows += [first, js_first, ours_first, blocking_first, again, *([] if node else [brython])]
    if "page" not in wheres:
        return rows
    return [
        *rows,
        *fresh_first_rows(bench, "blocking", "import pyodide_ajax + first blocking get",
                          FIRST_BLOCKING_FRESH, "pysync", transport="xhr-main",
                          note="runPython: a synchronous XHR"),
        *fresh_first_rows(bench, "source", "import pyodide_ajax + first await get, from source",
                          FIRST_OURS, "py", prepare=SOURCES_IN_PLACE.replace("URL", repr(
                              bench.urls["pure_wheel"])),
                          judged=False,
                          note="info: the py3 wheel's modules, as from PyPI or a URL"),
    ]


def fresh_first_rows(bench: Bench, name: str, label: str, ours: str, op: str,
                     prepare: str = "", judged: bool = True, **spec: Any) -> list[Row]:  # fmt: skip
    """Import + a first get (`ours`, run with `op`) against import js + first js.fetch, in a
    fresh Pyodide of the page booted for it and let go after; `prepare` runs first, untimed.
    `judged`: whether the 10 ms target applies (not to the info rows)."""
    js_first = Row(
        Spec(f"page/import/fresh-{name}-js", "import", "page",
             f"import js + first js.fetch (text), fresh Pyodide: {name}", "py", "")
    )  # fmt: skip
    ours_first = Row(
        Spec(f"page/import/fresh-{name}", "import", "page", label, op, "",
             target=Target(ref=js_first.spec.key, plus=10.0) if judged else None, **spec)
    )  # fmt: skip
    requests = [{"op": "py", "code": prepare}] if prepare else []
    requests += [{"op": "py", "code": bench.first_code(FIRST_JS)},
                 {"op": op, "code": bench.first_code(ours)}]  # fmt: skip
    try:
        _, answers = in_fresh(bench, "page", requests)
    except EngineError as exc:
        js_first.error = str(exc)
        return [js_first, ours_first]
    js_out, ours_out = answers[-2:]
    js_first.add(js_out["ms"], js_out["n"], js_out["exact"])
    ours_first.add(ours_out["ms"], ours_out["n"], ours_out["exact"], ours_out.get("transport"))
    return [js_first, ours_first]


def in_fresh(
    bench: Bench, where: str, requests: list[dict[str, Any]]
) -> tuple[float, list[Any]]:
    """Runs `requests` in an interpreter of `where` booted for them, nothing else having grown
    its WebAssembly memory (which never shrinks): a second Pyodide of the page or a new Worker,
    let go afterwards. Returns its boot ms and the answers."""
    fresh = f"fresh-{where}"
    try:
        boot_ms = bench.call(fresh, {"op": "boot"})["bootMs"]
        return boot_ms, [bench.call(fresh, request) for request in requests]
    finally:
        try:
            bench.call(fresh, {"op": "drop"})
        except EngineError:
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
        meta["stream_boot_ms"], [out] = in_fresh(bench, "page", [{"op": "py", "code": code}])
    except EngineError as exc:
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
                _, [_, out] = in_fresh(bench, where, [warm, measured])
            except EngineError as exc:
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


def size_rows(wheel: Path, bytecode: Path) -> list[Row]:
    """The wheel, then its parts: the compressed size of each part's files. The 40 KB budget is
    the core's (what `import pyodide_ajax` and a request use); the opt-in faces are reported.
    Last, the bytecode wheel the dist lock serves (tools/bytecode_wheel.py)."""
    whole = Row(Spec("host/size/wheel", "size", "host", wheel.name, "", ""))
    whole.add(wheel.stat().st_size / 1000, 1, True)
    compiled = Row(Spec("host/size/bytecode", "size", "host", f"{bytecode.name} (the lock's)",
                        "", "", note="info: what loadPackage downloads"))  # fmt: skip
    compiled.add(bytecode.stat().st_size / 1000, 1, True)
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
    return [*rows, compiled]


def time_rows(bench: Bench, rows: list[Row], started: float) -> None:
    """All `rows` once to warm up, then --reps rounds of all of them, each row with a target
    right after its reference (bench/plan.py run_order)."""
    if not rows:
        return
    engine = engine_of(rows[0].spec.where)
    by_key = {row.spec.key: row for row in rows}
    ordered = [by_key[spec.key] for spec in run_order([row.spec for row in rows])]
    for row in ordered:
        bench.measure(row, warmup=True)
    reps = bench.args.reps
    for rep in range(reps):
        for row in ordered:
            bench.measure(row)
        log(f"{engine}: run {rep + 1}/{reps} done ({time.monotonic() - started:.0f} s)")


def bench_urls(servers: Servers, args: argparse.Namespace, wheel: Path) -> dict[str, str]:
    """The URLs the rows fetch, absolute (Node resolves no relative URL)."""
    return {
        "tiny": servers.url(f"/status/200?body={TINY_TEXT}"),
        "bytes": servers.url("/bytes?n="),
        "slow": servers.url(f"/slow?ms={args.slow_ms}"),
        "big": servers.url("/big?n="),
        "pure_wheel": servers.url(f"/{wheel.name}"),
    }


def other_engine(
    engine: str, rows: list[Row], servers: Servers, urls: dict[str, str],
    args: argparse.Namespace, meta: dict[str, Any], started: float,
) -> list[Row]:  # fmt: skip
    """Firefox's or Node's rows, after Chromium has closed (one engine at a time, so that none
    runs beside another's measurements); an engine that does not start leaves its rows ERROR.
    Node's cold-start rows come first, in its fresh interpreter; they are returned."""
    if not rows:
        return []
    driver: FirefoxPage | NodeHost
    try:
        if engine == "firefox":
            page_url = servers.url("/bench/page.html")
            driver = FirefoxPage(args.firefox, page_url, BOOT_TIMEOUT_MS / 1000)
        else:
            driver = NodeHost(args.node24, args.dist, servers.url("/").removesuffix("/"))
    except Exception as exc:  # noqa: BLE001 - whatever stops it, its rows say so
        log(f"{engine} did not start: {exc}")
        for row in rows:
            row.error = f"{engine} did not start: {exc}"
        return []
    meta["browser"] = f"{meta.get('browser', '?')}, {driver.version}"
    log(f"{engine} booted ({time.monotonic() - started:.0f} s); warming up")
    bench = Bench(driver, urls, args)
    try:
        cold = import_rows(bench, args.reps, ("node24",)) if engine == "node24" else []
        time_rows(bench, rows, started)
    finally:
        driver.close()
    return cold


def find_wheel(dist: Path, pattern: str) -> Path:
    wheels = sorted(dist.glob(pattern))
    if len(wheels) != 1:
        raise SystemExit(f"bench: expected one {pattern} in {dist}, found {len(wheels)}")
    return wheels[0]


def run(args: argparse.Namespace) -> int:
    started = time.monotonic()
    wheel = find_wheel(args.dist, "pyodide_ajax-*-py3-none-any.whl")
    bytecode = find_wheel(args.dist, "pyodide_ajax-*-cp3*-none-any.whl")
    sections = tuple(args.only) if args.only else SECTIONS
    lock = json.loads((args.dist / "pyodide-lock.json").read_text(encoding="utf-8"))
    peers = sorted(set(PEERS.values()) & set(lock["packages"]))
    if len(peers) < len(PEERS):
        log("no peer wheels in the dist lock: urllib3 / requests / pyodide-http rows left out")
        peers = []
    left_out = {e: why for e in ENGINES if (why := missing(e, args.firefox, args.node24))}
    for engine, why in left_out.items():
        log(f"{why}: the {' / '.join(ENGINES[engine])} rows left out")
    wheres = [w for engine, there in ENGINES.items() if engine not in left_out for w in there]
    specs = plan(sections, peers=bool(peers), wheres=wheres)
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
        "left_out": left_out,
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
            urls = bench_urls(servers, args, wheel)
            bench = Bench(ChromiumPage(page), urls, args)
            extra = import_rows(bench, args.reps)
            for where in ("page", "worker") if peers else ():
                load_peers = f"import pyodide_js\nawait pyodide_js.loadPackage({peers!r})\n'1'"
                bench.call(where, {"op": "py", "code": load_peers})
            log(f"booted and imported ({time.monotonic() - started:.0f} s); warming up")
            time_rows(bench, [r for r in timed if engine_of(r.spec.where) == "chromium"], started)
            stream_rows(bench, streamed, meta)
            if streamed:
                log(f"streamed read done ({time.monotonic() - started:.0f} s)")
            memory_rows(bench, in_memory, args.reps)
            if in_memory:
                log(f"memory rows done ({time.monotonic() - started:.0f} s)")
        finally:
            browser.close()
        for engine in ("firefox", "node24"):
            rows_there = [row for row in timed if engine_of(row.spec.where) == engine]
            extra += other_engine(engine, rows_there, servers, urls, args, meta, started)

    everything = [*rows, *extra, *size_rows(wheel, bytecode)]
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
    parser.add_argument("--firefox", default=FIREFOX, help="Firefox ESR (its rows: firefox-*)")
    parser.add_argument("--node24", default=NODE24, help="Node 24 (its rows: node24/*)")
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
