from pyscript import document

import pyodide_ajax as ajax


def show(name, text):
    pre = document.createElement("pre")
    pre.id, pre.textContent = name, text
    document.body.append(pre)


# The top level of a <script type="py"> may await, and blocking=True runs on JSPI here.
req = await ajax.get("./files/text-utf8.txt")
show("top-async", f"{req.status} {req.text}")

req = ajax.get("./bytes?n=65536", mode="binary", blocking=True)
show("top-blocking", f"{req.status} {req.transport} {req.read() == bytes(range(256)) * 256}")


def on_click(event):
    # A plain `def` handler cannot suspend: blocking=True falls back to a synchronous XHR.
    req = ajax.get("./bytes?n=65536", mode="binary", blocking=True)
    show("click", f"{req.status} {req.transport} {req.read() == bytes(range(256)) * 256}")


async def on_click_async(event):
    # An `async def` handler may await, and may block on JSPI.
    req = await ajax.get("./json_misc", mode="json")
    text = ajax.get("./files/text-utf8.txt", blocking=True)
    show("click-async", f"{req.json['e']} {text.transport} {text.text}")
