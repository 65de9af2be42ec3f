"""Random lexicon files: loading them raises nothing but the project's own errors.

Frames, tone, modifiers and sources files are drawn two ways: structured TOML built from
the keys the loaders know (with values of any kind), and the bundled files damaged line by
line (lines dropped, doubled, values replaced, bytes that are not UTF-8). Derandomized, so
every run tries the same files.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from framing.errors import FramingError
from framing.lexicon import load_lexicons
from framing.paths import lexicon_dir
from framing.scoring.sources import SOURCE_SCHEMA

FILES = ("frames.toml", "tone.toml", "modifiers.toml", "sources.toml")
KEYS = sorted(
    {"version", "threshold", "label_zh", "label_en", "definition", "negatable", "terms", "weight",
     "exclude", "requires", "shared_with", "note", "positive", "negative", "contexts", "frames",
     "negators", "intensifiers", "diminishers", "contrast", "resolution", "window", "scope",
     "threat", "opportunity", "风险", "威胁", "@rivals"}
    | {k for keys in SOURCE_SCHEMA.values() for k in keys}
    | {part for table in SOURCE_SCHEMA for part in table}
)
SETTINGS = settings(
    max_examples=60, derandomize=True, deadline=None, database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

scalars = st.one_of(
    st.text(max_size=6),
    st.sampled_from(["威胁", "风险投资", "@rivals", "", " ", "NAME", "[", "(?P<x>", "…", "*"]),
    st.integers(-3, 30),
    st.floats(allow_nan=True, allow_infinity=True, width=32),
    st.booleans(),
)
values = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.dictionaries(st.sampled_from(KEYS), inner, max_size=4),
    ),
    max_leaves=12,
)
documents = st.dictionaries(
    st.sampled_from(KEYS),
    st.one_of(values, st.dictionaries(st.sampled_from(KEYS), st.dictionaries(st.sampled_from(KEYS), values, max_size=4),
                                      max_size=4)),
    max_size=6,
)


def _scalar(v) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int):
        return str(v)
    if isinstance(v, float):
        return "nan" if math.isnan(v) else ("inf" if v > 0 else "-inf") if math.isinf(v) else repr(v)
    return json.dumps(v, ensure_ascii=False)


def _inline(v) -> str:
    if isinstance(v, dict):
        return "{ " + ", ".join(f"{json.dumps(k, ensure_ascii=False)} = {_inline(x)}" for k, x in v.items()) + " }"
    if isinstance(v, list):
        return "[" + ", ".join(_inline(x) for x in v) + "]"
    return _scalar(v)


def to_toml(doc: dict) -> str:
    """TOML text of a nested dict: tables for dicts of dicts, inline values otherwise."""
    lines: list[str] = []

    def table(prefix: list[str], d: dict) -> None:
        nested = {k: v for k, v in d.items() if isinstance(v, dict) and v and all(isinstance(x, dict) for x in v.values())}
        for k, v in d.items():
            if k not in nested:
                lines.append(f"{json.dumps(k, ensure_ascii=False)} = {_inline(v)}")
        for k, v in nested.items():
            name = [*prefix, json.dumps(k, ensure_ascii=False)]
            lines.append(f"[{'.'.join(name)}]")
            table(name, v)

    table([], doc)
    return "\n".join(lines) + "\n"


edits = st.lists(
    st.tuples(
        st.sampled_from(["drop", "double", "value", "bytes", "cut"]),
        st.integers(0, 10_000),
        st.one_of(scalars.map(_scalar), st.sampled_from(["[", "]", "{", "= =", '"', "[[frame]]"])),
    ),
    min_size=1,
    max_size=4,
)


def damage(text: str, steps) -> bytes:
    """The bundled text with lines dropped, doubled, values replaced, bytes spoiled, or cut."""
    lines = text.splitlines()
    raw_tail = b""
    for kind, at, token in steps:
        if not lines:
            break
        i = at % len(lines)
        if kind == "drop":
            del lines[i]
        elif kind == "double":
            lines.insert(i, lines[i])
        elif kind == "value" and "=" in lines[i]:
            lines[i] = lines[i].split("=", 1)[0] + "= " + token
        elif kind == "bytes":
            raw_tail = b"\xff\xfe" + token.encode("utf-8")
        elif kind == "cut":
            lines = lines[:i]
    return ("\n".join(lines) + "\n").encode("utf-8") + raw_tail


def load(folder: Path) -> None:
    try:
        load_lexicons(folder)
    except FramingError:
        pass  # the project's own error: a message naming file and fix


@SETTINGS
@given(name=st.sampled_from(FILES), doc=documents)
def test_structured_random_files_raise_only_project_errors(tmp_path_factory, name, doc) -> None:
    folder = tmp_path_factory.mktemp("lex")
    (folder / name).write_text(to_toml(doc), encoding="utf-8")
    load(folder)


@SETTINGS
@given(name=st.sampled_from(FILES), steps=edits)
def test_damaged_bundled_files_raise_only_project_errors(tmp_path_factory, name, steps) -> None:
    folder = tmp_path_factory.mktemp("lex")
    (folder / name).write_bytes(damage((lexicon_dir() / name).read_text(encoding="utf-8"), steps))
    load(folder)
