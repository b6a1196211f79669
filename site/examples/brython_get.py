from pyodide_ajax import brython

brython.install()  # opt-in: registers `browser`; Brython code runs unchanged

from browser import ajax, document


def on_complete(req):
    if req.status == 200 or req.status == 0:
        document["result-get"].text = req.text
    else:
        document["result-get"].text = "error " + req.text


ajax.get("/files/text-utf8.txt", oncomplete=on_complete)
