"""The modifiers file (``modifiers.toml``): negation, resolution, contrast, concession,
dismissal, post-cue negation, questions and intensifiers, parsed into
:class:`~framing.lexicons.model.Modifiers` and fitted to a set's frames."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

from framing.lexicons.codebook import bundled_frame_ids
from framing.lexicons.cues import MAX_WEIGHT, is_number, read_cue_toml, str_list
from framing.lexicons.model import SLOT_SEP, Modifiers
from framing.lexicons.problems import Problems, line_of
from framing.lexicons.toml import check_version, unknown_keys

__all__ = ["MODIFIER_TABLES", "parse_modifiers", "fit_to_frames"]

MODIFIER_TABLES = (
    "version",
    "negation",
    "resolution",
    "contrast",
    "intensifiers",
    "dismissal",
    "post_negation",
    "question",
    "concessive",
)
"""The top-level keys of a modifiers file."""
# modifier fields that name frames of the codebook, skipped where a set lacks them
_MODIFIER_FRAME_LISTS = {
    "dismissal_frames": ("dismissal", "frames"),
    "post_negation_frames": ("post_negation", "frames"),
}


def parse_modifiers(path: Path, problems: Problems) -> Modifiers | None:
    """Read and check a modifiers file.

    Parameters
    ----------
    path : Path
        The ``modifiers.toml``.
    problems : Problems
        Where every problem goes. The frame lists are not checked against a set's frames
        here (see :func:`fit_to_frames`).

    Returns
    -------
    Modifiers or None
        The rules (a value with a problem keeps its default); None when the file cannot be
        read or parsed.
    """
    file = str(path)
    data, loc = read_cue_toml(path, problems)
    if data is None or loc is None:
        return None
    unknown_keys(data, MODIFIER_TABLES, (), file, loc, problems)
    version = check_version(data, file, loc, problems)

    def table(name: str) -> dict:
        value = data.get(name, {})
        if not isinstance(value, dict):
            problems.add(
                file, loc.key((), name), f"wrong type for {name}", f"write a [{name}] table"
            )
            return {}
        return value

    def words(tbl: dict, tname: str, key: str) -> tuple[str, ...]:
        value = tbl.get(key, [])
        line = loc.key((tname,), key)
        items = str_list(value, file, line, key, f"[{tname}]", problems)
        seen: set[str] = set()
        out = []
        for w in items:
            if w in seen:
                problems.add(
                    file,
                    loc.item((tname,), key, w, nth=1),
                    f"duplicate word '{w}' in {key} of [{tname}]",
                    "delete the repeated word",
                )
                continue
            seen.add(w)
            out.append(w)
        return tuple(out)

    def setting(tbl: dict, tname: str, key: str, default: Any, ok: Callable[[Any], bool], fix: str) -> Any:
        """The value of ``key`` in ``[tname]`` when ``ok``; else the problem, and ``default``."""
        value = tbl.get(key, default)
        if ok(value):
            return value
        problems.add(file, loc.key((tname,), key), f"bad {key} {value!r} in [{tname}]", fix)
        return default

    def integer(tbl: dict, tname: str, key: str, default: int, hi: int) -> int:
        def ok(v: Any) -> bool:
            return isinstance(v, int) and not isinstance(v, bool) and 1 <= v <= hi

        return setting(tbl, tname, key, default, ok, f"write a whole number from 1 to {hi}")

    def number(tbl: dict, tname: str, key: str, default: float, lo: float, hi: float) -> float:
        def ok(v: Any) -> bool:
            return is_number(v) and lo <= float(v) <= hi

        return float(setting(tbl, tname, key, default, ok, f"write a number from {lo:g} to {hi:g}"))

    neg = table("negation")
    unknown_keys(
        neg,
        ("scope", "tone_factor", "negators", "glued", "transparent"),
        ("negation",),
        file,
        loc,
        problems,
    )
    res = table("resolution")
    unknown_keys(res, ("frames", "words"), ("resolution",), file, loc, problems)
    con = table("contrast")
    unknown_keys(
        con,
        ("reverse", "openers", "adversative", "tone_before"),
        ("contrast",),
        file,
        loc,
        problems,
    )
    dis = table("dismissal")
    unknown_keys(dis, ("frames", "words", "tone"), ("dismissal",), file, loc, problems)
    post = table("post_negation")
    unknown_keys(
        post, ("frames", "words", "tone", "scope"), ("post_negation",), file, loc, problems
    )
    que = table("question")
    unknown_keys(
        que,
        ("end", "particles", "words", "wh", "rhetorical", "frame_factor", "tone_factor"),
        ("question",),
        file,
        loc,
        problems,
    )
    marks = {key: words(que, "question", key) for key in ("words", "rhetorical")}
    for key, items in marks.items():
        for w in items:
            parts = SLOT_SEP.split(w)
            if len(parts) > 1 and not all(x.strip() for x in parts):
                problems.add(
                    file,
                    loc.item(("question",), key, w),
                    f"empty part in '{w}' of {key} in [question]",
                    "write words on both sides of …, e.g. 还…吗",
                )
    conc = table("concessive")
    unknown_keys(
        conc, ("markers", "main", "tone", "frame"), ("concessive",), file, loc, problems
    )

    def flag(tbl: dict, tname: str, key: str) -> bool:
        return setting(tbl, tname, key, True, lambda v: isinstance(v, bool), f"write {key} = true or {key} = false")

    if "tone_before" in con and "tone" in conc:
        problems.add(
            file,
            loc.key(("contrast",), "tone_before"),
            "tone_before in [contrast] and tone in [concessive] set the same factor",
            "delete tone_before and keep tone under [concessive]",
        )
    tone_before = (
        number(conc, "concessive", "tone", 0.5, 0.0, 1.0)
        if "tone" in conc or "tone_before" not in con
        else number(con, "contrast", "tone_before", 0.5, 0.0, 1.0)
    )
    ints = table("intensifiers")
    negators = words(neg, "negation", "negators")
    if not negators:
        problems.add(
            file,
            loc.headers.get(("negation",), 1),
            "no negators",
            'add negators = ["不", "没有", ...] under [negation]',
        )
    glued = words(neg, "negation", "glued")
    for g in glued:
        if len(g) != 1:
            problems.add(
                file,
                loc.item(("negation",), "glued", g),
                f"glued negator '{g}' is not one character",
                "list only one-character negators under glued",
            )
    scope_i = 2
    intensifiers: dict[str, float] = {}
    for w, value in ints.items():
        line = loc.key(("intensifiers",), w)
        if w == "scope":
            scope_i = integer(ints, "intensifiers", "scope", 2, 10)
            continue
        if not w.strip():
            problems.add(file, line, "empty term in [intensifiers]", "delete the line")
            continue
        if not is_number(value) or not 0 < float(value) <= MAX_WEIGHT or float(value) == 1.0:
            problems.add(
                file,
                line,
                f"bad weight {value!r} for intensifier '{w}'",
                "write a multiplier above 1 (intensifier) or between 0 and 1 (diminisher)",
            )
            continue
        intensifiers[w] = float(value)
    return Modifiers(
        negators=negators,
        glued_negators=glued,
        transparent=words(neg, "negation", "transparent"),
        negation_scope=integer(neg, "negation", "scope", 4, 20),
        tone_negation_factor=number(neg, "negation", "tone_factor", -0.5, -1.0, 1.0),
        resolvers=words(res, "resolution", "words"),
        resolver_frames=words(res, "resolution", "frames"),
        reverse=words(con, "contrast", "reverse"),
        openers=words(con, "contrast", "openers"),
        adversative=words(con, "contrast", "adversative"),
        tone_before=tone_before,
        intensifiers=intensifiers,
        intensifier_scope=scope_i,
        version=version,
        dismissal=words(dis, "dismissal", "words"),
        dismissal_frames=words(dis, "dismissal", "frames"),
        dismissal_tone=flag(dis, "dismissal", "tone"),
        post_negation=words(post, "post_negation", "words"),
        post_negation_frames=words(post, "post_negation", "frames"),
        post_negation_tone=flag(post, "post_negation", "tone"),
        post_negation_scope=integer(post, "post_negation", "scope", 6, 20),
        question_end=words(que, "question", "end"),
        question_words=marks["words"],
        question_particles=words(que, "question", "particles"),
        question_wh=words(que, "question", "wh"),
        rhetorical=marks["rhetorical"],
        question_frame_factor=number(que, "question", "frame_factor", 1.0, 0.0, 1.0),
        question_tone_factor=number(que, "question", "tone_factor", 0.0, 0.0, 1.0),
        concessive=words(conc, "concessive", "markers"),
        concessive_main=words(conc, "concessive", "main"),
        concessive_frame=number(conc, "concessive", "frame", 1.0, 0.0, 1.0),
    )


def fit_to_frames(
    md: Modifiers, ids: list[str], path: Path, problems: Problems, *, trim_resolvers: bool = False
) -> Modifiers:
    """The frame lists of a set's modifiers reduced to the set's frames.

    One modifiers file serves many frame sets: in the [dismissal] and [post_negation]
    frame lists a frame of the bundled codebook that the set lacks is skipped; an id that
    is neither is a problem (a typo). Every [resolution] frame must be one of the set's.

    Parameters
    ----------
    md : Modifiers
        The modifiers as read from ``path``.
    ids : list of str
        The frame ids of the set.
    path : Path
        The modifiers file, for problems.
    problems : Problems
        Where unknown frame ids are recorded.
    trim_resolvers : bool, default False
        Drop [resolution] frames the set lacks instead of reporting them (for the bundled
        modifiers under a researcher's own frames).

    Returns
    -------
    Modifiers
        With frame lists naming the set's frames only.
    """

    def unknown(fid: str, where: str) -> None:
        problems.add(str(path), line_of(path, f'"{fid}"'), f"unknown frame id '{fid}' in {where}",
                     f"use one of {', '.join(ids)}")

    if trim_resolvers:
        md = replace(md, resolver_frames=tuple(f for f in md.resolver_frames if f in ids))
    for fid in md.resolver_frames:
        if fid not in ids:
            unknown(fid, "[resolution] frames")
    bundled: set[str] | None = None
    kept = {}
    for name, (tname, key) in _MODIFIER_FRAME_LISTS.items():
        for fid in getattr(md, name):
            if fid in ids:
                continue
            if bundled is None:
                bundled = bundled_frame_ids()
            if fid not in bundled:
                unknown(fid, f"[{tname}] {key}")
        kept[name] = tuple(f for f in getattr(md, name) if f in ids)
    return replace(md, **kept)
