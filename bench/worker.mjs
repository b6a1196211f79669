// The module Worker: boots its own Pyodide and answers {id, ...request} messages.
import { boot, call } from "./host.mjs";

const booted = boot();
self.onmessage = async ({ data }) => {
  const { id, ...request } = data;
  try {
    const { pyodide, bootMs } = await booted;
    const value = request.op === "boot" ? { bootMs } : await call(pyodide, request);
    self.postMessage({ id, value });
  } catch (error) {
    self.postMessage({ id, error: String(error && error.stack ? error.stack : error) });
  }
};
