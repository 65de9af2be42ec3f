"""Running the per-sentence stage: serially, on local worker processes, or on Dask.

The work of :func:`framing.scoring.pipeline.score` that grows with the corpus --
tokenizing, sentiment, frame and tone matching, voice attribution -- is done by
:func:`score_chunk` on a :class:`Chunk` (whole articles, in corpus order: the ones the
cache could not serve). The function is pure:
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

import itertools
import math
import os
from collections import Counter
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from typing import Any

from framing.corpus.pool import in_order
from framing.corpus.pool import process_context as _context  # looked up per run: tests swap it
from framing.lexicon import Lexicons
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
    """A unit of work: articles to analyse and articles to attribute voices for.

    ``texts`` are the sentences of the articles to analyse, in order, ``sizes`` their
    number of sentences per article; ``tokens[i]`` are the token lengths of ``texts[i]``
    already known (they tile the text) or ``None``, ``sentiments[i]`` its known sentiment
    or ``None``. ``voices`` are the ``(rows, text)`` arguments of
    :func:`framing.scoring.sources.article_voices` for the articles that need voices.
    ``collect`` asks for the newly computed tokens and sentiments back (to fill the cache).
    """

    index: int
    texts: list[str]
    sizes: list[int] = field(default_factory=list)
    tokens: list[list[int] | None] = field(default_factory=list)
    sentiments: list[float | None] = field(default_factory=list)
    voices: list[tuple[list[tuple], str | None]] = field(default_factory=list)
    collect: bool = False


@dataclass
class ChunkResult:
    """Analyses and voices of one chunk.

    ``analyses`` has one article record per entry of ``Chunk.sizes`` (see
    :func:`analyse_article`), ``voices`` one :func:`~framing.scoring.sources.article_voices`
    record per entry of ``Chunk.voices``. ``new_tokens`` / ``new_sentiments`` are
    ``(index in texts, value)`` pairs, when collected.
    """

    index: int
    analyses: list[dict[str, list]]
    voices: list[dict[str, list]] = field(default_factory=list)
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


def score_chunk(
    chunk: Chunk,
    lexicons: Lexicons,
    tokenizer: str = "jieba",
    sources_path: str | None = None,
    sentiment_model: Any = None,
) -> ChunkResult:
    """Analyses (tokens, sentiment, matches) and voices of the articles of ``chunk``.

    The analysis of an article is a JSON-able record (words, sentiment and matches of each
    sentence, coverage counts; see :mod:`framing.scoring.weighting`); nothing in it depends
    on weights or the threshold.

    Parameters
    ----------
    chunk : Chunk
        Whole articles' sentences.
    lexicons : Lexicons
        The set to match.
    tokenizer : str
        ``"jieba"`` or ``"rjieba"``.
    sources_path : str, optional
        The speaker lexicon (``sources.toml``) to attribute voices with.
    sentiment_model : SentimentModel, optional
        A retrained snownlp model instead of the shipped one.

    Returns
    -------
    ChunkResult
    """
    from framing.scoring.matching import get_matcher
    from framing.scoring.sentiment import snownlp_sentiments

    texts = chunk.texts
    known_tokens = chunk.tokens or [None] * len(texts)
    known_sent = chunk.sentiments or [None] * len(texts)

    # sentiment: only for the texts the cache did not know, in one batch
    todo = [i for i, v in enumerate(known_sent) if v is None]
    computed = snownlp_sentiments([texts[i] for i in todo], model=sentiment_model) if todo else []
    sentiments = [math.nan if v is None else float(v) for v in known_sent]
    for i, v in zip(todo, computed, strict=True):
        sentiments[i] = v

    analyses: list[dict[str, list]] = []
    new_tokens: list[tuple[int, list[int]]] = []
    if texts:
        from framing.scoring.weighting import ArticleRecorder

        matcher = get_matcher(lexicons)
        tok = _tokenizer(lexicons, tokenizer) if None in known_tokens else None
        punct: dict[str, bool] = {}  # is_punct per distinct token of the chunk
        offset = 0
        for size in chunk.sizes:
            stats: Counter = Counter()
            article = ArticleRecorder()
            for i in range(offset, offset + size):
                text = texts[i]
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
                article.add(words, sentiments[i], sm.matches)
            offset += size
            analyses.append(article.record(stats))
    voices: list[dict[str, list]] = []
    if chunk.voices:
        from framing.scoring.sources import article_voices, load_source_lexicon

        slex = load_source_lexicon(sources_path)
        voices = [article_voices(rows, text, slex) for rows, text in chunk.voices]
    new_sent = [(i, sentiments[i]) for i in todo] if chunk.collect else []
    return ChunkResult(chunk.index, analyses, voices, new_tokens, new_sent)


# ---- worker set-up -----------------------------------------------------------------------


def warm(
    lexicons: Lexicons,
    tokenizer: str = "jieba",
    sources_path: str | None = None,
    sentiment_model: Any = None,
) -> None:
    """Load everything :func:`score_chunk` needs (tokenizer, matcher, sentiment model,
    sources lexicon), so that forked workers inherit it.

    Parameters
    ----------
    lexicons, tokenizer, sources_path, sentiment_model
        As in :func:`score_chunk`.
    """
    from framing.scoring import fastsentiment
    from framing.scoring.matching import get_matcher
    from framing.scoring.sources import load_source_lexicon

    get_matcher(lexicons)
    _tokenizer(lexicons, tokenizer)
    fastsentiment._get_tagger()
    fastsentiment._get_classifier(sentiment_model)
    load_source_lexicon(sources_path)


_worker: dict[str, Any] = {}


def _init_worker(
    lexicons: Lexicons,
    tokenizer: str,
    sources_path: str | None,
    tables: Any = None,
    sentiment_model: Any = None,
) -> None:
    """Process-pool initializer: keep the settings and load the models once per worker
    (the sentiment tables from the cache folder ``tables`` when there is one)."""
    from framing.scoring.fastsentiment import use_table_dir

    _worker.update(
        lexicons=lexicons, tokenizer=tokenizer, sources_path=sources_path, sentiment_model=sentiment_model
    )
    use_table_dir(tables)
    warm(lexicons, tokenizer, sources_path, sentiment_model)


def _worker_score(chunk: Chunk) -> ChunkResult:
    assert _worker, "worker not initialized"
    return score_chunk(
        chunk, _worker["lexicons"], _worker["tokenizer"], _worker["sources_path"], _worker["sentiment_model"]
    )


# ---- engines -----------------------------------------------------------------------------


def run_chunks(
    chunks: Iterable[Chunk],
    lexicons: Lexicons,
    *,
    tokenizer: str = "jieba",
    jobs: int = 1,
    engine: str = "local",
    scheduler: Any = None,
    sources_path: str | None = None,
    sentiment_model: Any = None,
) -> Iterator[ChunkResult]:
    """Score ``chunks`` with the chosen engine; results come back in chunk order.

    Nothing is started (no worker, no cluster, no model loaded) when there is no chunk,
    as in a re-run that the cache serves entirely.

    Parameters
    ----------
    chunks : iterable of Chunk
        The work, read lazily.
    lexicons, tokenizer, sources_path, sentiment_model
        As in :func:`score_chunk`.
    jobs : int
        Worker processes (local engine; 1: this process), or the size of a temporary dask
        cluster.
    engine : str
        ``"local"`` or ``"dask"``.
    scheduler
        With ``engine="dask"``: a scheduler address or a ``distributed.Client``.

    Yields
    ------
    ChunkResult
        One per chunk, in chunk order.

    Raises
    ------
    ValueError
        For an unknown engine or tokenizer, a scheduler without dask, or ``jobs`` below 1.
    ImportError
        For ``engine="dask"`` without dask installed.
    """
    if engine not in ENGINES:
        raise ValueError(f"engine must be one of {', '.join(ENGINES)}, not {engine!r}")
    if tokenizer not in TOKENIZERS:
        raise ValueError(f"tokenizer must be one of {', '.join(TOKENIZERS)}, not {tokenizer!r}")
    if engine == "local" and scheduler is not None:
        raise ValueError("a scheduler address needs engine='dask'")
    if engine == "local" and jobs < 1:
        raise ValueError(f"jobs must be at least 1, not {jobs}")
    it = iter(chunks)
    first = next(it, None)
    if first is None:
        return
    chunks = itertools.chain([first], it)
    if engine == "dask":
        yield from _run_dask(chunks, lexicons, tokenizer, jobs, scheduler, sources_path, sentiment_model)
        return
    if jobs == 1:
        for chunk in chunks:
            yield score_chunk(chunk, lexicons, tokenizer, sources_path, sentiment_model)
        return
    from framing.scoring.fastsentiment import table_dir

    ctx = _context()
    if ctx.get_start_method() == "fork":
        warm(lexicons, tokenizer, sources_path, sentiment_model)  # forked workers inherit the loaded models
    with ProcessPoolExecutor(
        max_workers=jobs,
        mp_context=ctx,
        initializer=_init_worker,
        initargs=(lexicons, tokenizer, sources_path, table_dir(), sentiment_model),
    ) as pool:
        yield from in_order(
            chunks,
            lambda c: pool.submit(_worker_score, c),
            lambda f: f.result(),
            jobs * IN_FLIGHT_PER_WORKER,
        )


def _run_dask(
    chunks: Iterable[Chunk],
    lexicons: Lexicons,
    tokenizer: str,
    jobs: int,
    scheduler: Any,
    sources_path: str | None,
    sentiment_model: Any = None,
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
        model_future = (
            None if sentiment_model is None else client.scatter(sentiment_model, broadcast=True, hash=False)
        )

        def submit(chunk: Chunk) -> Future:
            return client.submit(
                score_chunk, chunk, lex_future, tokenizer, sources_path, model_future, pure=False
            )

        yield from in_order(
            chunks, submit, lambda f: f.result(), n_workers * IN_FLIGHT_PER_WORKER
        )
    finally:
        for obj in own:
            obj.close()
