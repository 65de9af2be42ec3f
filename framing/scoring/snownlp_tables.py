"""snownlp's shipped models as log tables: what :mod:`framing.scoring.fastsentiment` runs on.

The character tagger of ``snownlp.seg`` (a trigram generative model over (character, tag)
items) becomes per-character unigram logs and sparse bigram and trigram tables
(:class:`Tagger`, built by :func:`build_tagger`); the sentiment model (naive Bayes) becomes
per-word log frequencies (:class:`Classifier`, :func:`classifier_from_model`). Every stored
value is computed with snownlp's own floating-point expression, in its order, so the
tagger and classifier that read them give snownlp's results bit for bit. The files are
found without importing snownlp (which would load all of its models).
"""

from __future__ import annotations

import gzip
import marshal
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass
from importlib.util import find_spec
from pathlib import Path
from typing import Any

import numpy as np

__all__ = [
    "HAN_FIRST",
    "HAN_LAST",
    "HAN_RUN",
    "TAGS",
    "Classifier",
    "Table",
    "Tagger",
    "build_classifier",
    "build_tagger",
    "classifier_from_model",
    "load_marshal",
    "snownlp_dir",
    "snownlp_stopwords",
]

# snownlp.seg.re_zh / snownlp.normal.re_zh: the runs handed to the character tagger.
HAN_RUN = re.compile("([\u4e00-\u9fa5]+)")
HAN_FIRST, HAN_LAST = 0x4E00, 0x9FA5

# Tag order of CharacterBasedGenerativeModel.status; it fixes both the order in which
# snownlp visits candidate states and therefore how ties are broken.
TAGS = ("b", "m", "e", "s")
_TAG_INDEX = {t: i for i, t in enumerate(TAGS)}
_NEG_INF = float("-inf")


def snownlp_dir() -> Path:
    """Directory of the installed snownlp package, found without importing it.

    Importing ``snownlp`` would load all of its models (several seconds); only the data
    files are needed here.

    Returns
    -------
    Path
        The package folder (its ``seg``, ``sentiment`` and ``normal`` model files).

    Raises
    ------
    ImportError
        snownlp is not installed.
    """
    spec = find_spec("snownlp")
    if spec is None or not spec.submodule_search_locations:
        raise ImportError("snownlp is not installed; its shipped model files are required")
    return Path(next(iter(spec.submodule_search_locations)))


def load_marshal(path: Path) -> dict[str, Any]:
    """Load a snownlp model exactly as snownlp does on Python 3.

    Parameters
    ----------
    path : Path
        The model's name as snownlp gives it (``.../seg.marshal``); the file read is
        ``<name>.3``, gzip-compressed or else a raw dump.

    Returns
    -------
    dict
        The unmarshalled model.
    """
    real = path.with_name(path.name + ".3")
    try:
        with gzip.open(real, "rb") as f:
            return marshal.loads(f.read())
    except OSError:  # snownlp falls back to an uncompressed file on IOError
        with open(real, "rb") as f:
            return marshal.loads(f.read())


