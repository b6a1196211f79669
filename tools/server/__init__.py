"""The project's one local HTTP server, for the browser tests and the demo.

Why not ``python -m http.server``: the tests need three origins (CORS allowed,
allowed with credentials, denied), COOP/COEP headers on demand (cross-origin
isolation, for SharedArrayBuffer), fixture bodies in awkward encodings, and
slow or dripping responses for timeout, abort and progress tests. It is all
standard library so it runs wherever the tests run.

From Python::

    with serve({"/": dist_dir, "/site/": site_dir}) as servers:
        servers.url("/echo?x=1", origin="cors")

From a shell::

    python -m tools.server --root /=dist --root /site/=site --port 8000
"""

from __future__ import annotations

from .. import faults
from . import routes, simple_index
from .cli import main
from .fixtures import FIXTURES
from .forms import FormData, parse_form
from .handler import RequestHandler, route
from .origins import ROLES, ProbeCounter, RoleHTTPServer, Servers, find_closed_port, serve
from .static import StaticFiles, pyodide_templates

__all__ = [
    "FIXTURES",
    "ROLES",
    "ROUTE_MODULES",
    "FormData",
    "ProbeCounter",
    "RequestHandler",
    "RoleHTTPServer",
    "Servers",
    "StaticFiles",
    "find_closed_port",
    "main",
    "parse_form",
    "pyodide_templates",
    "serve",
]

# Every module of routes the server answers, each with an `install(route)` function; a new
# group of routes is a new module and one more entry here. The first pattern to match wins.
ROUTE_MODULES = (
    routes,  # the test API: /echo, /slow, /drip, /bytes, /redirect, /cookie, /seen ...
    faults,  # /fault/reset, /fault/short, /fault/hang, /fault/charset, /fault/loop
    simple_index,  # /simple/: a PEP 691/503 index of the served wheels (issue 19)
)
for _module in ROUTE_MODULES:
    _module.install(route)
