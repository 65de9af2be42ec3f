"""Lazy public names of a package: each is imported from its module on first access.

>>> __getattr__, __dir__ = lazy_exports(globals(), {"compare": "framing.comparison.compare"})

A package's ``__init__`` lists its public names and the modules defining them; the module is
imported only when a name is first used (PEP 562), and the value is then kept in the package.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from typing import Any

__all__ = ["lazy_exports"]


def lazy_exports(
    namespace: dict[str, Any], exports: Mapping[str, str]
) -> tuple[Callable[[str], Any], Callable[[], list[str]]]:
    """The module ``__getattr__`` and ``__dir__`` of a package whose names load lazily.

    Parameters
    ----------
    namespace:
        The package's ``globals()``: its ``__name__`` names it in errors, its ``__all__`` is
        what ``dir()`` lists, and a name looked up is stored there.
    exports:
        Public name -> the module that defines it.

    Returns
    -------
    tuple of callable
        ``(__getattr__, __dir__)``, to assign at the package's top level.
    """

    def __getattr__(name: str) -> Any:
        module = exports.get(name)
        if module is None:
            raise AttributeError(f"module {namespace['__name__']!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(module), name)
        namespace[name] = value
        return value

    def __dir__() -> list[str]:
        return namespace["__all__"]

    return __getattr__, __dir__
