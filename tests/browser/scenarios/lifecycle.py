"""A request's life in async mode: abort, cancelling the awaiting task, many at once, and the
progress of a large download."""

from __future__ import annotations

import asyncio
from typing import Any

import pyodide_ajax as ajax

from .harness import Ctx, echo, scenario

# --- abort, cancel, concurrency, progress ----------------------------------------------


@scenario(modes=("async",))
async def abort_fires_complete_abort_loadend(ctx: Ctx) -> None:
    events: list[Any] = []
    req = ajax.get(ctx.url("/slow?ms=2000"), oncomplete=lambda r: events.append(r.status),
                   onabort=lambda e: events.append(e.type),
                   onloadend=lambda e: events.append(e.type))  # fmt: skip
    await asyncio.sleep(0.1)
    req.abort()
    try:
        await req
    except ajax.AbortError:
        pass
    else:
        raise AssertionError("no AbortError")
    assert events == [0, "abort", "loadend"], events


@scenario(modes=("async",))
async def cancelling_the_awaiting_task_aborts(ctx: Ctx) -> None:
    probe = ctx.token("cancel")
    # 50 chunks, 100 ms apart: 5 s unless the browser hangs up.
    req = ajax.get(ctx.url(f"/drip?chunks=50&size=10&delay=100&probe={probe}"))
    try:
        await asyncio.wait_for(req, 0.3)
    except TimeoutError:
        pass
    assert req.readyState == 4 and isinstance(req.error, ajax.AbortError)
    # The abort reached the network: the server's next writes fail on the closed connection.
    for _ in range(30):
        if ctx.probe(probe)["dropped"]:
            break
        await asyncio.sleep(0.1)
    assert ctx.probe(probe) == {"count": 1, "peak": 1, "dropped": 1}


@scenario(modes=("async",))
async def concurrency_100_requests(ctx: Ctx) -> None:
    requests = [ajax.get(ctx.url(f"/echo?i={i}"), cache=True) for i in range(100)]
    done = await asyncio.gather(*requests)
    assert [echo(req)["query"]["i"] for req in done] == [[str(i)] for i in range(100)]
    # They ran side by side: the server held several at once (a browser opens up to 6
    # connections per origin over HTTP/1.1; one after the other would peak at 1).
    probe = ctx.token("overlap")
    # (Distinct URLs: Chromium's HTTP cache lets only one request per URL through at a time.)
    slow = [ajax.get(ctx.url(f"/slow?ms=100&i={i}&probe={probe}"), cache=True) for i in range(20)]
    await asyncio.gather(*slow)
    peak = ctx.probe(probe)["peak"]
    assert peak >= 3, f"at most {peak} in flight at once"


@scenario(modes=("async",))
async def progress_of_a_10mib_download(ctx: Ctx) -> None:
    size = 10 * 1024 * 1024
    events: list[Any] = []
    req = await ajax.get(ctx.url(f"/bytes?n={size}"), mode="binary", onprogress=events.append)
    assert len(events) > 1, "progress fired once"
    loaded = [e.loaded for e in events]
    assert loaded == sorted(loaded) and loaded[-1] == size
    assert all(e.total == size and e.lengthComputable for e in events)
    assert len(req.read()) == size
