"""Term lists in other formats: LIWC-style ``.dic`` files and CSV term lists, read into a
set (frame metadata, modifiers and, when the list has none, tone words from a base set) and
written from one.
"""

from __future__ import annotations

import csv
import io
import re
import warnings
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from framing.errors import LexiconError
from framing.lexicons.build import default_lexicons
from framing.lexicons.codebook import FRAME_ID, check_shared
from framing.lexicons.cues import (
    check_exclude,
    check_weight,
    context_list,
    parse_slots,
    pattern_options,
)
from framing.lexicons.files import file_sha256
from framing.lexicons.model import TONE_LABELS, Frame, Lexicons, Term, term_key
from framing.lexicons.problems import Problems, read_rule_text

__all__ = [
    "CSV_COLUMNS",
    "read_dic",
    "write_dic",
    "read_csv_terms",
    "write_csv_terms",
    "parse_dic",
    "parse_csv_terms",
]

_TONE_CATEGORY = {
    "positive": "positive",
    "posemo": "positive",
    "pos": "positive",
    "negative": "negative",
    "negemo": "negative",
    "neg": "negative",
}


def _base_or_default(base: Lexicons | None) -> Lexicons:
    return base if base is not None else default_lexicons()


def _assemble(
    path: Path,
    base: Lexicons,
    frame_terms: dict[str, list[Term]],
    tone_terms: list[Term],
    problems: Problems,
    allow_new_frames: bool,
    lines: dict[str, int],
) -> Lexicons:
    """Frames from an imported term list, metadata/tone/modifiers from ``base``."""
    file = str(path)
    known = {f.id: f for f in base.frames}
    frames: list[Frame] = []
    for fid, terms in frame_terms.items():
        if fid in known:
            f = known[fid]
            frames.append(replace(f, terms=tuple(terms)))
        elif allow_new_frames and FRAME_ID.match(fid):
            frames.append(Frame(fid, fid, fid, "", tuple(terms)))
        else:
            problems.add(
                file,
                lines.get(fid, 1),
                f"unknown frame id '{fid}'",
                f"use one of {', '.join(known)}, or pass allow_new_frames=True "
                "(ids: lower-case ASCII, digits, _)",
            )
    order = {fid: i for i, fid in enumerate(known)}
    frames.sort(key=lambda f: order.get(f.id, len(order)))
    check_shared(frames, problems)
    return Lexicons(
        frames=tuple(frames),
        tone=tuple(tone_terms) if tone_terms else base.tone,
        modifiers=base.modifiers,
        threshold=base.threshold,
        contexts=dict(base.contexts),
        versions={
            "frames": f"{path.name} sha256:{file_sha256(path)[:12]}",
            "tone": base.versions.get("tone", "") if not tone_terms else path.name,
            "modifiers": base.modifiers.version,
        },
        paths={
            "frames": file,
            "tone": base.paths.get("tone", file) if not tone_terms else file,
            "modifiers": base.paths.get("modifiers", ""),
            **({"vocabulary": base.paths["vocabulary"]} if "vocabulary" in base.paths else {}),
        },
        sha256={
            "frames": file_sha256(path),
            "tone": base.sha256.get("tone", ""),
            "modifiers": base.sha256.get("modifiers", ""),
            **({"vocabulary": base.sha256["vocabulary"]} if "vocabulary" in base.sha256 else {}),
        },
        vocabulary=base.vocabulary,  # an imported term list keeps the domain vocabulary
        stopwords=base.stopwords,
    )


