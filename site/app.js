// Boots the local Pyodide, installs pyodide-ajax with micropip, then runs EXAMPLES in order.
//
// To add an example, append to EXAMPLES:
//   id       the <section> id; it gets data-status="pending|running|ok|error"
//   title    heading;  blurb: one sentence under it (HTML allowed)
//   code     Python shown on the page and run as-is with runPythonAsync (top-level await ok)
//   outputs  ids of the output <div>s the code writes into
//   html     optional extra markup placed above the outputs (inputs, <progress>, ...)
//   check    async () => summary string; waits for the outputs and throws if they are wrong
// When every example has finished, <body> gets data-ready="1".

import { loadPyodide } from "/pyodide.mjs";

const EXAMPLES = [
  {
    id: "ex-text",
    title: "Callbacks, the Brython way",
    blurb: "<code>ajax.get</code> returns at once; <code>oncomplete</code> receives the " +
      "request object when the response is in. The text is decoded as UTF-8.",
    code: `
import pyodide_ajax as ajax
from js import document

def on_complete(req):
    document.getElementById("result").textContent = req.text

ajax.get("/files/text-utf8.txt", oncomplete=on_complete)
`,
    outputs: ["result"],
    check: () => expectText("result", "bébé"),
  },
  {
    id: "ex-json",
    title: "Or just await it",
    blurb: "Every request is awaitable. <code>mode=\"json\"</code> parses the body into " +
      "<code>req.json</code>.",
    code: `
import pyodide_ajax as ajax
from js import document

req = await ajax.get("/files/glossary.json", mode="json")
document.getElementById("result-json").textContent = req.json["glossary"]["title"]
`,
    outputs: ["result-json"],
    check: () => expectText("result-json", "example glossary"),
  },
];

const CHECK_TIMEOUT_MS = 15_000;
const RUN_TIMEOUT_MS = 30_000;

const $ = (id) => document.getElementById(id);
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

function withTimeout(promise, ms, what) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no result after ${ms / 1000} s`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** Wait until #id has text (callbacks finish after runPythonAsync returns), then compare. */
async function expectText(id, expected) {
  const element = $(id);
  const deadline = performance.now() + CHECK_TIMEOUT_MS;
  while (!element.textContent && performance.now() < deadline) await sleep(20);
  const actual = element.textContent;
  if (!actual) throw new Error(`#${id} is still empty after ${CHECK_TIMEOUT_MS / 1000} s`);
  if (actual !== expected) {
    throw new Error(`#${id}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
  }
  return actual;
}

// ------------------------------------------------------------------ Python highlighting

const KEYWORDS = "False None True and as assert async await break class continue def del elif " +
  "else except finally for from global if import in is lambda nonlocal not or pass raise " +
  "return try while with yield";
const TOKENS = new RegExp([
  /(#[^\n]*)/.source,                                                       // 1 comment
  /("""[\s\S]*?"""|'''[\s\S]*?'''|"(?:\\.|[^"\\\n])*"|'(?:\\.|[^'\\\n])*')/.source, // 2 string
  `\\b(${KEYWORDS.split(" ").join("|")})\\b`,                               // 3 keyword
  /\b(\d+(?:\.\d+)?)\b/.source,                                             // 4 number
  /\b([A-Za-z_]\w*)(?=\()/.source,                                          // 5 call/def name
].join("|"), "g");
const CLASSES = [null, "tok-com", "tok-str", "tok-kw", "tok-num", "tok-fn"];

function highlight(code, target) {
  let last = 0;
  for (const match of code.matchAll(TOKENS)) {
    target.append(code.slice(last, match.index));
    const group = match.findIndex((g, i) => i > 0 && g !== undefined);
    const span = document.createElement("span");
    span.className = CLASSES[group];
    span.textContent = match[0];
    target.append(span);
    last = match.index + match[0].length;
  }
  target.append(code.slice(last));
}

// ------------------------------------------------------------------ page

function setBoot(phase, text, detail = "") {
  $("boot").dataset.phase = phase;
  $("status").textContent = text;
  $("status-detail").textContent = detail;
}

function render(example) {
  const section = $("example-template").content.firstElementChild.cloneNode(true);
  section.id = example.id;
  section.querySelector(".example-title").textContent = example.title;
  section.querySelector(".section-blurb").innerHTML = example.blurb ?? "";
  highlight(example.code.trim(), section.querySelector(".code code"));
  section.querySelector(".stage").innerHTML = example.html ?? "";
  const outputs = section.querySelector(".outputs");
  for (const id of example.outputs ?? []) {
    const block = document.createElement("div");
    block.className = "output-block";
    block.innerHTML = `<div class="output-label">Output <code>#${id}</code></div>` +
      `<div class="output" id="${id}"></div>`;
    outputs.append(block);
  }
  $("examples").append(section);
  return section;
}

