"""A urllib handler that carries http and https requests on pyodide_ajax's blocking path.

It subclasses urllib's own `HTTPHandler`, so urllib's machinery stays in force: the request
preprocessing (the default Content-Type for `data=`, the opener's headers), the caller's own
handlers, `HTTPErrorProcessor` turning 4xx/5xx into `HTTPError`, `urlretrieve`. Only the `open`
step differs: no socket, but JSPI or a synchronous XMLHttpRequest (`_core.open_url`).
"""

from __future__ import annotations

import socket
import urllib.request

from .._errors import AjaxError
from ._core import build_request, for_urllib, open_url, request_body
from ._response import BridgeResponse

__all__ = ["EAGER_BYTES", "AjaxHTTPHandler", "open_request"]

# Bodies announced at up to this size come with the headers (one wake-up of Python); larger or
# unsized ones are pulled on JSPI as they are read, so `read(n)` never holds the whole body.
EAGER_BYTES = 1024 * 1024
STDLIB_HTTP_HANDLER = urllib.request.HTTPHandler


def _timeout(value: object) -> float | None:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    # urllib passes its "not given" sentinel: the process default, as a socket would use.
    default = socket.getdefaulttimeout()
    return None if default is None else float(default)


def open_request(req: urllib.request.Request) -> BridgeResponse:
    request = build_request(
        req.get_method(),
        req.full_url,
        req.header_items(),
        request_body(req.data),
        _timeout(getattr(req, "timeout", None)),
    )
    try:
        head, source = open_url(request, EAGER_BYTES)
    except AjaxError as exc:
        raise for_urllib(exc) from exc
    return BridgeResponse(head, source, request.method)


class AjaxHTTPHandler(STDLIB_HTTP_HANDLER):
    # Before the stdlib's HTTPHandler and HTTPSHandler (500), should an opener hold them too.
    handler_order = 499

    # The stdlib types this as returning http.client.HTTPResponse; ours is file-like the same way.
    def http_open(self, req: urllib.request.Request) -> BridgeResponse:  # type: ignore[override]
        return open_request(req)

    https_open = http_open
    https_request = STDLIB_HTTP_HANDLER.do_request_
