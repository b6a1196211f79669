"""Brython's `browser.local_storage`: `storage`, a dict of str over `localStorage`."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import js

from ._js import wrap
from ._logic import check_storage_key

__all__ = ["LocalStorage", "storage"]

_MISSING: Any = object()


class LocalStorage:
    @property
    def store(self) -> Any:
        store = getattr(js, "localStorage", None)
        if store is None:
            raise RuntimeError("localStorage is not available here (a Web Worker has none)")
        return store

    def __getitem__(self, key: str) -> str:
        value = wrap(self.store.getItem(check_storage_key(key)))
        if value is None:
            raise KeyError(key)
        return str(value)

    def __setitem__(self, key: str, value: str) -> None:
        self.store.setItem(check_storage_key(key, value), value)

    def __delitem__(self, key: str) -> None:
        if key not in self:
            raise KeyError(key)
        self.store.removeItem(key)

    def __contains__(self, key: object) -> bool:
        return wrap(self.store.getItem(check_storage_key(key))) is not None

    def __iter__(self) -> Iterator[str]:
        return iter(self.keys())

    def __len__(self) -> int:
        return int(self.store.length)

    def get(self, key: str, default: Any = None) -> Any:
        return self[key] if key in self else default

    def pop(self, key: str, default: Any = _MISSING) -> Any:
        if key not in self and default is not _MISSING:
            return default
        value = self[key]
        del self[key]
        return value

    def keys(self) -> list[str]:
        store = self.store
        return [str(store.key(i)) for i in range(int(store.length))]

    def values(self) -> list[str]:
        return [self[k] for k in self.keys()]

    def items(self) -> list[tuple[str, str]]:
        return [(k, self[k]) for k in self.keys()]

    def clear(self) -> None:
        self.store.clear()


storage = LocalStorage()
