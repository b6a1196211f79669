// One Pyodide plus the JS floors, driven by messages. Used as is in the page and in the
// module Worker, so both runtimes run exactly the same code; in Node too (bench/node_host.mjs).
import * as floors from "./floors.js";

// In a browser the dist folder is the server's root. Node loads Pyodide from the folder's path
// instead (as its users do) and passes the server's origin: its fetch has no page URL to
// resolve "/bench/..." against.
export async function boot(indexURL = "/", origin = "") {
  const t0 = performance.now();
  const { loadPyodide } = await import(`${indexURL}pyodide.mjs`);
  const pyodide = await loadPyodide({ indexURL });
  // Installs the wheel from the dist lock without importing it, so the first
  // `import pyodide_ajax` below can be timed.
  await pyodide.loadPackage("pyodide-ajax", { messageCallback: () => {} });
  const bootMs = performance.now() - t0;
  const source = await (await fetch(`${origin}/bench/inpyodide.py`)).text();
  pyodide.FS.writeFile("/home/pyodide/bench_rows.py", source);
  return { pyodide, bootMs };
}

// op: "py" runs `code` with runPythonAsync (JSPI can block under it), "pysync" with
// runPython (JSPI cannot: blocking mode falls back to a synchronous XHR), "js" calls a floor.
// Python code returns a JSON string, so nothing but plain data crosses back.
// With `memory` (the memory rows, issue 20), also how much the request grew the WebAssembly
// memory (it never shrinks, so that is its peak) and the JS heap's peak over its start, MiB
// (null where performance.memory is absent).
export async function call(pyodide, { op, code, name, args, memory }) {
  if (!memory) return run(pyodide, { op, code, name, args });
  const wasm = () => pyodide._module.HEAP8.length;
  const heap = await heapSampler();
  const before = wasm();
  const out = await run(pyodide, { op, code, name, args });
  const grown = wasm() - before;
  return { ...out, growth_mib: grown / MiB, js_heap_mib: heap && (await heap.stop()) / MiB };
}

async function run(pyodide, { op, code, name, args }) {
  if (op === "py") return JSON.parse(await pyodide.runPythonAsync(code));
  if (op === "pysync") return JSON.parse(pyodide.runPython(code));
  if (op === "js") return await floors[name](...args);
  throw new Error(`unknown op ${op}`);
}

const MiB = 1024 * 1024;
// Chromium refreshes performance.memory at most every 50 ms (--enable-precise-memory-info).
const REFRESH_MS = 50;

// The JS heap's peak over its start while a memory row runs, bytes: sampled every 10 ms (the
// event loop turns while fetch and JSPI wait; a synchronous XHR blocks it) and once more at
// stop(), after a refresh, so that the last sample is not the figure of before the body came.
// A buffer collected between two samples is missed. performance.memory is Chromium's, and
// only in pages (not in Workers): null elsewhere.
// gc() (--js-flags=--expose-gc) first, so that garbage of earlier rows is not the start.
async function heapSampler() {
  if (globalThis.performance.memory === undefined) return null;
  // each read of performance.memory is a new snapshot: read it anew every time
  const used = () => globalThis.performance.memory.usedJSHeapSize;
  const refreshed = () => new Promise((resolve) => setTimeout(resolve, REFRESH_MS + 10));
  globalThis.gc?.();
  await refreshed();
  const start = used();
  let peak = start;
  const sample = () => (peak = Math.max(peak, used()));
  const timer = setInterval(sample, 10);
  return {
    stop: async () => {
      clearInterval(timer);
      sample();
      await refreshed();
      return sample() - start;
    },
  };
}
