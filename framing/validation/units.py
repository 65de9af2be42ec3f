"""Aligning coding units made outside the tool with the scored sentences.

Human coders often work on their own units (a sentence list cut by a script, a spreadsheet
per article) rather than on a sheet drawn by ``framing codesheet``. :func:`align_units` maps
each such unit onto the scored sentences of its article by its text, so that the tool's
codes can be compared unit by unit:

* both sides are normalised as for matching by text (NFKC, zero-width characters and all
  whitespace removed) and, because the tool reads Traditional script as Simplified, the
  unit text is converted with the same OpenCC table;
* units are looked up in order along the article, each from where the previous one ended,
  so a repeated phrase is found at its own place; a unit the tool removed as page furniture
  (bylines, editor lines) is not found and is reported as ``aligned = False``;
* a unit's codes are those of the sentences it overlaps: a frame is present when any of
  them carries it, tone and sentiment are the overlap-weighted means, voice and speaker
  come from the sentence with the largest overlap.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from framing.comparison.agreement import frame_agreement, spearman_interval, tone_agreement
from framing.corpus.normalize import clean_lines, to_simplified
from framing.corpus.read import read_corpus
from framing.errors import InputError
from framing.lexicons import default_lexicons
from framing.scoring.pipeline import score
from framing.stats.resampling import DEFAULT_SEED
from framing.validation.codes import normalize_text

__all__ = ["ALIGNED_COLUMNS", "align_units", "measure_unit_set", "read_unit_set", "unit_agreement"]

ALIGNED_COLUMNS: list[str] = [
    "doc_id",
    "unit_id",
    "aligned",
    "sent_ids",
    "overlap",
    "tone",
    "sentiment",
    "voice",
    "speaker_role",
]


def _stream(sents: pd.DataFrame) -> tuple[str, np.ndarray]:
    """The article's normalised sentence texts joined, and each character's sentence row."""
    parts, owner = [], []
    for row, text in enumerate(sents["text"].map(normalize_text)):
        parts.append(text)
        owner.extend([row] * len(text))
    return "".join(parts), np.asarray(owner, dtype=np.int64)


def align_units(
    units: pd.DataFrame,
    scored: Any,
    frames: Sequence[str] | None = None,
    doc_column: str = "doc_id",
) -> pd.DataFrame:
    """The tool's codes for externally cut coding units.

    Parameters
    ----------
    units
        One row per unit, in article order: ``doc_column`` (the article's ``doc_id`` in the
        scored corpus), ``unit_id`` and ``text``.
    scored
        A :class:`framing.Scored` (its ``sentences`` table is used).
    frames
        Frame ids to report (default: every ``frame_<id>`` column of the sentences).
    doc_column
        Name of the units' article column.

    Returns
    -------
    pandas.DataFrame
        One row per unit, in the units' order, with ``doc_id, unit_id, aligned`` (the unit
        was found in the scored text), ``sent_ids`` (``;``-joined sentence ids it overlaps),
        ``overlap`` (share of the unit's characters found), one 0/1 ``frame_<id>`` column per
        frame, ``tone`` and ``sentiment`` (overlap-weighted means; NaN when not aligned),
        ``voice`` and ``speaker_role``.

    Raises
    ------
    InputError
        When a required column is missing or a unit names an article the corpus lacks.
    """
    for col in (doc_column, "unit_id", "text"):
        if col not in units.columns:
            raise InputError(f"units table has no {col!r} column; fix: give {doc_column}, unit_id, text")
    sents = scored.sentences
    if frames is None:
        frames = [c.removeprefix("frame_") for c in sents.columns if c.startswith("frame_")]
    known = set(sents["doc_id"])
    missing = sorted(set(units[doc_column]) - known)
    if missing:
        raise InputError(
            f"units name articles the scored corpus lacks: {missing[:5]}; "
            f"fix: score the same articles (doc_id = the units' {doc_column})"
        )
    by_doc = {d: g.sort_values("sent_id") for d, g in sents.groupby("doc_id", sort=False)}
    rows: list[dict] = []
    for doc_id, group in units.groupby(doc_column, sort=False):
        art = by_doc[doc_id]
        stream, owner = _stream(art)
        cursor = 0
        for unit_id, text in zip(group["unit_id"], group["text"], strict=True):
            key = normalize_text(to_simplified(str(text)))
            pos = stream.find(key, cursor) if key else -1
            if pos < 0 and key:
                # the unit as cleaning leaves it: inline debris (**bold**, pinyin, link
                # markup) is gone from the scored text, so the raw unit is not found
                key = normalize_text("".join(c.text for c in clean_lines(str(text))))
                pos = stream.find(key, cursor) if key else -1
            row: dict = {"doc_id": doc_id, "unit_id": unit_id, "aligned": pos >= 0}
            if pos < 0:
                row.update(sent_ids="", overlap=0.0, tone=np.nan, sentiment=np.nan,
                           voice="", speaker_role="")
                row.update({f"frame_{f}": 0 for f in frames})
                rows.append(row)
                continue
            cursor = pos + len(key)
            hit_rows, counts = np.unique(owner[pos:cursor], return_counts=True)
            part = art.iloc[hit_rows]
            w = counts / counts.sum()
            main = part.iloc[int(np.argmax(counts))]
            row.update(
                sent_ids=";".join(str(s) for s in part["sent_id"]),
                overlap=1.0,
                tone=float(np.dot(w, part["tone"].to_numpy(dtype=float))),
                sentiment=float(np.dot(w, part["sentiment"].to_numpy(dtype=float))),
                voice=main.get("voice", ""),
                speaker_role=main.get("speaker_role", ""),
            )
            row.update({f"frame_{f}": int(part[f"frame_{f}"].astype(bool).any()) for f in frames})
            rows.append(row)
    cols = ALIGNED_COLUMNS[:5] + [f"frame_{f}" for f in frames] + ALIGNED_COLUMNS[5:]
    return pd.DataFrame(rows, columns=cols)


def unit_agreement(
    aligned: pd.DataFrame,
    codes: pd.DataFrame,
    frames: Sequence[str],
    coder_column: str = "coder",
    n_boot: int = 1000,
    seed: int = DEFAULT_SEED,
    confidence: float = 0.95,
) -> dict[str, pd.DataFrame]:
    """Precision, recall and F1 of aligned tool codes against each coder and their agreement.

    Parameters
    ----------
    aligned
        The output of :func:`align_units` (its ``doc_id`` is each unit's article).
    codes
        Long table, one row per unit and coder: ``unit_id``, ``coder_column``, one 0/1
        column per frame id (named by the id), ``tone`` (-1/0/1) and optionally ``voice``.
        Units to leave out (page furniture) should be dropped beforehand.
    frames
        Frame ids to evaluate.
    coder_column
        Name of the coder column.
    n_boot, seed, confidence
        The intervals: resamples of the article bootstrap (0: no intervals), its seed and
        their coverage.

    Returns
    -------
    dict of DataFrames
        ``frames``: one row per gold and frame plus a ``macro`` row per gold, with ``gold``
        (a coder's name, or ``agreed``: the unit-frame pairs on which all coders agree;
        the others are left out as undecided), ``frame, n, support, tp, fp, fn,
        precision, recall, f1`` and their intervals ``precision_low ... f1_high`` (per
        frame Wilson score intervals, units as independent; for ``macro``, the mean over
        frames, a percentile bootstrap that resamples articles:
        :func:`framing.stats.agreement.frame_agreement`). ``tone``: Spearman and sign
        accuracy of lexicon tone and snownlp sentiment against the agreed tone (units where
        the coders agree), with ``spearman_low, spearman_high`` (bootstrap of articles).
        ``voice``: accuracy of the tool's voice against the agreed voice.
    """
    coders = sorted(codes[coder_column].unique())
    wide = codes.pivot_table(index="unit_id", columns=coder_column, values=list(frames), aggfunc="first")
    pred = aligned.set_index("unit_id").reindex(wide.index)
    predicted = pd.DataFrame({f: pred[f"frame_{f}"].fillna(0).astype(int) for f in frames})
    article = pred["doc_id"] if "doc_id" in pred.columns else None
    kw = dict(cluster=article, n_boot=n_boot, seed=seed, confidence=confidence)
    keep_cols = ["frame", "support", "tp", "fp", "fn", "precision", "recall", "f1",
                 "precision_low", "precision_high", "recall_low", "recall_high", "f1_low", "f1_high"]
    tables = []
    for gold in [*coders, "agreed"]:
        if gold == "agreed":
            agree = pd.DataFrame({f: wide[f].nunique(axis=1, dropna=False).eq(1).astype(int) for f in frames})
            first = pd.DataFrame({f: wide[f].iloc[:, 0] for f in frames})
        else:
            first = pd.DataFrame({f: wide[(f, gold)] for f in frames})
            agree = first.notna().astype(int)
        res = frame_agreement(first, predicted, frames, pairs=agree, **kw)
        res = res[res["frame"] != "micro"][keep_cols]
        res.insert(1, "n", [int(agree[f].sum()) for f in frames] + [np.nan])
        res.insert(0, "gold", gold)
        tables.append(res)
    out = {"frames": pd.concat(tables, ignore_index=True)}
    tones = codes.pivot_table(index="unit_id", columns=coder_column, values="tone", aggfunc="first")
    agreed = tones[tones.nunique(axis=1) == 1].iloc[:, 0]
    pred_t = aligned.set_index("unit_id")
    tone = tone_agreement(agreed, sentiment=pred_t["sentiment"].reindex(agreed.index),
                          tone=pred_t["tone"].reindex(agreed.index))
    lows, highs = [], []
    for measure in tone["measure"]:
        both = pd.concat([pred_t[measure].reindex(agreed.index), agreed], axis=1).dropna()
        clusters = pred_t["doc_id"].reindex(both.index) if "doc_id" in pred_t else both.index
        lo, hi = spearman_interval(both.iloc[:, 0], both.iloc[:, 1], clusters, n_boot=n_boot, seed=seed,
                                   confidence=confidence)
        lows.append(lo)
        highs.append(hi)
    out["tone"] = tone.assign(spearman_low=lows, spearman_high=highs)
    if "voice" in codes.columns:
        voices = codes.pivot_table(index="unit_id", columns=coder_column, values="voice", aggfunc="first")
        agreed_v = voices[voices.nunique(axis=1) == 1].iloc[:, 0]
        tool_v = pred_t["voice"].reindex(agreed_v.index)
        ok = tool_v.notna() & (tool_v != "")
        out["voice"] = pd.DataFrame(
            [{"n": int(ok.sum()), "accuracy": float((tool_v[ok] == agreed_v[ok]).mean())}]
        )
    return out


# ---------------------------------------------------------------------------------------
# a coded unit set on disk


def read_unit_set(
    root: str | Path, frames: Sequence[str]
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """A folder of externally coded units, as the development set is laid out.

    ``root`` holds ``articles/<text_id>.txt`` (one article each), ``units.tsv`` (``text_id,
    unit_id, text``: the coding units in article order), ``codes/<coder>.csv`` (``unit_id,
    is_body, frames, tone[, voice, note]``: ``frames`` is a ``;``-joined list of frame ids,
    ``is_body`` 0 for page furniture) and optionally ``split.tsv`` (``text_id, part``, e.g.
    develop/held; without it every article is in part ``all``).

    Parameters
    ----------
    root : str or Path
        The folder.
    frames : sequence of str
        The frame ids the ``frames`` column may name.

    Returns
    -------
    articles, units, codes
        ``articles``: ``doc_id, text, part``; ``units``: ``doc_id, unit_id, text``; ``codes``:
        one row per unit and coder with ``coder``, one 0/1 column per frame, ``tone``,
        ``is_body`` and the sheet's other columns.

    Raises
    ------
    InputError
        When a file is missing or a column lacks.
    """
    root = Path(root)
    for need in ("articles", "units.tsv", "codes"):
        if not (root / need).exists():
            raise InputError(f"{root}: no {need}; fix: give a folder with articles/, units.tsv and codes/")
    arts = pd.DataFrame(
        [{"doc_id": p.stem, "text": p.read_text(encoding="utf-8")}
         for p in sorted((root / "articles").glob("*.txt"))]
    )
    split_file = root / "split.tsv"
    if split_file.is_file():
        split = pd.read_csv(split_file, sep="\t", dtype=str).rename(columns={"text_id": "doc_id"})
        arts = arts.merge(split, on="doc_id", how="left")
        arts["part"] = arts["part"].fillna("all")
    else:
        arts["part"] = "all"
    units = pd.read_csv(root / "units.tsv", sep="\t", dtype=str, keep_default_na=False)
    units = units.rename(columns={"text_id": "doc_id"})
    codes = []
    for path in sorted((root / "codes").glob("*.csv")):
        c = pd.read_csv(path, dtype=str, keep_default_na=False)
        missing = [k for k in ("unit_id", "is_body", "frames", "tone") if k not in c.columns]
        if missing:
            raise InputError(f"{path}: no column(s) {', '.join(missing)}; fix: add them (see read_unit_set)")
        c["coder"] = path.stem
        given = c["frames"].str.split(";")
        for f in frames:
            c[f] = given.apply(lambda fs, f=f: int(f in fs))
        c["tone"] = c["tone"].astype(int)
        c["is_body"] = c["is_body"].astype(int)
        codes.append(c)
    if not codes:
        raise InputError(f"{root / 'codes'}: no coder sheets (*.csv); fix: add one per coder")
    return arts, units, pd.concat(codes, ignore_index=True)


def measure_unit_set(
    root: str | Path,
    lexicons: Any = None,
    parts: Sequence[str] = ("develop", "held", "all"),
) -> dict[str, dict[str, Any]]:
    """Score a coded unit set's articles and compare the codes unit by unit, part by part.

    The articles are read as a table (one row per article, no topic filter), scored with
    ``lexicons`` (the bundled set by default) and aligned with the units
    (:func:`align_units`); page furniture (``is_body = 0`` for any coder) is left out.

    Parameters
    ----------
    root : str or Path
        The folder, laid out as :func:`read_unit_set` reads it.
    lexicons : Lexicons, optional
        The lexicons to measure (default: the bundled set).
    parts : sequence of str
        The parts to measure (``all``: every article).

    Returns
    -------
    dict
        Per part: the tables of :func:`unit_agreement` plus ``aligned`` (the units of the
        part) and ``scored`` (the whole scored set). A part with no body units is left out.
    """
    lex = lexicons if lexicons is not None else default_lexicons()
    frames = lex.frame_ids
    arts, units, codes = read_unit_set(root, frames)
    corpus = read_corpus(arts.assign(outlet="coded set")[["doc_id", "text", "outlet"]],
                         filter_topic=False)
    scored = score(corpus, lex)
    aligned = align_units(units, scored, frames=frames)
    body = codes.groupby("unit_id")["is_body"].min()
    body_units = set(body[body == 1].index)
    part_of = dict(zip(arts["doc_id"], arts["part"], strict=True))
    out: dict[str, dict[str, Any]] = {}
    for part in parts:
        docs = {d for d, p in part_of.items() if part in ("all", p)}
        ids = set(units.loc[units["doc_id"].isin(docs) & units["unit_id"].isin(body_units), "unit_id"])
        if not ids:
            continue  # a set without this part (every article held, say) has nothing to compare
        res: dict[str, Any] = unit_agreement(
            aligned[aligned["unit_id"].isin(ids)], codes[codes["unit_id"].isin(ids)], frames
        )
        res["aligned"] = aligned[aligned["unit_id"].isin(ids)]
        res["scored"] = scored
        out[part] = res
    return out
