"""Which rows `make bench` measures, in which runtime, against which target (issue 6).

Keys are `<where>/<section>/<name>`; a target names its reference row by key, always in the
same runtime, so every ratio compares two numbers taken in the same run and the same realm.
"""

from __future__ import annotations

import fnmatch
from collections.abc import Iterable

from .report import Spec, Target

__all__ = [
    "ENGINES",
    "EVERYWHERE",
    "FRESH",
    "MEMORY_MIB",
    "PEERS",
    "SECTIONS",
    "STREAM_MIB",
    "WHERE",
    "engine_of",
    "kind",
    "plan",
    "run_order",
    "select",
]

WHERE = ("page", "worker")  # Chromium's: every row of the first rounds runs there
# Issue 20: the latency, binary and concurrency rows in the other engines too, each against its
# own floors (bench/engines.py drives them): Firefox ESR through Selenium, Node 24 through
# bench/node_host.mjs. A missing engine's rows are left out of the run.
ENGINES = {"chromium": WHERE, "firefox": ("firefox-page", "firefox-worker"), "node24": ("node24",)}
EVERYWHERE = tuple(where for wheres in ENGINES.values() for where in wheres)
# Optional rows: peers from their pure PyPI wheels (in the dist lock only when `make bench`
# could download them). Run without JSPI (runPython), on the synchronous XHR path their
# Emscripten backends share with our blocking-XHR row; `_bridge` adds requests with JSPI.
PEERS = {"urllib3": "urllib3", "requests": "requests", "pyodide_http": "pyodide-http"}
SECTIONS = ("latency", "binary", "concurrency", "stream", "memory")
# The streamed read of issue 16: /big?n=STREAM_MIB MiB, read 1 MiB at a time on JSPI.
STREAM_MIB = 256
# The memory rows of issue 20: one /big?n=MEMORY_MIB MiB binary download per fresh interpreter.
MEMORY_MIB = 64
# The sections whose rows are measured each in an interpreter booted for them, not round-robin:
# "memory" rows show the WebAssembly memory's growth, "jsheap" rows the JS heap's, per download.
FRESH = ("stream", "memory", "jsheap")
# Issue 16's speed-up over the peers that patch the same clients, where the main thread has no
# JSPI (synchronous XHR: their binary bodies go through a text decoding there).
FASTER_MAIN_NO_JSPI = 1.8


def engine_of(where: str) -> str:
    return next(engine for engine, wheres in ENGINES.items() if where in wheres)


def kind(where: str) -> str:
    """What a runtime is, whatever the engine: "page" (a document: its synchronous XHR may not
    set a responseType), "worker" or "node" (no XMLHttpRequest at all)."""
    if where.startswith("node"):
        return "node"
    return "worker" if where.endswith("worker") else "page"


def _needs_xhr(spec: Spec) -> bool:
    """The rows Node cannot run: the JS floors on an XMLHttpRequest, and every runPython row
    (no JSPI there, so each of them blocks on a synchronous XHR)."""
    return spec.op == "pysync" or spec.name.startswith("syncXhr")


def _peers(where: str, section: str) -> list[Spec]:
    prefix = "lat" if section == "latency" else "bin"

    def target(name: str) -> Target | None:
        # requests on urllib3's own backend is the baseline of our requests adapter (issue 16):
        # no slower anywhere, FASTER_MAIN_NO_JSPI times faster on the page without JSPI.
        if name != "requests":
            return None
        least = FASTER_MAIN_NO_JSPI if where == "page" else 1.0
        return Target(f"{where}/{section}/bridge_requests_xhr", least=least)

    return [
        Spec(f"{where}/{section}/{name}", section, where, f"{package} (sync XHR, no JSPI)",
             "pysync", f"{prefix}_{name}", exact=False, target=target(name),
             note="" if section == "latency" else "byte-exact or not: see the exact column")
        for name, package in PEERS.items()
    ]  # fmt: skip


