// node tools/bytecode_wheel.mjs <pyodide folder> <py3 wheel> <out folder>
// Boots that Pyodide and runs tools/bytecode_wheel.py's add_bytecode inside it, so the bytecode
// is made by the Python that will load it. Files cross through Pyodide's in-memory FS.
import { readFileSync, writeFileSync } from "node:fs";
import { basename, join } from "node:path";
import { pathToFileURL } from "node:url";

const [core, wheel, out] = process.argv.slice(2);
const { loadPyodide } = await import(pathToFileURL(join(core, "pyodide.mjs")).href);
// Column positions only serve the carets under a source line, and a sourceless traceback shows
// no source line: without them (PEP 657's switch) the bytecode is a fifth smaller.
const pyodide = await loadPyodide({ indexURL: core + "/", env: { PYTHONNODEBUGRANGES: "1" } });
pyodide.FS.mkdirTree("/bytecode/in");
pyodide.FS.writeFile(`/bytecode/in/${basename(wheel)}`, readFileSync(wheel));
const tool = new URL("./bytecode_wheel.py", import.meta.url);
pyodide.FS.writeFile("/bytecode/bytecode_wheel.py", readFileSync(tool));
const made = pyodide.runPython(`
import sys
sys.path.insert(0, "/bytecode")
from pathlib import Path
import bytecode_wheel
str(bytecode_wheel.add_bytecode(Path("/bytecode/in/${basename(wheel)}"), Path("/bytecode/out")))
`);
writeFileSync(join(out, basename(made)), pyodide.FS.readFile(made));
console.log(`bytecode_wheel: ${basename(made)} (Python ${pyodide.runPython("import sys; sys.version.split()[0]")})`);
