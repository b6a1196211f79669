import pyodide_ajax as ajax

# blocking=True in a Worker: JSPI when the call can suspend, else a synchronous XHR
req = ajax.get("/files/text-utf8.txt", blocking=True)
f"{req.status} {req.text} via {req.transport}"
