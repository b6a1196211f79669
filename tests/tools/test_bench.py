"""The pure half of `make bench`: verdicts, ratios, the table and the JSON (bench/report.py),
and the consistency of the plan (bench/plan.py). The browser half is `make bench` itself."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bench.plan import (
    ENGINES,
    EVERYWHERE,
    FASTER_MAIN_NO_JSPI,
    FRESH,
    MEMORY_MIB,
    SECTIONS,
    WHERE,
    engine_of,
    kind,
    plan,
    run_order,
    select,
)
from bench.report import (
    Row,
    Spec,
    Target,
    as_json,
    format_summary,
    format_table,
    ratio,
    verdict,
)

META = {"browser": "Chromium 1", "pyodide": "0.0", "cpus": 2, "load": "0.1", "reps": 3, "n": 300}


def spec(key: str, **kw: object) -> Spec:
    defaults: dict[str, object] = {
        "section": "latency",
        "where": "page",
        "label": key,
        "op": "py",
        "name": key,
    }
    defaults.update(kw)
    return Spec(key, **defaults)  # type: ignore[arg-type]


def row(
    s: Spec, *per_op_ms: float, n: int = 1, exact: bool = True, transport: str | None = None
) -> Row:
    r = Row(s)
    for ms in per_op_ms:
        r.add(ms * n, n, exact, transport)
    return r


def rows_by_key(*rows: Row) -> dict[str, Row]:
    return {r.spec.key: r for r in rows}


def test_samples_are_per_operation_and_the_value_is_their_median() -> None:
    r = Row(spec("a"))
    r.add(300.0, 100, True)  # 3 ms per request
    r.add(900.0, 100, True)  # an outlier run
    r.add(310.0, 100, True)
    assert r.samples == [3.0, 9.0, 3.1]
    assert r.value == 3.1


def test_a_ratio_target_is_ok_up_to_the_ratio_and_missed_beyond() -> None:
    ref = row(spec("ref"), 2.0)
    fast = row(spec("fast", target=Target("ref", 1.10)), 2.2)
    slow = row(spec("slow", target=Target("ref", 1.10)), 2.3)
    rows = rows_by_key(ref, fast, slow)
    assert ratio(fast, rows, "ref") == pytest.approx(1.1)
    assert verdict(fast, rows) == "ok"
    assert verdict(slow, rows) == "MISSED"


def test_a_limit_target_compares_the_value_itself() -> None:
    under = row(spec("imp", section="import", target=Target(limit=20.0)), 19.9)
    over = row(spec("imp2", section="import", target=Target(limit=20.0)), 20.0)
    rows = rows_by_key(under, over)
    assert (verdict(under, rows), verdict(over, rows)) == ("ok", "MISSED")


def test_a_plus_target_bounds_the_difference_to_its_reference_in_ms() -> None:
    ref = row(spec("js", section="first"), 40.0, 44.0, 42.0)
    close = row(spec("ours", section="first", target=Target("js", plus=10.0)), 50.0, 52.0, 51.0)
    far = row(spec("far", section="first", target=Target("js", plus=10.0)), 60.0)
    rows = rows_by_key(ref, close, far)
    assert (verdict(close, rows), verdict(far, rows)) == ("ok", "MISSED")
    labels = {"js": "import js + first js.fetch"}
    assert close.spec.target is not None
    assert close.spec.target.describe(labels) == "<= import js + first js.fetch + 10 ms"
    assert "+9.0 ms" in format_summary([ref, close, far])
    assert as_json([ref, close], META)["rows"][1]["target"]["got"] == pytest.approx(9.0)


def test_a_fast_wrong_answer_never_passes() -> None:
    ref = row(spec("ref"), 2.0)
    wrong_body = row(spec("a", target=Target("ref", 1.1)), 1.0, exact=False)
    wrong_path = row(spec("b", target=Target("ref", 1.1), transport="jspi"), 1.0, transport="fetch")
    rows = rows_by_key(ref, wrong_body, wrong_path)
    assert verdict(wrong_body, rows) == "WRONG"
    assert verdict(wrong_path, rows) == "WRONG"


def test_a_row_known_not_to_be_exact_is_reported_not_failed() -> None:
    r = row(spec("pyxhr", exact=False), 5.0, exact=False)
    assert verdict(r, rows_by_key(r)) == ""
    assert "NO" in format_table([r], META)


def test_errors_and_a_failed_reference_give_no_verdict() -> None:
    broken = Row(spec("ref"))
    broken.error = "Error: boom"
    ours = row(spec("ours", target=Target("ref", 1.1)), 1.0)
    rows = rows_by_key(broken, ours)
    assert verdict(broken, rows) == "ERROR"
    assert verdict(ours, rows) == "ERROR"


def test_the_table_shows_ratio_to_floor_target_and_status() -> None:
    floor = row(spec("floor", label="JS fetch", floor=True), 2.0)
    ref = row(spec("ref", label="await js.fetch"), 3.0)
    ours = row(spec("ours", label="ours: async", target=Target("ref", 1.10)), 3.6)
    table = format_table([floor, ref, ours], META)
    line = next(line for line in table.splitlines() if "ours: async" in line)
    assert "3.60" in line  # the median
    assert "1.80" in line  # x floor: 3.6 / 2.0
    assert "1.20x" in line  # got: 3.6 / 3.0
    assert "MISSED" in line and "<= 1.10x await js.fetch" in line
    assert "Latency: 300 sequential GETs" in table
    assert table.rstrip().endswith("targets: 0 ok, 1 MISSED, 0 WRONG, 0 ERROR")


def test_the_json_carries_samples_ratios_and_status() -> None:
    floor = row(spec("floor", floor=True), 2.0, 2.2)
    ours = row(spec("ours", target=Target("floor", 1.2), transport="fetch"), 2.1, transport="fetch")
    data = json.loads(json.dumps(as_json([floor, ours], META)))
    first, second = data["rows"]
    assert first["status"] == "floor" and first["samples"] == [2.0, 2.2]
    assert second["target"]["got"] == pytest.approx(2.1 / 2.1)
    assert second["x_floor"] == pytest.approx(1.0)
    assert second["transports"] == ["fetch"] and second["status"] == "ok"
    assert data["summary"]["ok"] == 1


def test_the_plan_is_consistent() -> None:
    specs = plan()
    keys = [s.key for s in specs]
    assert len(keys) == len(set(keys)), "duplicate row keys"
    by_key = dict(zip(keys, specs, strict=True))
    for s in specs:
        if s.target is not None and s.target.ref is not None:
            ref = by_key[s.target.ref]  # the reference exists ...
            assert (ref.where, ref.section) == (s.where, s.section)  # ... in the same runtime
        assert s.op in ("js", "py", "pysync") or s.key.endswith("/memory/body")  # not measured
    for where in EVERYWHERE:
        for section in ("latency", "binary", "concurrency"):
            floors = [s for s in specs if s.floor and s.where == where and s.section == section]
            assert len(floors) == 1, (where, section)
    ours = [s for s in specs if s.label.startswith("ours")]
    assert ours and all(s.transport for s in ours), "every row of ours checks its transport"
    long = [s.label for s in plan(peers=True) if len(s.label) > 44]
    assert not long, f"labels wider than the table's row column: {long}"


def test_ratios_pair_the_runs_of_one_round() -> None:
    # Round 2 ran during a burst of load that slowed both rows: paired ratios ignore it.
    ref = row(spec("ref"), 2.0, 6.0, 2.0)
    ours = row(spec("ours", target=Target("ref", 1.10)), 2.1, 6.3, 2.1)
    assert ratio(ours, rows_by_key(ref, ours), "ref") == pytest.approx(1.05)
    lone = row(spec("lone"), 3.0)  # unequal sample counts: ratio of the medians
    assert ratio(lone, rows_by_key(ref, lone), "ref") == pytest.approx(1.5)


@pytest.mark.parametrize("peers", [False, True])
def test_each_target_row_runs_right_after_its_reference(peers: bool) -> None:
    specs = plan(peers=peers)
    order = run_order(specs)
    assert sorted(s.key for s in order) == sorted(s.key for s in specs)  # nothing lost or doubled
    position = {s.key: i for i, s in enumerate(order)}
    for s in specs:
        if s.target is not None and s.target.ref is not None:
            between = order[position[s.target.ref] + 1 : position[s.key]]
            # only other rows measured against the same reference may sit in between
            assert all(o.target is not None and o.target.ref == s.target.ref for o in between), (
                s.key
            )


def test_the_summary_lists_only_rows_with_a_target() -> None:
    floor = row(spec("floor", label="JS fetch", floor=True), 2.0)
    ours = row(spec("ours", label="ours: async", target=Target("floor", 1.10)), 2.1)
    size = row(spec("size", section="size", label="wheel", target=Target(limit=40.0)), 41.0)
    lines = format_summary([floor, ours, size]).splitlines()
    assert lines[0].startswith("| where | row |") and len(lines) == 4
    assert lines[2] == "| page | latency: ours: async | 2.10 | 1.05x | <= 1.10x JS fetch | ok |"
    assert lines[3] == "| page | size: wheel | 41.00 | - | < 40 | MISSED |"


def test_an_at_least_target_is_ok_from_its_ratio_up() -> None:
    # A peer's row says "ours is at least 1.8x faster": the peer over ours must be >= 1.8.
    ours = row(spec("ours", label="ours: urlopen"), 100.0, 110.0, 100.0)
    target = Target("ours", least=1.8)
    slow_peer = row(spec("peer", target=target), 200.0, 190.0, 180.0)
    close_peer = row(spec("close", target=target), 170.0, 200.0, 170.0)
    rows = rows_by_key(ours, slow_peer, close_peer)
    assert ratio(slow_peer, rows, "ours") == pytest.approx(1.8)
    assert (verdict(slow_peer, rows), verdict(close_peer, rows)) == ("ok", "MISSED")
    assert target.describe({"ours": "ours: urlopen"}) == ">= 1.80x ours: urlopen"
    line = format_summary([ours, slow_peer]).splitlines()[2]
    assert line == "| page | latency: peer | 190 | 1.80x | >= 1.80x ours: urlopen | ok |"
    data = as_json([ours, slow_peer, close_peer], META)
    assert data["rows"][1]["target"]["least"] == 1.8
    assert data["rows"][1]["target"]["got"] == pytest.approx(1.8)
    assert data["summary"] == {"ok": 1, "MISSED": 1, "WRONG": 0, "ERROR": 0}
    broken = Row(spec("ours"))
    broken.error = "Error: boom"
    assert verdict(slow_peer, rows_by_key(broken, slow_peer)) == "ERROR"


def test_a_reference_alone_shows_the_ratio_without_a_verdict() -> None:
    ours = row(spec("ours", label="ours: urlopen"), 100.0)
    peer = row(spec("peer", label="peer", target=Target("ours")), 300.0)
    rows = rows_by_key(ours, peer)
    assert peer.spec.target is not None and peer.spec.target.info
    assert not Target("ours", 1.05).info and not Target(limit=3.0).info
    assert verdict(peer, rows) == ""
    line = next(line for line in format_table([ours, peer], META).splitlines() if "peer" in line)
    assert "3.00x" in line and "info: x ours: urlopen" in line
    assert "MISSED" not in line and " ok " not in line
    data = as_json([ours, peer], META)
    assert data["rows"][1]["status"] == "info"
    assert data["rows"][1]["target"]["got"] == pytest.approx(3.0)
    assert data["summary"] == {"ok": 0, "MISSED": 0, "WRONG": 0, "ERROR": 0}
    # still a fast wrong answer is WRONG
    wrong = row(spec("wrong", target=Target("ours"), transport="jspi"), 1.0, transport="xhr-main")
    assert verdict(wrong, rows_by_key(ours, wrong)) == "WRONG"


def test_the_bridge_rows_of_issue_16() -> None:
    """urlopen and requests after patch_all() on the page without JSPI, with JSPI and in the
    Worker, each against our own blocking get there and against the peers, same run."""
    specs = {s.key: s for s in plan(peers=True)}
    places = [("page", "xhr", "xhr-main", "pysync", "ours_xhr"),
              ("page", "jspi", "jspi", "py", "ours_jspi"),
              ("worker", "xhr", "xhr-worker", "pysync", "ours_xhr")]  # fmt: skip
    for section in ("latency", "binary"):
        prefix = "lat" if section == "latency" else "bin"
        for where, path, transport, op, ours in places:
            base = f"{where}/{section}/"
            urlopen = specs[base + f"bridge_urlopen_{path}"]
            assert (urlopen.op, urlopen.transport) == (op, transport)
            assert urlopen.name == f"{prefix}_bridge_urlopen"
            assert urlopen.target == Target(base + ours, 1.05)
            assert specs[base + ours].op == op  # ours on the same path
            main_no_jspi = (where, path) == ("page", "xhr")
            pyodide_http = specs[base + f"pyodide_http_urlopen_{path}"]
            assert (pyodide_http.op, pyodide_http.name) == (op, f"{prefix}_pyodide_http_urlopen")
            assert pyodide_http.target == (
                Target(urlopen.key, least=FASTER_MAIN_NO_JSPI) if main_no_jspi
                else Target(urlopen.key)  # info elsewhere
            )  # fmt: skip
            requests_ours = specs[base + f"bridge_requests_{path}"]
            assert (requests_ours.op, requests_ours.transport) == (op, transport)
            urllib3 = specs[base + ("requests" if path == "xhr" else "requests_jspi")]
            assert (urllib3.op, urllib3.name) == (op, f"{prefix}_requests")
            least = FASTER_MAIN_NO_JSPI if main_no_jspi else 1.0  # 1.0: no slower
            assert urllib3.target == Target(requests_ours.key, least=least)
    assert FASTER_MAIN_NO_JSPI == 1.8
    # without the peer wheels: our urlopen rows stay, every row needing a peer goes
    bare = {s.key for s in plan(peers=False)}
    assert "page/binary/bridge_urlopen_xhr" in bare
    assert not any("requests" in k or "pyodide_http" in k for k in bare)


def test_the_streamed_read_has_a_memory_limit_and_runs_on_jspi() -> None:
    stream = [s for s in plan(peers=True) if s.section == "stream"]
    assert [s.key for s in stream] == ["page/stream/urlopen_growth", "page/stream/urlopen_ms"]
    assert all((s.op, s.transport, s.name) == ("py", "jspi", "stream_urlopen") for s in stream)
    assert stream[0].target == Target(limit=32.0) and stream[1].target is None
    assert "stream" in SECTIONS and plan(("stream",)) == stream


def test_a_subset_keeps_what_its_verdicts_need() -> None:
    specs = plan(peers=True)
    chosen = select(specs, ["page/binary/bridge_urlopen_xhr"])
    keys = [s.key for s in chosen]
    assert keys == [s.key for s in specs if s.key in set(keys)]  # plan order kept
    assert set(keys) == {
        "page/binary/bridge_urlopen_xhr",
        "page/binary/ours_xhr",  # its reference ...
        "page/binary/js_sync_xhr_xud",  # ... and that one's
        "page/binary/pyodide_http_urlopen_xhr",  # judged against it
        "page/binary/js_fetch",  # the floor of its section and runtime
    }
    every_bridge = select(specs, ["*bridge*", "page/stream/*"])
    by_key = {s.key: s for s in every_bridge}
    for s in every_bridge:
        assert s.target is None or s.target.ref is None or s.target.ref in by_key
    assert "worker/latency/requests" in by_key and "page/stream/urlopen_growth" in by_key
    assert "page/concurrency/js_fetch" not in by_key
    assert select(specs, ["no/such/row"]) == []


def test_a_subset_run_names_itself_and_keeps_off_the_full_runs_artifacts(tmp_path: Path) -> None:
    from bench import run

    (tmp_path / "pyodide.mjs").write_text("", encoding="utf-8")
    dist = ["--dist", str(tmp_path)]
    with pytest.raises(SystemExit):  # the default --out is the full run's bench.json
        run.parse_args([*dist, "--rows", "*bridge*"])
    args = run.parse_args([*dist, "--rows", "*bridge*", "--out", str(tmp_path / "sub.json")])
    assert args.rows == ["*bridge*"] and run.parse_args(dist).rows is None
    meta = {"started": "2026-12-04T19:24:00Z", "machine": "2 cores", "load": "0.1",
            "load_end": "0.2", "reps": 3, "seconds": 60.0}  # fmt: skip
    assert run.run_header(meta).endswith("60 s in all.")
    subset = run.run_header({**meta, "selected": ["*bridge*", "page/stream/*"]})
    assert subset.endswith("60 s in all. A subset: the rows matching *bridge*, page/stream/*.")


def test_the_other_engines_have_chromiums_rows_and_targets_against_their_own_floors() -> None:
    """Issue 20: Firefox's page and Worker, Node 24; each row against a row of its own runtime
    (test_the_plan_is_consistent), with the target of the same row in Chromium's runtime of the
    same kind. Node has no XMLHttpRequest: no row of it needs one. Peers, bridge, stream and
    import rows stay Chromium's."""
    assert EVERYWHERE == ("page", "worker", "firefox-page", "firefox-worker", "node24")
    assert [kind(w) for w in EVERYWHERE] == ["page", "worker", "page", "worker", "node"]
    assert [engine_of(w) for w in EVERYWHERE] == ["chromium"] * 2 + ["firefox"] * 2 + ["node24"]
    specs = plan(peers=True)
    by_key = {s.key: s for s in specs}

    def same_row_in(where: str, s: Spec) -> str:
        return f"{where}/{s.section}/{s.key.split('/', 2)[2]}"

    for where, like in [("firefox-page", "page"), ("firefox-worker", "worker"), ("node24", "page")]:
        rows = [s for s in specs if s.where == where]
        assert {s.section for s in rows} == {"latency", "binary", "concurrency"}
        for s in rows:
            chromium = by_key[same_row_in(like, s)]
            assert (s.op, s.name, s.transport, s.floor) == (
                chromium.op, chromium.name, chromium.transport, chromium.floor
            )  # fmt: skip
            if chromium.target is None:
                assert s.target is None
            else:
                assert s.target is not None and s.target.ratio == chromium.target.ratio
                assert s.target.ref == same_row_in(where, by_key[chromium.target.ref])
    node = {s.key.split("/", 1)[1] for s in specs if s.where == "node24"}
    assert not any(s.op == "pysync" or s.name.startswith("syncXhr")
                   for s in specs if s.where == "node24")  # fmt: skip
    assert {"latency/ours_async", "latency/ours_jspi", "binary/ours_jspi_progress",
            "concurrency/ours_async"} <= node  # fmt: skip
    assert "latency/ours_xhr" not in node and "binary/js_sync_xhr_xud" not in node
    # the first round's targets: JSPI's 32 MiB <= 1.3x the JS floor in Node as on a page
    assert by_key["node24/binary/ours_jspi"].target == Target("node24/binary/js_fetch", 1.3)
    assert by_key["firefox-worker/binary/ours_xhr"].target == Target(
        "firefox-worker/binary/js_fetch", 1.6
    )
    assert not any(s.where not in WHERE for s in specs if s.section not in
                   ("latency", "binary", "concurrency") or "bridge" in s.key)  # fmt: skip


