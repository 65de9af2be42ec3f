"""Train a frame model on coded sentences, beside the dictionary.

>>> t = train_frames(["coder_a.csv", "coder_b.csv"], out="frames.model", input="corpus/")
>>> t.cv                                        # cross-validated P/R/F1 per frame, and the dictionary's
>>> scored = fr.apply_frame_model(fr.score(corpus), "frames.model")

The sheets
----------
Coded sheets in the layout ``framing validate`` reads (:func:`framing.validation.read_codes`):
one 0/1 column per frame, a ``text`` column (the sentence) and/or ``sentence_id``
(``doc_id:sent_id``, as ``framing codesheet`` writes it), optionally ``coder`` and ``doc_id``.
One sheet per coder; a sheet without coder names is the coder named after its file (as for
:func:`framing.sentiment_train.coded_tone`). A sentence's code for a frame is the coders'
strict majority (``rule="majority"``; with two coders, the code both gave) or the code all
gave (``rule="unanimous"``); a sentence-frame pair without one is left out of that frame's
training and counted.

``input`` is the corpus the sheets were coded from (a path, a :class:`framing.Corpus` or a
:class:`framing.Scored`): the coded sentences are then matched to its scored sentences (by
``sentence_id``, else by text, as validation matches them) and the model also reads their
place in the article and their voice. Without it each sentence is scored on its own (the
dictionary's evidence only needs the sentence) and the model reads text and dictionary.

Training
--------
Features and classifier: :mod:`framing.scoring.frame_model`. The regularisation ``C`` of each
frame's classifier is chosen from ``c_grid`` by cross-validation on the training sheets:
folds of whole articles (``doc_id``, or the article part of ``sentence_id``; without either,
single sentences), assigned by a seeded permutation
(:func:`framing.training.article_folds`, the folds of the retrained sentiment). Within each
fold the features are fitted on the training part only. The chosen ``C`` is the one with the
highest out-of-fold F1 (the first of equals); the cross-validated precision, recall and F1
reported are those of the chosen setting, so slightly optimistic; the dictionary's on the
same sentences stand beside them. Measure on sentences kept apart before relying on it
(``benchmarks/learn_from_coding.py`` does).

The model file is byte-for-byte reproducible (same sheets, corpus, lexicons and options, same
file). Its sidecar ``<model file>.json`` records the SHA-256 of every sheet and of all of them
together, the rule and counts, the features, the lexicons (versions and fingerprint), the
package versions, the seed and folds, the chosen ``C`` per frame and the cross-validated
figures beside the dictionary's.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from framing import training
from framing.errors import InputError
from framing.scoring.frame_model import (
    FORMAT,
    THRESHOLD,
    FrameModel,
    feature_table,
    make_classifier,
    make_transformer,
    model_versions,
    numeric_columns,
    payload_bytes,
    text_key,
)
from framing.validation.codes import match_codes
from framing.validation.codesheet import sentence_ids

__all__ = [
    "C_GRID",
    "DEFAULT_FOLDS",
    "DEFAULT_SEED",
    "FrameFit",
    "CodedSentences",
    "FrameTraining",
    "MIN_CLASS",
    "coded_frames",
    "coded_sentences",
    "fit_frames",
    "train_frames",
]

DEFAULT_SEED = 20240216
DEFAULT_FOLDS = 5
C_GRID = (0.3, 1.0, 3.0, 10.0)
MIN_CLASS = 3  # sentences coded 1, and coded 0, that a frame needs to be modelled

SheetInput = str | Path | pd.DataFrame


# ---------------------------------------------------------------------------------------
# sheets


def coded_frames(
    sheets: SheetInput | Sequence[SheetInput],
    frames: Sequence[str],
    rule: str = "majority",
    scored: Any = None,
) -> tuple[pd.DataFrame, dict[str, Any]]:
    """The coded frames of each sentence of the sheets (see the module docs for the rules).

    Parameters
    ----------
    sheets:
        Coded sheets (paths or DataFrames), one per coder.
    frames:
        The frame ids to read (columns of that name).
    rule:
        ``"majority"`` or ``"unanimous"``.
    scored:
        A :class:`framing.Scored` to match the sentences to (by ``sentence_id``, else by
        text); None: sentences are keyed by ``sentence_id`` or their text.

    Returns
    -------
    units:
        One row per sentence, in order of first appearance: ``key`` (the corpus
        ``sentence_id`` when matched, else ``sentence_id`` or ``text:<normalised text>``),
        ``text``, ``group`` (the article; None when unknown), ``n_coders`` and per frame
        ``gold_<id>`` (0/1, NaN where the coders do not decide it by ``rule`` or nobody
        coded it).
    info:
        ``sheets`` (name and SHA-256 of each), ``training_data_sha256``, ``rule``,
        ``groups`` and ``counts`` (per frame: ``positive``, ``negative``, ``undecided``).

    Raises
    ------
    InputError
        One line naming the sheet, the row and the fix.
    """
    training.check_rule(rule)
    frames = list(frames)

    def check(name: str, table: pd.DataFrame) -> None:
        if not any(f in table.columns for f in frames):
            raise InputError(
                f"{name}: none of the frame columns ({', '.join(frames)}); fix: a coded sheet needs one "
                "0/1 column per frame, named by the frame id"
            )
        if scored is None and "text" not in table.columns:
            raise InputError(
                f"{name}: no 'text' column; fix: keep the sentence text in a 'text' column, or give the "
                "corpus the sheet was drawn from (--input) to match its sentence_id"
            )

    codes, hashes = training.read_coded_sheets(
        sheets, "text and frame columns", frames, check, lambda c: c[frames].notna().any(axis=1),
        "the sheets hold no frame codes; fix: fill the frame columns (1 present, 0 absent)",
    )
    codes.attrs["framing_codes"] = {"frames": frames, "blank_as_zero": True}
    if scored is not None:
        codes = match_codes(codes, scored)
        texts = pd.Series(scored.sentences["text"].to_numpy(), index=sentence_ids(scored.sentences))
        codes["text"] = texts.reindex(codes["sentence_id"]).to_numpy()
        codes["key"] = codes["sentence_id"].astype(str)
    else:
        codes["key"] = training.sentence_keys(codes)
    training.refuse_repeated_codes(codes)

    def gold(g: pd.DataFrame) -> dict[str, Any]:
        row: dict[str, Any] = {"n_coders": len(g)}
        for f in frames:
            vals = [int(v) for v in g[f].dropna()]
            row[f"gold_{f}"] = training.decide(vals, rule) if vals else math.nan
        return row

    rows, groups = training.coded_units(codes, gold)
    units = pd.DataFrame(rows, columns=["key", "text", "group", "n_coders"] + [f"gold_{f}" for f in frames])
    counts: dict[str, Any] = {
        "rows": int(len(codes)),
        "coders": int(codes["coder"].nunique()),
        "sentences": int(len(units)),
        "frames": {
            f: {
                "positive": int((units[f"gold_{f}"] == 1).sum()),
                "negative": int((units[f"gold_{f}"] == 0).sum()),
                "undecided": int(units[f"gold_{f}"].isna().sum()),
            }
            for f in frames
        },
    }
    return units, training.training_info(hashes, rule, groups, counts)


# ---------------------------------------------------------------------------------------
# fitting


@dataclass
class FrameFit:
    """What :func:`fit_frames` found: ``payload`` (for :class:`FrameModel`), ``cv`` (one row
    per frame and a ``macro`` row: the model's cross-validated ``tp, fp, fn, precision,
    recall, f1`` and the dictionary's ``dict_*`` on the same sentences, ``n``, ``support``,
    ``C``), ``grid`` (every frame and C with its out-of-fold F1), ``oof`` (per sentence and
    frame the out-of-fold probability, ``prob_<id>``, and code, ``cv_<id>``) and ``fold``."""

    payload: dict[str, Any]
    cv: pd.DataFrame
    grid: pd.DataFrame
    oof: pd.DataFrame
    fold: np.ndarray
    skipped: dict[str, str]


def _prf(gold: np.ndarray, pred: np.ndarray) -> dict[str, Any]:
    from framing.comparison.agreement import precision_recall_f1

    g = gold.astype(bool)
    p = pred.astype(bool)
    tp, fp, fn = int((g & p).sum()), int((~g & p).sum()), int((g & ~p).sum())
    prec, rec, f1 = precision_recall_f1(tp, fp, fn)
    return {"tp": tp, "fp": fp, "fn": fn, "precision": prec, "recall": rec, "f1": f1}


def _fit_one(x: Any, y: np.ndarray, c: float, seed: int) -> Any:
    clf = make_classifier(c, seed)
    clf.fit(x, y.astype(np.int64))
    return clf


def fit_frames(
    sentences: pd.DataFrame,
    gold: pd.DataFrame,
    groups: Sequence[str | None],
    frames: Sequence[str],
    lexicon_frames: Sequence[str],
    features: Sequence[str],
    *,
    seed: int = DEFAULT_SEED,
    folds: int = DEFAULT_FOLDS,
    c_grid: Sequence[float] = C_GRID,
) -> FrameFit:
    """Fit the frame model on scored sentences with their gold codes (the core of
    :func:`train_frames`, also used on tables built otherwise, e.g. the development set).

    Parameters
    ----------
    sentences:
        Scored sentences (:func:`framing.score`), one row per training sentence.
    gold:
        Aligned with ``sentences``: one column per frame id, 1/0, NaN = undecided (left
        out of that frame).
    groups:
        The article of each sentence (None: unknown), for the folds.
    frames:
        The frames to model; one with fewer than :data:`MIN_CLASS` sentences coded 1 or 0
        is skipped (and said so in ``skipped``).
    lexicon_frames:
        The dictionary's frames whose evidence the model reads.
    features:
        Feature sets (see :mod:`framing.scoring.frame_model`).
    seed, folds, c_grid:
        The seeded folds of whole articles and the candidate regularisations.

    Returns
    -------
    FrameFit
        The model's payload, its cross-validated figures beside the dictionary's, the grid
        of C and the out-of-fold codes.

    Raises
    ------
    InputError
        When fewer than 2 folds are asked for, no frame has :data:`MIN_CLASS` sentences
        coded 1 and 0, or there is one sentence only.
    """

    if folds < 2:
        raise InputError(f"folds {folds}: cross-validation needs at least 2 folds; fix: e.g. --folds 5")
    if not c_grid or any(not (c > 0) for c in c_grid):
        raise ValueError("c_grid must hold positive numbers")
    if "text" not in features:
        raise ValueError("features must include 'text' (the character n-grams)")
    sentences = sentences.reset_index(drop=True)
    gold = gold.reset_index(drop=True)
    table = feature_table(sentences, lexicon_frames, features, what="training sentences")
    numeric = numeric_columns(lexicon_frames, features)
    skipped: dict[str, str] = {}
    modelled = []
    for f in frames:
        y = gold[f].to_numpy(dtype=float)
        n_pos, n_neg = int((y == 1).sum()), int((y == 0).sum())
        if n_pos < MIN_CLASS or n_neg < MIN_CLASS:
            skipped[f] = f"{n_pos} sentence(s) coded 1 and {n_neg} coded 0 (a model needs {MIN_CLASS} of each)"
        else:
            modelled.append(f)
    if not modelled:
        raise InputError(
            f"no frame has {MIN_CLASS} sentences coded 1 and {MIN_CLASS} coded 0 on which the coders agree; "
            "fix: code more sentences"
        )
    fold, k = training.article_folds(list(groups), folds, seed)
    if k < 2:
        raise InputError("one coded sentence only; fix: code more sentences")
    n = len(table)
    probs = {(f, c): np.full(n, np.nan) for f in modelled for c in c_grid}
    for j in range(k):
        train, test = np.flatnonzero(fold != j), np.flatnonzero(fold == j)
        if not len(test):
            continue
        tf = make_transformer(numeric).fit(table.iloc[train])
        x_train, x_test = tf.transform(table.iloc[train]), tf.transform(table.iloc[test])
        for f in modelled:
            y = gold[f].to_numpy(dtype=float)[train]
            ok = ~np.isnan(y)
            for c in c_grid:
                if len(np.unique(y[ok])) < 2:  # a fold without one class: its share
                    probs[(f, c)][test] = float(y[ok].mean()) if ok.any() else 0.0
                    continue
                clf = _fit_one(x_train[ok], y[ok], c, seed)
                probs[(f, c)][test] = clf.predict_proba(x_test)[:, 1]
    grid_rows, chosen = [], {}
    for f in modelled:
        y = gold[f].to_numpy(dtype=float)
        ok = ~np.isnan(y)
        best: tuple[float, float] | None = None
        for c in c_grid:
            f1 = _prf(y[ok] == 1, probs[(f, c)][ok] >= THRESHOLD)["f1"]
            grid_rows.append({"frame": f, "C": float(c), "cv_f1": f1})
            key = -1.0 if math.isnan(f1) else f1
            if best is None or key > best[0]:
                best = (key, float(c))
        assert best is not None
        chosen[f] = best[1]
    cv_rows = []
    oof = pd.DataFrame(index=sentences.index)
    for f in modelled:
        y = gold[f].to_numpy(dtype=float)
        ok = ~np.isnan(y)
        pr = probs[(f, chosen[f])]
        oof[f"prob_{f}"] = pr
        oof[f"cv_{f}"] = (pr >= THRESHOLD).astype(np.int64)
        m = _prf(y[ok] == 1, pr[ok] >= THRESHOLD)
        d = (_prf(y[ok] == 1, sentences[f"frame_{f}"].fillna(0).astype(bool).to_numpy()[ok])
             if f"frame_{f}" in sentences.columns else {})
        row = {"frame": f, "n": int(ok.sum()), "support": int((y[ok] == 1).sum()), "C": chosen[f], **m}
        row.update({f"dict_{k_}": v for k_, v in d.items()})
        cv_rows.append(row)
    cv = pd.DataFrame(cv_rows)
    macro = {"frame": "macro"}
    for col in ("precision", "recall", "f1", "dict_precision", "dict_recall", "dict_f1"):
        if col in cv:
            macro[col] = float(np.nanmean(cv[col].to_numpy(dtype=float)))
    cv = pd.concat([cv, pd.DataFrame([macro])], ignore_index=True)
    transformer = make_transformer(numeric).fit(table)
    x = transformer.transform(table)
    classifiers = {}
    for f in modelled:
        y = gold[f].to_numpy(dtype=float)
        ok = ~np.isnan(y)
        classifiers[f] = _fit_one(x[ok], y[ok], chosen[f], seed)
    payload = {
        "format": FORMAT,
        "transformer": transformer,
        "classifiers": classifiers,
        "thresholds": dict.fromkeys(modelled, THRESHOLD),
        "frames": modelled,
        "features": list(features),
        "lexicon_frames": list(lexicon_frames),
        "training_keys": sorted({text_key(t) for t in sentences["text"]}),
    }
    return FrameFit(payload, cv, pd.DataFrame(grid_rows), oof, fold, skipped)


# ---------------------------------------------------------------------------------------
# training from sheets


@dataclass
class FrameTraining:
    """A trained frame model and how it was chosen: ``model`` (:class:`FrameModel`), ``path``
    (None when not saved), ``sidecar``, ``cv`` (see :class:`FrameFit`), ``grid`` and
    ``units`` (one row per coded sentence: ``key, text, group, n_coders, gold_<id>``, the
    ``fold`` and the out-of-fold ``cv_<id>`` and ``prob_<id>``)."""

    model: FrameModel
    path: Path | None
    sidecar: dict[str, Any]
    cv: pd.DataFrame
    grid: pd.DataFrame
    units: pd.DataFrame


def _scored_input(input: Any, lexicons: Any, read_options: dict | None) -> Any:
    from framing.corpus.model import Corpus
    from framing.scoring.pipeline import Scored, score

    if isinstance(input, Scored):
        return input
    if isinstance(input, Corpus):
        return score(input, lexicons)
    from framing.corpus.read import read_corpus

    corpus = read_corpus(input, **(read_options or {}))
    return score(corpus, lexicons)


@dataclass
class CodedSentences:
    """Coded sheets made ready for training or suggestions: ``units`` and ``info`` of
    :func:`coded_frames`, ``rows`` (the scored sentence of each unit, aligned with
    ``units``), ``gold`` (one column per coded frame, aligned likewise), ``scored`` (the
    corpus scored, or the sentences each scored on its own), ``lexicons``, ``matched``
    (matched to a corpus) and ``features`` (those the sentences support)."""

    units: pd.DataFrame
    info: dict[str, Any]
    rows: pd.DataFrame
    gold: pd.DataFrame
    scored: Any
    lexicons: Any
    matched: bool
    features: list[str]


def coded_sentences(
    sheets: SheetInput | Sequence[SheetInput],
    *,
    input: Any = None,
    lexicons: Any = None,
    frames: Sequence[str] | None = None,
    rule: str = "majority",
    read_options: dict | None = None,
) -> CodedSentences:
    """Read coded sheets and score their sentences (in their corpus when ``input`` is given,
    else each on its own); the first steps of :func:`train_frames` and
    :func:`framing.validation.suggest.suggest_terms`.

    Parameters
    ----------
    sheets:
        Coded sheets (paths or DataFrames), one per coder.
    input:
        The corpus the sheets were coded from (a path, Corpus or Scored); None: each
        sentence is scored on its own.
    lexicons:
        A :class:`framing.Lexicons` or a lexicon folder (default: the bundled set).
    frames:
        Frames to read (default: every frame of the lexicons the sheets code).
    rule:
        ``"majority"`` or ``"unanimous"`` (see :func:`coded_frames`).
    read_options:
        Options of :func:`framing.read_corpus` for a path ``input``.

    Returns
    -------
    CodedSentences
        The units, their scored sentences and gold codes, the lexicons and features.

    Raises
    ------
    InputError
        A bad sheet, an unknown frame, or a frame asked for that nobody coded.
    """
    from framing.lexicon import Lexicons, default_lexicons, load_lexicons

    if lexicons is None:
        lex = default_lexicons()
    elif isinstance(lexicons, Lexicons):
        lex = lexicons
    else:
        lex = load_lexicons(lexicons)
    lexicon_frames = lex.frame_ids
    if frames is not None:
        unknown = [f for f in frames if f not in lexicon_frames]
        if unknown:
            raise InputError(f"unknown frame(s) {unknown}; fix: use frames of the lexicons ({', '.join(lexicon_frames)})")
        wanted = [f for f in lexicon_frames if f in set(frames)]
    else:
        wanted = lexicon_frames
    scored = _scored_input(input, lex, read_options) if input is not None else None
    units, info = coded_frames(sheets, wanted, rule, scored=scored)
    coded = [f for f in wanted if units[f"gold_{f}"].notna().any()]
    if frames is not None:
        missing = [f for f in wanted if f not in coded]
        if missing:
            raise InputError(f"no coder coded frame(s) {missing}; fix: fill their columns or leave them out")
    if scored is not None:
        sents = scored.sentences.set_index(sentence_ids(scored.sentences))
        rows = sents.loc[units["key"].tolist()].reset_index(drop=True)
        features = ["text", "dictionary", "position", "voice"]
    else:
        from framing.corpus.normalize import normalize_line, to_simplified
        from framing.scoring.pipeline import score_texts

        texts = [to_simplified(normalize_line(t)) for t in units["text"]]
        scored = score_texts(texts, lex)
        rows = scored.sentences.reset_index(drop=True)
        features = ["text", "dictionary"]
    gold = pd.DataFrame({f: units[f"gold_{f}"].to_numpy() for f in coded})
    return CodedSentences(units, info, rows, gold, scored, lex, input is not None, features)


def train_frames(
    sheets: SheetInput | Sequence[SheetInput],
    out: str | Path | None = None,
    *,
    input: Any = None,
    lexicons: Any = None,
    frames: Sequence[str] | None = None,
    rule: str = "majority",
    seed: int = DEFAULT_SEED,
    folds: int = DEFAULT_FOLDS,
    c_grid: Sequence[float] = C_GRID,
    force: bool = False,
    read_options: dict | None = None,
) -> FrameTraining:
    """Train a frame model on coded sheets (see the module docs).

    Parameters
    ----------
    sheets:
        Coded sheets (paths or DataFrames), one per coder: a 0/1 column per frame, ``text``
        and/or ``sentence_id``.
    out:
        The model file to write (e.g. ``frames.model``) with its sidecar ``<out>.json``;
        None: nothing is written.
    input:
        The corpus the sheets were coded from (a path, Corpus or Scored); None: each
        sentence is scored on its own.
    lexicons:
        A :class:`framing.Lexicons` or a lexicon folder (default: the bundled set); the
        dictionary whose evidence the model reads. Score with the same lexicons when
        applying the model.
    frames:
        Frames to model (default: every frame of the lexicons the sheets code).
    rule, seed, folds, c_grid:
        The coders' rule, the seeded folds of whole articles and the candidate C.
    force:
        Replace an existing model file and sidecar at ``out``.
    read_options:
        Options of :func:`framing.read_corpus` for a path ``input``.

    Returns
    -------
    FrameTraining

    Raises
    ------
    InputError
        A bad sheet, too few coded sentences, an unknown frame, or an ``out`` that exists
        (without ``force``) or is a sheet; one line naming the file and the fix. Nothing is
        written then.
    """

    out_path = Path(out) if out is not None else None
    if out_path is not None:
        training.check_model_target(out_path, sheets, force, example="frames.model")
    prepared = coded_sentences(sheets, input=input, lexicons=lexicons, frames=frames, rule=rule,
                               read_options=read_options)
    units, info, lex = prepared.units, prepared.info, prepared.lexicons
    lexicon_frames = lex.frame_ids
    features = prepared.features
    rows, gold = prepared.rows, prepared.gold
    coded = list(gold.columns)
    fit = fit_frames(rows, gold, units["group"].tolist(), coded, lexicon_frames, features,
                     seed=seed, folds=folds, c_grid=c_grid)
    data = payload_bytes(fit.payload)
    sha = hashlib.sha256(data).hexdigest()
    name = out_path.name if out_path is not None else "(not saved)"
    k = int(fit.fold.max()) + 1
    counts_cols = {"n", "support", "tp", "fp", "fn", "dict_tp", "dict_fp", "dict_fn"}

    def clean(k_: str, v: Any) -> Any:
        if isinstance(v, float) and not math.isfinite(v):
            return None
        return int(v) if k_ in counts_cols and v is not None else v

    cv_rows = [{k_: clean(k_, v) for k_, v in r.items()} for r in fit.cv.to_dict("records")]
    sidecar: dict[str, Any] = {
        "format": FORMAT,
        "model_file": name,
        "model_sha256": sha,
        "versions": model_versions(),
        "classifier": "per frame scikit-learn LogisticRegression (L2, class_weight='balanced'), "
                      f"threshold {THRESHOLD}",
        "features": list(features),
        "feature_detail": {
            "text": "character n-grams 1-3 (tf-idf, sublinear, min_df 2)",
            "dictionary": "hits_<id>, weight_<id>, frame_<id> of every frame of the lexicons",
            "position": "position in the article (0..1), is_headline",
            "voice": "1 when a source speaks (voice == 'source')",
        },
        **info,
        "frames": fit.payload["frames"],
        "skipped": fit.skipped,
        "lexicons": {
            "fingerprint": lex.fingerprint,
            "versions": dict(lex.versions),
            "frame_ids": list(lexicon_frames),
            "threshold": float(lex.threshold),
        },
        "input": "matched to the corpus' scored sentences" if prepared.matched else "each sentence scored on its own",
        "seed": int(seed),
        "folds": k,
        "n_groups": int(len({g for g in units["group"] if g is not None})),
        "c_grid": [float(c) for c in c_grid],
        "C": {r["frame"]: r["C"] for r in cv_rows if r["frame"] != "macro"},
        "cv": cv_rows,
        "selection": "C per frame: highest out-of-fold F1 at the threshold (first of equals); the "
                     "figures are those of the chosen C on the same folds (slightly optimistic)",
    }
    sidecar = training.json_safe(sidecar)
    model = FrameModel(name, sha, fit.payload, sidecar)
    units = units.assign(fold=fit.fold)
    units = pd.concat([units, fit.oof], axis=1)
    if out_path is not None:
        training.write_model(out_path, data, sidecar)
    return FrameTraining(model, out_path, sidecar, fit.cv, fit.grid, units)
