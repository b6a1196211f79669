"""The harness of the in-Pyodide suites: registries, the `Ctx` a case receives, the runners.

A case is an `async def` taking a `Ctx`, registered in a suite ("scenarios": the behaviour
scenarios of test_scenarios.py; "faults": the reliability checks of test_faults.py) and run in
every variant that applies:

- `async`: the request runs on fetch and is awaited;
- `jspi`:  `blocking=True`, carried by JSPI (`run_sync` over fetch);
- `xhr`:   `blocking=True` with `can_run_sync` patched to False: a synchronous XMLHttpRequest.

Each (case, variant, runtime) is one reported test. The host imports this package only to list
the cases and to ship its files into Pyodide, where it is imported as the package `scenarios`.
"""

from __future__ import annotations

import asyncio
import json
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import pyodide_ajax as ajax

ALL_RUNTIMES = ("main", "worker", "node")
BROWSERS = ("main", "worker")
BOTH_MODES = ("async", "blocking")


@dataclass
class Scenario:
    func: Callable[[Ctx], Any]
    modes: tuple[str, ...]
    runtimes: tuple[str, ...]


# suite -> case name -> case; a case's bound (seconds) is its suite's (the leak check needs 90).
SUITES: dict[str, dict[str, Scenario]] = {"scenarios": {}, "faults": {}}
BOUNDS = {"scenarios": 60.0, "faults": 90.0}


def register(suite: str, name: str, item: Scenario) -> None:
    if name in SUITES[suite]:
        raise ValueError(f"two cases named {name} in {suite}")
    SUITES[suite][name] = item


def scenario(
    modes: tuple[str, ...] = BOTH_MODES,
    runtimes: tuple[str, ...] = ALL_RUNTIMES,
    suite: str = "scenarios",
) -> Callable[[Callable[[Ctx], Any]], Callable[[Ctx], Any]]:
    def add(func: Callable[[Ctx], Any]) -> Callable[[Ctx], Any]:
        register(suite, func.__name__, Scenario(func, modes, runtimes))
        return func

    return add


def variants(runtime: str) -> list[str]:
    """Blocking variants per runtime: Node has no XMLHttpRequest (its no-JSPI branch has a
    scenario of its own)."""
    return ["async", "jspi"] if runtime == "node" else ["async", "jspi", "xhr"]


def cases(suite: str, runtime: str) -> list[tuple[str, str]]:
    """(case name, variant) pairs of `suite` that apply to `runtime`."""
    out = []
    for name, item in SUITES[suite].items():
        if runtime not in item.runtimes:
            continue
        for variant in variants(runtime):
            mode = "async" if variant == "async" else "blocking"
            if mode in item.modes:
                out.append((name, variant))
    return out


class Ctx:
    def __init__(self, context: dict[str, Any], variant: str) -> None:
        self.origins = {k: context[k] for k in ("main", "cors", "nocors", "closed")}
        self.runtime: str = context["runtime"]
        self.sha256: dict[str, str] = context["sha256"]  # fixture path -> digest of its body
        self.variant = variant
        self.blocking = variant != "async"
        if variant == "xhr":
            self.transport = "xhr-main" if self.runtime == "main" else "xhr-worker"
        else:
            self.transport = "jspi" if variant == "jspi" else "fetch"

    def url(self, path: str, origin: str = "main") -> str:
        return self.origins[origin] + path

    async def call(self, fn: Callable[..., ajax.Ajax], *args: Any, **kw: Any) -> ajax.Ajax:
        """Run a shortcut in this variant's mode and return the completed request."""
        req = fn(*args, blocking=self.blocking, **kw)
        if self.blocking:
            assert req.readyState == 4, "a blocking call returned before completion"
        req = await req
        assert req.transport == self.transport, (req.transport, self.transport)
        return req

    async def call_failing(
        self, error: type[BaseException], fn: Callable[..., ajax.Ajax], *args: Any, **kw: Any
    ) -> tuple[ajax.Ajax, Any]:
        """Run a shortcut whose request must fail with `error` (a RequestError: it was sent and
        went wrong); return the request and the exception. The request must have gone through
        this variant's transport, so a failure on another path cannot pass for this one."""
        assert issubclass(error, ajax.RequestError), error
        try:
            req = fn(*args, blocking=self.blocking, **kw)
            await req
        except error as exc:
            req = exc.request  # type: ignore[attr-defined]
            assert req.transport == self.transport, (req.transport, self.transport)
            return req, exc
        raise AssertionError(f"expected {error.__name__}")

    def token(self, name: str) -> str:
        """A probe token of this case's own (the test servers outlive a runtime)."""
        return f"{name}-{self.runtime}-{self.variant}"

    def probe(self, token: str) -> dict[str, int]:
        """What the server counted of the requests carrying ?probe=token: how many reached it
        ("count"), the most it served at once ("peak"), how many the client hung up on
        before their answer was written ("dropped")."""
        counts = json.loads(self.server_get(f"/seen?token={token}"))
        return {key: int(n) for key, n in counts.items()}

    def seen(self, token: str) -> int:
        """How many requests carrying ?probe=token reached the server."""
        return self.probe(token)["count"]

    def server_get(self, path: str) -> str:
        """GET `path` of the main origin, blocking, whatever this variant is: the harness's own
        channel to the test server (never through pyodide_ajax)."""
        import js
        from pyodide.ffi import run_sync

        if ajax._env.can_run_sync():
            response = run_sync(js.fetch(self.url(path)))
            return str(run_sync(response.text()))
        if not hasattr(js, "XMLHttpRequest"):
            # Node.js without JSPI (the matrix's Node 20 cell): no way to block on a request in
            # this process, so a child Node process asks the server.
            return self._node_fetch_sync(path)
        xhr = js.XMLHttpRequest.new()
        xhr.open("GET", self.url(path), False)
        xhr.send()
        return str(xhr.responseText)

    def _node_fetch_sync(self, path: str) -> str:
        import js
        from pyodide.ffi import to_js

        script = (
            f"fetch({json.dumps(self.url(path))}).then(r => r.text())"
            ".then(t => process.stdout.write(t))"
        )
        child = js.process.getBuiltinModule("child_process")
        options = to_js({"encoding": "utf8"}, dict_converter=js.Object.fromEntries)
        return str(child.execFileSync(js.process.execPath, to_js(["-e", script]), options))