def test_an_engine_left_out_takes_its_rows_and_only_those() -> None:
    without = plan(peers=True, wheres=[*WHERE, *ENGINES["node24"]])  # no Firefox here
    assert {s.where for s in without} == {"page", "worker", "node24"}
    assert [s for s in plan(peers=True) if s.where != "firefox-page"
            and s.where != "firefox-worker"] == without  # fmt: skip


def test_the_table_and_summary_show_every_engine() -> None:
    floor = row(spec("firefox-worker/latency/js_fetch", where="firefox-worker", floor=True), 2.0)
    ours = row(spec("firefox-worker/latency/ours_async", where="firefox-worker",
                    label="ours: async", target=Target(floor.spec.key, 1.10)), 2.1)  # fmt: skip
    node = row(spec("node24/latency/ours_async", where="node24", label="ours: async",
                    target=Target(floor.spec.key, 1.10)), 2.5)  # fmt: skip
    table = format_table([floor, ours, node], META).splitlines()
    header = next(line for line in table if line.lstrip().startswith("where"))
    line = next(line for line in table if "firefox-worker ours: async" in line)
    assert line.index("ours: async") == header.index("row")  # the where column fits
    assert line.index("2.10") < header.index("median") + len("median")
    summary = format_summary([floor, ours, node]).splitlines()
    assert summary[2].startswith("| firefox-worker | latency: ours: async | 2.10 | 1.05x |")
    assert summary[3].startswith("| node24 | latency: ours: async | 2.50 | 1.25x |")


