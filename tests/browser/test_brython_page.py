"""Brython programs run unchanged in a Chromium page (issue 17): after
`pyodide_ajax.brython.install()`, `browser.document`, `html`, `bind`, `timer`, `aio`,
`local_storage`, `window`... and `javascript` behave as Brython's documentation says, on the
real DOM; the three examples of its browser.ajax page run verbatim."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.page

# Brython's www/doc/en/browser.ajax.md, verbatim: the site shows these very files as its
# "Brython code, unchanged" examples (brython_post.py sets the `url` the doc leaves to the reader).
EXAMPLES = Path(__file__).resolve().parents[2] / "site" / "examples"


def example(name: str) -> str:
    return (EXAMPLES / name).read_text(encoding="utf-8")


# Chooses files in an <input type="file"> as a visitor would (a DataTransfer's FileList).
def choose_files(page: Any, input_id: str, files: list[list[str]]) -> None:
    page.run_js(f"const [id, files] = {json.dumps([input_id, files])};" + CHOOSE_FILES)


CHOOSE_FILES = """
const dt = new DataTransfer();
for (const [name, text] of files) dt.items.add(new File([text], name, {type: "text/plain"}));
document.getElementById(id).files = dt.files;
"""


@pytest.fixture(scope="module")
def page(selenium_module_scope: Any) -> Any:
    selenium = selenium_module_scope
    selenium.set_script_timeout(60)
    selenium.load_package(["pyodide-ajax"])
    selenium.run(
        "import io, js, json, sys\n"
        "from pyodide_ajax import brython\n"
        "brython.install()\n"
        "import pyodide_js\n"
        "pyodide_js._module.enable_pyproxy_allocation_tracing()\n"
        "def live(): return int(pyodide_js._module.pyproxy_alloc_map.size)\n"
    )
    return selenium


def run(page: Any, code: str, html: str = "") -> Any:
    """Set <body> to `html`, run `code` (top-level await allowed), return json of `result`."""
    page.run_js(f"document.body.innerHTML = {json.dumps(html)};")
    return json.loads(page.run_async(textwrap.dedent(code) + "\njson.dumps(result)"))


def captured(page: Any, code: str) -> None:
    """Run `code` with stdout collected in `OUT` (callbacks print after the code returns)."""
    page.run("OUT = io.StringIO(); sys.stdout = OUT\n" + code)


def stdout(page: Any) -> str:
    return str(page.run("sys.stdout = sys.__stdout__; OUT.getvalue()"))


def wait(page: Any, condition: str) -> None:
    page.run_async(
        f"import asyncio\nfor _ in range(400):\n    if {condition}: break\n"
        "    await asyncio.sleep(0.025)"
    )


# --- the three examples of Brython's ajax documentation, verbatim --------------------------


def test_doc_post_example(page: Any) -> None:
    page.run_js("document.body.innerHTML = '<div id=\"result\"></div>';")
    page.run(example("brython_post.py"))
    wait(page, "js.document.getElementById('result').textContent")
    assert page.run_js("return document.getElementById('result').innerHTML") == "x=0&amp;y=1"


def test_doc_form_data_upload_example(page: Any) -> None:
    page.run_js('document.body.innerHTML = `<input type="file" id="file_upload">'
                '<button id="btn">send</button>`;')  # fmt: skip
    choose_files(page, "file_upload", [["notes.txt", "bébé"]])
    captured(page, example("brython_form_data.py"))
    page.run_js("document.getElementById('btn').click()")
    wait(page, "'req complete' in OUT.getvalue()")
    first, second = stdout(page).strip().split("\n", 1)
    assert first == "[object File]"
    label, reply = second.split(" ", 2)[:2], json.loads(second.split(" ", 2)[2])
    assert label == ["req", "complete"] and reply["method"] == "POST"
    assert reply["filenames"] == {"upload": "notes.txt"}
    assert bytes.fromhex(reply["files_hex"]["upload"]).decode() == "bébé"


def test_doc_file_upload_example(page: Any) -> None:
    page.run_js('document.body.innerHTML = `<form><input id="choosefiles" type="file" '
                'multiple="multiple" /></form><button id="upload">Upload</button>`;')  # fmt: skip
    choose_files(page, "choosefiles", [["a.txt", "1"], ["b.txt", "22"]])
    captured(page, example("brython_upload.py"))
    page.run_js("document.getElementById('upload').click()")
    wait(page, "OUT.getvalue().count('all right') == 2")
    assert stdout(page) == "all right\nall right\n"


# --- document and elements ------------------------------------------------------------------


def test_document_lookup_select_and_append(page: Any) -> None:
    result = run(
        page,
        """
        from browser import document, doc, html
        try:
            document["missing"]
            missing = None
        except KeyError as exc:
            missing = str(exc)
        document <= html.P("added", id="p")
        result = [
            document["a"].text, missing, doc is document, "a" in document, "zz" in document,
            [e.id for e in document.select(".c")], document.select_one("#b .c").id,
            document.select_one(".nothing"), [e.id for e in document["b"].get(selector=".c")],
            js.document.body.lastElementChild.id,
        ]
        """.replace("js.document", "__import__('js').document"),
        '<div id="a" class="c">A</div><div id="b"><span id="s" class="c">S</span></div>',
    )
    assert result == ["A", "'missing'", True, True, False, ["a", "s"], "s", None, ["s"], "p"]


def test_element_properties(page: Any) -> None:
    result = run(
        page,
        """
        from browser import document
        a = document["a"]
        a.html = "<b>bold</b> text"
        html_children = [c.tagName for c in a.children]
        a.text = "<i>not html</i>"
        inp = document["in"]
        inp.value = "typed"
        a.class_name = "x y"
        a.attrs["data-k"] = "v"
        attrs = [a.attrs["data-k"], "data-k" in a.attrs, a.attrs.get("nope", "dflt"),
                 sorted(a.attrs.keys()), dict(a.attrs.items())["id"]]
        del a.attrs["data-k"]
        try:
            a.attrs["data-k"]
            gone = False
        except KeyError:
            gone = True
        result = [html_children, a.html, a.text, inp.value, a.className, a.class_name, attrs,
                  gone, a.parent.id, a.parent.parent.tagName, a.tagName, a.id,
                  a.getAttribute("class"), a == document["a"], a != document["in"]]
        """,
        '<div id="box"><div id="a"></div><input id="in"></div>',
    )
    assert result == [
        ["B"], "&lt;i&gt;not html&lt;/i&gt;", "<i>not html</i>", "typed", "x y", "x y",
        ["v", True, "dflt", ["class", "data-k", "id"], "a"], True, "box", "BODY", "DIV", "a", "x y",
        True, True,
    ]  # fmt: skip


def test_style_dict_and_attribute_forms(page: Any) -> None:
    result = run(
        page,
        """
        from browser import document
        a = document["a"]
        a.style.color = "red"
        a.style["background-color"] = "blue"
        a.style["marginTop"] = "3px"
        a.style.width = 10
        first = [a.style.color, a.style["backgroundColor"], a.style["margin-top"], a.style.width]
        a.style = {"height": 20, "color": "green", "float": "left"}
        second = [a.style.height, a.style.color, a.style.cssFloat, a.style.width]
        a.style = "color: black"
        result = [first, second, a.attrs["style"]]
        """,
        '<div id="a"></div>',
    )
    assert result == [
        ["red", "blue", "3px", "10px"], ["20px", "green", "left", "10px"], "color: black;"
    ]


def test_append_lists_strings_and_siblings_clear_remove(page: Any) -> None:
    result = run(
        page,
        """
        from browser import document, html
        a = document["a"]
        a <= "text "
        a <= 42
        a <= [html.B("b"), html.I("i")]
        a <= html.SPAN("x") + html.SPAN("y") + "tail"
        a <= "pre " + html.EM("em")
        a <= (html.U(str(i)) for i in range(2))
        built = a.html
        count = len(a.children)
        a.children[0].remove()
        after_remove = a.html[:9]
        a.clear()
        result = [built, count, after_remove, a.html, len(a)]
        """,
        '<div id="a"></div>',
    )
    assert result == [
        "text 42<b>b</b><i>i</i><span>x</span><span>y</span>tailpre <em>em</em><u>0</u><u>1</u>",
        7, "text 42<i", "", 0,
    ]  # fmt: skip


def test_js_attributes_pass_through(page: Any) -> None:
    result = run(
        page,
        """
        from browser import document, html
        f = document["f"]
        f.title = "set as a property"
        box = document["box"]
        box.appendChild(html.B("via appendChild"))
        first = box.firstElementChild
        result = [f.title, f.getAttribute("title"), type(first).__name__, first.text,
                  box.querySelector("b").html, f.files.length, f.type, box.childElementCount]
        """,
        '<input id="f" type="file"><div id="box"></div>',
    )
    assert result == [
        "set as a property", "set as a property", "DOMNode", "via appendChild",
        "via appendChild", 0, "file", 1,
    ]  # fmt: skip


# --- html --------------------------------------------------------------------------------------


def test_html_tag_constructors(page: Any) -> None:
    result = run(
        page,
        """
        from browser import document, html
        from browser.html import TABLE, TR, TH, TD
        d = html.DIV("<b>t</b>", id="x", Class="c", data_role="main", hidden=False)
        t = TABLE()
        t <= TR(TH("Number") + TH("Square"))
        t <= (TR(TD(i) + TD(i * i)) for i in range(3))
        ul = html.UL(html.LI(f"item {i}") for i in range(2))
        a = html.A(href="https://example.org/", target="_blank")
        a <= html.B("link")
        sel = html.SELECT(html.OPTION(e, value=i) for i, e in enumerate(["one", "two"]))
        s = html.DIV("S", style={"width": 5, "color": "red"})
        btn = html.BUTTON("b", **{"v-on:click": "count++"})
        tags = [n for n in dir(html) if n.isupper()]
        p2 = html.maketag("P2")
        result = [d.outerHTML, len(t.select("tr")), t.select("td")[-1].text, ul.outerHTML,
                  a.outerHTML, sel.outerHTML, s.attrs["style"], btn.outerHTML,
                  isinstance(d, html.DIV), len(tags), all(n in tags for n in ("ARTICLE", "WBR",
                  "SUMMARY", "H6", "CANVAS", "VIDEO")), p2("q").outerHTML, html.tags["P2"] is p2]
        """,
    )
    assert result == [
        '<div id="x" class="c" data-role="main"><b>t</b></div>', 4, "4",
        "<ul><li>item 0</li><li>item 1</li></ul>",
        '<a href="https://example.org/" target="_blank"><b>link</b></a>',
        '<select><option value="0">one</option><option value="1">two</option></select>',
        "width: 5px; color: red;", '<button v-on:click="count++">b</button>', True,
        result[9], True, "<p2>q</p2>", True,
    ]  # fmt: skip
    assert result[9] >= 120


def test_html_attribute_mapper_is_replaceable(page: Any) -> None:
    result = run(
        page,
        """
        import re
        from browser import html
        default = html.BUTTON("b", http_equiv="x").outerHTML
        html.attribute_mapper = lambda attr: re.sub("^v_(.*)_(.*)$", r"v-\\1:\\2", attr)
        try:
            mapped = html.BUTTON("hello", v_on_click="count++").outerHTML
        finally:
            del html.attribute_mapper
            from pyodide_ajax.brython._logic import attribute_mapper
            html.attribute_mapper = attribute_mapper
        result = [default, mapped]
        """,
    )
    assert result == [
        '<button http-equiv="x">b</button>', '<button v-on:click="count++">hello</button>'
    ]


# --- events ------------------------------------------------------------------------------------


def test_bind_decorator_and_element_bind_unbind(page: Any) -> None:
    result = run(
        page,
        """
        from browser import document, bind
        seen = []

        @bind("button.k", "click")
        def by_selector(ev):
            seen.append(["sel", ev.target.id, type(ev.target).__name__, ev.type])

        @bind(document["one"], "click")
        def by_element(ev):
            ev.preventDefault()
            seen.append(["elt", ev.currentTarget.text, ev.defaultPrevented])

        @bind([document["one"], document["two"]], "focus")
        def by_list(ev):
            seen.append(["list", ev.target.id])

        def on_click(ev):
            seen.append(["method", ev.target.id])

        two = document["two"]
        two.bind("click", on_click)
        for b in ("one", "two"):
            js.document.getElementById(b).click()
        js.document.getElementById("two").focus()
        bound = [f.__name__ for f in two.events("click")]
        two.unbind("click", on_click)
        js.document.getElementById("two").click()
        try:
            two.unbind("click", on_click)
            missing = None
        except TypeError as exc:
            missing = str(exc)
        result = [seen, bound, missing]
        """.replace("js.document", "__import__('js').document"),
        '<button id="one" class="k">One</button><button id="two" class="k">Two</button>',
    )
    seen, bound, missing = result
    assert seen == [
        ["sel", "one", "DOMNode", "click"], ["elt", "One", True],
        ["sel", "two", "DOMNode", "click"], ["method", "two"], ["list", "two"],
        ["sel", "two", "DOMNode", "click"],
    ]  # fmt: skip
    assert bound == ["by_selector", "on_click"] and missing == "missing callback for event click"


def test_unbind_destroys_the_handlers_proxies(page: Any) -> None:
    result = run(
        page,
        """
        from browser import document
        base = live()
        b = document["b"]
        for _ in range(50):
            b.bind("click", lambda ev: None)
        during = live()
        b.unbind("click")
        result = [during - base, live() - base]
        """,
        '<button id="b">B</button>',
    )
    assert result == [50, 0]


def test_handler_exception_is_printed_not_raised(page: Any) -> None:
    page.run_js("document.body.innerHTML = '<button id=\"b\">B</button>';")
    captured(
        page,
        "from browser import document\n"
        "def boom(ev): raise ValueError('from the handler')\n"
        "document['b'].bind('click', boom)\n"
        "sys.stderr, ERR = io.StringIO(), sys.stderr\n"
        "__import__('js').document.getElementById('b').click()\n"
        "sys.stderr, printed = ERR, sys.stderr.getvalue()\n"
        "document['b'].unbind('click')\n",
    )
    stdout(page)
    printed = page.run("printed")
    assert "Traceback" in printed and "ValueError: from the handler" in printed


# --- timer -------------------------------------------------------------------------------------


def test_timers_fire_clear_and_release_their_proxies(page: Any) -> None:
    result = run(
        page,
        """
        import asyncio
        from browser import timer
        calls = []
        base = live()
        once = timer.set_timeout(lambda *a: calls.append(["once", *a]), 10, 1, "x")
        cleared = timer.set_timeout(lambda: calls.append(["cleared"]), 10)
        ticks = timer.set_interval(lambda: calls.append(["tick"]), 5)
        frame = timer.request_animation_frame(lambda t: calls.append(["frame", t > 0]))
        cancelled = timer.request_animation_frame(lambda t: calls.append(["cancelled"]))
        during = live() - base
        timer.clear_timeout(cleared)
        timer.cancel_animation_frame(cancelled)
        for _ in range(200):
            await asyncio.sleep(0.01)
            if calls.count(["tick"]) >= 3 and ["once", 1, "x"] in calls and len(calls) > 4:
                break
        timer.clear_interval(ticks)
        n_ticks = calls.count(["tick"])
        await asyncio.sleep(0.05)
        try:
            timer.request_animation_frame(lambda: None)
            no_arg = None
        except TypeError as exc:
            no_arg = str(exc)
        result = [during, sorted({c[0] for c in calls}), ["once", 1, "x"] in calls,
                  ["frame", True] in calls, calls.count(["tick"]) == n_ticks >= 3,
                  live() - base, isinstance(once, int), no_arg]
        """,
    )
    assert result == [
        5, ["frame", "once", "tick"], True, True, True, 0, True,
        "function <lambda>() should take a single argument",
    ]  # fmt: skip


# --- window, dialogs, console, local_storage, javascript ---------------------------------------


def test_window_dialogs_and_console(page: Any) -> None:
    page.run_js(
        "window.__asked = [];"
        "window.__real = [window.alert, window.confirm, window.prompt];"
        "window.alert = (m) => { __asked.push(['alert', m]); };"
        "window.confirm = (m) => { __asked.push(['confirm', m]); return true; };"
        "window.prompt = (m, d) => { __asked.push(['prompt', m, d]); return d ? null : 'typed'; };"
    )
    try:
        result = run(
            page,
            """
            import js
            from browser import window, self, alert, confirm, prompt, console, is_webworker
            answers = [alert("hi"), confirm("sure?"), prompt("name?"), prompt("x", "dflt")]
            console.log("from Python")
            result = [answers, window.location.href == js.location.href, self is window,
                      window.document.title == js.document.title, is_webworker,
                      window.__asked.to_py()]
            """,
        )
    finally:
        page.run_js("[window.alert, window.confirm, window.prompt] = window.__real;")
    assert result == [
        [None, True, "typed", None], True, True, True, False,
        [["alert", "hi"], ["confirm", "sure?"], ["prompt", "name?", ""], ["prompt", "x", "dflt"]],
    ]  # fmt: skip


def test_local_storage_is_a_dict_of_str(page: Any) -> None:
    result = run(
        page,
        """
        import js
        from browser.local_storage import storage
        storage.clear()
        storage["foo"] = "bar"
        storage["n"] = "1"
        seen = [storage["foo"], js.localStorage.getItem("foo"), "foo" in storage, len(storage),
                sorted(storage), sorted(storage.items()), storage.get("nope", "d")]
        del storage["foo"]
        errors = []
        for bad in (lambda: storage["foo"], lambda: storage.__setitem__("k", 1),
                    lambda: storage.__setitem__(1, "v")):
            try:
                bad()
            except (KeyError, TypeError) as exc:
                errors.append(type(exc).__name__)
        popped = [storage.pop("n"), storage.pop("n", "gone")]
        result = [seen, errors, popped, len(storage)]
        """,
    )
    assert result == [
        ["bar", "bar", True, 2, ["foo", "n"], [["foo", "bar"], ["n", "1"]], "d"],
        ["KeyError", "TypeError", "TypeError"], ["1", "gone"], 0,
    ]  # fmt: skip


def test_javascript_json_and_constructors(page: Any) -> None:
    result = run(
        page,
        """
        import js
        from javascript import JSON, NULL, UNDEFINED, Date, Math, RegExp, String
        obj = JSON.parse('{"a": [1, 2.5, null, true], "b": "é"}')
        text = JSON.stringify({"a": [1, None, False], "b": "é", "t": (1, 2)})
        js_text = JSON.stringify(js.JSON.parse('{"z": 1}'))
        result = [obj, text, js_text, js.JSON.parse(text).a.length, NULL == js.JSON.parse("null"),
                  UNDEFINED, Date.new(2012, 6, 10).getFullYear(), Math.max(1, 3),
                  RegExp.new(r"^test(\\d+)$").exec("test44")[1],
                  String.new("test33").search(RegExp.new(r"\\d"))]
        """,
    )
    assert result == [
        {"a": [1, 2.5, None, True], "b": "é"}, '{"a":[1,null,false],"b":"é","t":[1,2]}',
        '{"z":1}', 3, True, None, 2012, 3, "44", 4,
    ]  # fmt: skip


# --- aio ---------------------------------------------------------------------------------------


def test_aio_requests_formats_and_headers(page: Any, servers: Any) -> None:
    result = run(
        page,
        """
        from browser import aio
        text = await aio.get("/files/text-utf8.txt")
        binary = await aio.get("/brython.png", format="binary")
        data_url = await aio.get("/brython.png", format="dataURL")
        posted = await aio.post("/echo", data={"x": 0, "y": 1})
        query = await aio.ajax("GET", "/echo", data={"q": "1"}, headers={"X-Test": "yes"})
        missing = await aio.get("/status/404")
        try:
            await aio.get("/x", format="json")
            bad = None
        except ValueError as exc:
            bad = str(exc)
        echo = json.loads(posted.data)
        result = [text.status, text.data, text.read() == text.data, type(binary.data).__name__,
                  binary.data[:4].hex(), data_url.data[:27], posted.status, echo["method"],
                  echo["form"], echo["content_type"], json.loads(query.data)["query"]["q"],
                  json.loads(query.data)["headers"]["x-test"],
                  text.response_headers["content-type"], missing.status, missing.statusText, bad]
        """,
    )
    assert result == [
        200, "bébé", True, "bytes", "89504e47", "data:image/png;base64,iVBOR", 200, "POST",
        {"x": "0", "y": "1"}, "application/x-www-form-urlencoded", ["1"], "yes",
        "text/plain", 404, "Not Found", "format must be one of text, binary, "
        "dataURL, not 'json'",
    ]  # fmt: skip


def test_aio_run_sleep_event_and_futures(page: Any) -> None:
    result = run(
        page,
        """
        import asyncio, js
        from browser import aio, document, timer
        steps = []

        async def main():
            steps.append("start")
            await aio.sleep(0.02)
            ev = await aio.event(document["b"], "click", "dblclick")
            steps.append(["event", ev.type, ev.target.id])
            fut = aio.Future()
            timer.set_timeout(lambda: fut.set_result("timeout!"), 10)
            steps.append(await fut)

        base = live()
        aio.run(main())
        steps.append("after run")
        await asyncio.sleep(0.05)
        js.document.getElementById("b").click()
        js.document.getElementById("b").click()
        for _ in range(100):
            await asyncio.sleep(0.01)
            if "timeout!" in steps:
                break
        try:
            await aio.sleep("1")
            bad = None
        except TypeError as exc:
            bad = str(exc)
        result = [steps, live() - base, bad]
        """,
        '<button id="b">B</button>',
    )
    assert result == [
        ["start", "after run", ["event", "click", "b"], "timeout!"], 0,
        "'sleep' argument must be int or float, not str",
    ]  # fmt: skip
