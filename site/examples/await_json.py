from js import document

import pyodide_ajax as ajax

req = await ajax.get("/files/glossary.json", mode="json")
document.getElementById("result-json").textContent = req.json["glossary"]["title"]
