"""The settings of a modifiers file: a bad whole number, number or true/false is one problem
naming the key, its table and what to write, and the setting keeps its default."""

from __future__ import annotations

from pathlib import Path

import pytest

from framing.lexicons.modifiers import parse_modifiers
from framing.lexicons.problems import Problems
from framing.paths import lexicon_dir

BUNDLED = (lexicon_dir() / "modifiers.toml").read_text(encoding="utf-8")


def parsed(tmp_path: Path, old: str, new: str, bad: str = "") -> tuple[object, Problems, int]:
    """Parse the bundled file with ``old`` replaced by ``new``; the line of ``bad`` in it."""
    assert BUNDLED.count(old) == 1, old
    text = BUNDLED.replace(old, new)
    path = tmp_path / "modifiers.toml"
    path.write_text(text, encoding="utf-8")
    at = text.index(new) + new.index(bad)
    problems = Problems()
    return parse_modifiers(path, problems), problems, text[:at].count("\n") + 1


@pytest.mark.parametrize(
    ("old", "new", "bad", "field", "default", "problem", "fix"),
    [
        ("[negation]\nscope = 4", "[negation]\nscope = 0", "scope", "negation_scope", 4,
         "bad scope 0 in [negation]", "write a whole number from 1 to 20"),
        ("[negation]\nscope = 4", "[negation]\nscope = true", "scope", "negation_scope", 4,
         "bad scope True in [negation]", "write a whole number from 1 to 20"),
        ("tone_factor = -0.5", 'tone_factor = "-0.5"', "tone_factor", "tone_negation_factor", -0.5,
         "bad tone_factor '-0.5' in [negation]", "write a number from -1 to 1"),
        ("tone = true\nscope = 6", "tone = 1\nscope = 6", "tone", "post_negation_tone", True,
         "bad tone 1 in [post_negation]", "write tone = true or tone = false"),
    ],
)
def test_a_bad_setting_is_one_problem_and_keeps_its_default(
    tmp_path: Path, old: str, new: str, bad: str, field: str, default: object, problem: str, fix: str
) -> None:
    mods, problems, line = parsed(tmp_path, old, new, bad)
    assert [(p.line, p.problem, p.fix) for p in problems] == [(line, problem, fix)]
    value = getattr(mods, field)
    assert value == default and type(value) is type(default)


def test_good_settings_are_read_as_written(tmp_path: Path) -> None:
    mods, problems, _ = parsed(tmp_path, "[negation]\nscope = 4\ntone_factor = -0.5",
                               "[negation]\nscope = 7\ntone_factor = -1")
    assert list(problems) == []
    assert mods.negation_scope == 7
    assert mods.tone_negation_factor == -1.0 and isinstance(mods.tone_negation_factor, float)
