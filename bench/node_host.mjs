// The Node host: the host.mjs of the page and the Worker, driven over stdin/stdout by
// bench/engines.py instead of by messages. One request per stdin line (JSON, the same requests
// as window.bench.run), one answer per stdout line, in order. Answers start with "BENCH " so
// that anything Python or Pyodide prints to stdout is told apart and skipped.
//     node bench/node_host.mjs <dist folder path> <server origin>
import { createInterface } from "node:readline";
import { boot, call } from "./host.mjs";

const [dist, origin] = process.argv.slice(2);
const reply = (message) => process.stdout.write(`BENCH ${JSON.stringify(message)}\n`);
const errorText = (error) => String(error && error.stack ? error.stack : error);

let pyodide;
try {
  const booted = await boot(dist.endsWith("/") ? dist : `${dist}/`, origin);
  pyodide = booted.pyodide;
  reply({ value: { bootMs: booted.bootMs, pyodide: pyodide.version, node: process.version } });
} catch (error) {
  reply({ error: errorText(error) });
  process.exit(1);
}
for await (const line of createInterface({ input: process.stdin })) {
  try {
    reply({ value: await call(pyodide, JSON.parse(line)) });
  } catch (error) {
    reply({ error: errorText(error) });
  }
}
