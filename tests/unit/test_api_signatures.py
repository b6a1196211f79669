"""The shortcuts show their real parameters to `inspect.signature`, `help()` and type checkers."""

from __future__ import annotations

import inspect
import pydoc
import re
from pathlib import Path

import pytest

import pyodide_ajax as ajax
from pyodide_ajax._api import EventCallbacks, RequestOptions, UploadOptions
from pyodide_ajax._events import EVENTS
from pyodide_ajax._upload import UPLOAD_EVENTS

REFERENCE = Path(__file__).resolve().parents[2] / "docs" / "reference.md"
VERBS = ("get", "head", "delete", "options", "post", "put", "patch")


def documented_keywords() -> set[str]:
    """The names in the reference's "Keyword arguments" table (`on<event>` rows aside)."""
    text = REFERENCE.read_text(encoding="utf-8")
    section = text.split("## Keyword arguments", 1)[1].split("\n## ", 1)[0]
    names = set()
    for row in re.findall(r"^\| (`[^|]+`) \|", section, flags=re.M):
        names |= {
            n
            for n in re.findall(r"`([A-Za-z_]+)`", row)
            if not n.startswith("on") or n == "ontimeout"
        }
    return names


def test_the_reference_table_is_read() -> None:
    assert {
        "data",
        "headers",
        "mode",
        "timeout",
        "ontimeout",
        "withCredentials",
    } <= documented_keywords()


@pytest.mark.parametrize("verb", VERBS)
def test_every_verb_names_every_documented_keyword(verb: str) -> None:
    function = getattr(ajax, verb)
    params = inspect.signature(function).parameters
    assert list(params)[:2] == ["url", "blocking"] and params["blocking"].default is False
    assert documented_keywords() <= set(params), verb
    rendered = pydoc.render_doc(function, renderer=pydoc.plaintext)
    for name in documented_keywords():
        assert f"{name}=" in rendered, (verb, name)
    assert function.__name__ == verb and function.__doc__


def test_file_upload_shows_its_parameters() -> None:
    params = inspect.signature(ajax.file_upload).parameters
    assert list(params)[:4] == ["url", "file", "method", "field_name"]
    assert params["method"].default == "POST" and params["field_name"].default == "filetosave"
    assert (documented_keywords() - {"cache"}) | {"blocking"} <= set(params)
    assert "cache" not in params  # file_upload refuses it


def test_the_signature_matches_what_the_call_accepts() -> None:
    """Every keyword the signature shows is one the TypedDict declares, and the reverse."""
    for function, options in ((ajax.get, RequestOptions), (ajax.file_upload, UploadOptions)):
        shown = {
            n for n, p in inspect.signature(function).parameters.items() if p.kind is p.KEYWORD_ONLY
        }
        declared = set(options.__annotations__) - set(EventCallbacks.__annotations__)
        assert shown == declared


def test_the_typed_callbacks_name_every_event() -> None:
    expected = {f"on{e}" for e in EVENTS if e != "timeout"} | {
        f"onupload{e}" for e in UPLOAD_EVENTS
    }
    assert set(EventCallbacks.__annotations__) == expected  # ontimeout is the timeout option
