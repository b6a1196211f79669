from pyscript import document, when

import pyodide_ajax as ajax


def show(name, text):
    pre = document.createElement("pre")
    pre.id, pre.textContent = name, text
    document.body.append(pre)


def blocking_requests(where):
    req = ajax.get("./bytes?n=65536", mode="binary", blocking=True)
    show(f"{where}-binary", f"{req.status} {req.transport} {req.read() == bytes(range(256)) * 256}")
    try:
        req = ajax.get("./slow?ms=5000", blocking=True, timeout=0.5)
        show(f"{where}-timeout", f"no timeout: {req.status}")
    except ajax.TimeoutError as exc:
        show(f"{where}-timeout", f"TimeoutError: {exc}")


# Relative URLs resolve against the page, as on the main thread.
req = await ajax.get("./files/text-utf8.txt")
show("worker-async", f"{req.status} {req.text}")
blocking_requests("worker-top")  # the top level can block on JSPI


@when("click", "#load")
def on_click(event):
    blocking_requests("worker-click")  # a `def` handler: synchronous XHR, binary and timeout work