function setStatus(section, status, text = status) {
  section.dataset.status = status;
  section.querySelector(".badge").textContent = text;
}

function showError(section, message) {
  const pre = section.querySelector(".error");
  pre.textContent = message;
  pre.hidden = false;
  setStatus(section, "error");
}

/** Drop Pyodide's own frames (eval_code_async, ...) above the example's first line. */
function trimTraceback(text) {
  const lines = text.split("\n");
  const start = lines.indexOf("Traceback (most recent call last):");
  const own = lines.findIndex((line) => line.startsWith('  File "<exec>"'));
  if (start < 0 || own < start) return text;
  return [...lines.slice(0, start + 1), ...lines.slice(own)].join("\n");
}

let capture = null; // the running example's stdout/stderr lines

async function run(pyodide, example, section) {
  capture = { stdout: [], stderr: [] };
  setStatus(section, "running", "running…");
  const started = performance.now();
  const namespace = pyodide.globals.get("dict")();
  try {
    // runPythonAsync resolves to the value of the last expression. When that is a request
    // (Brython style ends with `ajax.get(...)`), the JS promise adopts it as a thenable, and
    // since `await req` gives back `req` itself, adoption never ends (a busy loop that
    // starves the page). The page never uses that value, so a final `pass` discards it.
    const code = example.code.trim() + "\npass\n";
    const result = pyodide.runPythonAsync(code, { globals: namespace });
    await withTimeout(result, RUN_TIMEOUT_MS, example.id);
    const summary = await example.check();
    section.dataset.summary = summary;
    setStatus(section, "ok", `ok · ${Math.round(performance.now() - started)} ms`);
  } catch (err) {
    // A PythonError's message is the whole traceback; a callback's goes to stderr.
    const parts = [trimTraceback(String(err?.message ?? err).trimEnd())];
    if (capture.stderr.length) parts.push("stderr:\n" + capture.stderr.join("\n"));
    showError(section, parts.join("\n\n"));
  } finally {
    if (capture.stdout.length) {
      const pre = section.querySelector(".stdout");
      pre.textContent = capture.stdout.join("\n");
      pre.hidden = false;
    }
    capture = null;
  }
}

async function boot() {
  setBoot("loading", "Loading Pyodide…");
  const pyodide = await loadPyodide({ indexURL: "/" });
  window.pyodide = pyodide; // for poking around in the console
  pyodide.setStdout({ batched: (line) => (capture ? capture.stdout.push(line) : console.log(line)) });
  pyodide.setStderr({ batched: (line) => (capture ? capture.stderr.push(line) : console.warn(line)) });

  setBoot("installing", "Installing pyodide-ajax with micropip…");
  const lock = await (await fetch("/pyodide-lock.json")).json();
  const fileName = lock.packages["pyodide-ajax"]?.file_name;
  if (!fileName) throw new Error("/pyodide-lock.json lists no pyodide-ajax wheel");
  await pyodide.loadPackage("micropip");
  const wheelUrl = location.origin + "/" + fileName;
  $("wheel-url").textContent = JSON.stringify(wheelUrl);
  await pyodide.runPythonAsync(`import micropip\nawait micropip.install(${JSON.stringify(wheelUrl)})`);
  const version = pyodide.runPython("import pyodide_ajax; pyodide_ajax.__version__");
  $("versions").textContent = `Pyodide ${pyodide.version} · pyodide-ajax ${version}`;
  return pyodide;
}

async function main() {
  const sections = EXAMPLES.map((example) => [example, render(example)]);
  const started = performance.now();
  let pyodide;
  try {
    pyodide = await boot();
  } catch (err) {
    const step = $("status").textContent.replace(/…$/, "");
    const message = trimTraceback(String(err?.message ?? err).trimEnd());
    setBoot("error", "Setup failed", `while: ${step}`);
    const pre = $("boot-error");
    pre.textContent = message;
    pre.hidden = false;
    const lastLine = message.split("\n").at(-1);
    for (const [, section] of sections) showError(section, `not run: setup failed: ${lastLine}`);
    document.body.dataset.ready = "1";
    return;
  }
  setBoot("ready", "Ready", `booted in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  for (const [example, section] of sections) await run(pyodide, example, section);

  const failed = sections.filter(([, s]) => s.dataset.status !== "ok").length;
  const total = sections.length;
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  setBoot(failed ? "error" : "ready", "Ready",
    failed ? `${failed} of ${total} examples failed` : `${total} of ${total} examples ok · ${seconds} s`);
  document.body.dataset.ready = "1";
}

main();
