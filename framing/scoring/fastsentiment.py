"""Exact, fast re-implementation of ``SnowNLP(text).sentiments``.

snownlp scores a text in three steps:

1. ``snownlp.seg.seg`` splits the text at runs of CJK ideographs (U+4E00..U+9FA5);
   every other stretch is split on whitespace, every ideograph run is tagged character
   by character (b/m/e/s) by a trigram generative model and cut into words;
2. ``snownlp.normal.filter_stop`` drops stopwords;
3. a two-class naive Bayes model turns the remaining words into P(pos).

Almost all of the time goes into step 1: snownlp's Viterbi copies the whole tag path
for each of its 64 transitions per character, which is quadratic in the run length,
and recomputes every transition probability from nested-tuple dictionary lookups.

This module keeps the model and the arithmetic and changes only the bookkeeping:

* the transition log-probabilities are computed once, from snownlp's own shipped model
  files, with the very same floating-point expression (``log(uni + bi + tri)``), and
  stored as sorted numpy tables (:mod:`framing.scoring.snownlp_tables`);
* the Viterbi keeps back-pointers instead of paths (linear time) and runs on all the
  ideograph runs of a batch at once, one character position per numpy step;
* every comparison mirrors snownlp's tie-breaking: a state keeps its first
  predecessor unless a later one is strictly better (``numpy.argmax`` returns the
  first maximum), an unknown character keeps the *last* predecessor (snownlp
  overwrites), and the final ``max()`` takes the first best state in snownlp's
  dictionary order.

Because every floating-point operation is the same one, in the same order, the
results are bit-for-bit identical, not merely close. The single deliberate
difference: ``SnowNLP("")`` raises ``ZeroDivisionError`` (its constructor builds a BM25
index over the characters), whereas :func:`sentiment` returns the classifier's value
for an empty word list, i.e. ``snownlp.sentiment.classify("")``.

Step 3 can use a retrained model instead of the shipped one (``model=``, a
:class:`~framing.scoring.sentiment_model.SentimentModel`): the same arithmetic over that
model's counts, so the values are those of ``SnowNLP(text).sentiments`` after
``snownlp.sentiment.load`` of that model file.
"""

from __future__ import annotations

import math
import os
import re
import threading
import zipfile
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from framing.processes import is_running
from framing.scoring.snownlp_tables import (
    HAN_FIRST,
    HAN_RUN,
    Classifier,
    Table,
    Tagger,
    build_classifier,
    build_tagger,
    classifier_from_model,
    load_marshal,
    snownlp_dir,
    snownlp_stopwords,
)

__all__ = [
    "TABLES_FORMAT",
    "classifier_from_model",
    "classify_words",
    "segment",
    "segment_many",
    "sentiment",
    "sentiments",
    "shipped_model",
    "stopwords",
    "table_dir",
    "use_table_dir",
]


# Positions whose transition tables are materialised at once (64 float64 each), which
# bounds the working memory of the tagger at about 16 MB however long the input is.
_WINDOW_BUDGET = 1 << 15
# Characters tagged per batch. It bounds the runs active at once, hence the transition
# block of a window (at least one position per active run) and the back-pointers.
_BATCH_CHARS = 1 << 16


def shipped_model() -> dict[str, Any]:
    """snownlp's shipped sentiment model (trained on shopping reviews).

    Returns
    -------
    dict
        The model as snownlp's ``Bayes.load`` reads it (the input of
        :func:`classifier_from_model`).
    """
    return load_marshal(snownlp_dir() / "sentiment" / "sentiment.marshal")


def stopwords() -> frozenset[str]:
    """The stopwords snownlp's sentiment drops before classifying (``normal.filter_stop``).

    Returns
    -------
    frozenset of str
        Read from snownlp's ``normal/stopwords.txt``.
    """
    return snownlp_stopwords(snownlp_dir())


# Bump when the tables built from snownlp's model change meaning (part of the file name).
TABLES_FORMAT = 1
_lock = threading.RLock()
_tagger: Tagger | None = None
_classifier: Classifier | None = None
_table_dir: Path | None = None


