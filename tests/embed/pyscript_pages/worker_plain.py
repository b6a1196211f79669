import json

import pyodide_ajax as ajax

results = {}
try:
    ajax.get("../files/text-utf8.txt")
    results["relative"] = "no error"
except ValueError as exc:
    results["relative"] = f"ValueError: {exc}"
req = await ajax.get("/files/text-utf8.txt")  # '/...' means this origin, blob: or not
results["root"] = f"{req.status} {req.text}"
print("RESULT " + json.dumps(results))
