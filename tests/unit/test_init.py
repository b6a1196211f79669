"""The package's face: `import pyodide_ajax` compiles nothing but itself, and every public name
loads on first use from the module that defines it (PEP 562)."""

from __future__ import annotations

import subprocess
import sys

import pytest

import pyodide_ajax as ajax
from pyodide_ajax import _ajax, _api, _bridge, _errors, _events, _response


def loaded_after(code: str) -> list[str]:
    """The package's modules in sys.modules after `code` runs in a fresh interpreter."""
    probe = f"{code}\nimport sys\nprint(sorted(m for m in sys.modules if 'pyodide_ajax' in m))"
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    return eval(out.stdout)  # noqa: S307 - our own subprocess prints a list literal


def test_import_loads_no_module_of_the_api() -> None:
    assert loaded_after("import pyodide_ajax") == ["pyodide_ajax", "pyodide_ajax._version"]


def test_an_exception_class_loads_only_the_errors_module() -> None:
    code = "import pyodide_ajax as ajax\nassert issubclass(ajax.NetworkError, ajax.AjaxError)"
    assert loaded_after(code) == ["pyodide_ajax", "pyodide_ajax._errors", "pyodide_ajax._version"]


def test_a_shortcut_loads_the_api_but_no_transport_and_no_face() -> None:
    loaded = loaded_after("from pyodide_ajax import get")
    assert "pyodide_ajax._api" in loaded
    transports = {"fetch", "jspi", "mock", "stream", "xhr", "xhr_async"}
    faces = (".brython", "._bridge")
    assert not [m for m in loaded if m.rpartition(".")[2] in transports or m.endswith(faces)]


def test_the_bridge_loads_only_when_asked_for_and_imports_no_client() -> None:
    loaded = loaded_after("import pyodide_ajax as ajax\najax.get")
    assert not [m for m in loaded if "_bridge" in m]
    probe = "import pyodide_ajax as ajax, sys\najax.patch_all\nprint('requests' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert out.stdout.split()[-1] == "False"  # patch_all only looks requests up


@pytest.mark.parametrize("name", ajax.__all__)
def test_every_public_name_resolves_to_its_definition(name: str) -> None:
    value = getattr(ajax, name)
    homes = {"Ajax": _ajax, "ajax": _ajax, "EVENTS": _events, "ProgressEvent": _events,
             "Headers": _response, **dict.fromkeys(_bridge.__all__, _bridge)}  # fmt: skip
    home = homes.get(name) or (_errors if name.endswith("Error") else _api)
    if name == "__version__":
        assert isinstance(value, str) and value
    else:
        assert value is getattr(home, "Ajax" if name == "ajax" else name)


def test_star_import_and_dir_list_every_public_name() -> None:
    namespace: dict[str, object] = {}
    exec("from pyodide_ajax import *", namespace)  # noqa: S102
    assert set(ajax.__all__) <= set(namespace)
    assert set(ajax.__all__) <= set(dir(ajax))


def test_a_submodule_loads_on_attribute_access() -> None:
    code = (
        "import pyodide_ajax as ajax\n"
        "assert ajax._env.IN_PYODIDE is False\n"
        "assert ajax.testing.MockTransport"
    )
    loaded = loaded_after(code)
    assert {"pyodide_ajax._env", "pyodide_ajax.testing"} <= set(loaded)


def test_an_unknown_name_is_an_attribute_error_that_names_it() -> None:
    with pytest.raises(AttributeError, match="has no attribute 'gett'"):
        ajax.gett  # noqa: B018
    assert not hasattr(ajax, "Request")  # the mock handlers' type lives in pyodide_ajax.testing
