"""``score(corpus, lexicons)``: frames, tone and sentiment for every sentence, with evidence.

>>> scored = score(corpus)                       # bundled lexicons
>>> scored.sentences[["doc_id", "sent_id", "frame_threat", "tone", "sentiment"]]
>>> scored.hits.query("layer == 'frame' and not negated")

Tables
------
``sentences``: the corpus sentence columns (doc_id, sent_id, outlet, outlet_id, outlet_type, text, start,
end, is_headline, n_chars, then the researcher's own columns of a table or manifest) plus
``tokens`` (jieba tokens joined by one space, punctuation and whitespace dropped), ``n_tokens``, ``position`` ((sent_id-1)/(n-1) in the article, 0
for a one-sentence article), ``sentiment`` (snownlp, 0..1), ``tone`` (signed lexicon
score: its tone words plus ``frame_tone``), ``n_tone_hits``, ``frame_tone`` (what the frames
the sentence carries add to its tone: each frame's ``tone`` in frames.toml, e.g. threat
-0.5, damped like tone words where the frame is only raised in a yes/no question), and per frame f: ``hits_<f>`` (counted cues), ``weight_<f>``
(their summed weight) and ``frame_<f>`` (weight >= threshold).

``documents``: every corpus document row, unchanged, plus for included ones ``n_tokens``,
``share_<f>`` (share of sentences with frame f), ``rate_<f>`` (counted cues of f per 1,000
tokens), ``dominant_frame`` (highest share; ties by rate, then codebook order; empty when
no frame), ``mean_sentiment`` and ``mean_tone``.

``hits``: one row per match: ``doc_id, sent_id, layer (frame/tone), label, term, start, end``
(offsets in the sentence text; a co-occurrence spans its first slot to its last),
``negated``, ``weight`` (lexicon weight), and the evidence columns ``score`` (what the match
adds: its weight times its factors for a counted frame cue, 0 when negated; the signed tone
contribution), ``modifier`` (the product of intensifiers and of the conceded-clause and
question factors), ``blocked_by`` (the negator, dismissal word or negated predicate),
``rule`` (``;``-joined tags: ``cooccur``, ``requires:<string>`` (the context that met a
``requires`` rule), ``question``, ``wh_question`` or ``rhetorical``, ``concessive``,
``dismissed``, ``post_negated``; see :mod:`framing.scoring.matching`) and ``token`` (the jieba token holding
the match; for a co-occurrence, the slot texts joined by …).

``coverage``: per lexicon term, how often its characters occur in the sentences and what
became of them (counted, negated, excluded by a rule, requirement unmet, straddling two
tokens, overlapped by a longer term); ``missed`` = occurrences that counted for nothing.
"""

from __future__ import annotations

import gc
import math
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from framing.corpus.model import SENTENCE_COLUMNS, Corpus
from framing.lexicon import Lexicons, default_lexicons
from framing.scoring.cache import SentenceCache, open_cache
from framing.scoring.fastsentiment import use_table_dir
from framing.scoring.matching import COVERAGE_OUTCOMES, MATCHING_RULE
from framing.scoring.sentiment import sentiment_method
from framing.scoring.sentiment_model import SentimentModel, as_sentiment_model
from framing.tokenize import USER_WORDS_RULE

__all__ = ["Scored", "score", "score_texts", "HIT_COLUMNS", "DEFAULT_CHUNK_SENTENCES"]

# Sentences per unit of work: large enough to batch the sentiment tagger, small enough to
# keep several chunks per worker for balance and bounded memory.
DEFAULT_CHUNK_SENTENCES = 2000

