from pyodide_ajax import brython

brython.install()  # opt-in: registers `browser.ajax`; Brython code runs unchanged

from browser import ajax
from js import document


def on_complete(req):
    if req.status == 200 or req.status == 0:
        document.getElementById("result").textContent = req.text
    else:
        document.getElementById("result").textContent = "error " + req.text


ajax.get("/files/text-utf8.txt", oncomplete=on_complete)
