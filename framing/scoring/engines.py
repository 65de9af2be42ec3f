"""Running the per-sentence stage: serially, on local worker processes, or on Dask.

The work of :func:`framing.scoring.pipeline.score` that grows with the corpus --
tokenizing, sentiment, frame and tone matching -- is done by :func:`score_chunk` on a
:class:`Chunk` (the sentences of whole documents, in corpus order). The function is pure:
the same chunk and lexicons give the same :class:`ChunkResult` in any process, so the
three engines below give identical tables; the caller reassembles results in chunk order.

* ``serial``  -- in this process (``jobs=1``);
* ``local``   -- ``jobs`` worker processes (:class:`concurrent.futures.ProcessPoolExecutor`);
  each worker loads jieba's dictionary and the sentiment model once, in its initializer.
  Workers are forked from this process when that is safe (Linux, no other thread
  running: they inherit the loaded models), otherwise spawned;
* ``dask``    -- tasks on a Dask cluster (``pip install 'framing[dask]'``): a scheduler
  address, a ``distributed.Client``, or, with none given, the current client or a
  temporary local cluster. Every worker needs framing installed; the lexicons are sent
  once per worker; the models load on each worker's first task.

At most a few chunks per worker are in flight at once, so memory stays bounded by the
chunks in flight plus the results gathered so far.
"""

from __future__ import annotations

import math
import multiprocessing as mp
import os
import sys
import threading
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from typing import Any

from framing.lexicon import Lexicons
from framing.scoring.frames import frame_scores
from framing.scoring.tone import tone_contribution, tone_score
from framing.tokenize import Token, is_punct

__all__ = [
    "ENGINES",
    "TOKENIZERS",
    "Chunk",
    "ChunkResult",
    "score_chunk",
    "run_chunks",
    "warm",
]

ENGINES = ("local", "dask")
TOKENIZERS = ("jieba", "rjieba")
IN_FLIGHT_PER_WORKER = 2


@dataclass
class Chunk:
    """Sentences of whole documents, in corpus order, with what the cache already knows.

    ``tokens[i]`` are the token lengths of ``texts[i]`` (they tile the text) or ``None``;
    ``sentiments[i]`` its sentiment or ``None``. ``collect`` asks for the newly computed
    tokens and sentiments back (to fill the cache).
    """

    index: int
    texts: list[str]
    tokens: list[list[int] | None] = field(default_factory=list)
    sentiments: list[float | None] = field(default_factory=list)
    collect: bool = False


@dataclass
class ChunkResult:
    """Per-sentence rows and hits of one chunk.

    ``rows[i]`` holds ``tokens, n_tokens, tone, n_tone_hits`` then ``hits_<f>, weight_<f>,
    frame_<f>`` per frame; ``hits`` rows start with the sentence's index in the chunk,
    followed by the hit columns after ``doc_id, sent_id``. ``stats`` are the matcher's
    coverage counts. ``new_tokens`` / ``new_sentiments`` (index, value) when collected.
    """

    index: int
    rows: list[tuple]
    sentiments: list[float]
    hits: list[tuple]
    stats: Counter
    new_tokens: list[tuple[int, list[int]]] = field(default_factory=list)
    new_sentiments: list[tuple[int, float]] = field(default_factory=list)


def _tokens_from_lengths(text: str, lengths: list[int]) -> list[Token]:
    out = []
    start = 0
    for n in lengths:
        out.append(Token(text[start : start + n], start, start + n))
        start += n
    return out


def _tokenizer(lexicons: Lexicons, tokenizer: str) -> Any:
    from framing.tokenize import get_tokenizer

    return get_tokenizer(lexicons, kind=tokenizer)