def use_table_dir(directory: str | Path | None) -> Path | None:
    """Keep the built model tables in ``directory`` (None: build them in memory only).

    Building them from snownlp's model files takes seconds and a gigabyte at its peak;
    reading them back from the ``.npz`` file written the first time takes a fraction of a
    second. The file name holds the snownlp version and :data:`TABLES_FORMAT`. Tables this
    process built already are written there at once (if the folder can take them).

    Parameters
    ----------
    directory : str or Path or None
        The folder (created when the tables are written), or None.

    Returns
    -------
    Path or None
        The folder used before.
    """
    global _table_dir
    previous = _table_dir
    _table_dir = Path(directory) if directory is not None else None
    path = _table_file()
    if path is not None and _tagger is not None and _classifier is not None and not path.exists():
        try:  # built before the folder was known: keep them for the next process
            _save_tables(path, _tagger, _classifier)
        except OSError:
            pass
    return previous


def table_dir() -> Path | None:
    """The folder set by :func:`use_table_dir`.

    Returns
    -------
    Path or None
        The folder, or None when the tables are kept in memory only.
    """
    return _table_dir


def _table_file_name() -> str:
    from importlib.metadata import version

    return f"snownlp-{version('snownlp')}-tables-{TABLES_FORMAT}.npz"


def _table_file() -> Path | None:
    return None if _table_dir is None else _table_dir / _table_file_name()


