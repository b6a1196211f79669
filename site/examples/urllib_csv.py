import csv
import io
import urllib.request

from js import location

import pyodide_ajax

pyodide_ajax.patch_all()  # once: urlopen now goes through pyodide-ajax

# unchanged stdlib code; urllib wants an absolute URL
url = location.origin + "/files/cities.csv"
with urllib.request.urlopen(url) as resp:
    for row in csv.reader(io.TextIOWrapper(resp, encoding="utf-8")):
        print(row)
print(f"{resp.status} via {resp.transport}")
