"""Form bodies as ``/echo`` reports them: urlencoded and multipart, never raising."""

from __future__ import annotations

from dataclasses import dataclass, field
from email.parser import BytesParser
from email.policy import HTTP
from email.utils import collapse_rfc2231_value
from urllib.parse import parse_qsl

__all__ = ["FormData", "parse_form"]


@dataclass
class FormData:
    """Form fields and file parts of a request body, as /echo reports them."""

    form: dict[str, str] = field(default_factory=dict)  # last value wins
    form_lists: dict[str, list[str]] = field(default_factory=dict)
    files: dict[str, str] = field(default_factory=dict)
    filenames: dict[str, str] = field(default_factory=dict)
    files_hex: dict[str, str] = field(default_factory=dict)
    form_error: str | None = None

    def add_field(self, name: str, value: str) -> None:
        self.form[name] = value
        self.form_lists.setdefault(name, []).append(value)

    def add_file(self, name: str, filename: str, content: bytes) -> None:
        self.files[name] = content.decode("utf-8", "replace")
        self.filenames[name] = filename
        self.files_hex[name] = content.hex()


def parse_form(content_type: str | None, body: bytes) -> FormData:
    """Decode an urlencoded or multipart body; anything else yields an empty FormData.

    Never raises: a broken body is something the tests send on purpose, so the
    reason is reported in ``form_error`` instead.
    """
    mime = (content_type or "").split(";", 1)[0].strip().lower()
    try:
        if mime == "application/x-www-form-urlencoded":
            return _parse_urlencoded(body)
        if mime == "multipart/form-data":
            return _parse_multipart(content_type or "", body)
    except Exception as exc:  # report it; never crash the handler
        return FormData(form_error=f"{type(exc).__name__}: {exc}")
    return FormData()


def _parse_urlencoded(body: bytes) -> FormData:
    data = FormData()
    for name, value in parse_qsl(body.decode("utf-8", "replace"), keep_blank_values=True):
        data.add_field(name, value)
    return data


def _parse_multipart(content_type: str, body: bytes) -> FormData:
    """Parse multipart/form-data with the ``email`` package (``cgi`` is gone in 3.13)."""
    head = b"Content-Type: " + content_type.encode("latin-1") + b"\r\n\r\n"
    message = BytesParser(policy=HTTP).parsebytes(head + body)
    boundary = message.get_boundary()
    if boundary is None:
        return FormData(form_error="multipart Content-Type has no boundary")
    if body.strip() == b"--" + boundary.encode("latin-1") + b"--":
        return FormData()  # what browsers send for an empty FormData
    if not message.is_multipart():
        defects = ", ".join(type(d).__name__ for d in message.defects) or "no parts"
        return FormData(form_error=f"unparseable multipart body: {defects}")
    data = FormData()
    for part in message.iter_parts():
        name = part.get_param("name", header="content-disposition")
        if name is None:
            continue
        content = part.get_payload(decode=True)
        if not isinstance(content, bytes):  # a nested multipart; browsers never send one
            continue
        filename = part.get_param("filename", header="content-disposition")
        if filename is None:
            data.add_field(collapse_rfc2231_value(name), content.decode("utf-8", "replace"))
        else:
            data.add_file(collapse_rfc2231_value(name), collapse_rfc2231_value(filename), content)
    return data
