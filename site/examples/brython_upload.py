from browser import ajax
from js import document
from pyodide.ffi.wrappers import add_event_listener

output = document.getElementById("result-upload")


def upload_ok(req):
    echo = req.json  # the test server describes what it received
    name = echo["filenames"]["filetosave"]
    size = len(echo["files_hex"]["filetosave"]) // 2
    output.textContent += f"{req.status} {name}: {size} bytes\n"


def uploadfiles(event):  # Brython: @bind("#upload", "click")
    output.textContent = ""
    for f in document.getElementById("choosefiles").files:
        ajax.file_upload("/echo", f, oncomplete=upload_ok)


add_event_listener(document.getElementById("upload"), "click", uploadfiles)