HIT_COLUMNS = [
    "doc_id",
    "sent_id",
    "layer",
    "label",
    "term",
    "start",
    "end",
    "negated",
    "weight",
    "score",
    "modifier",
    "blocked_by",
    "rule",
    "token",
]
@dataclass
class Scored:
    """Scored sentences and documents with the evidence for every score."""

    sentences: pd.DataFrame
    documents: pd.DataFrame
    hits: pd.DataFrame
    frame_ids: list[str]
    lexicons: Lexicons
    params: dict[str, Any] = field(default_factory=dict)
    coverage: pd.DataFrame = field(default_factory=pd.DataFrame)
    run: dict[str, Any] = field(default_factory=dict)
    """How the run went (engine, jobs, chunks, cache hits); not part of the results."""
    sources: pd.DataFrame | None = None
    """One row per speaker per article (see :func:`framing.scoring.sources.attribute_voices`);
    None when voices were not attributed."""

    def __repr__(self) -> str:
        n_docs = int(self.documents.get("n_tokens", pd.Series(dtype=float)).notna().sum())
        return (
            f"Scored({n_docs} documents scored, {len(self.sentences)} sentences, "
            f"{len(self.hits)} hits)"
        )


def _versions(tokenizer: str = "jieba") -> dict[str, str]:
    from importlib.metadata import PackageNotFoundError, version

    out = {}
    for pkg in ("jieba", "snownlp") if tokenizer == "jieba" else ("jieba", tokenizer, "snownlp"):
        try:
            out[pkg] = version(pkg)
        except PackageNotFoundError:  # pragma: no cover
            out[pkg] = "unknown"
    return out


def score(
    corpus: Corpus,
    lexicons: Lexicons | None = None,
    *,
    jobs: int = 1,
    cache: str | Path | SentenceCache | None = None,
    engine: str = "local",
    scheduler: Any = None,
    tokenizer: str = "jieba",
    chunk_size: int = DEFAULT_CHUNK_SENTENCES,
    voices: bool = True,
    sentiment_model: str | Path | SentimentModel | None = None,
    frame_model: Any = None,
) -> Scored:
    """Score every sentence of the included documents of ``corpus``.

    The result is deterministic: the same corpus and lexicons give identical tables, whatever the
    engine, the number of jobs or the state of the cache.

    Parameters
    ----------
    corpus:
        A :class:`framing.Corpus` (:func:`framing.read_corpus`); its included documents
        are scored.
    lexicons:
        The frame cues, tone words and modifiers (default: the bundled set).
    jobs:
        Worker processes for the per-sentence stage (``engine="local"``); 1 runs in this
        process. With ``engine="dask"``, the size of the temporary local cluster started
        when no scheduler is given.
    cache:
        A folder for the cache of what a lexicon edit cannot change (per article: tokens,
        sentiment, matches before weights, voices; see :mod:`framing.scoring.cache`), or
        None (default) for no cache: nothing is read or written. The tables are the same
        either way.
    engine:
        ``"local"`` (this machine) or ``"dask"`` (needs ``framing[dask]``).
    scheduler:
        With ``engine="dask"``: a scheduler address (``"tcp://host:8786"``) or a
        ``distributed.Client``; None uses the current client or starts a local cluster.
    tokenizer:
        ``"jieba"`` (the reference) or ``"rjieba"`` (jieba-rs, faster, opt-in: its tokens
        differ from jieba's on a few sentences; see :mod:`framing.tokenize`).
    chunk_size:
        Sentences per unit of work (whole documents, so a chunk may hold more).
    voices:
        Attribute each sentence to the journalist or a quoted source (columns ``voice,
        speaker_id, speaker, speaker_role, voice_evidence``; table ``Scored.sources``).
    sentiment_model:
        A snownlp sentiment model retrained on news tone (``framing sentiment train``; a
        path or a :class:`~framing.scoring.sentiment_model.SentimentModel`): ``sentiment``
        is then ``SnowNLP(text).sentiments`` with that model loaded, and the params (hence
        the manifest) name the model file and its SHA-256. None: snownlp's shipped model.
    frame_model:
        A trained frame model (``framing train``; a path or a
        :class:`~framing.scoring.frame_model.FrameModel`): the sentences then also carry its
        codes, ``model_<id>`` and ``model_prob_<id>``, beside the dictionary's ``frame_<id>``
        (:func:`~framing.scoring.frame_model.apply_frame_model`). None: the dictionary only.

    Returns
    -------
    Scored
        ``documents``, ``sentences`` (one row per sentence with ``frame_<id>``,
        ``hits_<id>``, ``tone``, ``sentiment`` and the voice columns), ``hits`` (one row per
        cue matched), ``frame_ids``, ``sources``, ``coverage``, ``lexicons`` and ``params``.
    """
    model = as_sentiment_model(sentiment_model)
    if frame_model is not None:  # a bad model file is reported before the long scoring
        from framing.scoring.frame_model import apply_frame_model, as_frame_model

        frame_model = as_frame_model(frame_model)
        frame_model.check_lexicons(lexicons if lexicons is not None else default_lexicons())
    with _gc_paused():
        scored = _score(corpus, lexicons, jobs, cache, engine, scheduler, tokenizer, chunk_size, voices, model)
    return scored if frame_model is None else apply_frame_model(scored, frame_model)