def _bridge(where: str, section: str, peers: bool) -> list[Spec]:
    """Issue 16: `urllib.request.urlopen(url).read()` and `requests.get(url).content` after
    `pyodide_ajax.patch_all()`, on the page without JSPI (runPython: a synchronous XHR), on the
    page with JSPI (runPythonAsync) and in the Worker (runPython: its synchronous XHR).

    urlopen is held to our own blocking get in the same place (<= 1.05x: the bridge's own cost).
    Against the peers the target sits on the peer's row, as "the peer takes at least N times
    ours": pyodide-http's urlopen (FASTER_MAIN_NO_JSPI on the page without JSPI, info
    elsewhere) and requests on urllib3's own Emscripten backend (the `requests` peer row
    without JSPI, `requests_jspi` with it: 1.0, i.e. no slower, FASTER_MAIN_NO_JSPI on the page
    without JSPI)."""
    prefix = "lat" if section == "latency" else "bin"

    def key(name: str) -> str:
        return f"{where}/{section}/{name}"

    main = where == "page"
    sync_transport = "xhr-main" if main else "xhr-worker"
    ours_note = "after pyodide_ajax.patch_all(); against our own blocking get of this place"
    places = [("xhr", "pysync", "sync XHR", sync_transport, "ours_xhr")]
    if main:
        places.append(("jspi", "py", "JSPI", "jspi", "ours_jspi"))
    specs = []
    for path, op, how, transport, ours in places:
        urlopen = key(f"bridge_urlopen_{path}")
        specs.append(
            Spec(urlopen, section, where,
                 f"ours: urlopen().read(), {how}" + (" (no JSPI)" if path == "xhr" else ""), op,
                 f"{prefix}_bridge_urlopen", target=Target(key(ours), 1.05),
                 transport=transport, note=ours_note)
        )  # fmt: skip
        if not peers:
            continue
        judged = main and path == "xhr"
        specs += [
            Spec(key(f"pyodide_http_urlopen_{path}"), section, where,
                 "pyodide-http: the same, JSPI on" if path == "jspi"
                 else "pyodide-http: patch_urllib() + urlopen",
                 op, f"{prefix}_pyodide_http_urlopen", exact=False,
                 target=Target(urlopen, least=FASTER_MAIN_NO_JSPI) if judged else Target(urlopen),
                 note="over ours: urlopen. patch_urllib() is the urllib half of its patch_all() "
                 "(the requests half would change the urllib3 rows); it always uses a sync XHR"),
            Spec(key(f"bridge_requests_{path}"), section, where,
                 f"ours: requests.get().content, {how}", op, f"{prefix}_bridge_requests",
                 transport=transport, note="the adapter of patch_all(); its target is on the "
                 "row of requests on urllib3's backend"),
        ]  # fmt: skip
        if path == "jspi":
            specs.append(
                Spec(key("requests_jspi"), section, where, "requests on urllib3's backend, JSPI",
                     op, f"{prefix}_requests", exact=False,
                     target=Target(key("bridge_requests_jspi"), least=1.0),
                     note="requests unpatched; urllib3 runs fetch on JSPI itself")
            )  # fmt: skip
    return specs


def _stream() -> list[Spec]:
    """Issue 16: a STREAM_MIB MiB body read 1 MiB at a time through urlopen on JSPI must never
    be held whole. Both rows come from one read in a Pyodide booted for it (bench/run.py)."""
    note = "pyodide._module.HEAP8.length after the loop minus before it (it only grows)"
    return [
        Spec("page/stream/urlopen_growth", "stream", "page",
             "ours: WebAssembly memory growth, MiB", "py", "stream_urlopen",
             target=Target(limit=32.0), transport="jspi", note=note),
        Spec("page/stream/urlopen_ms", "stream", "page", "ours: the whole read, ms (info)", "py",
             "stream_urlopen", transport="jspi"),
    ]  # fmt: skip


