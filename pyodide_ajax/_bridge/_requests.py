"""requests' `HTTPAdapter.send` on pyodide_ajax's blocking path (patched in by `patch_requests`).

requests prepares everything (params, data, json, files as multipart bytes, auth); this sends
the prepared request and builds a `requests.Response`, whose `text`, `json()` and
`raise_for_status()` then follow requests' own rules. What the browser owns is left to it:
redirects are followed by the browser (`url` is the final URL, `history` stays empty), cookies
live in the browser's jar, forbidden headers are dropped.
"""

from __future__ import annotations

from typing import Any

from .._errors import AjaxError
from ._core import build_request, for_requests, open_url, request_body
from ._response import BridgeResponse

__all__ = ["send", "timeout_seconds"]


def timeout_seconds(timeout: Any) -> float | None:
    """requests' timeout (seconds, a (connect, read) pair or a urllib3 `Timeout`) as one budget
    for the whole exchange: a browser shows no separate connect phase to scripts."""
    if timeout is None:
        return None
    if isinstance(timeout, tuple):
        parts = [float(t) for t in timeout if t is not None]
        return sum(parts) if parts else None
    if hasattr(timeout, "connect_timeout"):  # urllib3.Timeout
        total = getattr(timeout, "total", None)
        if total is not None:
            return float(total)
        return timeout_seconds((timeout.connect_timeout, timeout.read_timeout))
    return float(timeout)


def send(
    adapter: Any,
    request: Any,
    stream: bool = False,
    timeout: Any = None,
    verify: Any = True,
    cert: Any = None,
    proxies: Any = None,
) -> Any:
    from requests.models import Response
    from requests.structures import CaseInsensitiveDict
    from requests.utils import get_encoding_from_headers

    # A str body is encoded as http.client would (ISO-8859-1), so it fails as it does in CPython.
    prepared = build_request(
        request.method, request.url, request.headers.items(), request_body(request.body),
        timeout_seconds(timeout),
    )  # fmt: skip
    try:
        head, source = open_url(prepared, 0 if stream else -1)
    except AjaxError as exc:
        raise for_requests(exc, request) from exc
    raw = BridgeResponse(head, source, prepared.method)
    raw.map_error = lambda exc: for_requests(exc, request)
    response = Response()
    response.status_code = head.status
    response.headers = CaseInsensitiveDict(head.headers)
    response.encoding = get_encoding_from_headers(response.headers)
    response.reason = head.status_text
    response.url = head.url
    response.request = request
    response.connection = adapter
    response.raw = raw
    if not stream:
        response._content = raw.read()
        response._content_consumed = True
        raw.close()
    return response