@contextmanager
def _gc_paused() -> Iterator[None]:
    """Python's cyclic garbage collector off for the call (and back as it was after).

    A run builds millions of small lists and tuples (JSON records, matches, rows) and makes
    no reference cycles; the collector's passes over them grow with the heap and cost about
    a fifth of a cached re-run of 4,000 articles."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def _score(
    corpus: Corpus,
    lexicons: Lexicons | None,
    jobs: int,
    cache: str | Path | SentenceCache | None,
    engine: str,
    scheduler: Any,
    tokenizer: str,
    chunk_size: int,
    voices: bool,
    sentiment_model: SentimentModel | None = None,
) -> Scored:
    from framing.scoring.engines import run_chunks
    from framing.scoring.weighting import frame_columns, hits_frame, weigh
    from framing.scoring.worklist import Worklist

    lex = lexicons if lexicons is not None else default_lexicons()
    frame_ids = lex.frame_ids
    docs = corpus.documents.copy()
    included = docs.loc[docs["status"] == "included", "doc_id"].tolist()
    sents_in = corpus.sentences
    sents_in = sents_in[sents_in["doc_id"].isin(set(included))].reset_index(drop=True)
    sents = sents_in[[c for c in SENTENCE_COLUMNS if c in sents_in.columns]].copy()
    # the researcher's own columns (docvars) ride along, right after the corpus columns
    docvars = sents_in[[c for c in sents_in.columns if c not in SENTENCE_COLUMNS]]
    sources_path = _sources_path(lex) if voices else None

    work = Worklist(sents, docs, voices)
    store = open_cache(cache)
    own_store = store is not None and not isinstance(cache, SentenceCache)
    n_chunks = 0
    # the sentiment model's tables are kept in the cache folder too (read back in a blink)
    tables_before = use_table_dir(store.directory / "models" if store is not None else None)
    try:
        if store is not None:
            work.lookup(store, lex, tokenizer, sources_path, sentiment_model)
        chunks = work.chunks(max(1, int(chunk_size)), store)
        for res in run_chunks(
            chunks, lex, tokenizer=tokenizer, jobs=jobs, engine=engine, scheduler=scheduler,
            sources_path=None if sources_path is None else str(sources_path),
            sentiment_model=sentiment_model,
        ):
            work.take(res, store)
            n_chunks += 1
    finally:
        run = {
            "engine": engine,
            "jobs": jobs,
            "tokenizer": tokenizer,
            "chunks": n_chunks,
            "cache_hits": dict(store.hits) if store is not None else {},
            "cache_misses": dict(store.misses) if store is not None else {},
        }
        if store is not None and store.rebuilt:
            run["cache_rebuilt"] = f"the cache file was damaged ({store.rebuilt}) and started afresh"
        if own_store and store is not None:
            store.close()
        use_table_dir(tables_before)

    # weights, threshold and tone arithmetic: applied on every run, to fresh or cached matches
    columns, hit_cols, stats = weigh(work.analyses, lex)
    n_in_doc = sents.groupby("doc_id")["sent_id"].transform("count")
    rank = sents["sent_id"].astype(float)
    position = np.where(n_in_doc > 1, (rank - 1) / (n_in_doc - 1).clip(lower=1), 0.0)
    columns["position"] = position.astype(float)
    order = ["tokens", "n_tokens", "position", "sentiment", "tone", "n_tone_hits", "frame_tone"]
    order += frame_columns(frame_ids)
    extra = pd.DataFrame({c: columns[c] for c in order}, index=sents.index)
    sentences = pd.concat([sents, docvars, extra], axis=1)
    hits = hits_frame(hit_cols, work.doc_ids, work.sent_ids)[HIT_COLUMNS]

    sources = None
    if voices:
        from framing.scoring.sources import assemble_voices

        voice_cols, sources = assemble_voices(sentences, work.voice_records())
        sentences = sentences.join(voice_cols)
    documents = _documents(docs, sentences, frame_ids)
    coverage = _coverage(lex, stats)
    tokenizer_note = (
        "jieba private Tokenizer, HMM on, lexicon terms as user words "
        if tokenizer == "jieba"
        else "rjieba (jieba-rs) Jieba, HMM on, lexicon terms as user words "
    )
    params = {
        "lexicon_version": lex.version,
        "lexicon_versions": dict(lex.versions),
        "lexicon_files": {k: Path(v).name for k, v in lex.paths.items()},  # names: no machine paths
        "lexicon_sha256": dict(lex.sha256),
        "lexicon_fingerprint": lex.fingerprint,
        "frame_ids": list(frame_ids),
        "frame_threshold": lex.threshold,
        "matching_rule": MATCHING_RULE,
        "negation_scope_tokens": lex.modifiers.negation_scope,
        "tone_negation_factor": lex.modifiers.tone_negation_factor,
        "tone_before_adversative": lex.modifiers.tone_before,
        "concessive_frame_factor": lex.modifiers.concessive_frame,
        "question_frame_factor": lex.modifiers.question_frame_factor,
        "question_tone_factor": lex.modifiers.question_tone_factor,
        "intensifier_scope_tokens": lex.modifiers.intensifier_scope,
        "tokenizer": tokenizer_note + f"({len(lex.user_words())})",
        "user_words_rule": USER_WORDS_RULE if tokenizer == "jieba" else "jieba-rs add_word",
        "sentiment": sentiment_method(sentiment_model),
        "versions": _versions(tokenizer),
    }
    if sentiment_model is not None:  # absent for the shipped model: its runs stay as they were
        params["sentiment_model"] = sentiment_model.describe()
    if voices:
        from framing.scoring.sources import load_source_lexicon

        params["sources_lexicon_version"] = load_source_lexicon(sources_path).version
    return Scored(sentences, documents, hits, list(frame_ids), lex, params, coverage, run, sources)


def _sources_path(lex: Lexicons) -> Path | None:
    """A researcher's lexicon folder may hold its own sources.toml (None: the bundled one)."""
    from framing.paths import lexicon_file

    named = lex.paths.get("sources")  # set by load_lexicons: the folder's own or the bundled
    if named:
        return None if Path(named) == lexicon_file("sources.toml") else Path(named)
    frames = lex.paths.get("frames")
    own = Path(frames).parent / "sources.toml" if frames else None
    return own if own is not None and own.is_file() else None