def _save_tables(path: Path, tg: Tagger, cl: Classifier) -> None:
    words = list(cl.word_logs)
    arrays = {
        "base": np.asarray(tg.base),
        "id_of": tg.id_of,
        "uni_log": tg.uni_log,
        "found": tg.found,
        **{f"{name}_{f}": getattr(getattr(tg, name), f)
           for name in ("pair", "triple") for f in ("keys", "offsets", "slots", "values")},
        "classes": np.asarray(cl.classes, dtype=str),
        "prior": np.asarray(cl.prior, dtype=np.float64),
        "words": np.asarray(words, dtype=str),
        "word_logs": np.asarray([cl.word_logs[w] for w in words], dtype=np.float64),
        "unseen_logs": np.asarray(cl.unseen_logs, dtype=np.float64),
        "stopwords": np.asarray(sorted(cl.stopwords), dtype=str),
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    _remove_stale_temp_files(path)
    tmp = path.with_name(f".{path.name}.{os.getpid()}-{threading.get_ident()}.tmp")
    try:
        with open(tmp, "wb") as f:
            np.savez(f, **arrays)
        tmp.replace(path)  # atomic: a reader sees the old file, the new one, or none
    finally:  # a full disk or an interrupt: no half-written file stays behind
        tmp.unlink(missing_ok=True)


# the temporary file of _save_tables: the table file's name, the writer's process and thread
_TEMP_FILE = re.compile(r"^\.(?P<name>.+\.npz)\.(?P<pid>[0-9]+)-[0-9]+\.tmp$")


def _remove_stale_temp_files(path: Path) -> None:
    """Remove temporary table files beside ``path`` left by processes that ended (a kill
    while saving); those of running processes are theirs. Never read as tables."""
    try:
        entries = list(path.parent.iterdir())
    except OSError:
        return
    for p in entries:
        m = _TEMP_FILE.match(p.name)
        if m and m["name"].startswith("snownlp-") and not is_running(int(m["pid"])):
            try:
                p.unlink()
            except OSError:
                pass


def _load_tables(path: Path) -> tuple[Tagger, Classifier]:
    with np.load(path, allow_pickle=False) as z:
        tables = {
            name: Table(*(z[f"{name}_{f}"] for f in ("keys", "offsets", "slots", "values")))
            for name in ("pair", "triple")
        }
        tg = Tagger(int(z["base"]), z["id_of"], z["uni_log"], z["found"], tables["pair"], tables["triple"])
        cl = Classifier(
            tuple(z["classes"].tolist()),
            tuple(z["prior"].tolist()),
            dict(zip(z["words"].tolist(), map(tuple, z["word_logs"].tolist()), strict=True)),
            tuple(z["unseen_logs"].tolist()),
            frozenset(z["stopwords"].tolist()),
        )
    return tg, cl


def _load_models() -> None:
    """Fill ``_tagger`` and ``_classifier``: from the table file when there is one, else
    built from snownlp's model files (and written to the table file when one is set)."""
    global _tagger, _classifier
    with _lock:
        if _tagger is not None and _classifier is not None:
            return
        path = _table_file()
        if path is not None and path.is_file():
            try:
                _tagger, _classifier = _load_tables(path)
                return
            except (OSError, ValueError, KeyError, TypeError, EOFError, zipfile.BadZipFile):
                pass  # a damaged file (truncated, a bad CRC): build again and replace it
        _tagger = build_tagger(snownlp_dir())
        _classifier = build_classifier(snownlp_dir())
        if path is not None:
            try:
                _save_tables(path, _tagger, _classifier)
            except OSError:
                pass  # a read-only folder only costs the next run the build


def _get_tagger() -> Tagger:
    if _tagger is None:
        _load_models()
    assert _tagger is not None
    return _tagger


# classifiers of retrained models (framing.scoring.sentiment_model), by the file's SHA-256
_models: dict[str, Classifier] = {}
_MAX_MODELS = 4


def _get_classifier(model: Any = None) -> Classifier:
    """The shipped model's classifier, or that of ``model`` (a
    :class:`~framing.scoring.sentiment_model.SentimentModel`), built once per process."""
    if model is not None:
        with _lock:
            cl = _models.get(model.sha256)
            if cl is None:
                cl = classifier_from_model(model.decode(), stopwords())
                while len(_models) >= _MAX_MODELS:
                    _models.pop(next(iter(_models)))
                _models[model.sha256] = cl
            return cl
    if _classifier is None:
        _load_models()
    assert _classifier is not None
    return _classifier


def _transitions(tg: Tagger, ids: np.ndarray, index: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Transition blocks ``(n, 4, 4, 4)`` [x, a, s] and found flags for given positions.

    ``index`` points into ``ids``, which holds two BOS ids (0) before every run, so
    ``index - 1`` and ``index - 2`` are always the two preceding context characters.
    """
    cur, prev1, prev2 = ids[index], ids[index - 1], ids[index - 2]
    n = len(index)
    block = np.empty((n, 4, 4, 4))
    block[...] = tg.uni_log[cur][:, None, None, :]
    q, e = tg.pair.lookup(prev1 * tg.base + cur)
    block.reshape(n, 4, 16)[q, :, tg.pair.slots[e]] = tg.pair.values[e][:, None]
    q, e = tg.triple.lookup((prev2 * tg.base + prev1) * tg.base + cur)
    block.reshape(n, 64)[q, tg.triple.slots[e]] = tg.triple.values[e]
    return block, tg.found[cur]


def _tag_runs(runs: Sequence[str]) -> list[list[int]]:
    """Tag indices (0..3 = b, m, e, s) of each ideograph run, exactly as snownlp's tagger."""
    tg = _get_tagger()
    out: list[list[int]] = [[] for _ in runs]
    order = sorted((i for i in range(len(runs)) if runs[i]), key=lambda i: -len(runs[i]))
    # Batches of whole runs, longest first, bounded in total characters.
    batch: list[int] = []
    size = 0
    for i in order:
        batch.append(i)
        size += len(runs[i])
        if size >= _BATCH_CHARS:
            _tag_batch(tg, [runs[j] for j in batch], [out[j] for j in batch])
            batch, size = [], 0
    if batch:
        _tag_batch(tg, [runs[j] for j in batch], [out[j] for j in batch])
    return out


def _tag_batch(tg: Tagger, runs: list[str], sinks: list[list[int]]) -> None:
    """Viterbi over runs sorted by decreasing length; appends each run's tags to its sink.

    State at position i is (x, a) = (tag at i-1, tag at i); ``v[r, x, a]`` is its score.
    Runs still active at position i are exactly the first ``active[i]`` ones.
    """
    lens = np.fromiter((len(r) for r in runs), dtype=np.int64, count=len(runs))
    n_runs, longest = len(runs), int(lens[0])
    # active[i] = number of runs longer than i, for i in 0..longest
    active = np.searchsorted(-lens, -np.arange(longest + 1), side="left")

    # ids with two BOS (0) in front of every run; pos0[r] = index of run r's first char.
    # Runs hold only U+4E00..U+9FA5, so a code point table maps them; NUL marks BOS.
    points = np.frombuffer("".join("\0\0" + r for r in runs).encode("utf-32-le"), np.uint32)
    ids = np.where(points == 0, 0, tg.id_of[np.maximum(points, HAN_FIRST) - HAN_FIRST])
    pos0 = np.cumsum(lens + 2) - lens
    tag_start = pos0 - 2 * np.arange(1, n_runs + 1)  # start of run r in the flat tag array

    # back-pointers of step i (i >= 2) live in bp[step_off[i]: step_off[i] + active[i]]
    step_off = np.r_[0, np.cumsum(active[:-1])]
    bp = np.empty((int(lens.sum()), 4, 4), dtype=np.int8)
    fin_x = np.zeros(n_runs, dtype=np.int64)  # final state of each run
    fin_a = np.zeros(n_runs, dtype=np.int64)

    v0 = np.zeros((n_runs, 4))
    v = np.zeros((n_runs, 4, 4))
    i0 = 0
    while i0 < longest:
        m = int(active[i0])
        width = max(1, min(longest - i0, _WINDOW_BUDGET // m))
        # window positions i0..i0+width-1 of the m active runs (clamped inside each run)
        offs = np.minimum(i0 + np.arange(width)[None, :], lens[:m, None] - 1)
        block, fnd = _transitions(tg, ids, (pos0[:m, None] + offs).ravel())
        block = block.reshape(m, width, 4, 4, 4)
        fnd = fnd.reshape(m, width)
        for i in range(i0, i0 + width):
            mi = int(active[i])
            t = block[:mi, i - i0]
            f = fnd[:mi, i - i0]
            if i == 0:
                # pre score 0.0 + log_prob(BOS, BOS, (w, s)); unknown char: score kept
                v0 = np.where(f[:, None], 0.0 + t[:, 0, 0, :], 0.0)
            elif i == 1:
                # only one predecessor per state: (BOS, a)
                v = np.where(f[:, None, None], v0[:mi, :, None] + t[:, 0], v0[:mi, :, None])
            else:
                cand = v[:mi, :, :, None] + t  # [r, x, a, s]
                back = cand.argmax(axis=1)  # first maximum == snownlp's strict '>'
                new = cand.max(axis=1)
                if not f.all():
                    # snownlp overwrites instead of comparing: the last predecessor in
                    # its order, x = 's', wins with its score unchanged.
                    nf = ~f
                    new[nf] = v[:mi][nf][:, 3, :, None]
                    back[nf] = 3
                bp[step_off[i] : step_off[i] + mi] = back
                v = new
            lo = int(active[i + 1])
            if lo < mi:  # runs ending here: snownlp's max(now) over its dict order
                if i == 0:
                    fin_a[lo:mi] = v0[lo:mi].argmax(axis=1)
                else:
                    # dict order is current tag major, previous tag minor
                    flat = v[lo:mi].transpose(0, 2, 1).reshape(mi - lo, 16).argmax(axis=1)
                    fin_a[lo:mi], fin_x[lo:mi] = flat // 4, flat % 4
        i0 += width

    tags = np.empty(int(lens.sum()), dtype=np.int8)
    cur_x = np.zeros(n_runs, dtype=np.int64)
    cur_a = np.zeros(n_runs, dtype=np.int64)
    for i in range(longest - 1, -1, -1):
        mi, lo = int(active[i]), int(active[i + 1])
        cur_x[lo:mi], cur_a[lo:mi] = fin_x[lo:mi], fin_a[lo:mi]
        tags[tag_start[:mi] + i] = cur_a[:mi]
        if i >= 2:
            back = bp[step_off[i] : step_off[i] + mi]
            prev = back[np.arange(mi), cur_x[:mi], cur_a[:mi]]
            cur_a[:mi] = cur_x[:mi]
            cur_x[:mi] = prev
        elif i == 1:
            cur_a[:mi] = cur_x[:mi]
    flat_tags = tags.tolist()
    for r in range(n_runs):
        start = int(tag_start[r])
        sinks[r].extend(flat_tags[start : start + int(lens[r])])


def _words_from_tags(run: str, tags: list[int]) -> list[str]:
    """``snownlp.seg.seg.Seg.seg``: cut a tagged run into words."""
    words: list[str] = []
    tmp = ""
    for ch, t in zip(run, tags, strict=True):
        if t == 2:  # 'e'
            words.append(tmp + ch)
            tmp = ""
        elif t == 0 or t == 3:  # 'b' or 's'
            if tmp:
                words.append(tmp)
            tmp = ch
        else:  # 'm'
            tmp += ch
    if tmp:
        words.append(tmp)
    return words


def _pieces(text: str) -> list[tuple[bool, str]]:
    """The split done by ``snownlp.seg.seg`` before tagging: (is_run, piece) in order."""
    out: list[tuple[bool, str]] = []
    for s in HAN_RUN.split(text):
        s = s.strip()
        if not s:
            continue
        if HAN_RUN.match(s):
            out.append((True, s))
        else:
            for word in s.split():
                word = word.strip()
                if word:
                    out.append((False, word))
    return out


def segment_many(texts: Iterable[str]) -> list[list[str]]:
    """``[snownlp.seg.seg(t) for t in texts]``, tagging all distinct runs in one pass.

    Parameters
    ----------
    texts : iterable of str
        The texts.

    Returns
    -------
    list of list of str
        Per text its words, as snownlp cuts them (before stopword removal).
    """
    split = [_pieces(t) for t in texts]
    run_index: dict[str, int] = {}
    for pieces in split:
        for is_run, piece in pieces:
            if is_run:
                run_index.setdefault(piece, len(run_index))
    runs = list(run_index)
    run_words = [_words_from_tags(r, t) for r, t in zip(runs, _tag_runs(runs), strict=True)]
    out: list[list[str]] = []
    for pieces in split:
        words: list[str] = []
        for is_run, piece in pieces:
            if is_run:
                words += run_words[run_index[piece]]
            else:
                words.append(piece)
        out.append(words)
    return out


def segment(text: str) -> list[str]:
    """Words of ``text`` exactly as ``snownlp.seg.seg(text)`` (before stopword removal).

    Parameters
    ----------
    text : str
        One text (:func:`segment_many` is faster for many).

    Returns
    -------
    list of str
        Its words in order.
    """
    return segment_many([text])[0]


def _classify(cl: Classifier, words: list[str]) -> float:
    """``snownlp.sentiment.Sentiment.classify`` on already segmented words."""
    tmp = list(cl.prior)
    n = len(tmp)
    get, unseen, stop = cl.word_logs.get, cl.unseen_logs, cl.stopwords
    # Per class, the same left-to-right sum as Bayes.classify (filter_stop first).
    if n == 2:  # snownlp's model (neg, pos); unrolled because this loop is hot
        t0, t1 = tmp
        for word in words:
            if word not in stop:
                l0, l1 = get(word, unseen)
                t0 += l0
                t1 += l1
        tmp = [t0, t1]
    else:
        for word in words:
            if word not in stop:
                logs = get(word, unseen)
                for k in range(n):
                    tmp[k] += logs[k]
    ret: str | int = 0
    prob: float = 0
    for k in range(n):
        now: float = 0
        try:
            for other in range(n):
                now += math.exp(tmp[other] - tmp[k])
            now = 1 / now
        except OverflowError:
            now = 0
        if now > prob:
            ret, prob = cl.classes[k], now
    if ret == "pos":
        return prob
    return 1 - prob


def sentiments(texts: Iterable[str], model: Any = None) -> list[float]:
    """``[SnowNLP(t).sentiments for t in texts]``, bit-for-bit, much faster.

    All texts are segmented together (each distinct ideograph run is tagged once), so
    passing many texts per call is far faster than calling :func:`sentiment` in a loop.
    For ``""`` this returns ``snownlp.sentiment.classify("")``; ``SnowNLP("")`` itself
    raises ``ZeroDivisionError``.

    Parameters
    ----------
    texts : iterable of str
        The texts.
    model : SentimentModel, optional
        A retrained snownlp model file
        (:class:`~framing.scoring.sentiment_model.SentimentModel`); the values are then
        those of ``SnowNLP(t).sentiments`` with that model loaded
        (``snownlp.sentiment.load``). None: snownlp's shipped model.

    Returns
    -------
    list of float
        P(positive) of each text, in order.

    Raises
    ------
    TypeError
        A text is not a str.
    """
    texts = list(texts)
    for t in texts:
        if not isinstance(t, str):
            raise TypeError(f"expected str, got {type(t).__name__}")
    cl = _get_classifier(model)
    return [_classify(cl, words) for words in segment_many(texts)]


def classify_words(cl: Classifier, words: Sequence[str]) -> float:
    """The sentiment of already segmented words: stopwords dropped, then snownlp's Bayes.

    Parameters
    ----------
    cl : Classifier
        A classifier from :func:`classifier_from_model`.
    words : sequence of str
        The words of one text (:func:`segment`).

    Returns
    -------
    float
        P(positive), as snownlp's ``Sentiment.classify`` gives it.
    """
    return _classify(cl, list(words))


def sentiment(text: str, model: Any = None) -> float:
    """``SnowNLP(text).sentiments`` for one text.

    Parameters
    ----------
    text : str
        The text.
    model : SentimentModel, optional
        As for :func:`sentiments`.

    Returns
    -------
    float
        P(positive).
    """
    return sentiments([text], model)[0]
