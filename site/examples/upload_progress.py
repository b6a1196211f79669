from js import document

import pyodide_ajax as ajax

bar = document.getElementById("upload-bar")
label = document.getElementById("upload-label")
events = 0


def on_upload_progress(event):  # request-body bytes sent so far
    global events
    events += 1
    bar.max = event.total
    bar.value = event.loaded
    label.textContent = f"{event.loaded:,} of {event.total:,} bytes sent"


data = bytes(range(256)) * 32768  # 8 MiB
# ?pace_kib=64: the test server reads slowly, so the bar moves even on loopback
url = "/upload-sink?pace_kib=64"
req = await ajax.post(url, data=data, onuploadprogress=on_upload_progress)
received = req.json["received"]
label.textContent += f" · server received {received:,}"
label.textContent += f" · {events} events via {req.transport}"
