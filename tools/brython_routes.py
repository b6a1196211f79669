"""The upload URLs of Brython's browser.ajax documentation, so its examples run verbatim
(issue 17): `/cgi-bin/file_upload.py` and `/cgi-bin/savefile.py` answer as `/echo` does."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any


def install(route: Callable[[str], Callable[[Any], Any]]) -> None:
    @route(r"/cgi-bin/(?:file_upload|savefile)\.py")
    def _cgi_upload(handler: Any, match: Any) -> None:
        handler._echo(match)