def _memory(where: str) -> list[Spec]:
    """Issue 20: how much one MEMORY_MIB MiB binary download grows the WebAssembly memory, on
    every path, each in a fresh interpreter, against the body (<= 1.10x: one copy and little
    more); the floor is `js.fetch` + `arrayBuffer` + `to_bytes()` (one copy into Python). On the
    page, where Chromium exposes it, the JS heap's peak over its start during the same download
    (section "jsheap"). The rows reuse the binary section's row functions."""
    body = f"{where}/memory/body"
    sync_transport = "xhr-main" if where == "page" else "xhr-worker"
    # (name, label, op, row function, transport): every path of `_binary`, the same functions
    paths = [
        ("js_fetch", "js.fetch arrayBuffer to_bytes()", "py", "bin_await_js_fetch", None),
        ("ours_async", "ours: async", "py", "bin_ours_async", "fetch"),
        ("ours_async_progress", "ours: async, progress bound", "py", "bin_ours_async_progress",
         "fetch"),
        ("ours_jspi", "ours: blocking, JSPI", "py", "bin_ours_blocking", "jspi"),
        ("ours_jspi_progress", "ours: blocking, JSPI, progress", "py",
         "bin_ours_blocking_progress", "jspi"),
        ("ours_xhr", "ours: blocking, sync XHR (no JSPI)", "pysync", "bin_ours_blocking",
         sync_transport),
        ("ours_xhr_progress", "ours: blocking, sync XHR, progress", "pysync",
         "bin_ours_blocking_progress", sync_transport),
    ]  # fmt: skip
    note = ("one copy into Python: the floor; pyodide._module.HEAP8.length after the download "
            "minus before it (it only grows)")
    specs = [
        Spec(body, "memory", where, f"the body: {MEMORY_MIB} MiB of /big", "", "",
             note=f"the {MEMORY_MIB} MiB every row below downloads and checks byte by byte"),
    ]  # fmt: skip
    for name, label, op, function, transport in paths:
        reference = name == "js_fetch"
        specs.append(
            Spec(f"{where}/memory/{name}", "memory", where, label, op, function,
                 floor=reference, target=Target(body) if reference else Target(body, 1.10),
                 transport=transport, note=note if reference else "")
        )  # fmt: skip
    if where == "page":  # performance.memory: Chromium's, not in Workers
        heap_note = ("sampled every 10 ms, Chromium refreshing it every 50 ms at best, and at the "
                     "end: a buffer collected in between is missed, so a run may see 0")
        specs += [
            Spec(f"page/jsheap/{name}", "jsheap", "page", f"Chromium: {label}", op, function,
                 floor=name == "js_fetch", transport=transport,
                 note=heap_note if name == "js_fetch" else "")
            for name, label, op, function, transport in paths
        ]  # fmt: skip
    return specs


def _latency(where: str) -> list[Spec]:
    def key(name: str) -> str:
        return f"{where}/latency/{name}"

    sync_transport = "xhr-main" if kind(where) == "page" else "xhr-worker"
    return [
        Spec(key("js_fetch"), "latency", where, "JS fetch (no Python: the floor)", "js",
             "fetchText", floor=True),
        Spec(key("js_sync_xhr"), "latency", where, "JS sync XHR (no Python)", "js",
             "syncXhrText"),
        Spec(key("await_js_fetch"), "latency", where, "await js.fetch from Python", "py",
             "lat_await_js_fetch"),
        Spec(key("pyfetch"), "latency", where, "pyodide.http.pyfetch", "py", "lat_pyfetch"),
        Spec(key("pyxhr"), "latency", where, "pyodide.http.pyxhr", "pysync", "lat_pyxhr"),
        Spec(key("raw_sync_xhr"), "latency", where, "raw sync XHR from Python", "pysync",
             "lat_raw_sync_xhr"),
        Spec(key("jspi_fetch"), "latency", where, "JSPI run_sync(js.fetch)", "py",
             "lat_jspi_fetch"),
        Spec(key("ours_async"), "latency", where, "ours: async", "py", "lat_ours_async",
             target=Target(key("await_js_fetch"), 1.10), transport="fetch"),
        Spec(key("ours_jspi"), "latency", where, "ours: blocking, JSPI", "py",
             "lat_ours_blocking", target=Target(key("jspi_fetch"), 1.10), transport="jspi",
             note="target set here by analogy; the issue gives none for this row"),
        Spec(key("ours_xhr"), "latency", where, "ours: blocking, sync XHR (no JSPI)", "pysync",
             "lat_ours_blocking", target=Target(key("raw_sync_xhr"), 1.10),
             transport=sync_transport),
    ]  # fmt: skip


