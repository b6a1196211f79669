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
export async function call(pyodide, { op, code, name, args }) {
  if (op === "py") return JSON.parse(await pyodide.runPythonAsync(code));
  if (op === "pysync") return JSON.parse(pyodide.runPython(code));
  if (op === "js") return await floors[name](...args);
  throw new Error(`unknown op ${op}`);
}
