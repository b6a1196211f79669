"""Async mode on `fetch`, in a page, a Worker and Node.js.

One exchange is written once, as a generator that yields JavaScript promises: `FetchTransport`
drives it with `await`, and the JSPI transport (`jspi.py`) drives the very same generator with
`pyodide.ffi.run_sync`. JavaScript objects are named `js_*`.
"""

from __future__ import annotations

import functools
from collections.abc import Generator
from typing import Any

import js
from pyodide.ffi import JsException

from .._request import Request
from .._response import Response
from ._body import js_body
from ._wire import check_complete, header_lines, map_js_error, parse_head, timeout_ms
from .base import Cancel, Observer

__all__ = ["FetchTransport", "exchange", "js_call_settled", "start"]

Exchange = Generator[Any, Any, Response]


# One JavaScript call per request instead of a dozen proxy crossings (each costs 10-60 us in
# Pyodide): it builds the init object from plain strings, calls fetch and, as `eager` says, also
# reads the body in the same promise chain, so Python wakes once per request instead of twice
# (each wake is a turn of Pyodide's event loop, ~0.2 ms). Headers travel as one string
# (`_wire.header_lines`). It answers [head, body ArrayBuffer, true] or [head, Response, false].
_FETCH_JS = """
const init = { method, credentials, signal };
if (headers) {
  const parts = headers.split("\\n");
  init.headers = [];
  for (let i = 0; i < parts.length; i += 2) init.headers.push([parts[i], parts[i + 1]]);
}
if (body != null) init.body = body;
const head = (r) => {
  let text = `${r.status}\\n${r.statusText}\\n${r.url}\\n`;
  for (const [name, value] of r.headers) text += `${name}: ${value}\\r\\n`;
  return text;
};
// eager: -1 reads the body now; n > 0 only when Content-Length says at most n bytes (and no
// Content-Encoding, under which the length is not what we will see); 0 never.
const fits = (r) => {
  const length = r.headers.get("content-length");
  return length !== null && !r.headers.get("content-encoding") && Number(length) <= eager;
};
return settled(fetch(url, init).then((r) =>
  eager < 0 || (eager > 0 && fits(r))
    ? r.arrayBuffer().then((buffer) => [head(r), buffer, true])
    : [head(r), r, false]), signal);
"""

# Every promise of an exchange fails with a name that says why. Firefox (153 ESR) rejects with an
# "AbortError" both when the AbortSignal.timeout of a Worker's fetch fired (Chromium: a
# "TimeoutError") and when the connection was cut in the middle of the body: the signal tells
# which. A fired signal's reason is a "TimeoutError" (AbortSignal.timeout) or an "AbortError"
# DOMException (AbortController.abort); an AbortError with no fired signal is a network failure.
_SETTLED_JS = """
return promise.catch((error) => {
  if (signal.aborted) throw signal.reason;
  if (error && error.name === "AbortError") throw new TypeError(`network error: ${error.message}`);
  throw error;
});
"""


@functools.cache
def _js_settled() -> Any:
    return js.Function.new("promise", "signal", _SETTLED_JS)


# AbortSignal.timeout rejects with a "TimeoutError" DOMException, abort() with an "AbortError"
# one: the name tells a timeout from an abort without a Python callback in a JS timer (nothing to
# leak or to clear). Node.js holds a timeout signal only through a WeakRef in its timer, and
# AbortSignal.any holds its sources weakly too: unless something references the timeout signal it
# can be collected before it fires, and the request then never times out (seen in Node 20 under
# load). The combined signal, which the exchange keeps, holds it.
_TIMED_JS = """
const timeout = AbortSignal.timeout(ms);
const both = AbortSignal.any([signal, timeout]);
both.pyodideAjaxTimeout = timeout;
return both;
"""


@functools.cache
def _js_timed() -> Any:
    return js.Function.new("signal", "ms", _TIMED_JS)


@functools.cache
def js_call_settled() -> Any:
    """`target[method]()`, settled as above. The promise stays in JavaScript: passing a
    `reader.read()` promise through Python into a JS function crashed Pyodide 314 ("Object has
    already been destroyed", on the PyodideFuture it had become)."""
    code = "return settled(target[method](), signal);"
    return js.Function.new("settled", "target", "method", "signal", code).bind(None, _js_settled())


