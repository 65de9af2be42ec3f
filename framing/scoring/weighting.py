"""Frames and tone of each sentence from its matches: where the lexicon weights come in.

Matching (:mod:`framing.scoring.matching`) says *which* cues occur, negated or not, with
which modifiers; it does not read weights. This module applies the weights, the threshold
and the tone arithmetic, on every run, to fresh or cached matches alike -- so an edit of
weights or of the threshold never needs a sentence to be matched again.

Frames
    A frame cue contributes ``weight * contrast * factor``: ``contrast`` the factor of a
    conceded clause (``concessive.frame``, 1.0 in the bundled set), ``factor`` that of a
    question (``question.frame_factor``, 1.0), both recorded per match by the matcher.
    A sentence carries frame ``f`` when the contributions of its counted (not negated) cues
    of ``f`` sum to at least the lexicon ``threshold`` (1.0 in the bundled set: one clear
    cue or two weak ones). ``hits_<f>`` counts the counted cues that contribute; negated
    cues count for nothing but stay in the evidence table.
Tone
    Each tone word contributes ``sign * weight * modifier * contrast * factor *
    negation``: ``sign`` +1 for positive, -1 for negative words (tone.toml); ``modifier``
    the product of intensifiers/diminishers just before it (非常 1.5, 有点 0.6);
    ``contrast`` ``concessive.tone`` (0.5) in a conceded clause (after 虽然/尽管 ... up to
    the main clause, or before an adversative marker 但, 然而 ...) -- the main clause
    carries the verdict; ``factor`` ``question.tone_factor`` (0.0) in a question that is
    not rhetorical; ``negation`` ``tone_negation_factor`` (-0.5) when a negator or a
    dismissal blocks it (不乐观 is mildly negative). Each contribution is rounded to 6
    decimals; the sentence tone is their sum, rounded (0 when no tone word is found), plus
    ``frame_tone``: for every frame the sentence carries, the frame's ``tone`` (frames.toml;
    in the bundled set threat and limitation -0.5, opportunity and spectacle +0.5), times
    the question tone factor when every counted cue of the frame stands in a yes/no question.

The work is done on arrays over all matches of a run at once. Sums run in match order
(``numpy.bincount`` adds in array order), and rounding is Python's ``round``, so the
numbers are those of adding the matches up one by one.

Article records
---------------
What :func:`framing.scoring.engines.score_chunk` computes and the cache keeps, per article
(JSON-able; nothing in it depends on weights or the threshold):

``w``, ``n``, ``e``   per sentence: non-punctuation tokens joined by a space, their number,
                      the snownlp sentiment
``t``                 the terms the article refers to, as ``layer<US>label<US>term`` (US:
                      the unit separator, U+001F)
``m``                 the matches, column by column: one list per field of
                      :data:`MATCH_FIELDS` (``term`` is an index in ``t``)
``c``                 coverage counts, column by column: term index (in ``t``), then one
                      list per outcome of :data:`framing.scoring.matching.COVERAGE_OUTCOMES`
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from framing.lexicon import Lexicons
from framing.scoring.matching import COVERAGE_OUTCOMES

__all__ = ["MATCH_FIELDS", "ArticleRecorder", "weigh"]

US = "\x1f"  # joins layer, label and term in a record's term list
MATCH_FIELDS = (
    "sentence",
    "term",
    "start",
    "end",
    "negated",
    "blocked_by",
    "rule",
    "token",
    "modifier",
    "contrast",
    "factor",
)


class ArticleRecorder:
    """Builds the record of one article (see the module docstring), sentence by sentence:
    :meth:`add` each sentence in order, then :meth:`record`.
    """

    def __init__(self) -> None:
        self.words: list[str] = []
        self.n_words: list[int] = []
        self.sentiments: list[float] = []
        self.terms: dict[str, int] = {}
        self.matches: list[list] = [[] for _ in MATCH_FIELDS]

    def _term(self, layer: str, label: str, term: str) -> int:
        key = f"{layer}{US}{label}{US}{term}"
        k = self.terms.get(key)
        if k is None:
            k = self.terms[key] = len(self.terms)
        return k

    def add(self, words: list[str], sentiment: float, matches: Sequence[Any]) -> None:
        """Add the next sentence of the article.

        Parameters
        ----------
        words : list of str
            Its word tokens (no punctuation).
        sentiment : float
            Its snownlp sentiment.
        matches : sequence of Match
            Its :class:`~framing.scoring.matching.Match` es; their terms are numbered in the
            record's term list as they first come.
        """
        s = len(self.words)
        self.words.append(" ".join(words))
        self.n_words.append(len(words))
        self.sentiments.append(sentiment)
        for m in matches:
            t = m.term
            row = (s, self._term(t.layer, t.label, t.term), m.start, m.end, m.negated,
                   m.blocked_by, m.rule, m.token, m.modifier, m.contrast, m.factor)
            for col, v in zip(self.matches, row, strict=True):
                col.append(v)

    def record(self, stats: Counter) -> dict[str, list]:
        """The article's record, with the matcher's coverage counts.

        Parameters
        ----------
        stats : collections.Counter
            The matcher's coverage counts of the article, per ``(layer, label, term, outcome)``.

        Returns
        -------
        dict of str to list
            ``w``, ``n``, ``e``, ``t``, ``m`` and ``c`` as the module docstring describes
            (``w``, ``n``, ``e`` and ``m`` are the recorder's own lists, not copies).
        """
        per: dict[int, list[int]] = {}
        for (layer, label, term, outcome), n in sorted(stats.items()):
            row = per.setdefault(self._term(layer, label, term), [0] * len(COVERAGE_OUTCOMES))
            row[COVERAGE_OUTCOMES.index(outcome)] += n
        return {
            "w": self.words,
            "n": self.n_words,
            "e": self.sentiments,
            "t": list(self.terms),
            "m": self.matches,
            "c": [list(c) for c in zip(*[(k, *v) for k, v in sorted(per.items())], strict=True)]
            if per
            else [[] for _ in range(1 + len(COVERAGE_OUTCOMES))],
        }


def _round6(values: np.ndarray) -> np.ndarray:
    """Python's ``round(x, 6)`` of each value (zeros stay zero without a call)."""
    out = values.copy()
    idx = np.flatnonzero(values)
    out[idx] = [round(x, 6) for x in values[idx].tolist()]
    return out


def weigh(
    records: Sequence[dict[str, list]],
    lexicons: Lexicons,
) -> tuple[dict[str, Any], dict[str, np.ndarray], Counter]:
    """Sentence columns, hit columns and coverage counts of a run's article records.

    Parameters
    ----------
    records : sequence of dict
        The article records, in corpus order (their sentences are the run's rows).
    lexicons : Lexicons
        The set they were matched with: its weights, threshold, frame tones and modifiers
        are applied here.

    Returns
    -------
    columns : dict
        For every sentence in order: ``tokens, n_tokens, sentiment, tone, n_tone_hits,
        frame_tone`` and ``hits_<f>, weight_<f>, frame_<f>`` for each frame.
    hit_columns : dict
        One entry per match: ``sentence`` (the sentence's row number) and the columns of
        :data:`framing.scoring.pipeline.HIT_COLUMNS` after ``doc_id, sent_id``
        (:func:`hits_frame` makes the table).
    stats : collections.Counter
        Coverage counts per ``(layer, label, term, outcome)``, summed over the records.
    """
    frame_ids = list(lexicons.frame_ids)
    terms = list(lexicons.terms)
    term_id = {f"{t.layer}{US}{t.label}{US}{t.term}": k for k, t in enumerate(terms)}
    words: list[str] = []
    n_words: list[int] = []
    sentiment: list[float] = []
    ids: list[int] = []  # the lexicon index of each record's terms, record after record
    # per record: where its sentences and its terms start, its numbers of matches and of
    # coverage rows
    firsts: list[tuple[int, int, int, int]] = []
    cols: list[list] = [[] for _ in MATCH_FIELDS]
    coverage: list[list[int]] = [[] for _ in range(1 + len(COVERAGE_OUTCOMES))]
    for rec in records:
        firsts.append((len(words), len(ids), len(rec["m"][0]), len(rec["c"][0])))
        words += rec["w"]
        n_words += rec["n"]
        sentiment += rec["e"]
        ids += [term_id[t] for t in rec["t"]]
        for col, values in zip(cols, rec["m"], strict=True):
            col += values
        for col, values in zip(coverage, rec["c"], strict=True):
            col += values
    n = len(words)
    ids_arr = np.asarray(ids, dtype=np.int64)
    first_sent, first_term, n_m, n_c = (
        np.asarray([f[k] for f in firsts], dtype=np.int64) for k in range(4)
    )
    # record-local sentence and term numbers -> rows of the run and terms of the lexicon
    sent = np.asarray(cols[0], dtype=np.int64) + np.repeat(first_sent, n_m)
    tid = ids_arr[np.asarray(cols[1], dtype=np.int64) + np.repeat(first_term, n_m)]
    table = np.asarray(coverage, dtype=np.int64).T.reshape(-1, 1 + len(COVERAGE_OUTCOMES))
    table[:, 0] = ids_arr[table[:, 0] + np.repeat(first_term, n_c)]

    negated = np.asarray(cols[4], dtype=bool)
    modifier = np.asarray(cols[8], dtype=float)
    contrast = np.asarray(cols[9], dtype=float)
    factor = np.asarray(cols[10], dtype=float)
    weight_of = np.asarray([t.weight for t in terms], dtype=float)
    sign_of = np.asarray([t.sign for t in terms], dtype=float)
    frame_index = {f: k for k, f in enumerate(frame_ids)}
    frame_of = np.asarray(
        [frame_index.get(t.label, -1) if t.layer == "frame" else -1 for t in terms], dtype=np.int64
    )
    tone_of = np.asarray([t.layer == "tone" for t in terms], dtype=bool)

    weight = weight_of[tid]
    is_tone = tone_of[tid]
    # frames: weight * contrast * factor; tone: sign * weight * modifier * contrast * factor
    # (* negation factor), each rounded
    clause = contrast * factor
    value = sign_of[tid] * weight * modifier * clause
    value = np.where(negated, value * lexicons.modifiers.tone_negation_factor, value)
    score = _round6(np.where(negated, 0.0, weight * clause))
    score[is_tone] = _round6(value[is_tone])
    score += 0.0  # a factor of 0 leaves -0.0 behind: written as 0.0
    tone = _round6(np.bincount(sent[is_tone], weights=score[is_tone], minlength=n))
    out: dict[str, Any] = {
        "tokens": words,
        "n_tokens": np.asarray(n_words, dtype=np.int64),
        "sentiment": np.asarray(sentiment, dtype=float),
        "tone": tone,
        "n_tone_hits": np.bincount(sent[is_tone], minlength=n).astype(np.int64),
    }
    counted = ~is_tone & ~negated & (clause > 0)
    fidx = frame_of[tid]
    # a frame's tone counts as tone words in questions do: damped where every counted cue of
    # the frame stands in a yes/no question
    asked = np.asarray(["question" in r.split(";") for r in cols[6]], dtype=bool)
    q_factor = lexicons.modifiers.question_tone_factor
    frame_tone = np.zeros(n)
    for k, f in enumerate(frame_ids):
        sel = counted & (fidx == k)
        total = np.bincount(sent[sel], weights=score[sel], minlength=n)
        out[f"hits_{f}"] = np.bincount(sent[sel], minlength=n).astype(np.int64)
        out[f"weight_{f}"] = _round6(total)
        out[f"frame_{f}"] = total >= lexicons.threshold - 1e-9
        valence = lexicons.frames[k].tone
        if valence:
            plain = np.bincount(sent[sel & ~asked], minlength=n) > 0
            frame_tone += np.where(out[f"frame_{f}"], valence * np.where(plain, 1.0, q_factor), 0.0)
    out["frame_tone"] = _round6(frame_tone) + 0.0
    out["tone"] = _round6(tone + frame_tone) + 0.0
    names = np.asarray([(t.layer, t.label, t.term) for t in terms], dtype=object)
    hit_cols: dict[str, Any] = {
        "sentence": sent,
        "layer": names[tid, 0] if len(tid) else np.asarray([], dtype=object),
        "label": names[tid, 1] if len(tid) else np.asarray([], dtype=object),
        "term": names[tid, 2] if len(tid) else np.asarray([], dtype=object),
        "start": np.asarray(cols[2], dtype=np.int64),
        "end": np.asarray(cols[3], dtype=np.int64),
        "negated": negated,
        "weight": weight,
        "score": score,
        "modifier": np.asarray([round(x, 6) for x in (modifier * clause).tolist()], dtype=float),
        "blocked_by": cols[5],
        "rule": cols[6],
        "token": cols[7],
    }
    totals = np.zeros((len(terms), len(COVERAGE_OUTCOMES)), dtype=np.int64)
    np.add.at(totals, table[:, 0], table[:, 1:])
    stats: Counter = Counter()
    for k, j in zip(*np.nonzero(totals), strict=True):
        t = terms[k]
        stats[(t.layer, t.label, t.term, COVERAGE_OUTCOMES[j])] = int(totals[k, j])
    return out, hit_cols, stats


def frame_columns(frame_ids: Sequence[str]) -> list[str]:
    """The frame columns of the sentence table.

    Parameters
    ----------
    frame_ids : sequence of str
        The frames, in order.

    Returns
    -------
    list of str
        ``hits_<f>, weight_<f>, frame_<f>`` for each frame, in order.
    """
    return [f"{p}_{f}" for f in frame_ids for p in ("hits", "weight", "frame")]


def hits_frame(hit_cols: dict[str, Any], doc_ids: Sequence[Any], sent_ids: Sequence[int]) -> pd.DataFrame:
    """The ``hits`` table from :func:`weigh`'s hit columns.

    Parameters
    ----------
    hit_cols : dict
        The hit columns :func:`weigh` returns.
    doc_ids, sent_ids : sequence
        The ``doc_id`` and ``sent_id`` of each sentence row of the run.

    Returns
    -------
    pandas.DataFrame
        One row per match: ``doc_id``, ``sent_id`` of its sentence, then the hit columns
        other than ``sentence``.
    """
    rows = hit_cols["sentence"]
    doc = np.asarray(doc_ids, dtype=object)[rows] if len(rows) else np.asarray([], dtype=object)
    sid = np.asarray(sent_ids, dtype=np.int64)[rows] if len(rows) else np.asarray([], dtype=np.int64)
    data = {"doc_id": doc, "sent_id": sid}
    data.update({k: v for k, v in hit_cols.items() if k != "sentence"})
    return pd.DataFrame(data)
