// A module Worker with its own Pyodide, for the "blocking mode in a Worker" example.
// Messages in:  {type: "boot", wheelUrl}  then  {type: "run", id, code}
// Messages out: {type: "booted"} | {type: "result", id, sync, async} | {type: "error", id, message}
// The same code runs twice: with runPython (a plain call: no JSPI, so a synchronous XHR) and
// with runPythonAsync (the stack can suspend: JSPI), so the page shows both transports.

import { loadPyodide } from "/pyodide.mjs";

let ready = null;

async function boot(wheelUrl) {
  const pyodide = await loadPyodide({ indexURL: "/" });
  await pyodide.loadPackage("micropip");
  await pyodide.runPythonAsync(`import micropip\nawait micropip.install(${JSON.stringify(wheelUrl)})`);
  return pyodide;
}

/** Run fn with a fresh globals dict (each run starts clean), destroyed afterwards. */
async function withGlobals(pyodide, fn) {
  const globals = pyodide.globals.get("dict")();
  try {
    return await fn(globals);
  } finally {
    globals.destroy();
  }
}

self.onmessage = async ({ data }) => {
  try {
    if (data.type === "boot") {
      ready = boot(data.wheelUrl);
      await ready;
      self.postMessage({ type: "booted" });
      return;
    }
    const pyodide = await ready;
    const sync = String(await withGlobals(pyodide, (globals) => pyodide.runPython(data.code, { globals })));
    const async = String(await withGlobals(pyodide,
      (globals) => pyodide.runPythonAsync(data.code, { globals })));
    self.postMessage({ type: "result", id: data.id, sync, async });
  } catch (err) {
    self.postMessage({ type: "error", id: data.id, message: String(err?.message ?? err) });
  }
};
