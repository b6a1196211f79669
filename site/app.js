// Boots the local Pyodide, installs pyodide-ajax with micropip, then runs EXAMPLES in order.
//
// Each example's Python lives in site/examples/<file> (so tests and docs can reuse it); the page
// fetches it, shows it in an editable, highlighted block and runs it with runPythonAsync (top-
// level await works). "Run" re-runs the edited code. An example is:
//   id       the <section> id; it gets data-status="pending|running|waiting|ok|error"
//   file     the Python file under examples/;  title, blurb (HTML allowed)
//   outputs  [{id, label}] output <div>s the code writes into
//   html     optional markup above the outputs (inputs, <progress>, ...)
//   worker   true: the code runs in a module Worker with its own Pyodide (worker.js)
//   waitFor  set for examples that need the visitor (choose files, click): after the code ran,
//            the section shows this text as "waiting" and `check` runs without a deadline
//   check    async () => summary string; waits for the outputs (or checks what the code
//            printed: expectPrinted) and throws if they are wrong
// When every example that needs nobody has finished, <body> gets data-ready="1".

import { loadPyodide } from "/pyodide.mjs";

const UTF8_TEXT = "bébé";
const DOWNLOAD_BYTES = "2,621,440";
const UPLOAD_BYTES = "8,388,608";
const CITY_ROWS = ["['city', 'population']", "['Paris', '2102650']", "['Berlin', '3878100']",
  "['Madrid', '3332035']"];

const EXAMPLES = [
  {
    id: "ex-text",
    file: "brython_get.py",
    title: "Brython code, unchanged",
    blurb: "After the opt-in <code>brython.install()</code>, <code>from browser import ajax, " +
      "document</code> works and Brython's own examples run as they are, on the real DOM. " +
      "<code>ajax.get</code> returns at once; <code>on_complete</code> receives the request " +
      "when the response is in (decoded as UTF-8).",
    outputs: [{ id: "result-get", label: "div#result-get" }],
    check: () => expectText("result-get", UTF8_TEXT),
  },
  {
    id: "ex-post",
    file: "brython_post.py",
    title: "POST a dict with the Web-API style object",
    blurb: "The example of Brython's docs, verbatim: <code>Ajax()</code>, <code>bind</code>, " +
      "<code>open</code>, <code>set_header</code>, <code>send(dict)</code>, and " +
      "<code>document[\"result\"].html</code>. The dict is url-encoded; the server echoes " +
      "the body it received.",
    outputs: [{ id: "result", label: "div#result" }],
    check: () => expectText("result", "x=0&y=1"),
  },
  {
    id: "ex-binary",
    file: "brython_binary.py",
    title: "A binary file with mode=\"binary\"",
    blurb: "<code>req.read()</code> gives the exact bytes of the image.",
    outputs: [{ id: "result-binary", label: "div#result-binary" }],
    check: () => expectMatch("result-binary", /^\d+ bytes, PNG: True$/),
  },
  {
    id: "ex-form-data",
    file: "brython_form_data.py",
    title: "Upload a file with form_data and @bind",
    blurb: "Brython's form-data example, verbatim: choose a file, then press <b>Send</b>. " +
      "<code>@bind('#btn', 'click')</code> binds the handler; it prints the file, then the " +
      "server's description of what it received.",
    html: `<div class="file-row">
      <label class="file-pick"><input type="file" id="file_upload"></label>
      <button type="button" id="btn" class="button">Send</button>
    </div>`,
    waitFor: "choose a file, then Send",
    check: checkFormData,
  },
  {
    id: "ex-upload",
    file: "brython_upload.py",
    title: "Upload files with file_upload",
    blurb: "Brython's upload example, verbatim: choose one or more files, then press " +
      "<b>Upload</b>. Each file is sent as <code>multipart/form-data</code>; " +
      "<code>upload_ok</code> prints once per file.",
    html: `<div class="file-row">
      <label class="file-pick"><input type="file" id="choosefiles" multiple></label>
      <button type="button" id="upload" class="button">Upload</button>
    </div>`,
    waitFor: "choose files, then Upload",
    check: checkUpload,
  },
  {
    id: "ex-json",
    file: "await_json.py",
    title: "Or just await it",
    blurb: "Every request is awaitable: <code>await</code> gives the finished request, or " +
      "raises. <code>mode=\"json\"</code> parses the body into <code>req.json</code>.",
    outputs: [{ id: "result-json", label: "div#result-json" }],
    check: () => expectText("result-json", "example glossary"),
  },
  {
    id: "ex-download",
    file: "download_progress.py",
    title: "Download progress",
    blurb: "<code>onprogress</code> receives a <code>ProgressEvent</code> for every chunk " +
      "read from the response stream: the bar follows the bytes as they arrive.",
    html: `<div class="meter"><progress id="download-bar" value="0" max="1"></progress>
      <div class="meter-label" id="download-label"></div></div>`,
    check: () => expectMatch("download-label", new RegExp(
      `^${DOWNLOAD_BYTES} of ${DOWNLOAD_BYTES} bytes · ${DOWNLOAD_BYTES} bytes read, ` +
      `([2-9]|\\d\\d+) progress events$`)),
  },
  {
    id: "ex-upload-progress",
    file: "upload_progress.py",
    title: "Upload progress",
    blurb: "<code>fetch</code> reports no upload progress, so a request with an " +
      "<code>onuploadprogress</code> callback travels on an asynchronous XMLHttpRequest, " +
      "whose upload events drive the bar. Chromium reports upload progress a few times " +
      "a second, so the bar moves in steps.",
    html: `<div class="meter"><progress id="upload-bar" value="0" max="1"></progress>
      <div class="meter-label" id="upload-label"></div></div>`,
    check: () => expectMatch("upload-label", new RegExp(
      `^${UPLOAD_BYTES} of ${UPLOAD_BYTES} bytes sent · server received ${UPLOAD_BYTES} · ` +
      "\\d+ events via xhr-async$")),
  },
  {
    id: "ex-worker",
    file: "worker_blocking.py",
    worker: true,
    title: "Blocking mode in a Web Worker",
    blurb: "The same code, run in a Worker with its own Pyodide: called plainly " +
      "(<code>runPython</code>) it cannot suspend, so it uses a synchronous XHR; under " +
      "<code>runPythonAsync</code> it uses JSPI. <code>req.transport</code> tells which.",
    outputs: [
      { id: "worker-sync", label: "pyodide.runPython" },
      { id: "worker-async", label: "pyodide.runPythonAsync" },
    ],
    check: async () => [
      await expectText("worker-sync", `200 ${UTF8_TEXT} via xhr-worker`),
      await expectText("worker-async", `200 ${UTF8_TEXT} via jspi`),
    ].join(" | "),
  },
  {
    id: "ex-urllib-csv",
    file: "urllib_csv.py",
    title: "urllib and csv, unchanged",
    blurb: "After one <code>pyodide_ajax.patch_all()</code>, the standard library's " +
      "<code>urllib.request.urlopen</code> (what <code>pandas.read_csv(url)</code> calls) " +
      "goes through pyodide-ajax's blocking path, and <code>requests</code> too when it is " +
      "installed. <code>csv.reader</code> reads the response line by line; " +
      "<code>resp.transport</code> tells what carried it.",
    check: () => expectPrinted([...CITY_ROWS, "200 via jspi"]),
  },
];