def _binary(where: str) -> list[Spec]:
    def key(name: str) -> str:
        return f"{where}/binary/{name}"

    floor = key("js_fetch")
    specs = [
        Spec(floor, "binary", where, "JS fetch arrayBuffer (no Python: the floor)", "js",
             "fetchBytes", floor=True),
        Spec(key("await_js_fetch"), "binary", where, "await js.fetch + to_bytes() from Python",
             "py", "bin_await_js_fetch"),
        Spec(key("pyfetch"), "binary", where, "pyodide.http.pyfetch .bytes()", "py",
             "bin_pyfetch"),
        Spec(key("pyxhr"), "binary", where, "pyodide.http.pyxhr .content", "pysync",
             "bin_pyxhr", exact=False,
             note="not byte-exact: it returns responseText.encode('utf-8')"),
        Spec(key("jspi_fetch"), "binary", where, "JSPI run_sync(js.fetch) + to_bytes()", "py",
             "bin_jspi_fetch"),
    ]  # fmt: skip
    if kind(where) != "worker":  # a document, or Node (whose XHR rows plan() leaves out)
        sync_floor = key("js_sync_xhr_xud")
        specs += [
            Spec(sync_floor, "binary", where, "JS sync XHR x-user-defined (no Python)", "js",
                 "syncXhrUserDefined",
                 note="the floor of the main-thread blocking path: send() decodes the body"),
            Spec(key("js_sync_xhr_xud_loop"), "binary", where,
                 "JS sync XHR x-user-defined + JS byte loop", "js", "syncXhrUserDefinedBytes"),
            Spec(key("raw_sync_xhr"), "binary", where,
                 "raw sync XHR from Python, utf-16-le[::2]", "pysync", "bin_raw_sync_xhr_utf16"),
        ]  # fmt: skip
        blocking_xhr_target = Target(sync_floor, 1.15)
        jspi_target = Target(floor, 1.3)
    else:
        specs += [
            Spec(key("js_sync_xhr_ab"), "binary", where, "JS sync XHR arraybuffer (no Python)",
                 "js", "syncXhrArrayBuffer"),
            Spec(key("raw_sync_xhr"), "binary", where, "raw sync XHR arraybuffer from Python",
                 "pysync", "bin_raw_sync_xhr_arraybuffer"),
        ]  # fmt: skip
        blocking_xhr_target = jspi_target = Target(floor, 1.6)
    fetch_row = key("await_js_fetch")
    sync_transport = "xhr-main" if kind(where) == "page" else "xhr-worker"
    specs += [
        Spec(key("ours_async"), "binary", where, "ours: async", "py", "bin_ours_async",
             target=Target(fetch_row, 1.10), transport="fetch"),
        Spec(key("ours_async_progress"), "binary", where, "ours: async, progress bound", "py",
             "bin_ours_async_progress", target=Target(fetch_row, 1.10), transport="fetch"),
        Spec(key("ours_jspi"), "binary", where, "ours: blocking, JSPI", "py",
             "bin_ours_blocking", target=jspi_target, transport="jspi"),
        Spec(key("ours_jspi_progress"), "binary", where, "ours: blocking, JSPI, progress", "py",
             "bin_ours_blocking_progress", target=jspi_target, transport="jspi"),
        Spec(key("ours_xhr"), "binary", where, "ours: blocking, sync XHR (no JSPI)", "pysync",
             "bin_ours_blocking", target=blocking_xhr_target, transport=sync_transport),
        Spec(key("ours_xhr_progress"), "binary", where, "ours: blocking, sync XHR, progress",
             "pysync", "bin_ours_blocking_progress", target=blocking_xhr_target,
             transport=sync_transport),
    ]  # fmt: skip
    return specs


