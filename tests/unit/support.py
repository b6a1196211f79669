"""What the host tests share: a URL, a mock that answers 200, an event recorder, and the
hypothesis strategies of the properties (dict data, fragments, paths)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from hypothesis import strategies as st

import pyodide_ajax as ajax
from pyodide_ajax.testing import MockResponse, MockTransport

URL = "http://app.test/x"


def ok(body: bytes = b"hello", **kw: Any) -> MockTransport:
    return MockTransport(lambda request: MockResponse(200, body, **kw))


def recorder() -> tuple[list[Any], Callable[[str], Callable[..., None]]]:
    events: list[Any] = []

    def record(name: str) -> Callable[..., None]:
        def callback(arg: Any = None) -> None:
            events.append((name, arg.readyState) if isinstance(arg, ajax.Ajax) else name)

        return callback

    return events, record


text = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=12)
scalars = st.one_of(text, st.integers(), st.floats(allow_nan=False), st.booleans(), st.none())
values = st.one_of(scalars, st.lists(scalars, min_size=1, max_size=3))
forms = st.dictionaries(text, values, max_size=6)
# A fragment may hold anything but "#"; "?" and "&" in it are the dangerous cases.
# (CR, LF and tab make a URL invalid: refused, see the bad-input table.)
fragments = st.one_of(
    st.just(""), text.filter(lambda s: not set(s) & set("#\r\n\t")).map(lambda s: "#" + s)
)
paths = st.sampled_from(["/x", "/a/b.txt", "http://h.test/p", "https://h.test:8443/"])


def expected_pairs(data: dict) -> list[tuple[str, str]]:
    """What any form parser must read back: str() of keys and values, lists repeated."""
    return [
        (str(key), str(item))
        for key, value in data.items()
        for item in (value if isinstance(value, list) else [value])
    ]


def capture() -> MockTransport:
    return MockTransport(lambda request: MockResponse(200, b"ok"))
