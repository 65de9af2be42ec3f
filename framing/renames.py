"""Former keyword names that keep working for a release, each with a :class:`DeprecationWarning`."""

from __future__ import annotations

import functools
import warnings
from collections.abc import Callable
from typing import Any, TypeVar

__all__ = ["renamed_keywords"]

F = TypeVar("F", bound=Callable[..., Any])


def renamed_keywords(**renames: str) -> Callable[[F], F]:
    """Accept a function's former keyword names, with a :class:`DeprecationWarning`.

    Parameters
    ----------
    **renames:
        Former name -> current name, e.g. ``n_resamples="n_boot"``.

    Returns
    -------
    callable
        A decorator: the decorated function takes a former name as its current one.

    Raises
    ------
    TypeError
        When a call gives both the former and the current name.
    """

    def decorate(func: F) -> F:
        @functools.wraps(func)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            for old, new in renames.items():
                if old not in kwargs:
                    continue
                if new in kwargs:
                    raise TypeError(f"{func.__name__}() got both {old}= and {new}=; give {new}= only")
                warnings.warn(
                    f"{func.__name__}({old}=...) is deprecated; use {new}=",
                    DeprecationWarning,
                    stacklevel=2,
                )
                kwargs[new] = kwargs.pop(old)
            return func(*args, **kwargs)

        return wrapper  # type: ignore[return-value]

    return decorate
