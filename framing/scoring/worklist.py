"""The articles of a scoring run, what the cache already knows of them, and chunks of the rest.

:func:`framing.scoring.pipeline.score` hands its sentences to a :class:`Worklist`. With a
cache, :meth:`Worklist.lookup` fetches every article's analysis and voices the cache holds
(keys: :mod:`framing.scoring.keys`); :meth:`Worklist.chunks` packs the articles still
missing into :class:`~framing.scoring.engines.Chunk` s of about ``size`` sentences, with the
tokens and sentiments the cache knows for their sentences, fetched chunk by chunk as the
engine asks for them; :meth:`Worklist.take` files each result (and stores it in the cache).
Articles are the runs of consecutive sentences of one document, in corpus order.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pandas as pd

from framing.lexicon import Lexicons
from framing.scoring.cache import SentenceCache
from framing.scoring.engines import Chunk, ChunkResult
from framing.scoring.matching import COVERAGE_OUTCOMES
from framing.scoring.weighting import MATCH_FIELDS

__all__ = ["Worklist", "article_runs"]

RECORD_KEYS = {"w", "n", "e", "t", "m", "c"}  # of an analysis record (framing.scoring.weighting)


def article_runs(doc_ids: list) -> list[tuple[int, int]]:
    """The articles of a sentence table: runs of consecutive sentences of one document.

    Parameters
    ----------
    doc_ids : list
        The ``doc_id`` of each sentence, in corpus order.

    Returns
    -------
    list of (int, int)
        Half-open ``(start, end)`` ranges of positions, in order; a document whose sentences
        are not consecutive gives one run per stretch.
    """
    runs: list[tuple[int, int]] = []
    start = 0
    for i in range(1, len(doc_ids) + 1):
        if i == len(doc_ids) or doc_ids[i] != doc_ids[start]:
            runs.append((start, i))
            start = i
    return runs


def _valid(rec: Any, n: int) -> bool:
    """An analysis record of ``n`` sentences, as far as a cheap look can tell."""
    return (
        isinstance(rec, dict)
        and RECORD_KEYS <= rec.keys()
        and len(rec["w"]) == len(rec["n"]) == len(rec["e"]) == n
        and len(rec["m"]) == len(MATCH_FIELDS)
        and len(rec["c"]) == 1 + len(COVERAGE_OUTCOMES)
        and len({len(c) for c in rec["m"]}) == 1
        and len({len(c) for c in rec["c"]}) == 1
    )


class Worklist:
    """The articles of one scoring run (see the module docstring).

    Parameters
    ----------
    sents : pandas.DataFrame
        The corpus sentences in order: at least ``doc_id``, ``sent_id`` and ``text``; the
        offsets ``start``, ``end`` and ``is_headline`` are used for voices when present.
    docs : pandas.DataFrame
        The documents (``doc_id``, ``text``): the article texts voices are attributed in.
    voices : bool
        Attribute voices (once per document, at its first run).
    """

    def __init__(self, sents: pd.DataFrame, docs: pd.DataFrame, voices: bool = True) -> None:
        n = len(sents)
        self.texts = [t if isinstance(t, str) else "" for t in sents["text"].tolist()]
        self.doc_ids = sents["doc_id"].tolist()
        self.sent_ids = [int(v) for v in sents["sent_id"].tolist()]
        self.runs = article_runs(self.doc_ids)
        self.analyses: list[Any] = [None] * len(self.runs)
        self._starts = sents["start"].tolist() if "start" in sents else [None] * n
        self._ends = sents["end"].tolist() if "end" in sents else [None] * n
        self._heads = sents["is_headline"].tolist() if "is_headline" in sents else [False] * n
        self._doc_text = {
            str(d): t for d, t in zip(docs["doc_id"], docs["text"], strict=True) if isinstance(t, str)
        }
        # voices are attributed per document over all its sentences (by sent_id), once: at
        # the first run of the document
        self.voice_docs: list[str] = []
        self._positions: dict[str, list[int]] = {}
        self._voice_at_run: dict[int, int] = {}
        if voices:
            for r, (a, _) in enumerate(self.runs):
                d = str(self.doc_ids[a])
                if d not in self._positions:
                    self._voice_at_run[r] = len(self.voice_docs)
                    self.voice_docs.append(d)
                    self._positions[d] = []
            for p, d in enumerate(self.doc_ids):
                self._positions[str(d)].append(p)
            for ps in self._positions.values():
                ps.sort(key=lambda p: self.sent_ids[p])
        self.voices: list[Any] = [None] * len(self.voice_docs)
        self._keys: Any = None
        self._pending: dict[int, tuple[list[int], list[int], list[bytes]]] = {}

    # ---- the cache ---------------------------------------------------------------------

    def voice_args(self, v: int) -> tuple[list[tuple], str | None]:
        """The arguments of :func:`framing.scoring.sources.article_voices` for one document.

        Parameters
        ----------
        v : int
            The document's index in ``voice_docs``.

        Returns
        -------
        tuple
            ``(rows, text)``: its sentences as voice rows ordered by ``sent_id``, and its text
            (None when the documents table has none).
        """
        from framing.scoring.sources import voice_row

        d = self.voice_docs[v]
        rows = [
            voice_row(self.sent_ids[p], self.texts[p], self._starts[p], self._ends[p], self._heads[p])
            for p in self._positions[d]
        ]
        return rows, self._doc_text.get(d)

    def lookup(
        self,
        store: SentenceCache,
        lex: Lexicons,
        tokenizer: str,
        sources_path: Path | None,
        sentiment_model: Any = None,
    ) -> None:
        """Fetch every article's analysis and voices that ``store`` holds.

        Registers the namespaces of the run's settings in the cache and keeps the keys for
        :meth:`chunks` and :meth:`take`; articles the cache does not hold stay None.

        Parameters
        ----------
        store : SentenceCache
            The cache.
        lex : Lexicons
            The lexicon set of the run.
        tokenizer : str
            ``"jieba"`` or ``"rjieba"``.
        sources_path : Path or None
            The sources lexicon file (None: the bundled one).
        sentiment_model : SentimentModel, optional
            A retrained sentiment model (None: the shipped one).
        """
        from framing.scoring.cache import (
            analysis_description,
            sentiment_description,
            token_description,
            voice_description,
        )
        from framing.scoring.keys import CacheKeys, namespace

        descriptions = {
            "tokens": token_description(lex.user_words(), tokenizer),
            "sentiment": sentiment_description(sentiment_model),
            "analyses": analysis_description(lex, tokenizer, sentiment_model),
        }
        if self.voice_docs:
            descriptions["voices"] = voice_description(sources_path)
        ns = {k: namespace(v) for k, v in descriptions.items()}
        for k, v in descriptions.items():
            store.register(ns[k], v)
        self._sent_ns = ns["sentiment"]
        self._keys = keys = CacheKeys(lex, ns["tokens"], ns["analyses"], ns.get("voices", ""))
        self._analysis_keys = keys.analysis_keys([self.texts[a:b] for a, b in self.runs], store)
        sizes = [b - a for a, b in self.runs]
        self.analyses = store.get_records(
            "analyses", self._analysis_keys, lambda r, rec: _valid(rec, sizes[r])
        )
        self._voice_keys = [keys.voice_key(*self.voice_args(v)) for v in range(len(self.voice_docs))]
        if self.voice_docs:
            self.voices = store.get_records(
                "voices", self._voice_keys, lambda _, rec: isinstance(rec, dict) and {"v", "s"} <= rec.keys()
            )

    # ---- chunks ------------------------------------------------------------------------

    def chunks(self, size: int, store: SentenceCache | None = None) -> Iterator[Chunk]:
        """Chunks holding the articles still missing an analysis or voices.

        Parameters
        ----------
        size : int
            About how many sentences a chunk holds (a chunk is closed at the first article
            that reaches it; articles are never split).
        store : SentenceCache, optional
            With a cache (after :meth:`lookup`), each chunk carries the tokens and sentiments
            it knows for its sentences and asks for new ones back.

        Yields
        ------
        Chunk
            Numbered from 0, in corpus order.
        """
        todo_runs: list[int] = []
        todo_voices: list[int] = []
        n = 0
        index = 0
        for r, (a, b) in enumerate(self.runs):
            v = self._voice_at_run.get(r)
            need_voice = v is not None and self.voices[v] is None
            if self.analyses[r] is None:
                todo_runs.append(r)
            if need_voice:
                todo_voices.append(v)
            if self.analyses[r] is None or need_voice:
                n += b - a
            if n >= size:
                yield self._chunk(index, todo_runs, todo_voices, store)
                index, n, todo_runs, todo_voices = index + 1, 0, [], []
        if todo_runs or todo_voices:
            yield self._chunk(index, todo_runs, todo_voices, store)

    def _chunk(
        self, index: int, runs: list[int], voices: list[int], store: SentenceCache | None
    ) -> Chunk:
        texts: list[str] = []
        sizes: list[int] = []
        for r in runs:
            a, b = self.runs[r]
            texts += self.texts[a:b]
            sizes.append(b - a)
        token_keys: list[bytes] = []
        chunk = Chunk(index, texts, sizes, voices=[self.voice_args(v) for v in voices])
        if store is not None and self._keys is not None:
            token_keys = self._keys.token_keys(texts)
            chunk.tokens = store.get_tokens(token_keys, texts)
            chunk.sentiments = store.get_sentiments(self._sent_ns, texts)
            chunk.collect = True
        self._pending[index] = (runs, voices, token_keys)
        return chunk

    def take(self, res: ChunkResult, store: SentenceCache | None = None) -> None:
        """File the result of a chunk (and store what is new in ``store``).

        Parameters
        ----------
        res : ChunkResult
            The result of a chunk from :meth:`chunks`.
        store : SentenceCache, optional
            Where the new tokens, sentiments, analyses and voices are stored.
        """
        runs, voices, token_keys = self._pending.pop(res.index)
        for r, rec in zip(runs, res.analyses, strict=True):
            self.analyses[r] = rec
        for v, rec in zip(voices, res.voices, strict=True):
            self.voices[v] = rec
        if store is None or self._keys is None:
            return
        texts = [t for r in runs for t in self.texts[slice(*self.runs[r])]]
        store.put_tokens((token_keys[i], n) for i, n in res.new_tokens)
        store.put_sentiments(self._sent_ns, ((texts[i], v) for i, v in res.new_sentiments))
        store.put_records("analyses", ((self._analysis_keys[r], rec) for r, rec in zip(runs, res.analyses, strict=True)))
        store.put_records("voices", ((self._voice_keys[v], rec) for v, rec in zip(voices, res.voices, strict=True)))

    def voice_records(self) -> dict[str, dict[str, list]]:
        """The voices record of every document, by doc_id.

        Returns
        -------
        dict
            ``doc_id`` -> its record (:func:`framing.scoring.sources.article_voices`), for the
            documents voices were attributed for.
        """
        return dict(zip(self.voice_docs, self.voices, strict=True))
