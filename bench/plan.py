"""Which rows `make bench` measures, in which runtime, against which target (issue 6).

Keys are `<where>/<section>/<name>`; a target names its reference row by key, always in the
same runtime, so every ratio compares two numbers taken in the same run and the same realm.
"""

from __future__ import annotations

from .report import Spec, Target

__all__ = ["PEERS", "WHERE", "plan", "run_order"]

WHERE = ("page", "worker")
# Optional rows: peers from their pure PyPI wheels (in the dist lock only when `make bench`
# could download them). Run without JSPI (runPython), on the synchronous XHR path their
# Emscripten backends share with our blocking-XHR row.
PEERS = {"urllib3": "urllib3", "requests": "requests", "pyodide_http": "pyodide-http"}


def _peers(where: str, section: str) -> list[Spec]:
    prefix = "lat" if section == "latency" else "bin"
    return [
        Spec(f"{where}/{section}/{name}", section, where, f"{package} (sync XHR, no JSPI)",
             "pysync", f"{prefix}_{name}", exact=False,
             note="" if section == "latency" else "byte-exact or not: see the exact column")
        for name, package in PEERS.items()
    ]  # fmt: skip


def _latency(where: str) -> list[Spec]:
    def key(name: str) -> str:
        return f"{where}/latency/{name}"

    sync_transport = "xhr-main" if where == "page" else "xhr-worker"
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
    if where == "page":
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
    sync_transport = "xhr-main" if where == "page" else "xhr-worker"
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
    sections: tuple[str, ...] = ("latency", "binary", "concurrency"), peers: bool = False
) -> list[Spec]:
    """The timed rows, page rows then Worker rows within each section."""
    builders = {"latency": _latency, "binary": _binary, "concurrency": _concurrency}
    specs = []
    for section in sections:
        for where in WHERE:
            specs += builders[section](where)
            if peers and section in ("latency", "binary"):
                specs += _peers(where, section)
    return specs


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
        for dependent in dependents.get(spec.key, []):
            place(dependent)

    for spec in specs:
        ref = spec.target.ref if spec.target is not None else None
        if ref is None or ref not in keys:
            place(spec)
    for spec in specs:  # rows whose reference comes later in the plan, or is itself a target
        place(spec)
    return order
