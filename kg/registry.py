"""Small registries of named, versioned parts (readers, exporters, rules).

>>> things = Registry("thing")
>>> @things.register("a.v1")
... def a() -> str:
...     return "a"
>>> things.get("a.v1")()
'a'
>>> things.get("b.v1")
Traceback (most recent call last):
...
KeyError: "No thing 'b.v1'. Available: a.v1"
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any


class Registry:
    """Named parts of one kind; an unknown name gets an error listing what is available."""

    def __init__(self, kind: str) -> None:
        self.kind = kind
        self._items: dict[str, Any] = {}

    def register(self, name: str) -> Callable[[Any], Any]:
        def deco(func: Any) -> Any:
            self._items[name] = func
            return func

        return deco

    def get(self, name: str) -> Any:
        if name not in self._items:
            raise KeyError(f"No {self.kind} {name!r}. Available: {', '.join(self.names())}")
        return self._items[name]

    def names(self) -> list[str]:
        return sorted(self._items)


exporters = Registry("exporter")
