from browser import ajax
from js import document


def on_complete(req):
    if req.status == 200 or req.status == 0:
        document.getElementById("result-post").textContent = req.text
    else:
        document.getElementById("result-post").textContent = "error " + req.text


url = "/ajax_post"  # the server echoes the request body
req = ajax.Ajax()
req.bind("complete", on_complete)
# send a POST request to the url
req.open("POST", url, True)
req.set_header("content-type", "application/x-www-form-urlencoded")
# send data as a dictionary
req.send({"x": 0, "y": 1})
