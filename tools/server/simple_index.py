"""A package index on the test server: the Simple Repository API, as micropip and pip read it.

A route module of `tools.server` (one of its ``ROUTE_MODULES``), under ``/simple/`` (and
``/coi/simple/``), so Pyodide can install by name, offline:
``await micropip.install("pyodide-ajax", index_urls=[origin + "/simple"])``.

- ``/simple/`` lists the projects, ``/simple/<project>/`` their files; each in PEP 691 JSON
  (``application/vnd.pypi.simple.v1+json``, what micropip asks for first) or PEP 503 HTML
  (``text/html``, what a browser asks for), chosen from the ``Accept`` header, or from
  ``?format=<content type>`` (PEP 691's optional override). API version 1.1: files carry
  ``size`` and projects their ``versions`` (PEP 700).
- The index holds every wheel at the top of a folder the server serves (its static roots: the
  dist folder with our wheel, ``/requests-wheels/`` with requests and its dependencies ...);
  file URLs point at those static paths, with the sha256 that installers check.
- ``<wheel URL>.metadata`` serves the wheel's METADATA (PEP 658 / PEP 714 ``core-metadata``), so
  a resolver can read the dependencies before fetching the wheel, as it does on PyPI.
- A project name that is not normalized (``/simple/Pyodide_Ajax/``) redirects to its PEP 503
  normalized form; an unknown one is a 404, as on PyPI.

The documents are written by the `simple-repository` library (its model, serializers and
content negotiation); this module only finds the wheels and reads their metadata. Compared:
`simple-repository-server` (a FastAPI application: a second server and process beside this one)
and `simple-repository-generator` (static PEP 503 HTML only, written to disk before serving);
the library's model and serializers fit inside this server's routes, and serve what is in the
folders at request time (a rebuilt wheel is listed with its new sha256 at once).
"""

from __future__ import annotations

import email.parser
import hashlib
import re
import zipfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple
from urllib.parse import quote

from packaging.utils import canonicalize_name, parse_wheel_filename
from simple_repository import content_negotiation, errors, model, serializer

from .handler import TEXT, RequestHandler, RouteFunc

__all__ = ["API_VERSION", "IndexedWheel", "install", "project_list", "project_page", "wheels_in"]

API_VERSION = "1.1"
_FORMAT_QUERY = "format"


@dataclass(frozen=True)
class IndexedWheel:
    """One wheel the index lists: where it is served and what installers check."""

    project: str  # normalized (PEP 503)
    version: str
    filename: str
    url_path: str  # the static path the server serves it at
    sha256: str
    size: int
    requires_python: str | None
    metadata_sha256: str


def _dist_info_metadata(zf: zipfile.ZipFile) -> bytes:
    names = [n for n in zf.namelist() if n.count("/") == 1 and n.endswith(".dist-info/METADATA")]
    if len(names) != 1:
        raise ValueError(f"{zf.filename}: expected one *.dist-info/METADATA, found {names}")
    return zf.read(names[0])


class WheelFacts(NamedTuple):
    """What the index says about a wheel file, read from the file itself."""

    sha256: str
    requires_python: str | None
    metadata: bytes  # the wheel's METADATA, served as ``<wheel URL>.metadata``
    metadata_sha256: str


@lru_cache(maxsize=256)
def _read_wheel(path: Path, mtime_ns: int, size: int) -> WheelFacts:
    del mtime_ns, size  # part of the cache key only: a rebuilt wheel is read again
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    with zipfile.ZipFile(path) as zf:
        metadata = _dist_info_metadata(zf)
    requires_python = email.parser.BytesHeaderParser().parsebytes(metadata).get("Requires-Python")
    return WheelFacts(
        sha256=digest,
        requires_python=str(requires_python).strip() if requires_python else None,
        metadata=metadata,
        metadata_sha256=hashlib.sha256(metadata).hexdigest(),
    )


def read_wheel(path: Path) -> WheelFacts:
    """The facts of `path`, cached per file state (the index is re-read on every request)."""
    stat = path.stat()
    return _read_wheel(path, stat.st_mtime_ns, stat.st_size)