def score_chunk(chunk: Chunk, lexicons: Lexicons, tokenizer: str = "jieba") -> ChunkResult:
    """Tokens, sentiment, frame and tone matches of every sentence of ``chunk``."""
    from framing.scoring.matching import get_matcher
    from framing.scoring.sentiment import snownlp_sentiments

    matcher = get_matcher(lexicons)
    tok = _tokenizer(lexicons, tokenizer)
    frame_ids = lexicons.frame_ids
    modifiers = lexicons.modifiers
    threshold = lexicons.threshold
    texts = chunk.texts
    known_tokens = chunk.tokens or [None] * len(texts)
    known_sent = chunk.sentiments or [None] * len(texts)

    # sentiment: only for the texts the cache did not know, in one batch
    todo = [i for i, v in enumerate(known_sent) if v is None]
    computed = snownlp_sentiments([texts[i] for i in todo]) if todo else []
    sentiments = [math.nan if v is None else float(v) for v in known_sent]
    for i, v in zip(todo, computed, strict=True):
        sentiments[i] = v

    stats: Counter = Counter()
    rows: list[tuple] = []
    hits: list[tuple] = []
    new_tokens: list[tuple[int, list[int]]] = []
    punct: dict[str, bool] = {}  # is_punct per distinct token of the chunk
    for i, text in enumerate(texts):
        lengths = known_tokens[i]
        if lengths is None:
            tokens = tok.tokenize(text)
            if chunk.collect and text:
                new_tokens.append((i, [t.end - t.start for t in tokens]))
        else:
            tokens = _tokens_from_lengths(text, lengths)
        sm = matcher.match(text, stats, tokens)
        words = []
        for t in sm.tokens:
            p = punct.get(t.text)
            if p is None:
                p = punct[t.text] = is_punct(t.text)
            if not p:
                words.append(t.text)
        fs = frame_scores(sm.matches, frame_ids, threshold)
        rows.append(
            (
                " ".join(words),
                len(words),
                tone_score(sm.matches, modifiers),
                sum(1 for m in sm.matches if m.term.layer == "tone"),
                *fs.values(),
            )
        )
        for m in sm.matches:
            if m.term.layer == "tone":
                contribution = tone_contribution(m, modifiers)
            else:
                contribution = 0.0 if m.negated else m.term.weight
            hits.append(
                (
                    i,
                    m.term.layer,
                    m.term.label,
                    m.term.term,
                    m.start,
                    m.end,
                    m.negated,
                    m.term.weight,
                    contribution,
                    round(m.modifier * m.contrast, 6),
                    m.blocked_by,
                    m.rule,
                    m.token,
                )
            )
    new_sent = [(i, sentiments[i]) for i in todo] if chunk.collect else []
    return ChunkResult(chunk.index, rows, sentiments, hits, stats, new_tokens, new_sent)


# ---- worker set-up -----------------------------------------------------------------------


def warm(lexicons: Lexicons, tokenizer: str = "jieba") -> None:
    """Load everything :func:`score_chunk` needs (tokenizer, matcher, sentiment model)."""
    from framing.scoring import fastsentiment
    from framing.scoring.matching import get_matcher

    get_matcher(lexicons)
    _tokenizer(lexicons, tokenizer)
    fastsentiment._get_tagger()
    fastsentiment._get_classifier()


_worker_lexicons: Lexicons | None = None
_worker_tokenizer = "jieba"


def _init_worker(lexicons: Lexicons, tokenizer: str) -> None:
    """Process-pool initializer: keep the lexicons and load the models once per worker."""
    global _worker_lexicons, _worker_tokenizer
    _worker_lexicons, _worker_tokenizer = lexicons, tokenizer
    warm(lexicons, tokenizer)


def _worker_score(chunk: Chunk) -> ChunkResult:
    assert _worker_lexicons is not None, "worker not initialized"
    return score_chunk(chunk, _worker_lexicons, _worker_tokenizer)


def _context() -> mp.context.BaseContext:
    """fork where it is safe and cheap (Linux, single-threaded), spawn otherwise."""
    methods = mp.get_all_start_methods()
    if sys.platform.startswith("linux") and "fork" in methods and threading.active_count() == 1:
        return mp.get_context("fork")
    return mp.get_context("spawn")


# ---- engines -----------------------------------------------------------------------------


def _ordered(
    chunks: Iterable[Chunk], submit: Callable[[Chunk], Any], result: Callable[[Any], Any], window: int
) -> Iterator[ChunkResult]:
    """Submit chunks with at most ``window`` in flight, yield results in chunk order."""
    pending: deque = deque()
    for chunk in chunks:
        pending.append(submit(chunk))
        if len(pending) >= window:
            yield result(pending.popleft())
    while pending:
        yield result(pending.popleft())