def parse_dic(
    path: Path, base: Lexicons | None, problems: Problems, allow_new_frames: bool = False
) -> Lexicons | None:
    """Read a LIWC-style ``.dic`` file, recording its problems (see :func:`read_dic`).

    Parameters
    ----------
    path : Path
        The file.
    base : Lexicons or None
        The set that gives frame metadata, modifiers, contexts and (when the file has
        none) tone words; None for the bundled set.
    problems : Problems
        Where every problem goes.
    allow_new_frames : bool, default False
        Take a label that is no frame of ``base`` as a new frame (else it is a problem).

    Returns
    -------
    Lexicons or None
        The set (valid only when no problem was recorded); None when the file cannot be
        read or is no term list of this kind.
    """
    file = str(path)
    text = read_rule_text(path, problems)
    if text is None:
        return None
    lines = text.splitlines()
    marks = [i for i, ln in enumerate(lines) if ln.strip() == "%"]
    if len(marks) < 2:
        problems.add(
            file,
            1,
            "not a LIWC-style .dic file (no % ... % category block)",
            "start the file with %, one 'number<TAB>category' per line, then % and the words",
        )
        return None
    categories: dict[str, str] = {}
    cat_lines: dict[str, int] = {}
    for i in range(marks[0] + 1, marks[1]):
        raw = lines[i].split("#")[0].strip()
        if not raw:
            continue
        parts = raw.split()
        if len(parts) < 2:
            problems.add(
                file, i + 1, f"bad category line '{raw}'", "write 'number<TAB>category_name'"
            )
            continue
        categories[parts[0]] = parts[1]
        cat_lines[parts[1]] = i + 1
    frame_terms: dict[str, list[Term]] = {}
    tone_terms: list[Term] = []
    membership: dict[str, list[str]] = {}
    entries: list[tuple[str, str, int]] = []
    seen: dict[tuple[str, str], int] = {}
    for i in range(marks[1] + 1, len(lines)):
        raw = lines[i].split("#")[0].rstrip()
        if not raw.strip():
            continue
        parts = re.split(r"\t+|\s{2,}", raw.strip())
        if len(parts) < 2 and " " in raw.strip():
            parts = raw.strip().rsplit(" ", 1)
        word = parts[0].strip().rstrip("*")
        if not word:
            problems.add(file, i + 1, "empty term", "delete the line or write the word")
            continue
        if len(parts) < 2:
            problems.add(
                file,
                i + 1,
                f"term '{word}' has no category",
                "add the category number(s) after a tab",
            )
            continue
        for num in re.split(r"[\s,]+", " ".join(parts[1:]).strip()):
            if not num:
                continue
            cat = categories.get(num)
            if cat is None:
                problems.add(
                    file,
                    i + 1,
                    f"unknown category number '{num}' for '{word}'",
                    f"use one of {', '.join(categories)} or declare it between the % lines",
                )
                continue
            key = (term_key(word), cat)
            if key in seen:
                problems.add(
                    file,
                    i + 1,
                    f"duplicate term '{word}' in category '{cat}' (same as line {seen[key]})",
                    "delete the repeated line",
                )
                continue
            seen[key] = i + 1
            entries.append((word, cat, i + 1))
            if cat not in _TONE_CATEGORY:
                membership.setdefault(term_key(word), []).append(cat)
    for word, cat, line in entries:
        if cat in _TONE_CATEGORY:
            tone_terms.append(Term(word, "tone", _TONE_CATEGORY[cat], 1.0, source=file, line=line))
            continue
        others = tuple(c for c in membership.get(term_key(word), []) if c != cat)
        frame_terms.setdefault(cat, []).append(
            Term(word, "frame", cat, 1.0, shared_with=others, source=file, line=line)
        )
    return _assemble(
        path,
        _base_or_default(base),
        frame_terms,
        tone_terms,
        problems,
        allow_new_frames,
        cat_lines,
    )


def read_dic(
    path: str | Path, base: Lexicons | None = None, *, allow_new_frames: bool = False
) -> Lexicons:
    """Import a LIWC-style ``.dic`` file.

    Category names are frame ids (or ``positive``/``posemo``, ``negative``/``negemo`` for
    tone words). A trailing ``*`` wildcard is dropped: a term is matched inside longer
    tokens anyway. A word listed under two frame categories is taken as deliberately shared.
    Frame metadata, modifiers (and tone, if the file has none) come from ``base``
    (default: the bundled set). Unknown category names are errors unless
    ``allow_new_frames``.

    Parameters
    ----------
    path : str or Path
        The file.
    base : Lexicons, optional
        The set the file's terms go into (default: the bundled set).
    allow_new_frames : bool, default False
        Take a label that is no frame of ``base`` as a new frame with the label as its
        names (else it is an error).

    Returns
    -------
    Lexicons
        ``base`` with the file's frames' terms (and tone words, if any).

    Raises
    ------
    LexiconError
        Naming file, line and fix of the first problem.
    """
    return _imported(parse_dic, path, base, allow_new_frames)


