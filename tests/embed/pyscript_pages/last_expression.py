import js

import pyodide_ajax as ajax


def show(req):
    html = f"<pre id='done'>{req.status} {req.text}</pre>"
    js.document.body.insertAdjacentHTML("beforeend", html)


ajax.get("/files/text-utf8.txt", oncomplete=show)
