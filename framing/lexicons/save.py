"""Writing a lexicon set back as the editable TOML files it is read from."""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path

from framing.lexicons.files import FRAME_FILE, MODIFIER_FILE, TONE_FILE
from framing.lexicons.model import TONE_LABELS, Lexicons, Term

__all__ = ["save_lexicons"]


def _q(s: str) -> str:
    return json.dumps(s, ensure_ascii=False)


def _entry(t: Term) -> str:
    options = t.slots and (t.order != "given" or t.within != "clause")
    if not (t.exclude or t.requires or t.unless or t.shared_with or t.note or options):
        return f"{_q(t.term)} = {t.weight:g}"
    parts = [f"weight = {t.weight:g}"]
    for key in ("exclude", "requires", "unless", "shared_with"):
        values = getattr(t, key)
        if values:
            parts.append(f"{key} = [" + ", ".join(_q(v) for v in values) + "]")
    if options:
        within = t.within if isinstance(t.within, int) else _q(t.within)
        parts += [f"order = {_q(t.order)}", f"within = {within}"]
    if t.note:
        parts.append(f"note = {_q(t.note)}")
    return f"{_q(t.term)} = {{ " + ", ".join(parts) + " }"


def save_lexicons(lexicons: Lexicons, folder: str | Path) -> Path:
    """Write a lexicon set as ``frames.toml``, ``tone.toml`` and ``modifiers.toml``.

    E.g. to turn an imported ``.dic`` into an editable set. Context names are written out
    in full in ``requires``; the frames file says ``replace = true`` (the whole set).

    Parameters
    ----------
    lexicons : Lexicons
        The set.
    folder : str or Path
        The folder to write into (made if missing; files of these names are replaced).

    Returns
    -------
    Path
        The folder.
    """
    out = Path(folder)
    out.mkdir(parents=True, exist_ok=True)
    v = lexicons.versions
    fr = [
        f"version = {_q(v.get('frames', '1.0.0'))}",
        "replace = true  # the whole set: these frames only",
        f"threshold = {lexicons.threshold:g}",
        "",
    ]
    if lexicons.contexts:
        fr.append("[contexts]")
        fr += [
            f"{name} = [" + ", ".join(_q(x) for x in items) + "]"
            for name, items in lexicons.contexts.items()
        ]
        fr.append("")
    for f in lexicons.frames:
        fr += [f"[frames.{f.id}]"] + ([] if f.negatable else ["negatable = false"])
        fr += [f"tone = {f.tone:g}"] if f.tone else []
        fr += [
            f"label_zh = {_q(f.label_zh)}",
            f"label_en = {_q(f.label_en)}",
            f"definition = {_q(f.definition)}",
            "",
            f"[frames.{f.id}.terms]",
        ]
        fr += [_entry(t) for t in f.terms]
        fr.append("")
    (out / FRAME_FILE).write_text("\n".join(fr), encoding="utf-8")
    tn = [f"version = {_q(v.get('tone', '1.0.0'))}", ""]
    for label in TONE_LABELS:
        tn.append(f"[{label}]")
        tn += [_entry(t) for t in lexicons.tone if t.label == label]
        tn.append("")
    (out / TONE_FILE).write_text("\n".join(tn), encoding="utf-8")
    m = lexicons.modifiers

    def arr(items: Iterable[str]) -> str:
        return "[" + ", ".join(_q(x) for x in items) + "]"

    md = [
        f"version = {_q(m.version or '1.0.0')}",
        "",
        "[negation]",
        f"scope = {m.negation_scope}",
        f"tone_factor = {m.tone_negation_factor:g}",
        f"negators = {arr(m.negators)}",
        f"glued = {arr(m.glued_negators)}",
        f"transparent = {arr(m.transparent)}",
        "",
        "[resolution]",
        f"frames = {arr(m.resolver_frames)}",
        f"words = {arr(m.resolvers)}",
        "",
        "[contrast]",
        f"reverse = {arr(m.reverse)}",
        f"openers = {arr(m.openers)}",
        f"adversative = {arr(m.adversative)}",
        "",
        "[concessive]",
        f"markers = {arr(m.concessive)}",
        f"main = {arr(m.concessive_main)}",
        f"tone = {m.tone_before:g}",
        f"frame = {m.concessive_frame:g}",
        "",
        "[dismissal]",
        f"frames = {arr(m.dismissal_frames)}",
        f"tone = {str(m.dismissal_tone).lower()}",
        f"words = {arr(m.dismissal)}",
        "",
        "[post_negation]",
        f"frames = {arr(m.post_negation_frames)}",
        f"tone = {str(m.post_negation_tone).lower()}",
        f"scope = {m.post_negation_scope}",
        f"words = {arr(m.post_negation)}",
        "",
        "[question]",
        f"frame_factor = {m.question_frame_factor:g}",
        f"tone_factor = {m.question_tone_factor:g}",
        f"end = {arr(m.question_end)}",
        f"particles = {arr(m.question_particles)}",
        f"words = {arr(m.question_words)}",
        f"wh = {arr(m.question_wh)}",
        f"rhetorical = {arr(m.rhetorical)}",
        "",
        "[intensifiers]",
        f"scope = {m.intensifier_scope}",
    ] + [f"{_q(w)} = {x:g}" for w, x in m.intensifiers.items()]
    (out / MODIFIER_FILE).write_text("\n".join(md) + "\n", encoding="utf-8")
    return out
