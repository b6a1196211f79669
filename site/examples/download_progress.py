from js import document

import pyodide_ajax as ajax

bar = document.getElementById("download-bar")
label = document.getElementById("download-label")
events = 0


def on_progress(event):  # a ProgressEvent for each chunk read from the stream
    global events
    events += 1
    if event.lengthComputable:
        bar.max = event.total
        bar.value = event.loaded
        label.textContent = f"{event.loaded:,} of {event.total:,} bytes"


# 2.5 MiB, sent by the server in 40 slices 25 ms apart
url = "/drip?chunks=40&size=65536&delay=25&type=application/octet-stream"
req = await ajax.get(url, mode="binary", onprogress=on_progress)
label.textContent += f" · {len(req.read()):,} bytes read, {events} progress events"
