"""The codebook files: ``frames.toml`` (frames, their cues, contexts, threshold) and
``tone.toml`` (positive and negative words), parsed into the model and checked.

A researcher's frames file extends the bundled frames unless it says ``replace = true``:
:func:`extend_frames` merges the two, and :func:`frames_in_force` says which file defines
each frame of a set.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field, replace
from pathlib import Path

from framing.lexicons.cues import is_number, parse_entries, read_cue_toml, str_list
from framing.lexicons.files import FRAME_FILE, is_bundled
from framing.lexicons.model import TONE_LABELS, Frame, Lexicons, Term, term_key
from framing.lexicons.problems import Problems
from framing.lexicons.toml import check_version, unknown_keys
from framing.paths import lexicon_dir

__all__ = [
    "FRAME_ID",
    "FRAME_KEYS",
    "FramesFile",
    "ToneFile",
    "parse_frames",
    "parse_tone",
    "check_shared",
    "extend_frames",
    "bundled_frame_ids",
    "frames_in_force",
]

FRAME_ID = re.compile(r"^[a-z][a-z0-9_]*$")
"""What a frame id looks like: lower-case ASCII letters, digits and _, a letter first."""
FRAME_KEYS = ("label_zh", "label_en", "definition", "negatable", "tone", "terms")
"""The keys a ``[frames.<id>]`` table may hold."""


@dataclass
class FramesFile:
    """What a frames file holds, validated.

    Attributes
    ----------
    version : str
        The file's version.
    threshold : float
        The frame threshold (1.0 when not given).
    threshold_given : bool
        Whether the file gives a threshold.
    contexts : dict
        Its named word lists (with the bundled ones when it extends them).
    frames : list of Frame
        Its frames (after :func:`extend_frames`: the set's frames).
    extends : bool
        Whether the frames add to the bundled ones (a researcher's file without
        ``replace = true``).
    base_version : str
        After :func:`extend_frames`: the version of the bundled frames extended.
    """

    version: str
    threshold: float
    threshold_given: bool
    contexts: dict[str, tuple[str, ...]]
    frames: list[Frame]
    extends: bool
    base_version: str = ""


@dataclass
class ToneFile:
    """What a tone file holds, validated.

    Attributes
    ----------
    version : str
        The file's version.
    tone : list of Term
        Its words, positive then negative.
    """

    version: str
    tone: list[Term] = field(default_factory=list)


def _bundled_frames_data() -> dict:
    """The bundled frames.toml parsed (no checks; {} when it cannot be read)."""
    try:
        return tomllib.loads((lexicon_dir() / FRAME_FILE).read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError):
        return {}


def _bundled_contexts() -> dict[str, tuple[str, ...]]:
    """The [contexts] of the bundled frames.toml (without loading the whole set)."""
    raw = _bundled_frames_data().get("contexts", {})
    return {k: tuple(v) for k, v in raw.items() if isinstance(v, list)}


def bundled_frame_ids() -> set[str]:
    """The frame ids of the bundled frames.toml (without loading the whole set).

    Returns
    -------
    set of str
        The ids; empty when the file cannot be read.
    """
    return set(_bundled_frames_data().get("frames", {}))


def parse_frames(path: Path, problems: Problems) -> FramesFile | None:
    """Read and check a frames file.

    Parameters
    ----------
    path : Path
        The ``frames.toml`` (a researcher's, or the bundled one).
    problems : Problems
        Where every problem goes.

    Returns
    -------
    FramesFile or None
        Its contents (a researcher's file that extends the bundled frames may then name
        the bundled contexts too); None when it cannot be read or parsed.
    """
    file = str(path)
    data, loc = read_cue_toml(path, problems)
    if data is None or loc is None:
        return None
    unknown_keys(
        data, ("version", "replace", "threshold", "contexts", "frames"), (), file, loc, problems
    )
    version = check_version(data, file, loc, problems)
    replaces = data.get("replace", False)
    if not isinstance(replaces, bool):
        problems.add(
            file,
            loc.key((), "replace"),
            f"wrong type for replace: {replaces!r}",
            "write replace = true (your frames only) or replace = false (added to the bundled ones)",
        )
        replaces = False
    # a researcher's frames extend the bundled ones (unless replace = true): their terms may
    # then name the bundled [contexts] too
    extends = not replaces and not is_bundled(path, FRAME_FILE)
    threshold = data.get("threshold", 1.0)
    if not is_number(threshold) or not 0 < float(threshold) <= 10:
        problems.add(
            file,
            loc.key((), "threshold"),
            f"bad threshold {threshold!r}",
            "write a number in (0, 10], e.g. threshold = 1.0",
        )
        threshold = 1.0
    contexts: dict[str, tuple[str, ...]] = dict(_bundled_contexts()) if extends else {}
    raw_ctx = data.get("contexts", {})
    if not isinstance(raw_ctx, dict):
        problems.add(
            file, loc.key((), "contexts"), "wrong type for contexts", "write a [contexts] table"
        )
        raw_ctx = {}
    for name, items in raw_ctx.items():
        contexts[name] = str_list(
            items, file, loc.key(("contexts",), name), name, "[contexts]", problems
        )
    frames_raw = data.get("frames")
    frames: list[Frame] = []
    if not isinstance(frames_raw, dict) or not frames_raw:
        problems.add(
            file,
            1,
            "no frames defined",
            "add a table [frames.<id>] with label_zh, label_en, definition and [frames.<id>.terms]",
        )
        frames_raw = {}
    for fid, body in frames_raw.items():
        table = ("frames", fid)
        line = loc.headers.get(table, loc.headers.get(table + ("terms",), 1))
        if not FRAME_ID.match(fid):
            problems.add(
                file,
                line,
                f"bad frame id '{fid}'",
                "use lower-case ASCII letters, digits and _ (e.g. catch_up)",
            )
        if not isinstance(body, dict):
            problems.add(file, line, f"wrong type for frame '{fid}'", f"write [frames.{fid}]")
            continue
        unknown_keys(body, FRAME_KEYS, table, file, loc, problems)
        meta = {}
        for key in ("label_zh", "label_en", "definition"):
            value = body.get(key)
            if value is None:
                problems.add(
                    file,
                    line,
                    f"frame '{fid}' has no {key}",
                    f'add {key} = "..." under [frames.{fid}]',
                )
                value = fid if key != "definition" else ""
            elif not isinstance(value, str):
                problems.add(
                    file,
                    loc.key(table, key),
                    f"wrong type for {key} of frame '{fid}'",
                    f'write {key} = "..." as a string',
                )
                value = str(value)
            meta[key] = value
        negatable = body.get("negatable", True)
        if not isinstance(negatable, bool):
            problems.add(
                file,
                loc.key(table, "negatable"),
                f"wrong type for negatable of frame '{fid}': {negatable!r}",
                "write negatable = true or negatable = false",
            )
            negatable = True
        tone = body.get("tone", 0.0)
        if not is_number(tone) or not -5 <= tone <= 5:
            problems.add(
                file,
                loc.key(table, "tone"),
                f"bad tone {tone!r} of frame '{fid}'",
                "write tone = a number from -5 to 5 (e.g. -0.5 for a harm frame; 0 for none)",
            )
            tone = 0.0
        terms = parse_entries(
            body.get("terms", {}),
            layer="frame",
            label=fid,
            table_path=table + ("terms",),
            file=file,
            loc=loc,
            contexts=contexts,
            problems=problems,
            allow_shared=True,
        )
        if "terms" not in body:
            problems.add(file, line, f"frame '{fid}' has no terms", f"add [frames.{fid}.terms]")
        frames.append(
            Frame(id=fid, terms=tuple(terms), negatable=negatable, tone=float(tone), source=file, **meta)
        )
    if not extends:
        check_shared(frames, problems)  # else checked on the set with the bundled frames
    return FramesFile(
        version=version,
        threshold=float(threshold),
        threshold_given="threshold" in data,
        contexts=contexts,
        frames=frames,
        extends=extends,
    )


def check_shared(frames: list[Frame], problems: Problems) -> None:
    """Record every term held by two frames without a ``shared_with`` mark.

    A term in two frames must be marked ``shared_with`` on at least one of the entries,
    and every frame named in ``shared_with`` must exist and hold the term. A problem
    between the bundled and a researcher's file is reported where the researcher can fix it.

    Parameters
    ----------
    frames : list of Frame
        The frames of the set.
    problems : Problems
        Where the problems go.
    """
    ids = {f.id for f in frames}
    where: dict[str, list[Term]] = {}
    for f in frames:
        for t in f.terms:
            where.setdefault(term_key(t.term), []).append(t)
            for other in t.shared_with:
                if other not in ids:
                    problems.add(
                        t.source,
                        t.line,
                        f"unknown frame id '{other}' in shared_with of '{t.term}'",
                        f"use one of {', '.join(sorted(ids))}",
                    )
                elif other == f.id:
                    problems.add(
                        t.source,
                        t.line,
                        f"'{t.term}' in frame '{f.id}' is shared_with its own frame",
                        "name the other frame that holds the term",
                    )
    for entries in where.values():
        labels = {t.label for t in entries}
        for t in entries:
            for other in t.shared_with:
                if other in ids and other not in labels:
                    problems.add(
                        t.source,
                        t.line,
                        f"'{t.term}' is shared_with '{other}' but frame '{other}' has no such term",
                        f"add '{t.term}' to [frames.{other}.terms] or drop '{other}' from "
                        "shared_with",
                    )
        if len(labels) < 2:
            continue
        first = entries[0]
        for t in entries[1:]:
            agreed = first.label in t.shared_with or t.label in first.shared_with
            if not agreed:
                if is_bundled(Path(t.source), FRAME_FILE) and not is_bundled(Path(first.source), FRAME_FILE):
                    first, t = t, first  # report it where the researcher can fix it
                at = f"line {first.line}"
                if first.source != t.source:
                    whose = "the bundled " if is_bundled(Path(first.source), FRAME_FILE) else ""
                    at = f"{whose}{Path(first.source).name} line {first.line}"
                problems.add(
                    t.source,
                    t.line,
                    f"term '{t.term}' is in frames '{first.label}' ({at}) and "
                    f"'{t.label}' but is not marked shared",
                    f'add shared_with = ["{first.label}"] to this entry if both frames are '
                    "meant, else delete one",
                )


def parse_tone(path: Path, problems: Problems) -> ToneFile | None:
    """Read and check a tone file.

    Parameters
    ----------
    path : Path
        The ``tone.toml``.
    problems : Problems
        Where every problem goes (a word under both polarities among them).

    Returns
    -------
    ToneFile or None
        Its contents; None when it cannot be read or parsed.
    """
    file = str(path)
    data, loc = read_cue_toml(path, problems)
    if data is None or loc is None:
        return None
    unknown_keys(data, ("version",) + TONE_LABELS, (), file, loc, problems)
    version = check_version(data, file, loc, problems)
    terms: list[Term] = []
    for label in TONE_LABELS:
        if label not in data:
            problems.add(file, 1, f"no [{label}] table", f"add [{label}] with its words")
            continue
        terms.extend(
            parse_entries(
                data[label],
                layer="tone",
                label=label,
                table_path=(label,),
                file=file,
                loc=loc,
                contexts={},
                problems=problems,
                allow_shared=False,
            )
        )
    seen: dict[str, Term] = {}
    for t in terms:
        other = seen.get(term_key(t.term))
        if other is not None and other.label != t.label:
            problems.add(
                file,
                t.line,
                f"tone word '{t.term}' is both {other.label} (line {other.line}) and {t.label}",
                "keep it under one polarity only",
            )
        seen.setdefault(term_key(t.term), t)
    return ToneFile(version, terms)


def extend_frames(own: FramesFile, base_path: Path, problems: Problems) -> FramesFile:
    """A researcher's frames added to the bundled ones.

    A frame of the same id replaces the bundled frame in its place, a new one follows the
    bundled frames; the threshold is the file's own when it gives one; contexts of both
    (the file's win).

    Parameters
    ----------
    own : FramesFile
        The researcher's frames file.
    base_path : Path
        The bundled frames file.
    problems : Problems
        Where terms shared across the two files without a mark are recorded.

    Returns
    -------
    FramesFile
        The frames of the set, with ``base_version`` the bundled file's version.
    """
    base = parse_frames(base_path, Problems())  # the bundled file is checked by its tests
    if base is None:  # pragma: no cover - the bundled file always parses
        return own
    mine = {f.id: f for f in own.frames}
    # a bundled term shared with a frame the researcher replaced stays shared only if the
    # new frame still holds it (else the bundled file would be at fault, which nobody can fix)
    held = {fid: {term_key(t.term) for t in f.terms} for fid, f in mine.items()}

    def kept(f: Frame) -> Frame:
        terms = tuple(
            replace(t, shared_with=tuple(o for o in t.shared_with if o not in held or term_key(t.term) in held[o]))
            if any(o in held for o in t.shared_with) else t
            for t in f.terms
        )
        return replace(f, terms=terms)

    frames = [mine.get(f.id) or kept(f) for f in base.frames]
    frames += [f for f in own.frames if f.id not in {b.id for b in base.frames}]
    check_shared(frames, problems)
    return replace(
        own,
        frames=frames,
        threshold=own.threshold if own.threshold_given else base.threshold,
        contexts={**base.contexts, **own.contexts},
        base_version=base.version,
    )


def frames_in_force(lexicons: Lexicons) -> list[str]:
    """One line per frame of a set, naming the file that defines it.

    Parameters
    ----------
    lexicons : Lexicons
        The set.

    Returns
    -------
    list of str
        ``id (label_zh label_en): whose``, where ``whose`` is ``your <file>`` (with
        ``, replaces the bundled one`` for a researcher's frame that takes the place of a
        bundled frame of the same id) or the bundled file and its version.
    """
    bundled = lexicon_dir() / FRAME_FILE
    base_ids = bundled_frame_ids() if "frames_base" in lexicons.paths else set()
    out = []
    for f in lexicons.frames:
        src = Path(f.source) if f.source else Path(lexicons.paths.get("frames", bundled))
        if is_bundled(src, FRAME_FILE):
            whose = f"bundled {FRAME_FILE} {lexicons.versions.get('frames_base') or lexicons.versions.get('frames', '')}".rstrip()
        else:
            whose = f"your {src.name}"
            if f.id in base_ids:
                whose += ", replaces the bundled one"
        out.append(f"{f.id} ({f.label_zh} {f.label_en}): {whose}")
    return out