def wheels_in(roots: Iterable[tuple[str, Path]]) -> list[IndexedWheel]:
    """The wheels at the top of each (URL prefix, folder), first root first for a file name
    served twice; sorted by project, then version, then file name."""
    found: dict[str, IndexedWheel] = {}
    for prefix, folder in roots:
        if not folder.is_dir():
            continue
        for path in sorted(folder.glob("*.whl")):
            if path.name in found or not path.is_file():
                continue
            try:
                name, version, _, _ = parse_wheel_filename(path.name)
                facts = read_wheel(path)
            except (ValueError, zipfile.BadZipFile):
                continue  # not an installable wheel: an installer would refuse it too
            found[path.name] = IndexedWheel(
                project=canonicalize_name(name),
                version=str(version),
                filename=path.name,
                url_path=prefix.rstrip("/") + "/" + quote(path.name),
                sha256=facts.sha256,
                size=path.stat().st_size,
                requires_python=facts.requires_python,
                metadata_sha256=facts.metadata_sha256,
            )
    return sorted(found.values(), key=lambda w: (w.project, w.version, w.filename))


def project_list(wheels: Sequence[IndexedWheel]) -> model.ProjectList:
    names = sorted({w.project for w in wheels})
    return model.ProjectList(
        meta=model.Meta(API_VERSION),
        projects=frozenset(model.ProjectListElement(name) for name in names),
    )


def project_page(project: str, wheels: Sequence[IndexedWheel], base: str) -> model.ProjectDetail:
    """The files of one (normalized) project, with absolute URLs under `base` (an origin, plus
    ``/coi`` when the request came that way), as PyPI gives them: micropip 0.11.1 resolves a
    relative file URL against the index URL (its ``_parse_pep691_response``), but not every
    installer does, and an absolute one names the file wherever the page was loaded from."""
    mine = [w for w in wheels if w.project == project]
    files = tuple(
        model.File(
            filename=w.filename,
            url=base + w.url_path,
            hashes={"sha256": w.sha256},
            requires_python=w.requires_python,
            dist_info_metadata={"sha256": w.metadata_sha256},
            size=w.size,
        )
        for w in mine
    )
    return model.ProjectDetail(
        meta=model.Meta(API_VERSION),
        name=project,
        files=files,
        versions=frozenset(w.version for w in mine),
    )


def _format(handler: RequestHandler) -> content_negotiation.Format:
    wanted = handler.param(_FORMAT_QUERY, "") or handler.headers.get("Accept", "")
    return content_negotiation.select_response_format(wanted)


def _served_wheels(handler: RequestHandler) -> list[IndexedWheel]:
    return wheels_in(handler.server.static.roots)


def _send_page(handler: RequestHandler, page: model.ProjectList | model.ProjectDetail) -> None:
    try:
        fmt = _format(handler)
    except errors.UnsupportedSerialization as exc:
        handler.reply(406, f"not acceptable: {exc}".encode(), TEXT)
        return
    body = serializer.serialize(page, fmt).encode()
    handler.reply(200, body, fmt.value, [("Vary", "Accept")])


def install(route: Callable[[str], Callable[[RouteFunc], RouteFunc]]) -> None:
    """Register the index routes with the handler's `route` decorator."""

    @route(r"/simple/?")
    def _projects(handler: RequestHandler, match: re.Match[str]) -> None:
        _send_page(handler, project_list(_served_wheels(handler)))

    @route(r"/simple/([^/]+)/?")
    def _project(handler: RequestHandler, match: re.Match[str]) -> None:
        project = canonicalize_name(match[1])
        if match[0] != f"/simple/{project}/":  # PEP 503: MAY redirect to the normalized URL
            query = f"?{handler.raw_query}" if handler.raw_query else ""
            location = f"{handler.prefix}/simple/{project}/{query}"
            handler.reply(301, headers=[("Location", location)])
            return
        wheels = _served_wheels(handler)
        if not any(w.project == project for w in wheels):
            handler.reply(404, f"no project {project!r}".encode(), TEXT)
            return
        base = f"http://{handler.headers.get('Host', '')}{handler.prefix}"
        _send_page(handler, project_page(project, wheels, base))

    @route(r"(/.*\.whl)\.metadata")
    def _core_metadata(handler: RequestHandler, match: re.Match[str]) -> None:
        path = handler.server.static.lookup(match[1])
        if path is None or not path.is_file():
            handler.reply(404, b"not found", TEXT)
            return
        handler.reply(200, read_wheel(path).metadata, TEXT)