def _concurrency(where: str) -> list[Spec]:
    def key(name: str) -> str:
        return f"{where}/concurrency/{name}"

    return [
        Spec(key("js_fetch"), "concurrency", where, "JS fetch, Promise.all (the floor)", "js",
             "fetchConcurrent", floor=True),
        Spec(key("await_js_fetch"), "concurrency", where, "await js.fetch, asyncio.gather",
             "py", "conc_await_js_fetch"),
        Spec(key("ours_async"), "concurrency", where, "ours: async, asyncio.gather", "py",
             "conc_ours_async", target=Target(key("js_fetch"), 1.05), transport="fetch"),
    ]  # fmt: skip


def plan(
    sections: tuple[str, ...] = SECTIONS, peers: bool = False, wheres: Iterable[str] = EVERYWHERE
) -> list[Spec]:
    """The timed rows of the runtimes `wheres`, in EVERYWHERE's order within each section. The
    peers, the bridge, the streamed read and the memory rows are Chromium's only."""
    builders = {"latency": _latency, "binary": _binary, "concurrency": _concurrency,
                "memory": _memory}  # fmt: skip
    specs = []
    for section in sections:
        if section == "stream":
            specs += _stream()
            continue
        for where in (where for where in EVERYWHERE if where in wheres):
            if section == "memory" and where not in WHERE:
                continue
            rows = builders[section](where)
            if kind(where) == "node":
                rows = [spec for spec in rows if not _needs_xhr(spec)]
            specs += rows
            if where not in WHERE:
                continue
            if peers and section in ("latency", "binary"):
                specs += _peers(where, section)
            if section in ("latency", "binary"):
                specs += _bridge(where, section, peers)
    return specs


def select(specs: list[Spec], patterns: Iterable[str]) -> list[Spec]:
    """The rows whose key matches one of the glob `patterns` (`*/binary/bridge_*`), with what
    their verdicts need: the reference rows, transitively, the rows judged against a matched row
    and the floor of each section and runtime kept. Plan order is kept."""
    patterns = list(patterns)
    by_key = {spec.key: spec for spec in specs}
    matched = {s.key for s in specs if any(fnmatch.fnmatchcase(s.key, p) for p in patterns)}
    keep = set(matched)
    keep |= {s.key for s in specs if s.target is not None and s.target.ref in matched}
    todo = list(keep)
    while todo:
        spec = by_key[todo.pop()]
        ref = spec.target.ref if spec.target is not None else None
        if ref is not None and ref in by_key and ref not in keep:
            keep.add(ref)
            todo.append(ref)
    places = {(by_key[k].section, by_key[k].where) for k in keep}
    keep |= {s.key for s in specs if s.floor and (s.section, s.where) in places}
    return [spec for spec in specs if spec.key in keep]


def run_order(specs: list[Spec]) -> list[Spec]:
    """The order in which one round measures the rows: the plan's, except that each row with a
    ratio target runs right after its reference row, so the two samples that form a ratio are
    taken seconds apart at most (load on a shared machine comes in bursts)."""
    dependents: dict[str, list[Spec]] = {}
    for spec in specs:
        if spec.target is not None and spec.target.ref is not None:
            dependents.setdefault(spec.target.ref, []).append(spec)
    keys = {spec.key for spec in specs}
    order: list[Spec] = []
    placed: set[str] = set()

    def place(spec: Spec) -> None:
        if spec.key in placed:
            return
        placed.add(spec.key)
        order.append(spec)
        # The rows nothing is measured against come first, so that a row with dependents of
        # its own (ours_xhr -> the bridge's urlopen -> pyodide-http) and its whole chain follow.
        ahead = dependents.get(spec.key, [])
        for dependent in sorted(ahead, key=lambda d: d.key in dependents):
            place(dependent)

    for spec in specs:
        ref = spec.target.ref if spec.target is not None else None
        if ref is None or ref not in keys:
            place(spec)
    for spec in specs:  # rows whose reference comes later in the plan, or is itself a target
        place(spec)
    return order
