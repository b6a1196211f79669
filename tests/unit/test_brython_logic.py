"""The pure part of the Brython layer (pyodide_ajax/brython/_logic.py), in CPython."""

from __future__ import annotations

import base64

import pytest

from pyodide_ajax.brython import _logic as logic


def test_tags_cover_brythons_list_and_are_unique() -> None:
    assert len(logic.TAGS) == len(set(logic.TAGS)) >= 120
    for name in ("A", "DIV", "TABLE", "TR", "TD", "INPUT", "CANVAS", "DETAILS", "WBR", "H6"):
        assert name in logic.TAGS
    assert all(t.isupper() or t[1:].isdigit() for t in logic.TAGS)
    assert "SVG" not in logic.TAGS  # browser.svg is not provided


@pytest.mark.parametrize(
    ("key", "expected"),
    [("Class", "class"), ("CLASS", "class"), ("class_", "class-"), ("http_equiv", "http-equiv"),
     ("data_role", "data-role"), ("id", "id"), ("v-on:click", "v-on:click")],
)  # fmt: skip
def test_attribute_names(key: str, expected: str) -> None:
    assert logic.attribute_name(key, logic.attribute_mapper) == expected


def test_attribute_mapper_can_be_replaced() -> None:
    assert logic.attribute_name("x_y", str.upper) == "X_Y"
    assert logic.attribute_name("Class", str.upper) == "class"


@pytest.mark.parametrize(
    ("key", "value", "expected"),
    [("width", 10, "10px"), ("height", 0, "0px"), ("borderWidth", 2, "2px"), ("top", 1.5, 1.5),
     ("color", 3, 3), ("width", "50%", "50%"), ("left", True, True)],
)  # fmt: skip
def test_style_values_get_px_as_in_brython(key: str, value: object, expected: object) -> None:
    assert logic.style_value(key, value) == expected


def test_storage_keys_and_values_are_str() -> None:
    assert logic.check_storage_key("k", "v") == "k"
    with pytest.raises(TypeError, match="storage key must be a str, not int"):
        logic.check_storage_key(1)
    with pytest.raises(TypeError, match="storage value must be a str, not bytes"):
        logic.check_storage_key("k", b"v")


def test_aio_argument_checks() -> None:
    assert [logic.check_format(f) for f in ("text", "binary", "dataURL")] == list(logic.AIO_FORMATS)
    with pytest.raises(ValueError, match="format must be one of text, binary, dataURL"):
        logic.check_format("json")
    assert logic.check_seconds(1) == 1.0 and logic.check_seconds(0.5) == 0.5
    for bad in ("1", None, True):
        with pytest.raises(TypeError, match="'sleep' argument must be int or float"):
            logic.check_seconds(bad)


def test_data_url() -> None:
    url = logic.data_url("image/png", b"\x89PNG")
    assert url == "data:image/png;base64," + base64.b64encode(b"\x89PNG").decode()
    assert logic.data_url(None, b"") == "data:;base64,"


def test_animation_frame_callbacks_need_an_argument() -> None:
    logic.check_frame_callback(lambda t: None)
    logic.check_frame_callback(lambda *a: None)
    logic.check_frame_callback(print)  # a builtin: not inspected
    with pytest.raises(TypeError, match=r"function <lambda>\(\) should take a single argument"):
        logic.check_frame_callback(lambda: None)


def test_json_like_javascripts() -> None:
    assert logic.json_parse('{"a": [1, 2.5, null, true], "b": "é"}') == {
        "a": [1, 2.5, None, True], "b": "é"
    }  # fmt: skip
    assert logic.json_stringify({"a": (1, None), "b": "é"}) == '{"a":[1,null],"b":"é"}'
    assert logic.json_stringify([1], space=2) == "[\n  1\n]"
    with pytest.raises(TypeError, match="replacer is not supported"):
        logic.json_stringify([1], replacer=lambda k, v: v)
