import csv
import html
import io
import json
import urllib.request

import js
import requests

import pyodide_ajax

patched = pyodide_ajax.patch_all()
# urllib wants absolute URLs (a relative one is `ValueError: unknown url type`).
CSV_URL = js.location.origin + "/files/cities.csv"
JSON_URL = js.location.origin + "/files/glossary.json"


def show(pre_id, results):
    text = html.escape(json.dumps(results))
    js.document.body.insertAdjacentHTML("beforeend", f"<pre id='{pre_id}'>{text}</pre>")


def read_all():
    results = {}
    # csv over urlopen, line by line
    with urllib.request.urlopen(CSV_URL) as resp:
        results["rows"] = list(csv.reader(io.TextIOWrapper(resp, encoding="utf-8")))
        results["csv"] = [resp.status, resp.headers["Content-Type"], resp.transport]
    # what pandas.read_csv(url) does: urlopen(Request(url, headers=storage_options)), a look
    # at Content-Encoding, then .read() of the whole body
    req = urllib.request.Request(CSV_URL, headers={"Accept": "text/csv"})
    with urllib.request.urlopen(req) as resp:
        results["pandas"] = [
            resp.headers.get("Content-Encoding", None),
            resp.read().decode(),
            resp.transport,
        ]
    r = requests.get(JSON_URL)
    results["requests"] = [r.status_code, r.json()["glossary"]["title"], r.raw.transport]
    return results


def on_click(event):  # a plain def handler: cannot suspend, so a synchronous XHR
    show("click", read_all())


show("done", {"patched": patched, **read_all()})
