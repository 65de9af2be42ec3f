"""Frames, tone and modifiers files parsed into the model (framing.lexicons.codebook and
framing.lexicons.modifiers)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from framing.lexicons.codebook import bundled_frame_ids, extend_frames, parse_frames, parse_tone
from framing.lexicons.model import Modifiers
from framing.lexicons.modifiers import fit_to_frames, parse_modifiers
from framing.lexicons.problems import Problems
from framing.paths import lexicon_dir

OWN = """\
version = "0.1"
threshold = 2

[contexts]
mine = ["甲", "乙"]

[frames.threat]
label_zh = "威胁"
label_en = "Threat"
definition = "mine"

[frames.threat.terms]
"毁灭" = 1

[frames.newone]
label_zh = "新"
label_en = "New"
definition = "d"

[frames.newone.terms]
"新东西" = { requires = ["@mine"] }
"""


def test_a_researchers_frames_extend_the_bundled_ones(tmp_path: Path) -> None:
    f = tmp_path / "frames.toml"
    f.write_text(OWN, encoding="utf-8")
    problems = Problems()
    own = parse_frames(f, problems)
    assert problems == [] and own is not None
    assert own.extends and own.threshold == 2.0 and own.threshold_given
    assert [x.id for x in own.frames] == ["threat", "newone"]
    assert own.frames[1].terms[0].requires == ("甲", "乙")
    merged = extend_frames(own, lexicon_dir() / "frames.toml", problems)
    assert problems == []
    bundled = parse_frames(lexicon_dir() / "frames.toml", Problems())
    assert bundled is not None and not bundled.extends
    # threat replaced in its place, the new frame after the bundled ones
    assert [x.id for x in merged.frames] == [x.id for x in bundled.frames] + ["newone"]
    assert merged.frames[0].definition == "mine"
    assert merged.base_version == bundled.version and merged.threshold == 2.0
    assert merged.contexts["mine"] == ("甲", "乙") and set(bundled.contexts) < set(merged.contexts)
    assert {x.id for x in bundled.frames} == bundled_frame_ids()


def test_a_tone_word_under_both_polarities_is_one_problem(tmp_path: Path) -> None:
    f = tmp_path / "tone.toml"
    f.write_text('version = "1"\n[positive]\n"好" = 1\n[negative]\n"坏" = 1\n"好" = 0.5\n', encoding="utf-8")
    problems = Problems()
    tone = parse_tone(f, problems)
    assert tone is not None and [(t.term, t.label) for t in tone.tone] == [
        ("好", "positive"), ("坏", "negative"), ("好", "negative")
    ]
    assert [(p.line, p.problem) for p in problems] == [
        (6, "tone word '好' is both positive (line 3) and negative")
    ]


def test_fit_to_frames_keeps_the_sets_frames_and_names_typos(tmp_path: Path) -> None:
    path = tmp_path / "modifiers.toml"
    path.write_text('[dismissal]\nframes = ["threat", "spectacle", "threaat"]\n', encoding="utf-8")
    md = replace(
        Modifiers(),
        resolver_frames=("threat", "limitation"),
        dismissal_frames=("threat", "spectacle", "threaat"),
        post_negation_frames=("spectacle",),
    )
    problems = Problems()
    fitted = fit_to_frames(md, ["threat"], path, problems)
    # spectacle is a bundled frame the set lacks: skipped; threaat is a typo
    assert fitted.dismissal_frames == ("threat",) and fitted.post_negation_frames == ()
    assert [(p.line, p.problem) for p in problems] == [
        (1, "unknown frame id 'limitation' in [resolution] frames"),
        (2, "unknown frame id 'threaat' in [dismissal] frames"),
    ]
    problems = Problems()
    trimmed = fit_to_frames(md, ["threat"], path, problems, trim_resolvers=True)
    assert trimmed.resolver_frames == ("threat",)
    assert [p.problem for p in problems] == ["unknown frame id 'threaat' in [dismissal] frames"]


def test_the_bundled_modifiers_parse_without_problems() -> None:
    problems = Problems()
    md = parse_modifiers(lexicon_dir() / "modifiers.toml", problems)
    assert problems == [] and md is not None
    assert "不" in md.negators and md.version
