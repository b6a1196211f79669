"""``python -m tools.server``: serve static roots plus the test API until Ctrl-C."""

from __future__ import annotations

import argparse
import threading
from collections.abc import Sequence
from pathlib import Path

from .origins import serve

__all__ = ["main"]


def _root_arg(text: str) -> tuple[str, Path]:
    """``PREFIX=DIR`` (or a bare ``DIR``, served at ``/``)."""
    prefix, sep, directory = text.partition("=")
    if not sep:
        prefix, directory = "/", text
    path = Path(directory)
    if not path.is_dir():
        raise argparse.ArgumentTypeError(f"not a directory: {directory}")
    return prefix, path


def _parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m tools.server",
        description="Serve static roots plus the test API on three local origins.",
    )
    parser.add_argument(
        "--root",
        action="append",
        type=_root_arg,
        default=[],
        metavar="PREFIX=DIR",
        help="serve DIR under URL PREFIX (repeatable; default: /=.)",
    )
    parser.add_argument("--port", type=int, default=0, help="main origin's port (default: any)")
    parser.add_argument("-v", "--verbose", action="store_true", help="print every request")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    """Serve until Ctrl-C (for ``make serve`` / ``make demo``)."""
    args = _parse_args(argv)
    roots = dict(args.root) or {"/": Path(".")}
    with serve(roots, port=args.port) as servers:
        for httpd in servers.httpds.values():
            httpd.verbose = args.verbose
        print(f"main    {servers.main}/   (CORS: *)")
        print(f"cors    {servers.cors}/   (CORS: echoed Origin, with credentials)")
        print(f"nocors  {servers.nocors}/   (no CORS headers)")
        for prefix, directory in roots.items():
            print(f"root    {prefix} -> {Path(directory).resolve()}")
        print(f"cross-origin isolated: prefix any path with /coi, e.g. {servers.main}/coi/")
        print("Ctrl-C to stop.", flush=True)
        try:
            threading.Event().wait()
        except KeyboardInterrupt:
            print("stopped")
    return 0