def write_dic(lexicons: Lexicons, path: str | Path) -> Path:
    """Write frame terms and tone words as a LIWC-style ``.dic`` file.

    Weights and rules are not representable there and are dropped. A ``.dic`` file holds
    single words, so co-occurrence patterns are left out, with a warning naming them
    (write them with :func:`write_csv_terms` or
    :func:`~framing.lexicons.save.save_lexicons` instead).

    Parameters
    ----------
    lexicons : Lexicons
        The set.
    path : str or Path
        The ``.dic`` file to write.

    Returns
    -------
    Path
        The file written.
    """
    cats = lexicons.frame_ids + list(TONE_LABELS)
    number = {c: i + 1 for i, c in enumerate(cats)}
    words: dict[str, list[int]] = {}
    patterns = [t for t in lexicons.terms if t.slots]
    if patterns:
        names = ", ".join(f"'{t.term}'" for t in patterns[:3])
        more = f" and {len(patterns) - 3} more" if len(patterns) > 3 else ""
        warnings.warn(
            f"{path}: {len(patterns)} co-occurrence pattern(s) left out ({names}{more}): a "
            ".dic file holds single words; write_csv_terms or save_lexicons keep them",
            stacklevel=2,
        )
    for t in lexicons.terms:
        if t.slots:
            continue
        nums = words.setdefault(t.term, [])
        n = number[t.label]
        if n not in nums:
            nums.append(n)
    out = ["%"] + [f"{number[c]}\t{c}" for c in cats] + ["%"]
    out += [f"{w}\t" + "\t".join(str(n) for n in sorted(ns)) for w, ns in words.items()]
    p = Path(path)
    p.write_text("\n".join(out) + "\n", encoding="utf-8")
    return p


# --------------------------------------------------------------------------------------
# CSV term lists

CSV_COLUMNS = [
    "layer", "label", "term", "weight", "exclude", "requires", "shared_with", "note", "order",
    "within", "unless",
]
"""The columns :func:`write_csv_terms` writes (``label`` and ``term`` are all a list needs)."""


def parse_csv_terms(
    path: Path, base: Lexicons | None, problems: Problems, allow_new_frames: bool = False
) -> Lexicons | None:
    """Read a CSV term list, recording its problems (see :func:`read_csv_terms`).

    Parameters
    ----------
    path : Path
        The CSV file.
    base : Lexicons or None
        The set that gives frame metadata, modifiers, the contexts ``@name`` refers to and
        (without tone rows) tone words; None for the bundled set.
    problems : Problems
        Where every problem goes (one per bad row).
    allow_new_frames : bool, default False
        Whether a label that is no frame of ``base`` makes a new frame.

    Returns
    -------
    Lexicons or None
        The set (valid only when no problem was recorded); None when the file cannot be
        read or has no header with ``term`` and ``label`` columns.
    """
    file = str(path)
    text = read_rule_text(path, problems)
    if text is None:
        return None
    numbered = [
        (no, ln)
        for no, ln in enumerate(text.splitlines(), start=1)
        if ln.strip() and not ln.lstrip().startswith("#")
    ]
    if not numbered:
        problems.add(file, 1, "empty term list", "write a header line: label,term,weight")
        return None
    reader = csv.reader(io.StringIO("\n".join(ln for _, ln in numbered)))
    rows = list(reader)
    header = [h.strip().lower() for h in rows[0]]
    if "term" not in header:
        problems.add(
            file,
            numbered[0][0],
            "no 'term' column in the header",
            "start with a header such as label,term,weight",
        )
        return None
    label_col = "label" if "label" in header else ("frame" if "frame" in header else None)
    if label_col is None:
        problems.add(
            file,
            numbered[0][0],
            "no 'label' (or 'frame') column in the header",
            "add a label column with the frame id of each term",
        )
        return None
    base_lex = _base_or_default(base)
    frame_terms: dict[str, list[Term]] = {}
    tone_terms: list[Term] = []
    label_lines: dict[str, int] = {}
    seen: dict[tuple[str, str, str], int] = {}
    for (line, _), row in zip(numbered[1:], rows[1:], strict=False):
        rec = {h: (row[i].strip() if i < len(row) else "") for i, h in enumerate(header)}
        layer = rec.get("layer", "") or "frame"
        label = rec.get(label_col, "")
        term = rec.get("term", "")
        what = f"'{term}' ({layer} {label})"
        if layer not in ("frame", "tone"):
            problems.add(file, line, f"unknown layer '{layer}'", "write frame or tone")
            continue
        if not term:
            problems.add(file, line, "empty term", "delete the row or write the term")
            continue
        if layer == "tone" and label not in TONE_LABELS:
            problems.add(file, line, f"unknown tone label '{label}'", "write positive or negative")
            continue
        if not label:
            problems.add(file, line, f"no frame id for '{term}'", "fill in the label column")
            continue
        key = (layer, label, term_key(term))
        if key in seen:
            problems.add(
                file,
                line,
                f"duplicate term {what} (same as line {seen[key]})",
                "delete the repeated row",
            )
            continue
        seen[key] = line
        weight = 1.0
        if rec.get("weight"):
            try:
                value: object = float(rec["weight"])
            except ValueError:
                value = rec["weight"]
            weight = check_weight(value, file, line, what, problems)

        requires: list[str] = []
        for r in _cells(rec, "requires"):
            if r.startswith("@"):
                if r[1:] in base_lex.contexts:
                    requires.extend(base_lex.contexts[r[1:]])
                else:
                    problems.add(
                        file,
                        line,
                        f"unknown context '{r}' for {what}",
                        f"use one of {', '.join('@' + c for c in base_lex.contexts)}",
                    )
            else:
                requires.append(r)
        slots = parse_slots(term, base_lex.contexts, file, line, what, problems)
        options = {k: rec[k] for k in ("order", "within") if rec.get(k)}
        order, within = pattern_options(options, term, slots, file, line, what, problems)
        exclude = _cells(rec, "exclude")
        check_exclude(term, slots, exclude, file, line, what, problems)
        t = Term(
            term,
            layer,
            label,
            weight,
            exclude,
            tuple(dict.fromkeys(requires)),
            _cells(rec, "shared_with") if layer == "frame" else (),
            rec.get("note", ""),
            file,
            line,
            slots,
            order,
            within,
            unless=context_list(
                {"unless": list(_cells(rec, "unless"))}, "unless", base_lex.contexts,
                file, line, what, problems,
            ),
        )
        if layer == "tone":
            tone_terms.append(t)
        else:
            frame_terms.setdefault(label, []).append(t)
            label_lines.setdefault(label, line)
    return _assemble(
        path, base_lex, frame_terms, tone_terms, problems, allow_new_frames, label_lines
    )


