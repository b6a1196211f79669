from browser import ajax, document


def read(req):
    assert isinstance(req.read(), bytes)
    data = req.read()
    png = data.startswith(b"\x89PNG\r\n\x1a\n")
    document["result-binary"].text = f"{len(data)} bytes, PNG: {png}"


ajax.get("/brython.png", mode="binary", oncomplete=read)