def _documents(docs: pd.DataFrame, sentences: pd.DataFrame, frame_ids: list[str]) -> pd.DataFrame:
    g = sentences.groupby("doc_id", sort=False)
    agg = pd.DataFrame({"n_tokens": g["n_tokens"].sum()})
    for f in frame_ids:
        agg[f"share_{f}"] = g[f"frame_{f}"].mean().astype(float)
    for f in frame_ids:
        agg[f"rate_{f}"] = g[f"hits_{f}"].sum() / agg["n_tokens"].where(agg["n_tokens"] > 0) * 1000
    agg["mean_sentiment"] = g["sentiment"].mean()
    agg["mean_tone"] = g["tone"].mean()

    def dominant(r: pd.Series) -> str:
        best, key = "", (0.0, 0.0)
        for f in frame_ids:
            share = r[f"share_{f}"]
            rate = r[f"rate_{f}"]
            k = (float(share), 0.0 if rate is None or math.isnan(rate) else float(rate))
            if k > key:
                best, key = f, k
        return best

    agg["dominant_frame"] = agg.apply(dominant, axis=1) if len(agg) else pd.Series(dtype=str)
    cols = (
        ["n_tokens"]
        + [f"share_{f}" for f in frame_ids]
        + [f"rate_{f}" for f in frame_ids]
        + ["dominant_frame", "mean_sentiment", "mean_tone"]
    )
    agg = agg[cols]
    out = docs.drop(columns=[c for c in cols if c in docs.columns]).merge(
        agg, how="left", left_on="doc_id", right_index=True
    )
    included = out["status"] == "included"
    # included documents without sentences: zero counts rather than missing values
    for c in ["n_tokens"] + [f"share_{f}" for f in frame_ids] + [f"rate_{f}" for f in frame_ids]:
        out.loc[included & out[c].isna(), c] = 0.0
    out.loc[included & out["dominant_frame"].isna(), "dominant_frame"] = ""
    out["n_tokens"] = out["n_tokens"].astype("Int64")
    return out


