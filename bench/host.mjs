// One Pyodide plus the JS floors, driven by messages. Used as is in the page and in the
// module Worker, so both runtimes run exactly the same code.
import { loadPyodide } from "/pyodide.mjs";
import * as floors from "./floors.js";

export async function boot() {
  const t0 = performance.now();
  const pyodide = await loadPyodide({ indexURL: "/" });
  // Installs the wheel from the dist lock without importing it, so the first
  // `import pyodide_ajax` below can be timed.
  await pyodide.loadPackage("pyodide-ajax", { messageCallback: () => {} });
  const bootMs = performance.now() - t0;
  const source = await (await fetch("/bench/inpyodide.py")).text();
  pyodide.FS.writeFile("/home/pyodide/bench_rows.py", source);
  return { pyodide, bootMs };
}

// op: "py" runs `code` with runPythonAsync (JSPI can block under it), "pysync" with
// runPython (JSPI cannot: blocking mode falls back to a synchronous XHR), "js" calls a floor.
// Python code returns a JSON string, so nothing but plain data crosses back.
export async function call(pyodide, { op, code, name, args }) {
  if (op === "py") return JSON.parse(await pyodide.runPythonAsync(code));
  if (op === "pysync") return JSON.parse(pyodide.runPython(code));
  if (op === "js") return await floors[name](...args);
  throw new Error(`unknown op ${op}`);
}
