"""The leak check: 10,000 requests with callbacks, and Pyodide's own counters before and after
(`LEAK_FIGURES`, which test_faults.py writes to artifacts/leaks-<runtime>.json)."""

from __future__ import annotations

import asyncio
import gc
import sys
from typing import Any

import pyodide_ajax as ajax

from .faults import MiB, check
from .harness import Ctx

# --- leaks --------------------------------------------------------------------------------


def _memory() -> dict[str, Any]:
    """Pyodide's own accounting and the memory sizes, after a full collection."""
    import js
    import pyodide_js

    gc.collect()
    if hasattr(js, "gc"):  # Chromium with --js-flags=--expose-gc
        js.gc()
    module = pyodide_js._module
    figures: dict[str, Any] = {
        "js_refs_held_by_python": int(module._hiwire_num_refs()),
        "live_pyproxies": int(module.pyproxy_alloc_map.size),
        "wasm_memory_bytes": int(module.HEAP8.length),
        "live_ajax_objects": sum(isinstance(o, ajax.Ajax) for o in gc.get_objects()),
        "live_tasks": len(asyncio.all_tasks()) if _running_loop() else 0,
    }
    memory = getattr(getattr(js, "performance", None), "memory", None)
    if memory is not None:  # Chromium only
        figures["js_heap_used_bytes"] = int(memory.usedJSHeapSize)
    return figures


def _running_loop() -> bool:
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return False
    return True


LEAK_FIGURES: dict[str, Any] = {}


def assert_the_counters_count() -> None:
    """A control: one PyProxy and one held JS object must show in the counters, so that
    "no change" after 10,000 requests means no leak, not a counter that never moves."""
    import js
    from pyodide.ffi import create_proxy

    base = _memory()
    proxy = create_proxy(lambda: None)
    held = js.Object.new()
    during = _memory()
    proxy.destroy()
    del proxy, held
    after = _memory()
    assert during["live_pyproxies"] == base["live_pyproxies"] + 1, ("during", base, during)
    assert during["js_refs_held_by_python"] >= base["js_refs_held_by_python"] + 2, (
        "during", base, during,
    )  # fmt: skip
    assert after["live_pyproxies"] == base["live_pyproxies"], ("after", base, after)
    assert after["js_refs_held_by_python"] == base["js_refs_held_by_python"], ("after", base, after)


async def leak_check(ctx: Ctx, total: int, warmup: int = 300, batch: int = 50) -> dict[str, Any]:
    """`total` tiny requests, each with callbacks; returns before/after figures."""
    import pyodide_js

    pyodide_js._module.enable_pyproxy_allocation_tracing()
    assert_the_counters_count()
    counts = {"complete": 0, "loadend": 0, "progress": 0}

    def on_complete(req: ajax.Ajax) -> None:
        counts["complete"] += req.status == 200

    def on_loadend(event: Any) -> None:
        counts["loadend"] += 1

    def on_progress(event: Any) -> None:
        counts["progress"] += 1

    callbacks = (on_complete, on_loadend, on_progress)
    taken: set[str] = set()  # the transports the requests really went through

    async def requests(n: int, first: int) -> None:
        """Async: `batch` at a time; blocking: one after the other. Every other request
        listens to progress, which reads the body as a stream (another code path)."""
        step = 1 if ctx.blocking else batch
        for start in range(first, first + n, step):
            started = []
            for i in range(start, min(start + step, first + n)):
                kw: dict[str, Any] = {"oncomplete": on_complete, "onloadend": on_loadend}
                if i % 2:
                    kw["onprogress"] = on_progress
                url = ctx.url(f"/notjson?i={i}")
                started.append(ajax.get(url, blocking=ctx.blocking, cache=True, **kw))
            for req in started:
                await req
                taken.add(req.transport)
            del started

    await requests(warmup, 0)
    refcounts_before = [sys.getrefcount(cb) for cb in callbacks]
    before = _memory()
    await requests(total - warmup, warmup)
    await asyncio.sleep(0.1)
    after = _memory()
    refcounts_after = [sys.getrefcount(cb) for cb in callbacks]
    pyodide_js._module.disable_pyproxy_allocation_tracing()
    return {
        "requests": total,
        "transport": "+".join(sorted(taken)),
        "completed_ok": counts["complete"],
        "loadend_events": counts["loadend"],
        "callback_refcounts_before": refcounts_before,
        "callback_refcounts_after": refcounts_after,
        "before": before,
        "after": after,
    }


# 10,000 requests per browser runtime, half async, half blocking (JSPI and synchronous XHR):
# enough to show a per-request leak of even one proxy or a few bytes, within ~30 s of CI time.
LEAK_REQUESTS = {"async": 5_000, "jspi": 2_500, "xhr": 2_500}
# Node's fetch costs ~6 ms a request here (45 s for the browsers' 7,500), and the matrix has
# eight Node cells: 1,000 per variant there still turn a leak of one reference per request
# into 1,000 against the limit of 20.
NODE_LEAK_REQUESTS = 1_000


def assert_flat(figures: dict[str, Any]) -> None:
    before, after = figures["before"], figures["after"]
    n = figures["requests"]
    assert figures["completed_ok"] == n and figures["loadend_events"] == n, figures
    assert figures["callback_refcounts_after"] == figures["callback_refcounts_before"], figures
    assert after["live_ajax_objects"] <= before["live_ajax_objects"], figures
    assert after["live_pyproxies"] <= before["live_pyproxies"], figures
    # A handful of long-lived references may be created lazily (cached JS functions); a leak
    # of one per request would be thousands.
    assert after["js_refs_held_by_python"] - before["js_refs_held_by_python"] <= 20, figures
    assert after["wasm_memory_bytes"] - before["wasm_memory_bytes"] <= 8 * MiB, figures
    if "js_heap_used_bytes" in before:
        assert after["js_heap_used_bytes"] - before["js_heap_used_bytes"] <= 16 * MiB, figures


@check()
async def leak_10000_requests_with_callbacks(ctx: Ctx) -> None:
    node = ctx.runtime == "node"
    figures = await leak_check(ctx, NODE_LEAK_REQUESTS if node else LEAK_REQUESTS[ctx.variant])
    LEAK_FIGURES[f"{ctx.runtime}-{ctx.variant}"] = figures
    assert figures["transport"] == ctx.transport, figures
    assert_flat(figures)