def run_chunks(
    chunks: Iterable[Chunk],
    lexicons: Lexicons,
    *,
    tokenizer: str = "jieba",
    jobs: int = 1,
    engine: str = "local",
    scheduler: Any = None,
) -> Iterator[ChunkResult]:
    """Score ``chunks`` with the chosen engine; results come back in chunk order."""
    if engine not in ENGINES:
        raise ValueError(f"engine must be one of {', '.join(ENGINES)}, not {engine!r}")
    if tokenizer not in TOKENIZERS:
        raise ValueError(f"tokenizer must be one of {', '.join(TOKENIZERS)}, not {tokenizer!r}")
    if engine == "dask":
        yield from _run_dask(chunks, lexicons, tokenizer, jobs, scheduler)
        return
    if scheduler is not None:
        raise ValueError("a scheduler address needs engine='dask'")
    if jobs < 1:
        raise ValueError(f"jobs must be at least 1, not {jobs}")
    if jobs == 1:
        for chunk in chunks:
            yield score_chunk(chunk, lexicons, tokenizer)
        return
    ctx = _context()
    if ctx.get_start_method() == "fork":
        warm(lexicons, tokenizer)  # forked workers inherit the loaded models
    with ProcessPoolExecutor(
        max_workers=jobs,
        mp_context=ctx,
        initializer=_init_worker,
        initargs=(lexicons, tokenizer),
    ) as pool:
        yield from _ordered(
            chunks,
            lambda c: pool.submit(_worker_score, c),
            lambda f: f.result(),
            jobs * IN_FLIGHT_PER_WORKER,
        )


def _run_dask(
    chunks: Iterable[Chunk], lexicons: Lexicons, tokenizer: str, jobs: int, scheduler: Any
) -> Iterator[ChunkResult]:
    try:
        from distributed import Client, LocalCluster
    except ImportError:  # pragma: no cover - depends on the environment
        raise ImportError(
            "engine='dask' needs dask.distributed; install it with: pip install 'framing[dask]'"
        ) from None

    own: list[Any] = []  # what this call created and must close
    if isinstance(scheduler, Client):
        client = scheduler
    elif scheduler is not None:
        client = Client(scheduler)
        own.append(client)
    else:
        try:
            from distributed import default_client

            client = default_client()
        except ValueError:
            cluster = LocalCluster(
                n_workers=max(1, jobs if jobs > 1 else (os.cpu_count() or 1)),
                threads_per_worker=1,
                processes=True,
                dashboard_address=None,
            )
            client = Client(cluster)
            own += [client, cluster]
    try:
        n_workers = max(1, len(client.scheduler_info().get("workers", {})))
        lex_future = client.scatter(lexicons, broadcast=True, hash=False)

        def submit(chunk: Chunk) -> Future:
            return client.submit(score_chunk, chunk, lex_future, tokenizer, pure=False)

        yield from _ordered(
            chunks, submit, lambda f: f.result(), n_workers * IN_FLIGHT_PER_WORKER
        )
    finally:
        for obj in own:
            obj.close()


# --------------------------------------------------------------------------- voices
def _voices_part(args: tuple[Any, Any, Any]) -> tuple[Any, Any]:
    from framing.scoring.sources import attribute_voices

    sentences, documents, lexicon_path = args
    return attribute_voices(sentences, documents, lexicon_path=lexicon_path)


def run_voices(sentences: Any, documents: Any, lexicon_path: Any = None, jobs: int = 1) -> tuple[Any, Any]:
    """:func:`framing.scoring.sources.attribute_voices` over groups of whole documents,
    on ``jobs`` local processes; identical to one call, since articles are attributed
    independently and the parts are put back in the same order."""
    import pandas as pd

    from framing.scoring.sources import attribute_voices

    doc_ids = list(dict.fromkeys(sentences["doc_id"]))
    if jobs <= 1 or len(doc_ids) < 2 * jobs:
        return attribute_voices(sentences, documents, lexicon_path=lexicon_path)
    n_parts = min(len(doc_ids), 4 * jobs)
    groups = [doc_ids[k::n_parts] for k in range(n_parts)]  # interleaved: balanced sizes
    parts = []
    for group in groups:
        keep = set(group)
        docs = documents[documents["doc_id"].isin(keep)] if documents is not None else None
        parts.append((sentences[sentences["doc_id"].isin(keep)], docs, lexicon_path))
    with ProcessPoolExecutor(max_workers=jobs, mp_context=_context()) as pool:
        results = list(pool.map(_voices_part, parts))
    voices = pd.concat([r[0] for r in results]).loc[sentences.index]
    sources = pd.concat([r[1] for r in results], ignore_index=True)
    # one call lists articles sorted by doc_id, each article's rows in its own order
    sources = sources.sort_values("doc_id", kind="stable")
    return voices, sources.reset_index(drop=True)
