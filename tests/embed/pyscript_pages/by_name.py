import importlib.metadata

import js
import micropip

import pyodide_ajax as ajax

# What a user checks after `packages = ["pyodide-ajax"]`: the version, where micropip took it
# from ("pyodide": the Pyodide lock; "pypi": an index), and that a request works.
req = await ajax.get("/files/text-utf8.txt")
source = micropip.list()["pyodide-ajax"].source
line = f"{importlib.metadata.version('pyodide-ajax')} {source} {req.status} {req.text}"
js.document.body.insertAdjacentHTML("beforeend", f"<pre id='done'>{line}</pre>")