def _coverage(lex: Lexicons, stats: Counter) -> pd.DataFrame:
    rows = []
    for t in lex.terms:
        r: dict[str, Any] = {"layer": t.layer, "label": t.label, "term": t.term}
        for k in COVERAGE_OUTCOMES:
            r[k] = int(stats.get((t.layer, t.label, t.term, k), 0))
        rows.append(r)
    cov = pd.DataFrame(rows, columns=["layer", "label", "term"] + COVERAGE_OUTCOMES)
    cov["missed"] = cov["occurrences"] - cov["counted"] - cov["negated"]
    cov["coverage"] = (cov["counted"] + cov["negated"]) / cov["occurrences"].where(
        cov["occurrences"] > 0
    )
    return cov


def score_texts(
    texts: list[str],
    lexicons: Lexicons | None = None,
    sentiment_model: str | Path | SentimentModel | None = None,
) -> Scored:
    """Score loose sentences (each its own one-sentence document ``t1``, ``t2`` ...), e.g.
    to validate the lexicons against hand-coded sentences.

    Parameters
    ----------
    texts : list of str
        The sentences.
    lexicons : Lexicons, optional
        Default: the bundled set.
    sentiment_model : str, Path or SentimentModel, optional
        As in :func:`score`.

    Returns
    -------
    Scored
        One document and one sentence per text.
    """
    from framing.corpus.model import DOCUMENT_COLUMNS

    ids = [f"t{i + 1}" for i in range(len(texts))]
    docs = pd.DataFrame({c: [""] * len(texts) for c in DOCUMENT_COLUMNS})
    docs["doc_id"] = ids
    docs["status"] = "included"
    docs["text"] = list(texts)
    docs["n_chars"] = [len(t) for t in texts]
    docs["n_sentences"] = 1
    sents = pd.DataFrame(
        {
            "doc_id": ids,
            "sent_id": 1,
            "outlet": "",
            "outlet_id": "",
            "text": list(texts),
            "start": 0,
            "end": [len(t) for t in texts],
            "is_headline": False,
            "n_chars": [len(t) for t in texts],
        }
    )
    return score(Corpus(documents=docs, sentences=sents), lexicons, sentiment_model=sentiment_model)