@dataclass(frozen=True)
class Table:
    """Sparse transition overrides, grouped by a context key.

    ``keys`` is sorted and unique; the entries of ``keys[i]`` are
    ``slots[offsets[i]:offsets[i + 1]]`` (index into the tag block) with log values
    ``values[...]``.
    """

    keys: np.ndarray
    offsets: np.ndarray
    slots: np.ndarray
    values: np.ndarray

    @classmethod
    def build(cls, keys: np.ndarray, slots: np.ndarray, values: np.ndarray) -> Table:
        """The table of the entries ``(keys[i], slots[i], values[i])``.

        Parameters
        ----------
        keys : numpy.ndarray
            The context key of each entry (repeats allowed).
        slots : numpy.ndarray
            Each entry's index into the tag block.
        values : numpy.ndarray
            Each entry's log value.

        Returns
        -------
        Table
            The entries grouped by key (keys sorted, entries of a key in their given order).
        """
        order = np.argsort(keys, kind="stable")
        k = keys[order]
        starts = np.flatnonzero(np.r_[True, k[1:] != k[:-1]]) if len(k) else np.zeros(0, int)
        return cls(
            keys=k[starts],
            offsets=np.r_[starts, len(k)].astype(np.int64),
            slots=slots[order].astype(np.int64),
            values=values[order].astype(np.float64),
        )

    def lookup(self, queries: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """All (query index, entry index) pairs whose key equals the query.

        Parameters
        ----------
        queries : numpy.ndarray
            Context keys (int64).

        Returns
        -------
        tuple of numpy.ndarray
            The query indices and the entry indices (into ``slots`` and ``values``), one pair
            per matching entry; empty when nothing matches.
        """
        if len(self.keys) == 0 or len(queries) == 0:
            empty = np.zeros(0, dtype=np.int64)
            return empty, empty
        j = np.minimum(np.searchsorted(self.keys, queries), len(self.keys) - 1)
        hit = np.flatnonzero(self.keys[j] == queries)
        jj = j[hit]
        starts = self.offsets[jj]
        counts = self.offsets[jj + 1] - starts
        before = np.cumsum(counts) - counts
        entries = np.repeat(starts - before, counts) + np.arange(int(counts.sum()))
        return np.repeat(hit, counts), entries


@dataclass(frozen=True)
class Tagger:
    """snownlp's character tagger model, reduced to log tables.

    Character ids: 0 is the BOS pseudo-character, then the ideographs the model knows,
    and a last id for any other ideograph (all its tags score -inf, "not found"). A
    transition log-probability for the context
    (char two back, char one back, current char) and tags (x, a, s) is looked up as:
    the trigram table if it has the entry, else the bigram table, else the unigram row;
    each stored value already is the complete ``log(uni + bi + tri)`` of snownlp.
    """

    base: int  # number of ids, the radix of the context keys
    id_of: np.ndarray  # id of every ideograph a run can hold, by code point - HAN_FIRST
    uni_log: np.ndarray  # (n_ids + 1, 4): log(uni term), -inf where the tag never occurs
    found: np.ndarray  # (n_ids + 1,) bool: snownlp's "not_found" test, negated
    pair: Table  # key id1 * base + id2, slot a * 4 + s
    triple: Table  # key (id0 * base + id1) * base + id2, slot x * 16 + a * 4 + s


@dataclass(frozen=True)
class Classifier:
    """snownlp's sentiment Bayes model with per-word log frequencies precomputed."""

    classes: tuple[str, ...]
    prior: tuple[float, ...]  # log(class total) - log(grand total), in class order
    word_logs: dict[str, tuple[float, ...]]
    unseen_logs: tuple[float, ...]
    stopwords: frozenset[str]


def build_tagger(root: Path) -> Tagger:
    """snownlp's character tagger, from its shipped model, as log tables.

    Parameters
    ----------
    root : Path
        The snownlp package folder (:func:`snownlp_dir`).

    Returns
    -------
    Tagger
        Unigram logs, found flags, and the bigram and trigram tables, each value computed
        with snownlp's expression ``log(uni + bi + tri)`` in its order.

    Raises
    ------
    RuntimeError
        The model's tag set is not ``b, m, e, s`` (:data:`TAGS`).
    """
    model = load_marshal(root / "seg" / "seg.marshal")
    if tuple(model["status"]) != TAGS:
        raise RuntimeError(f"unexpected snownlp tag set {model['status']!r}")
    l1, l2, l3 = model["l1"], model["l2"], model["l3"]
    uni, bi, tri = model["uni"], model["bi"], model["tri"]
    uni_total = uni["total"]

    # Only ideographs ever reach the tagger, so only they get ids (0 is BOS).
    chars = sorted({c for (c, _t) in uni["d"] if len(c) == 1 and HAN_RUN.fullmatch(c)})
    char_id = {c: i + 1 for i, c in enumerate(chars)}
    unknown = len(chars) + 1
    base = unknown + 1

    # Integer code of a (char, tag) item: id * 4 + tag, BOS -> 0. Items with other
    # characters (punctuation, Latin, ...) can never occur in a query and get no code.
    ids = {"": 0, **char_id}
    tags = {"BOS": 4, **_TAG_INDEX}
    n_codes = base * 4

    def encode(items: Iterable[tuple[str, str]], arity: int) -> np.ndarray:
        """Codes (n, arity) of (char, tag) items; -1 for items no query can contain."""
        flat = np.fromiter(
            (x for item in items for x in (ids.get(item[0], -1), tags.get(item[1], -1))),
            dtype=np.int64,
        ).reshape(-1, arity, 2)
        cid, tag = flat[..., 0], flat[..., 1]
        # BOS goes with the empty character only, and vice versa
        ok = (cid >= 0) & (tag >= 0) & ((cid == 0) == (tag == 4))
        return np.where(ok, cid * 4 + tag % 4, -1)

    # NormalProb.get(...)[1] for every coded item ("none" where absent).
    uni_count = np.full(n_codes, float(uni["none"]))
    uni_codes = encode(uni["d"], 1)[:, 0]
    usable = uni_codes >= 0
    uni_count[uni_codes[usable]] = np.fromiter(uni["d"].values(), dtype=np.float64)[usable]

    def coded(d: dict[Any, int], arity: int) -> np.ndarray:
        """Rows (code_1, .., code_arity, count) of the n-gram entries that can occur."""
        codes = encode((item for key in d for item in key), arity)
        counts = np.fromiter(d.values(), dtype=np.int64)
        keep = (codes >= 0).all(axis=1)
        return np.column_stack([codes[keep], counts[keep]])

    bi_rows = coded(bi["d"], 2)
    bi_keys = bi_rows[:, 0] * n_codes + bi_rows[:, 1]
    bi_order = np.argsort(bi_keys)
    bi_keys, bi_counts = bi_keys[bi_order], bi_rows[bi_order, 2]

    def bi_count(k1: np.ndarray, k2: np.ndarray) -> np.ndarray:
        """NormalProb.get((s1, s2))[1] for coded items, as float."""
        q = k1 * n_codes + k2
        j = np.minimum(np.searchsorted(bi_keys, q), len(bi_keys) - 1)
        return np.where(bi_keys[j] == q, bi_counts[j], bi["none"]).astype(np.float64)

    def div(num: np.ndarray, den: np.ndarray) -> np.ndarray:
        """CharacterBasedGenerativeModel.div, elementwise (0 where den == 0)."""
        return np.divide(num, den, out=np.zeros_like(num), where=den != 0)

    def uni_term(k3: np.ndarray) -> np.ndarray:
        # l1 * NormalProb.freq(s3): the division first, as in snownlp
        return l1 * (uni_count[k3] / uni_total)

    def logs(total: np.ndarray) -> np.ndarray:
        """log(uni + bi + tri) or -inf, with math.log (numpy's log may differ by an ulp)."""
        return np.array([math.log(x) if x != 0 else _NEG_INF for x in total.tolist()])

    # numpy's + - * / on float64 are the same IEEE operations as Python's, so evaluating
    # snownlp's expression elementwise, in its order, gives the same floats.
    char_codes = np.arange(4, n_codes - 4)  # every (known char, tag); unknown row stays -inf
    uni_log = np.full((base, 4), _NEG_INF)
    uni_log.reshape(-1)[char_codes] = logs(uni_term(char_codes))
    # "if self.uni.freq((w, s)) != 0: not_found = False" for some tag s
    found = np.zeros(base, dtype=bool)
    found[1:unknown] = (uni_count[4 : n_codes - 4].reshape(-1, 4) / uni_total != 0).any(axis=1)

    # Bigram context: log(uni + bi + 0), i.e. snownlp's value when no trigram matches.
    pairs = bi_rows[bi_rows[:, 1] != 0]  # the current item is never BOS
    k2, k3 = pairs[:, 0], pairs[:, 1]
    pair_vals = logs(uni_term(k3) + div(l2 * pairs[:, 2].astype(np.float64), uni_count[k2]) + 0)
    pair = Table.build((k2 // 4) * base + k3 // 4, (k2 % 4) * 4 + k3 % 4, pair_vals)

    trip = coded(tri["d"], 3)
    trip = trip[trip[:, 2] != 0]
    k1, k2, k3 = trip[:, 0], trip[:, 1], trip[:, 2]
    bi_part = div(l2 * bi_count(k2, k3), uni_count[k2])
    tri_part = div(l3 * trip[:, 3].astype(np.float64), bi_count(k1, k2))
    tri_vals = logs(uni_term(k3) + bi_part + tri_part)
    triple = Table.build(
        ((k1 // 4) * base + k2 // 4) * base + k3 // 4,
        (k1 % 4) * 16 + (k2 % 4) * 4 + k3 % 4,
        tri_vals,
    )
    id_of = np.full(HAN_LAST + 1 - HAN_FIRST, unknown, dtype=np.int64)
    id_of[[ord(c) - HAN_FIRST for c in chars]] = np.arange(1, unknown)
    return Tagger(base, id_of, uni_log, found, pair, triple)


def snownlp_stopwords(root: Path) -> frozenset[str]:
    """snownlp.normal's stopwords: codecs line iteration (str.splitlines), each stripped.

    Parameters
    ----------
    root : Path
        The snownlp package folder; its ``normal/stopwords.txt`` is read.

    Returns
    -------
    frozenset of str
        The file's lines, stripped (the empty string included when a line is blank, as
        in snownlp).
    """
    text = (root / "normal" / "stopwords.txt").read_text(encoding="utf-8")
    return frozenset(line.strip() for line in text.splitlines())


def classifier_from_model(
    model: dict[str, Any], stopwords: frozenset[str], words: Iterable[str] | None = None
) -> Classifier:
    """A Bayes model as snownlp's ``Bayes.load`` holds it, reduced to log tables.

    Parameters
    ----------
    model : dict
        The model (``total`` and per class under ``d`` its word counts, ``total`` and
        ``none``), as a model file decodes to.
    stopwords : frozenset of str
        The words dropped before classifying.
    words : iterable of str, optional
        Restricts the table to these words (a word left out scores as unseen, which is
        exact for any word the model lacks); None keeps every word of the model.

    Returns
    -------
    Classifier
        Class priors, per-word and unseen log frequencies in the model's class order.
    """
    classes = tuple(model["d"])  # dict order == snownlp's iteration order
    total = model["total"]
    per_class = [model["d"][k] for k in classes]
    prior = tuple(math.log(p["total"]) - math.log(total) for p in per_class)
    known = set().union(*(p["d"] for p in per_class))
    if words is not None:
        known &= set(words)
    # AddOneProb.freq(word) == float(count or none) / total
    word_logs = {
        w: tuple(math.log(float(p["d"].get(w, p["none"])) / p["total"]) for p in per_class)
        for w in known
    }
    unseen = tuple(math.log(float(p["none"]) / p["total"]) for p in per_class)
    return Classifier(classes, prior, word_logs, unseen, stopwords)


def build_classifier(root: Path) -> Classifier:
    """snownlp's shipped sentiment model (trained on shopping reviews) as log tables.

    Parameters
    ----------
    root : Path
        The snownlp package folder, whose ``sentiment`` model and stopwords are read.

    Returns
    -------
    Classifier
        :func:`classifier_from_model` of the model with snownlp's stopwords.
    """
    model = load_marshal(root / "sentiment" / "sentiment.marshal")
    return classifier_from_model(model, snownlp_stopwords(root))