async def run(suite: str, name: str, variant: str, context_json: str) -> str:
    """Run one case; "ok", or the traceback of its failure. Bounded: none may hang."""
    ctx = Ctx(json.loads(context_json), variant)
    from pyodide import ffi

    original = ffi.can_run_sync
    if variant == "xhr":
        ffi.can_run_sync = lambda: False
    try:
        with transports_taken() as taken:
            await asyncio.wait_for(SUITES[suite][name].func(ctx), BOUNDS[suite])
        # Every request the case sent went the variant's way: a blocking case that silently
        # fell back to another transport (or an async one) must not count for this variant.
        others = sorted(set(taken) - {ctx.transport})
        assert not others, f"sent through {others}, not only {ctx.transport}"
    except BaseException:
        return traceback.format_exc()
    finally:
        ffi.can_run_sync = original
    return "ok"


@contextmanager
def transports_taken() -> Iterator[list[str]]:
    """The transport of every request started inside the block, in order (`Ajax._start` is
    where a request commits to one)."""
    taken: list[str] = []
    start = ajax.Ajax._start

    def recording_start(self: ajax.Ajax, transport_name: str) -> None:
        taken.append(transport_name)
        start(self, transport_name)

    ajax.Ajax._start = recording_start  # type: ignore[method-assign]
    try:
        yield taken
    finally:
        ajax.Ajax._start = start  # type: ignore[method-assign]


async def run_all(suite: str, runtime: str, context_json: str) -> dict[str, str]:
    """Every case of `suite` for `runtime`, for a Worker, where each boot costs seconds."""
    return {
        f"{variant}-{name}": await run(suite, name, variant, context_json)
        for name, variant in cases(suite, runtime)
    }


# --- helpers the case modules share -------------------------------------------------------


def recorder() -> tuple[list[Any], Callable[[str], Callable[..., None]]]:
    events: list[Any] = []

    def record(name: str) -> Callable[..., None]:
        def callback(arg: Any = None) -> None:
            if isinstance(arg, ajax.Ajax):
                events.append((name, arg.readyState))
            else:
                events.append(name)

        return callback

    return events, record


def echo(req: ajax.Ajax) -> dict[str, Any]:
    return json.loads(req.text)  # type: ignore[no-any-return]


def new_file(content: str, name: str) -> Any:
    import js
    from pyodide.ffi import to_js

    return js.File.new(to_js([content]), name)


def must_raise(error: type[BaseException], text: str, fn: Callable[..., Any], *a: Any,
               **kw: Any) -> None:  # fmt: skip
    try:
        fn(*a, **kw)
    except error as exc:
        assert text in str(exc), f"{text!r} not in {exc!r}"
        return
    raise AssertionError(f"{fn} did not raise {error.__name__}")