# The body read chunk by chunk is gathered in JavaScript, into one Uint8Array sized from the
# Content-Length (grown by doubling without one), which crosses into Python once: Python sees
# only each chunk's length, for the progress events. Joining chunks in Python held the body twice
# in WebAssembly memory, which never shrinks (`make bench`'s memory rows), and a JS array of the
# chunks, joined at the end, was markedly slower in Chromium (its chunks stay alive until the
# end); each chunk copied into place at once is neither.
_SINK_JS = "return { buffer: new Uint8Array(capacity), size: 0 };"
_READ_INTO_JS = """
return settled(reader.read().then(({ done, value }) => {
  if (done) return -1;
  const end = sink.size + value.byteLength;
  if (end > sink.buffer.length) {
    const grown = new Uint8Array(Math.max(end, 2 * sink.buffer.length));
    grown.set(sink.buffer.subarray(0, sink.size));
    sink.buffer = grown;
  }
  sink.buffer.set(value, sink.size);
  sink.size = end;
  return value.byteLength;
}), signal);
"""
_FIRST_CAPACITY = 1 << 16  # without a Content-Length
_MOST_CAPACITY = 1 << 28  # a Content-Length above this may be a lie: grow past it as data comes


@functools.cache
def _js_sink() -> Any:
    return js.Function.new("capacity", _SINK_JS)


@functools.cache
def _js_read_into() -> Any:
    return js.Function.new("settled", "reader", "sink", "signal", _READ_INTO_JS).bind(
        None, _js_settled()
    )


@functools.cache
def _js_fetch() -> Any:
    return js.Function.new(
        "settled", "url", "method", "headers", "credentials", "signal", "body", "eager", _FETCH_JS
    ).bind(None, _js_settled())


def start(request: Request, cancel: Cancel, eager: int) -> tuple[Any, Any]:
    """Send `request`: the promise of [head, body or Response, whether the body came] (see
    `_FETCH_JS` for `eager`), and the AbortSignal every later promise of it must honour."""
    js_controller = js.AbortController.new()
    cancel.on_cancel(js_controller.abort)
    js_signal = js_controller.signal
    if request.timeout:
        js_signal = _js_timed()(js_signal, timeout_ms(request))
    body = None if request.body is None else js_body(request.body)
    credentials = "include" if request.with_credentials else "same-origin"
    js_promise = _js_fetch()(
        request.url, request.method, header_lines(request), credentials, js_signal, body, eager
    )
    return js_promise, js_signal


def exchange(request: Request, observer: Observer, cancel: Cancel) -> Exchange:
    """One fetch from request to whole body; yields each promise it waits for."""
    # Headers and body in one step unless someone watches them arrive separately.
    whole = not (request.stream or request.head_first)
    js_promise, js_signal = start(request, cancel, -1 if whole else 0)
    js_pair = yield js_promise
    head = parse_head(js_pair[0], request)
    js_second = js_pair[1]
    observer.on_headers(head)
    total = head.total
    if whole:
        body_bytes = js_second.to_bytes()
        observer.on_chunk(len(body_bytes), total)
    elif request.stream and js_second.body:
        # Read the stream chunk by chunk so that `interactive` and `progress` fire as data
        # arrives (fetch has no progress events of its own).
        js_reader = js_second.body.getReader()
        js_sink = _js_sink()(min(total or _FIRST_CAPACITY, _MOST_CAPACITY))
        loaded = 0
        while (size := (yield _js_read_into()(js_reader, js_sink, js_signal))) >= 0:
            loaded += size
            observer.on_chunk(loaded, total)
        body_bytes = js_sink.buffer.subarray(0, loaded).to_bytes()
    else:
        body_bytes = (yield js_call_settled()(js_second, "arrayBuffer", js_signal)).to_bytes()
        observer.on_chunk(len(body_bytes), total)
    check_complete(request, head, len(body_bytes))
    return Response(head, body_bytes)


class FetchTransport:
    name = "fetch"

    async def send_async(self, request: Request, observer: Observer, cancel: Cancel) -> Response:
        steps = exchange(request, observer, cancel)
        result: Any = None
        try:
            while True:
                try:
                    js_promise = steps.send(result)
                except StopIteration as done:
                    return done.value  # type: ignore[no-any-return]
                result = await js_promise
        except JsException as exc:
            raise map_js_error(exc, request) from exc
        except BaseException:
            # asyncio cancelled the task that awaits us: stop the request in the browser too.
            cancel.cancel()
            raise
        finally:
            steps.close()
