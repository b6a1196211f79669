"""`Record`: the few value classes of the package, without `dataclasses`.

Creating a dataclass runs `exec()` on generated source; inside Pyodide that costs several
milliseconds per class, which was half of `import pyodide_ajax` (see README, Performance). A
record lists its fields in `__slots__`, writes its own typed `__init__` (with `_set`), and gets
equality, a repr and immutability here.
"""

from __future__ import annotations

from typing import Any

__all__ = ["Record"]


class Record:
    __slots__: tuple[str, ...] = ()

    def _set(self, **values: Any) -> None:
        for name, value in values.items():
            object.__setattr__(self, name, value)

    def _values(self) -> tuple[Any, ...]:
        return tuple(getattr(self, name) for name in self.__slots__)

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"cannot assign to field {name!r}: {type(self).__name__} is frozen")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"cannot delete field {name!r}: {type(self).__name__} is frozen")

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return self._values() == other._values()  # type: ignore[attr-defined,unused-ignore]

    def __hash__(self) -> int:
        return hash(self._values())

    def __repr__(self) -> str:
        fields = ", ".join(f"{name}={getattr(self, name)!r}" for name in self.__slots__)
        return f"{type(self).__name__}({fields})"
