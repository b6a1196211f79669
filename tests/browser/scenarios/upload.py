"""`file_upload` and `form_data` (spec cases 88-95)."""

from __future__ import annotations

import pyodide_ajax as ajax

from .harness import Ctx, echo, must_raise, new_file, scenario

# --- file_upload / form_data --------------------------------------------------------------


@scenario()
async def case_88_to_90_file_upload(ctx: Ctx) -> None:
    got = echo(await ctx.call(ajax.file_upload, ctx.url("/echo"),
                              new_file("test file", "test_file.txt")))  # fmt: skip
    assert got["method"] == "POST" and got["files"] == {"filetosave": "test file"}
    assert got["filenames"] == {"filetosave": "test_file.txt"}
    form = ajax.form_data()
    form.append("name", "coucou")
    got = echo(await ctx.call(ajax.file_upload, ctx.url("/echo"), new_file("test file", "t.txt"),
                              data=form))  # fmt: skip
    assert got["form"] == {"name": "coucou"} and got["files"] == {"filetosave": "test file"}
    got = echo(await ctx.call(ajax.file_upload, ctx.url("/echo"), new_file("test file", "t.txt"),
                              data={"name": "coucou3"}))  # fmt: skip
    assert got["form"] == {"name": "coucou3"}


@scenario()
async def case_91_92_file_upload_options(ctx: Ctx) -> None:
    got = echo(await ctx.call(ajax.file_upload, ctx.url("/echo"), new_file("test file", "t.txt"),
                              method="put", field_name="upload",
                              headers={"X-CSRFToken": "t"}))  # fmt: skip
    assert got["method"] == "PUT" and got["files"] == {"upload": "test file"}
    assert got["headers"]["x-csrftoken"] == "t"  # fixed: Brython raised InvalidStateError


@scenario()
async def case_93_file_upload_data_types(ctx: Ctx) -> None:
    f = new_file("x", "x.txt")
    must_raise(ValueError, "data value must be a dict", ajax.file_upload, ctx.url("/echo"), f,
               data="x=1", blocking=ctx.blocking)  # fmt: skip
    must_raise(TypeError, "wrong type for data: list", ajax.file_upload, ctx.url("/echo"), f,
               data=[1], blocking=ctx.blocking)  # fmt: skip


@scenario()
async def case_94_file_upload_timeout(ctx: Ctx) -> None:
    events: list[str] = []
    await ctx.call_failing(ajax.TimeoutError, ajax.file_upload, ctx.url("/slow?ms=700"),
                           new_file("x", "x.txt"), timeout=0.2,
                           ontimeout=lambda: events.append("t"),
                           oncomplete=lambda r: events.append(f"c{r.status}"))  # fmt: skip
    assert events == ["c0", "t"]


@scenario(modes=("async",), runtimes=("main",))
async def case_95_form_data(ctx: Ctx) -> None:
    import js

    assert list(ajax.form_data().keys()) == []
    js.document.body.insertAdjacentHTML(
        "beforeend",
        '<form id="f95"><input name="a" value="1"><input name="b" value="2"></form>',
    )
    form = ajax.form_data(js.document.getElementById("f95"))
    assert [list(pair) for pair in form.entries()] == [["a", "1"], ["b", "2"]]