def test_engines_not_installed_are_named_with_their_make_target(tmp_path: Path) -> None:
    from bench.engines import missing

    nowhere = str(tmp_path / "none")
    assert missing("chromium", nowhere, nowhere) is None
    assert missing("firefox", nowhere, nowhere) == f"no Firefox ESR at {nowhere} (`make firefox`)"
    assert missing("node24", nowhere, nowhere) == f"no Node 24 at {nowhere} (`make node24`)"


FAKE_NODE = """#!{python}
import json, sys
print("Loading what Pyodide prints")
print("BENCH " + json.dumps({{"value": {{"node": "{version}", "pyodide": "0", "bootMs": 1}}}}))
sys.stdout.flush()
for line in sys.stdin:
    request = json.loads(line)
    print("printed by a row")
    print("BENCH " + json.dumps({{"error": "Error: boom"}} if request["op"] == "bad"
                                else {{"value": request}}))
    sys.stdout.flush()
"""


def fake_node(tmp_path: Path, version: str) -> str:
    """A stand-in for `node bench/node_host.mjs`: its protocol, with noise on stdout."""
    import sys

    path = tmp_path / f"node-{version}"
    path.write_text(FAKE_NODE.format(python=sys.executable, version=version), encoding="utf-8")
    path.chmod(0o755)
    return str(path)


