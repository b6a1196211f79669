// The floors: the same work in plain JavaScript, with no Python at all. Each function times
// itself with performance.now() (the Playwright round trip is not counted) and returns
// {ms, n, exact}: total milliseconds for n operations, and whether the body was right.
// All take (url, n, arg) like the Python rows; arg is the expected text or the body size.

const PERIOD = 256;

// Whether `bytes` is the server's /bytes pattern (0, 1, ..., 255, 0, 1, ...) of `size` bytes.
function isPattern(bytes, size) {
  if (bytes.length !== size) return false;
  for (let i = 0; i < size; i++) if (bytes[i] !== i % PERIOD) return false;
  return true;
}

// Same check for an x-user-defined string: byte b is the char b (< 0x80) or U+F700 + b.
function isPatternText(text, size) {
  if (text.length !== size) return false;
  for (let i = 0; i < size; i++) if ((text.charCodeAt(i) & 0xff) !== i % PERIOD) return false;
  return true;
}

export async function fetchText(url, n, expected) {
  let text = "";
  const t0 = performance.now();
  for (let i = 0; i < n; i++) text = await (await fetch(url)).text();
  return { ms: performance.now() - t0, n, exact: text === expected };
}

export async function fetchBytes(url, n, size) {
  const t0 = performance.now();
  const bytes = new Uint8Array(await (await fetch(url)).arrayBuffer());
  const ms = performance.now() - t0;
  return { ms, n: 1, exact: isPattern(bytes, size) };
}

function syncXhr(url, userDefined) {
  const xhr = new XMLHttpRequest();
  xhr.open("GET", url, false);
  if (userDefined) xhr.overrideMimeType("text/plain; charset=x-user-defined");
  else xhr.responseType = "arraybuffer"; // allowed for synchronous requests in Workers only
  xhr.send();
  return xhr;
}

export function syncXhrText(url, n, expected) {
  let text = "";
  const t0 = performance.now();
  for (let i = 0; i < n; i++) {
    const xhr = new XMLHttpRequest();
    xhr.open("GET", url, false);
    xhr.send();
    text = xhr.responseText;
  }
  return { ms: performance.now() - t0, n, exact: text === expected };
}

// The main thread's floor for a blocking binary download: a synchronous XHR may not set
// responseType in a document, so the body can only come as x-user-defined text.
export function syncXhrUserDefined(url, n, size) {
  const t0 = performance.now();
  const text = syncXhr(url, true).responseText;
  const ms = performance.now() - t0;
  return { ms, n: 1, exact: isPatternText(text, size) };
}

// The same plus the loop that turns that text into a Uint8Array (what our XHR transport does).
export function syncXhrUserDefinedBytes(url, n, size) {
  const t0 = performance.now();
  const text = syncXhr(url, true).responseText;
  const out = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) out[i] = text.charCodeAt(i);
  const ms = performance.now() - t0;
  return { ms, n: 1, exact: isPattern(out, size) };
}

// Workers only: a synchronous XHR with responseType "arraybuffer".
export function syncXhrArrayBuffer(url, n, size) {
  const t0 = performance.now();
  const bytes = new Uint8Array(syncXhr(url, false).response);
  const ms = performance.now() - t0;
  return { ms, n: 1, exact: isPattern(bytes, size) };
}

// `count` GETs at once, each to its own URL (Chromium serialises identical concurrent GETs
// behind its cache lock); Chromium opens at most 6 HTTP/1.1 connections per host.
export async function fetchConcurrent(url, count, expected) {
  const t0 = performance.now();
  const texts = await Promise.all(
    Array.from({ length: count }, (_, i) => fetch(`${url}&i=${i}`).then((r) => r.text())),
  );
  const ms = performance.now() - t0;
  return { ms, n: 1, exact: texts.every((t) => t === expected) };
}
