from js import document

import pyodide_ajax as ajax

bar = document.getElementById("upload-bar")
label = document.getElementById("upload-label")

data = bytes(range(256)) * 16384  # 4 MiB to upload
CHUNK = 256 * 1024
bar.max = len(data)
confirmed = 0
# fetch reports no upload progress: send slices, count what the server confirms
for start in range(0, len(data), CHUNK):
    req = await ajax.post("/upload-sink", data=data[start : start + CHUNK])
    req.raise_for_status()
    confirmed += req.json["received"]
    bar.value = confirmed
    label.textContent = f"{confirmed:,} of {len(data):,} bytes confirmed by the server"
