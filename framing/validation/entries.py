"""Suggested lexicon entries: the kinds of change, and an entry as one line of TOML.

A suggestion (:mod:`framing.validation.suggest`) adds a cue term or changes the rules of an
existing one (:data:`ACTIONS`); :func:`toml_entry` writes the entry as the frames file would
hold it, for the researcher to read and for :func:`framing.validation.apply.apply_suggestions`
to write into a copy of the lexicons.
"""

from __future__ import annotations

import json
from typing import Any

__all__ = ["ACTIONS", "term_value", "toml_entry", "toml_value"]

ACTIONS = ("add", "exclude", "unless", "requires", "weight", "remove")
"""The kinds of suggestion: a new cue term, or a rule, weight or removal for an existing one."""


def toml_value(v: Any) -> str:
    """A value as TOML writes it inline.

    Parameters
    ----------
    v : bool, int, float, str, list or tuple
        The value (lists of these, nested).

    Returns
    -------
    str
        ``true``/``false``, a number (floats with their decimal point), a double-quoted
        string (JSON escapes, Chinese as written) or an inline array.

    Raises
    ------
    TypeError
        A value of another type.
    """
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (int, float)):
        return repr(float(v)) if isinstance(v, float) else str(v)
    if isinstance(v, str):
        return json.dumps(v, ensure_ascii=False)
    if isinstance(v, (list, tuple)):
        return "[" + ", ".join(toml_value(x) for x in v) + "]"
    raise TypeError(f"cannot write {type(v).__name__} as TOML")


def toml_entry(term: str, value: dict[str, Any]) -> str:
    """An entry of a ``[frames.<id>.terms]`` table as one line.

    Parameters
    ----------
    term : str
        The cue term.
    value : dict
        Its weight and rules (``weight``, ``exclude``, ``requires``, ``unless``,
        ``shared_with``).

    Returns
    -------
    str
        ``"term" = 1.0`` for a bare weight, else ``"term" = { weight = 0.5, unless = [...] }``.
    """
    if set(value) <= {"weight"}:
        return f"{toml_value(term)} = {toml_value(float(value.get('weight', 1.0)))}"
    inner = ", ".join(f"{k} = {toml_value(v)}" for k, v in value.items())
    return f"{toml_value(term)} = {{ {inner} }}"


def term_value(term: Any) -> dict[str, Any]:
    """The entry of a lexicon term as a table: its weight first, then its non-empty rules.

    Parameters
    ----------
    term : Term
        A term of :class:`framing.Lexicons` (``weight``, ``exclude``, ``requires``,
        ``unless``, ``shared_with``).

    Returns
    -------
    dict
        What :func:`toml_entry` writes.
    """
    v: dict[str, Any] = {"weight": float(term.weight)}
    for key in ("exclude", "requires", "unless", "shared_with"):
        items = list(getattr(term, key))
        if items:
            v[key] = items
    return v