const CHECK_TIMEOUT_MS = 20_000;
const RUN_TIMEOUT_MS = 60_000;

const $ = (id) => document.getElementById(id);
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

function withTimeout(promise, ms, what) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no result after ${ms / 1000} s`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** Poll #id until its text satisfies `accept` (callbacks finish after the code returns). */
async function waitForText(id, accept, describe, deadlineMs = CHECK_TIMEOUT_MS) {
  const element = typeof id === "string" ? $(id) : id;
  const deadline = performance.now() + deadlineMs;
  while (!accept(element.textContent) && performance.now() < deadline) await sleep(25);
  const actual = element.textContent;
  if (!accept(actual)) {
    const name = typeof id === "string" ? `#${id}` : element.className;
    throw new Error(`${name}: expected ${describe}, got ${JSON.stringify(actual)}`);
  }
  return actual;
}

const expectText = (id, expected) =>
  waitForText(id, (text) => text === expected, JSON.stringify(expected));
const expectMatch = (id, pattern) =>
  waitForText(id, (text) => pattern.test(text), String(pattern));

/** What the running example printed, line by line (shown in its stdout block when done). */
function expectPrinted(expected) {
  const actual = capture?.stdout ?? [];
  if (actual.join("\n") !== expected.join("\n")) {
    throw new Error(`stdout: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
  }
  return `${actual.length} lines printed`;
}

/** The stdout of a waiting example: what its callbacks printed after the visitor acted. */
const stdoutOf = (id) => $(id).querySelector(".stdout");

/** Done when the handler printed the File and the server's echo names the chosen file. */
async function checkFormData() {
  const chosen = () => $("file_upload").files[0]?.name;
  const text = await waitForText(stdoutOf("ex-form-data"), (text) => {
    const reply = text.split("req complete ")[1];
    return Boolean(chosen() && text.startsWith("[object File]\n") && reply &&
      JSON.parse(reply).filenames?.upload === chosen());
  }, "[object File], then req complete and the echo", Infinity);
  return `${chosen()} sent, ${text.length} characters printed`;
}

/** Done when upload_ok printed "all right" once per chosen file. */
async function checkUpload() {
  const files = () => [...$("choosefiles").files];
  const text = await waitForText(stdoutOf("ex-upload"), (text) => files().length > 0 &&
    text === Array(files().length).fill("all right").join("\n"), "one line per file", Infinity);
  return `${files().length} files: ${text.split("\n").join("; ")}`;
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

function setBoot(phase, text, detail = "", step = null) {
  $("boot").dataset.phase = phase;
  $("status").textContent = text;
  $("status-detail").textContent = detail;
  if (step !== null) $("boot-bar").value = step;
}

function render(example) {
  const section = $("example-template").content.firstElementChild.cloneNode(true);
  section.id = example.id;
  section.querySelector(".example-title").textContent = example.title;
  section.querySelector(".section-blurb").innerHTML = example.blurb ?? "";
  section.querySelector(".code-file").textContent = `site/examples/${example.file}`;
  if (example.worker) section.querySelector(".where").textContent = "in a Worker";
  resetStage(example, section);
  $("examples").append(section);
  return section;
}

/** Fresh inputs, bars and empty outputs (a re-run starts from a clean stage). */
function resetStage(example, section) {
  section.querySelector(".stage").innerHTML = example.html ?? "";
  const outputs = section.querySelector(".outputs");
  outputs.replaceChildren();
  for (const { id, label } of example.outputs ?? []) {
    const block = document.createElement("div");
    block.className = "output-block";
    block.innerHTML = `<div class="output-label"></div><div class="output" id="${id}"></div>`;
    block.firstElementChild.textContent = label;
    outputs.append(block);
  }
  for (const pre of section.querySelectorAll(".stdout, .error")) {
    pre.textContent = "";
    pre.hidden = true;
  }
}

function showCode(section, code) {
  const target = section.querySelector(".code code");
  target.replaceChildren();
  highlight(code, target);
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
// A waiting example's callbacks print after its code returned, when the visitor acts: their
// lines go to the stdout block of the waiting example the visitor last clicked in.
let visited = null;
document.addEventListener("click", (event) => {
  const section = event.target.closest?.("section.example");
  if (section?.dataset.status === "waiting") visited = section;
}, true);

function printed(stream, line) {
  if (capture) return capture[stream].push(line);
  if (stream === "stdout" && visited) {
    const pre = visited.querySelector(".stdout");
    pre.textContent += (pre.textContent ? "\n" : "") + line;
    pre.hidden = false;
    return;
  }
  (stream === "stdout" ? console.log : console.warn)(line);
}

/** Run code in the page's Pyodide, in a fresh namespace. */
async function runInPage(pyodide, code) {
  const namespace = pyodide.globals.get("dict")();
  try {
    // Brython style ends with `ajax.get(...)`: the request is the value of the last
    // expression, and the promise settles once it is done (docs/reference.md, "Awaiting").
    await pyodide.runPythonAsync(code, { globals: namespace });
  } finally {
    namespace.destroy();
  }
}

// ------------------------------------------------------------------ the Worker

let worker = null;
let workerBooted = null;
const workerJobs = new Map();

function startWorker(wheelUrl) {
  worker = new Worker("worker.js", { type: "module" });
  workerBooted = new Promise((resolve, reject) => {
    worker.onmessage = ({ data }) => {
      if (data.type === "booted") return resolve();
      const job = workerJobs.get(data.id);
      workerJobs.delete(data.id);
      if (!job) return reject(new Error(data.message));
      if (data.type === "error") job.reject(new Error(data.message));
      else job.resolve(data);
    };
    worker.onerror = (event) => reject(new Error(`worker: ${event.message}`));
  });
  worker.postMessage({ type: "boot", wheelUrl });
}

let nextJob = 0;
async function runInWorker(example, code) {
  await workerBooted;
  const id = ++nextJob;
  const result = await new Promise((resolve, reject) => {
    workerJobs.set(id, { resolve, reject });
    worker.postMessage({ type: "run", id, code });
  });
  $(example.outputs[0].id).textContent = result.sync;
  $(example.outputs[1].id).textContent = result.async;
}

// ------------------------------------------------------------------ running

async function run(pyodide, example, section) {
  const code = section.querySelector(".code code").textContent.trim();
  resetStage(example, section);
  showCode(section, code);
  capture = example.waitFor ? null : { stdout: [], stderr: [] };
  setStatus(section, "running", "running…");
  const started = performance.now();
  try {
    const job = example.worker ? runInWorker(example, code) : runInPage(pyodide, code);
    await withTimeout(job, RUN_TIMEOUT_MS, example.id);
    if (example.waitFor) {
      setStatus(section, "waiting", example.waitFor);
      waitForVisitor(example, section); // not awaited: the visitor may take their time
      return;
    }
    const summary = await example.check();
    section.dataset.summary = summary;
    setStatus(section, "ok", `ok · ${Math.round(performance.now() - started)} ms`);
  } catch (err) {
    // A PythonError's message is the whole traceback; a callback's goes to stderr.
    const parts = [trimTraceback(String(err?.message ?? err).trimEnd())];
    if (capture?.stderr.length) parts.push("stderr:\n" + capture.stderr.join("\n"));
    showError(section, parts.join("\n\n"));
  } finally {
    if (capture?.stdout.length) {
      const pre = section.querySelector(".stdout");
      pre.textContent = capture.stdout.join("\n");
      pre.hidden = false;
    }
    capture = null;
  }
}

async function waitForVisitor(example, section) {
  try {
    section.dataset.summary = await example.check();
    setStatus(section, "ok");
  } catch (err) {
    showError(section, String(err?.message ?? err));
  }
}

async function boot() {
  setBoot("loading", "Loading Pyodide…", "the WebAssembly runtime and the standard library", 0);
  const pyodide = await loadPyodide({ indexURL: "/" });
  window.pyodide = pyodide; // for poking around in the console
  pyodide.setStdout({ batched: (line) => printed("stdout", line) });
  pyodide.setStderr({ batched: (line) => printed("stderr", line) });

  setBoot("installing", "Loading micropip…", `Pyodide ${pyodide.version}`, 1);
  const lock = await (await fetch("/pyodide-lock.json")).json();
  const fileName = lock.packages["pyodide-ajax"]?.file_name;
  if (!fileName) throw new Error("/pyodide-lock.json lists no pyodide-ajax wheel");
  await pyodide.loadPackage("micropip");
  const wheelUrl = location.origin + "/" + fileName;
  $("wheel-url").textContent = JSON.stringify(wheelUrl);
  setBoot("installing", "Installing pyodide-ajax with micropip…", fileName, 2);
  await pyodide.runPythonAsync(`import micropip\nawait micropip.install(${JSON.stringify(wheelUrl)})`);
  // Every Brython-style example can then be run on its own (the first one shows the call).
  pyodide.runPython("from pyodide_ajax import brython; brython.install()");
  const version = pyodide.runPython("import pyodide_ajax; pyodide_ajax.__version__");
  $("versions").textContent = `Pyodide ${pyodide.version} · pyodide-ajax ${version}`;
  startWorker(wheelUrl);
  return pyodide;
}

async function loadCode(example, section) {
  const response = await fetch(`examples/${example.file}`);
  if (!response.ok) throw new Error(`examples/${example.file}: HTTP ${response.status}`);
  // The files follow PEP 8 (two blank lines around functions); one is enough on the page.
  showCode(section, (await response.text()).trim().replace(/\n{3,}/g, "\n\n"));
}

async function main() {
  const sections = EXAMPLES.map((example) => [example, render(example)]);
  const started = performance.now();
  let pyodide;
  try {
    await Promise.all(sections.map(([example, section]) => loadCode(example, section)));
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
  const bootSeconds = ((performance.now() - started) / 1000).toFixed(1);
  setBoot("running", "Running the examples…", `booted in ${bootSeconds} s`, 3);
  for (const [example, section] of sections) {
    section.querySelector(".run").disabled = false;
    section.querySelector(".run").onclick = () => run(pyodide, example, section);
    section.querySelector(".code code").addEventListener("blur", (event) => {
      showCode(section, event.target.textContent); // re-highlight what the visitor typed
    });
    await run(pyodide, example, section);
  }
  const failed = sections.filter(([, s]) => s.dataset.status === "error").length;
  const total = sections.length;
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  setBoot(failed ? "error" : "ready", failed ? "Examples failed" : "Ready",
    failed ? `${failed} of ${total} examples failed` : `examples ran in ${seconds} s · edit one and press Run`, 4);
  document.body.dataset.ready = "1";
}

main();