def test_the_node_host_protocol_skips_what_rows_print(tmp_path: Path) -> None:
    from bench.engines import EngineError, NodeHost

    host = NodeHost(fake_node(tmp_path, "v24.21.0"), tmp_path, "http://127.0.0.1:1")
    try:
        assert host.version == "Node v24.21.0"
        assert host.call("node24", {"op": "js", "name": "fetchText"}) == {
            "op": "js",
            "name": "fetchText",
        }
        with pytest.raises(EngineError, match="Error: boom"):
            host.call("node24", {"op": "bad"})
        assert host.call("node24", {"op": "py"}) == {"op": "py"}  # still in step
    finally:
        host.close()
    assert host.proc.returncode == 0  # it ended with its input
    with pytest.raises(EngineError, match="is Node v20.1.0, not Node 24"):
        NodeHost(fake_node(tmp_path, "v20.1.0"), tmp_path, "http://127.0.0.1:1")


def test_the_memory_rows_of_issue_20() -> None:
    """A 64 MiB binary download on every path, page and Worker, each in a fresh interpreter:
    the WebAssembly memory's growth against the body (<= 1.10x), the floor js.fetch +
    arrayBuffer + to_bytes(); on the page also the JS heap's peak (Chromium only)."""
    specs = {s.key: s for s in plan(peers=True)}
    paths = {"ours_async": ("py", "bin_ours_async", "fetch"),
             "ours_async_progress": ("py", "bin_ours_async_progress", "fetch"),
             "ours_jspi": ("py", "bin_ours_blocking", "jspi"),
             "ours_jspi_progress": ("py", "bin_ours_blocking_progress", "jspi"),
             "ours_xhr": ("pysync", "bin_ours_blocking", "xhr"),
             "ours_xhr_progress": ("pysync", "bin_ours_blocking_progress", "xhr")}  # fmt: skip
    for where in ("page", "worker"):
        body = specs[f"{where}/memory/body"]
        assert f"{MEMORY_MIB} MiB" in body.label and body.target is None and not body.name
        floor = specs[f"{where}/memory/js_fetch"]
        assert floor.floor and floor.target == Target(body.key)  # its ratio, shown
        assert (floor.op, floor.name) == ("py", "bin_await_js_fetch")
        for name, (op, function, transport) in paths.items():
            ours = specs[f"{where}/memory/{name}"]
            assert (ours.op, ours.name, ours.target) == (op, function, Target(body.key, 1.10))
            assert ours.transport is not None and ours.transport.startswith(transport)
            heap = specs.get(f"{where}/jsheap/{name}")
            if where == "worker":  # no performance.memory in Workers
                assert heap is None
                continue
            assert heap is not None and heap.label.startswith("Chromium")
            assert (heap.op, heap.name, heap.transport, heap.target) == (
                op, function, ours.transport, None)  # fmt: skip
    assert specs["worker/memory/ours_xhr"].transport == "xhr-worker"
    assert "memory" in SECTIONS and {"stream", "memory", "jsheap"} == set(FRESH)
    chosen = {s.key for s in select(list(specs.values()), ["worker/memory/ours_xhr"])}
    assert chosen == {"worker/memory/ours_xhr", "worker/memory/body", "worker/memory/js_fetch"}


def test_a_memory_row_warms_up_on_1_mib_then_watches_the_big_download() -> None:
    import argparse

    from bench import run

    bench = run.Bench(None, {"big": "http://x/big?n="}, argparse.Namespace())  # type: ignore[arg-type]
    spec = next(s for s in plan() if s.key == "page/memory/ours_xhr")
    warm, measured = (bench.request_for(spec, warmup) for warmup in (True, False))
    assert warm["op"] == measured["op"] == "pysync"  # runPython: no JSPI
    assert f"n={run.MiB}'" in warm["code"] and not warm["memory"]
    assert f"n={MEMORY_MIB * run.MiB}'" in measured["code"] and measured["memory"]
