"""Run the demo site in headless Chromium and report each example.

What a passing run proves: the local Pyodide boots from our own server (no CDN), micropip
installs the pyodide-ajax wheel from a URL the way users install it, and every example on the
page (Brython's own examples via the `browser` drop-in, `await`, download and upload progress,
blocking mode in a Worker, a file upload from `<input type="file">`) runs in a real browser and
produces the expected output.

    python -m tools.demo --dist .cache/dist --site site

Exit status 0 only when every example reports ok.
"""

from __future__ import annotations

import argparse
import sys
import textwrap
import time
from pathlib import Path

from playwright.sync_api import ConsoleMessage, Page, sync_playwright
from playwright.sync_api import Error as PlaywrightError

from tools.chromium import CHROME_FLAGS, CHROMIUM
from tools.server import serve

READY_TIMEOUT_MS = 120_000
VISITOR_TIMEOUT_MS = 30_000
# What the "visitor" chooses in the file_upload example's <input type="file" multiple>.
UPLOAD_FILES = [
    {"name": "hello.txt", "mimeType": "text/plain", "buffer": b"hello, pyodide-ajax\n"},
    {"name": "bytes.bin", "mimeType": "application/octet-stream", "buffer": bytes(range(256))},
]
CONSOLE_LINES = 20

# What the page reports: the boot status line, a setup error, and per example <section> its
# id, status, summary (its output) and error text. One evaluate: nothing waits on a selector.
REPORT_JS = """() => ({
  boot: document.querySelector("#boot")?.innerText.replace(/\\s+/g, " ") ?? "(no #boot)",
  bootError: document.querySelector("#boot-error")?.textContent ?? "",
  examples: [...document.querySelectorAll("section.example")].map((s) => ({
    id: s.id,
    status: s.dataset.status,
    summary: s.dataset.summary || "",
    error: s.querySelector("pre.error")?.textContent || "",
  })),
})"""


def indent(text: str, prefix: str = "      ") -> str:
    return textwrap.indent(text, prefix, lambda line: True)


def record_console(page: Page, lines: list[str]) -> None:
    """Append the page's console errors and warnings and its uncaught exceptions to `lines`."""

    def on_console(msg: ConsoleMessage) -> None:
        if msg.type in ("error", "warning"):
            lines.append(f"console.{msg.type}: {msg.text}")

    page.on("console", on_console)
    page.on("pageerror", lambda exc: lines.append(f"pageerror: {exc}"))


def act_as_visitor(page: Page) -> None:
    """Do what the waiting examples ask a person to do: choose files, then press the button
    (one example after the other: each one's printed lines go to the one clicked last)."""
    for example, chooser, files, button in (
        ("ex-form-data", "#file_upload", UPLOAD_FILES[:1], "#btn"),
        ("ex-upload", "#choosefiles", UPLOAD_FILES, "#upload"),
    ):
        page.set_input_files(chooser, files)  # type: ignore[arg-type]
        page.click(button)
        page.wait_for_selector(
            f'#{example}:is([data-status="ok"], [data-status="error"])',
            state="attached",
            timeout=VISITOR_TIMEOUT_MS,
        )


def run(dist: Path, site: Path, chromium: str = CHROMIUM) -> int:
    """Serve `dist` at / and `site` at /site/, load the page, print one line per example."""
    started = time.monotonic()
    console: list[str] = []
    with serve({"/": dist, "/site/": site}) as servers, sync_playwright() as p:
        url = servers.url("/site/index.html")
        print(f"serving {url}", flush=True)
        browser = p.chromium.launch(executable_path=chromium, args=CHROME_FLAGS)
        try:
            page = browser.new_page()
            record_console(page, console)
            page.goto(url)
            try:
                page.wait_for_selector(
                    'body[data-ready="1"]', state="attached", timeout=READY_TIMEOUT_MS
                )
                act_as_visitor(page)
            except PlaywrightError as exc:
                print(f"FAIL  {str(exc).splitlines()[0]}")
            report = page.evaluate(REPORT_JS)
        finally:
            browser.close()

    print(f"boot: {report['boot']}")
    if report["bootError"]:
        print(indent(report["bootError"].strip()))
    results = report["examples"]
    failed = [r for r in results if r["status"] != "ok"]
    for r in results:
        if r["status"] == "ok":
            print(f"ok    {r['id']}: {r['summary']}")
        else:
            lines = r["error"].strip().splitlines() or [f"status {r['status']!r}"]
            print(f"FAIL  {r['id']}: {lines[-1]}")
            if lines[:-1]:
                print(indent("\n".join(lines[:-1])))
    if failed or not results:
        print("\nbrowser console:" if console else "\nbrowser console: (nothing)")
        for entry in console:  # JS stacks can be long: the first lines say what happened
            print(indent("\n".join(entry.splitlines()[:CONSOLE_LINES]), "  "))
    elapsed = time.monotonic() - started
    ok = bool(results) and not failed
    print(f"\n{len(results) - len(failed)}/{len(results)} examples ok in {elapsed:.1f} s")
    return 0 if ok else 1


def main(argv: list[str] | None = None) -> int:
    summary = (__doc__ or "").split("\n")[0]
    parser = argparse.ArgumentParser(prog="python -m tools.demo", description=summary)
    parser.add_argument("--dist", type=Path, default=Path(".cache/dist"), help="Pyodide + wheels")
    parser.add_argument("--site", type=Path, default=Path("site"), help="the demo page folder")
    parser.add_argument("--chromium", default=CHROMIUM, help="Chromium executable")
    args = parser.parse_args(argv)
    for folder in (args.dist, args.site):
        if not folder.is_dir():
            parser.error(f"not a directory: {folder} (run `make setup` first?)")
    return run(args.dist, args.site, args.chromium)


if __name__ == "__main__":
    sys.exit(main())
