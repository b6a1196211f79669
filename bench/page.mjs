// The page: boots Pyodide here, a module Worker on demand, and exposes window.bench.run(where, request)
// for the driver (bench/run.py). window.benchReady / window.benchError say how booting went.
// where "fresh-page" / "fresh-worker": a second Pyodide of this page or a new Worker, booted on
// demand for a row that needs an interpreter nothing else has grown (WebAssembly memory never
// shrinks: the streamed read, the memory rows); request {op: "drop"} lets it go.
import { boot, call } from "./host.mjs";

let nextId = 0;
const pending = new Map();

function startWorker() {
  const worker = new Worker("/bench/worker.mjs", { type: "module" });
  worker.onmessage = ({ data }) => {
    const { resolve, reject } = pending.get(data.id);
    pending.delete(data.id);
    if (data.error !== undefined) reject(new Error(data.error));
    else resolve(data.value);
  };
  worker.onerror = (event) => {
    window.benchError = `worker: ${event.message}`;
  };
  const run = (request) =>
    new Promise((resolve, reject) => {
      const id = nextId++;
      pending.set(id, { resolve, reject });
      worker.postMessage({ id, ...request });
    });
  run.drop = () => worker.terminate();
  return run;
}

// Same interface as a Worker's: run(request), run.drop().
function startFresh(where) {
  if (where === "worker") return startWorker();
  const booted = boot();
  const run = async (request) => {
    const { pyodide, bootMs } = await booted;
    return request.op === "boot" ? { bootMs } : call(pyodide, request);
  };
  run.drop = () => {}; // unreferenced, it is collected
  return run;
}

try {
  const { pyodide, bootMs } = await boot();
  let inWorker = null; // started on first use, so its boot does not overlap page timings
  let fresh = null;
  window.bench = {
    bootMs,
    pyodideVersion: pyodide.version,
    run: async (where, request) => {
      if (where === "page") return call(pyodide, request);
      if (where.startsWith("fresh-")) {
        if (request.op === "drop") {
          fresh?.drop();
          fresh = null;
          return {};
        }
        fresh ??= startFresh(where.slice("fresh-".length));
        return fresh(request);
      }
      inWorker ??= startWorker();
      return inWorker(request);
    },
  };
  window.benchReady = true;
} catch (error) {
  window.benchError = String(error && error.stack ? error.stack : error);
}
