"""The voice figure's name and caption, and the report section: who voices which frame.

The figure (:func:`framing.report.plots.plot_voice_frames`, made for the bundle by
:func:`framing.report.figures.fig_voice_frames`, importable from here too) draws, for each
frame and group (outlet), the sentences carrying the frame split by voice (left: counts,
sources solid, journalist hatched) and the share of the frame carried by sources with its
Wilson 95% interval against the group's overall source share (right, the ``|`` marks).
``render_voice_section`` writes the Markdown section of ``report.md``.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from typing import Any

from framing.report.figures import fig_voice_frames
from framing.report.markdown import md_table

__all__ = ["VOICE_FIGURE_CAPTION", "VOICE_FIGURE_STEM", "fig_voice_frames", "render_voice_section"]

VOICE_FIGURE_STEM = "voice_frames"
VOICE_FIGURE_CAPTION = (
    "Who voices which frame: sentences with each frame by voice (left; sources solid, "
    "journalist hatched) and the share of the frame carried by sources with Wilson 95% CI "
    "(right; | marks the outlet's share of source sentences overall)"
)


def _p(p: float) -> str:
    if p is None or (isinstance(p, float) and math.isnan(p)):
        return "n/a"
    return "< .001" if p < 0.001 else f"{p:.3f}".lstrip("0")


def _pct(x: float) -> str:
    return "n/a" if x is None or (isinstance(x, float) and math.isnan(x)) else f"{100 * x:.0f}%"


def render_voice_section(
    vc: Any,
    labels: Mapping[str, str],
    figure: str | None = f"figures/{VOICE_FIGURE_STEM}.png",
    level: int = 2,
) -> str:
    """The "Sources and voices" section of ``report.md`` for a :class:`VoiceComparison`.

    Parameters
    ----------
    vc
        The :class:`framing.comparison.voices.VoiceComparison`.
    labels
        Frame id -> label in the text and tables.
    figure
        Path of the voice figure inside the bundle, or None for no figure.
    level
        Heading level of the section.

    Returns
    -------
    str
        The section in Markdown.
    """
    by = vc.by
    h = "#" * level
    out: list[str] = [f"{h} Sources and voices", ""]
    vs = vc.voice_share
    out += [
        "Each sentence is coded as the journalist's narration or as a source's words (a direct "
        "quote, a paraphrase after a speech verb such as 表示/认为/指出, a formula such as "
        "据…介绍 or 在…看来, or an attribution tail such as “…梅涛说。”); the speakers are "
        "linked across the article (names, 他/她, 对方) and given a role from the role lexicon "
        "(`lexicons/sources.toml`).",
        "",
    ]
    parts = [
        f"{r[by]} {_pct(r['share'])} of {r['n_sentences']} sentences from {r['n_sources']} "
        f"source(s)"
        for _, r in vs.iterrows()
    ]
    if parts:
        out += ["Share of sentences voiced by sources: " + "; ".join(parts) + ".", ""]
    out += [
        md_table(
            vs.assign(
                share=vs["share"],
                ci=[f"{a:.2f}-{b:.2f}" for a, b in zip(vs["ci_low"], vs["ci_high"], strict=False)],
            ),
            [
                by,
                "n_sentences",
                "n_source_sentences",
                "share",
                "ci",
                "n_sources",
                "n_named_sources",
                "n_roles",
                "role_entropy",
            ],
        ),
        "",
    ]
    roles = vc.roles
    if len(roles):
        grid = roles.pivot(index=by, columns="role", values="n_sources")
        grid = grid.reindex(index=vc.groups, columns=list(dict.fromkeys(roles["role"])))
        grid = grid.loc[:, grid.sum(axis=0) > 0].reset_index()
        out += ["Sources by role (speakers counted once per article):", "", md_table(grid), ""]
    tests = vc.tests
    for analysis, what in [
        ("voice_chi2", "Outlets differ in the share of sentences voiced by sources"),
        ("role_chi2", "Outlets differ in the roles of their sources"),
    ]:
        row = tests[tests["analysis"] == analysis]
        if len(row):
            r = row.iloc[0]
            method = str(r["method"]) if isinstance(r["method"], str) else ""
            level = re.search(r"a (\d+%) interval", method)
            ci = f"{level.group(1)} CI, " if level else ""
            exact = re.search(r"dual to the chi-square test \(p = ([^)]+)\), not to the exact p", method)
            dual = (
                f"p is Fisher-Freeman-Halton's, the interval is dual to the chi-square p = {exact.group(1)}"
                if exact
                else "dual to the test"
                if "dual to the test" in method
                else ""
            )
            out += [
                f"- {what}? χ²({_num(r['df'])}) = {_num(r['statistic'], 2)}, p = {_p(r['p'])}, "
                f"{r['effect_name'] or 'V'} = {_num(r['effect'], 2)} "
                f"[{_num(r['ci_low'], 2)}, {_num(r['ci_high'], 2)}] ({ci}{dual}), n = {int(r['n'])} "
                f"({r['unit']}s)."
            ]
    share = tests[tests["analysis"] == "voice_share_chi2"]
    if len(share):
        sig = share[share["p_adj"] < 0.05]
        names = ", ".join(labels.get(f, f) for f in sig["outcome"]) or "none"
        out += [
            f"- Frames whose share left to sources differs between outlets (BH-adjusted p < .05 "
            f"over {len(share)} frames): {names}.",
        ]
    out += [""]
    if figure:
        out += [f"![{VOICE_FIGURE_CAPTION}]({figure})", "", f"*{VOICE_FIGURE_CAPTION}*", ""]
    fbv = vc.frames_by_voice
    src = fbv[(fbv["voice"] == "source") & (fbv["n_frame"] > 0)]
    if len(src):
        grid = src.pivot(index="frame", columns=by, values="share").reindex(
            index=list(dict.fromkeys(src["frame"])), columns=vc.groups
        )
        grid = grid.map(_pct).reset_index()
        grid["frame"] = grid["frame"].map(lambda f: labels.get(f, f))
        out += ["Share of each frame's sentences voiced by sources:", "", md_table(grid), ""]
    out += ["Caveats:", ""]
    for note in dict.fromkeys(vc.notes):
        out += [f"- {note}"]
    out += [
        "- Voice is coded by rules (quotes, speech verbs, formulas, tails, continuations); a "
        "source's paraphrase that runs on over several sentences without a cue is coded as "
        "the journalist's, so the source share is a lower bound.",
        "- Each sentence has one primary speaker; a sentence quoting two sources counts for "
        "both in the sources table.",
        "",
    ]
    return "\n".join(out)


def _num(x: Any, digits: int = 0) -> str:
    try:
        v = float(x)
    except (TypeError, ValueError):
        return "n/a"
    if math.isnan(v):
        return "n/a"
    return f"{v:.{digits}f}"