def _cells(rec: dict[str, str], col: str) -> tuple[str, ...]:
    return tuple(x.strip() for x in rec.get(col, "").split("|") if x.strip())


def read_csv_terms(
    path: str | Path, base: Lexicons | None = None, *, allow_new_frames: bool = False
) -> Lexicons:
    """Import a CSV term list (``#`` comment lines allowed).

    Columns: ``label`` (or ``frame``) and ``term`` are required; ``layer`` (``frame`` or
    ``tone``), ``weight``, ``exclude``, ``requires`` and ``shared_with`` (lists joined with
    ``|``; ``@name`` refers to a context list of ``base``), ``note``, and for co-occurrence
    patterns (``降低|压低…成本``, whose ``@name`` slots also refer to ``base``) ``order`` and
    ``within`` are optional. The frames in the file replace their terms in ``base``
    (default: the bundled set); tone rows, if any, replace the tone words.

    Parameters
    ----------
    path : str or Path
        The CSV file.
    base : Lexicons, optional
        The set whose frames get the rows' terms and whose contexts ``@name`` names.
    allow_new_frames : bool, default False
        Whether a label that is no frame of ``base`` makes a new frame (named by its id).

    Returns
    -------
    Lexicons
        ``base`` with the listed frames' terms replaced (and the tone words, if any).

    Raises
    ------
    LexiconError
        Naming file, line and fix of the first bad row.
    """
    return _imported(parse_csv_terms, path, base, allow_new_frames)


def _imported(
    parse: Callable[[Path, Lexicons | None, Problems, bool], Lexicons | None],
    path: str | Path,
    base: Lexicons | None,
    allow_new_frames: bool,
) -> Lexicons:
    """The set a term-list parser reads, or its first problem raised."""
    problems = Problems()
    lex = parse(Path(path), base, problems, allow_new_frames)
    if problems or lex is None:
        raise LexiconError(str(problems[0]) if problems else f"{path}:1: cannot read")
    return lex


def write_csv_terms(lexicons: Lexicons, path: str | Path) -> Path:
    """Write every frame term and tone word as a CSV term list (:data:`CSV_COLUMNS`).

    The list reads back with :func:`read_csv_terms`: context rules are written out in
    full, a pattern as written, with ``order`` and ``within`` (its ``@context`` slots are
    read back against the base set's contexts).

    Parameters
    ----------
    lexicons : Lexicons
        The set.
    path : str or Path
        The CSV file to write.

    Returns
    -------
    Path
        The file written.
    """
    p = Path(path)
    with p.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(CSV_COLUMNS)
        for t in lexicons.terms:
            w.writerow(
                [
                    t.layer,
                    t.label,
                    t.term,
                    f"{t.weight:g}",
                    "|".join(t.exclude),
                    "|".join(t.requires),
                    "|".join(t.shared_with),
                    t.note,
                    t.order if t.slots else "",
                    str(t.within) if t.slots else "",
                    "|".join(t.unless),
                ]
            )
    return p

