"""Chunked and process-parallel scoring give exactly the serial tables."""

from __future__ import annotations

import random
from dataclasses import replace

import pandas as pd
import pytest

from framing.corpus.model import Corpus
from framing.lexicon import Lexicons, Term, default_lexicons
from framing.scoring import engines
from framing.scoring.pipeline import Scored, score
from framing.scoring.worklist import Worklist, article_runs

TABLES = ("sentences", "documents", "hits", "coverage", "sources")


def synthetic_corpus(seeds_corpus: Corpus, n_docs: int = 24, seed: int = 7) -> Corpus:
    """``n_docs`` articles of 4..30 sentences resampled (seeded) from the seeds' sentences,
    spread over the seeds' outlets, plus one excluded document and one without sentences."""
    rng = random.Random(seed)
    pool = seeds_corpus.sentences
    outlets = pool[["outlet", "outlet_id"]].drop_duplicates().values.tolist()
    base = seeds_corpus.documents.iloc[0]
    docs, rows = [], []
    for d in range(n_docs):
        doc_id = f"synthetic#{d + 1}"
        outlet, outlet_id = outlets[d % len(outlets)]
        picks = [rng.randrange(len(pool)) for _ in range(rng.randint(4, 30))]
        start, texts = 0, []
        for k, p in enumerate(picks, 1):
            text = pool["text"].iat[p]
            rows.append(
                {
                    "doc_id": doc_id,
                    "sent_id": k,
                    "outlet": outlet,
                    "outlet_id": outlet_id,
                    "outlet_type": "",
                    "text": text,
                    "start": start,
                    "end": start + len(text),
                    "is_headline": bool(pool["is_headline"].iat[p]),
                    "n_chars": len(text),
                }
            )
            start += len(text)
            texts.append(text)
        docs.append(
            base.to_dict()
            | {
                "doc_id": doc_id,
                "outlet": outlet,
                "outlet_id": outlet_id,
                "status": "included",
                "reason": "",
                "text": "".join(texts),
                "n_chars": start,
                "n_sentences": len(picks),
            }
        )
    docs.append(base.to_dict() | {"doc_id": "synthetic#excluded", "status": "excluded"})
    docs.append(base.to_dict() | {"doc_id": "synthetic#empty", "status": "included", "n_sentences": 0})
    documents = pd.DataFrame(docs).astype(seeds_corpus.documents.dtypes.to_dict())
    sentences = pd.DataFrame(rows).astype(seeds_corpus.sentences.dtypes.to_dict())
    return Corpus(documents=documents, sentences=sentences)


def edit_weights(lex: Lexicons) -> Lexicons:
    """A lexicon edit that keeps the term set: every frame cue weighs 0.5 more."""
    frames = tuple(
        replace(f, terms=tuple(replace(t, weight=t.weight + 0.5) for t in f.terms))
        for f in lex.frames
    )
    return replace(lex, frames=frames, threshold=lex.threshold + 0.25)


def add_term(lex: Lexicons, term: str = "监管框架") -> Lexicons:
    """A lexicon edit that changes the term set (and so jieba's user words)."""
    first = lex.frames[0]
    new = Term(term=term, layer="frame", label=first.id, weight=1.0)
    return replace(lex, frames=(replace(first, terms=(*first.terms, new)), *lex.frames[1:]))


def assert_same(a: Scored, b: Scored) -> None:
    for name in TABLES:
        pd.testing.assert_frame_equal(getattr(a, name), getattr(b, name), check_exact=True)
    assert a.params == b.params
    assert a.frame_ids == b.frame_ids


@pytest.fixture(scope="module")
def corpus(seeds_corpus) -> Corpus:
    return synthetic_corpus(seeds_corpus)


@pytest.fixture(scope="module")
def serial(corpus) -> Scored:
    return score(corpus)


def test_articles_are_runs_of_one_document() -> None:
    ids = ["a"] * 3 + ["b"] * 5 + ["c"] + ["d"] * 2
    assert article_runs(ids) == [(0, 3), (3, 8), (8, 9), (9, 11)]
    assert article_runs(["a", "b", "a"]) == [(0, 1), (1, 2), (2, 3)]
    assert article_runs([]) == []


def test_chunks_hold_whole_articles_of_about_the_size_asked(corpus) -> None:
    sents = corpus.sentences[corpus.sentences["doc_id"].str.startswith("synthetic#")]
    work = Worklist(sents.reset_index(drop=True), corpus.documents, voices=False)
    sizes = [b - a for a, b in work.runs]
    chunks = list(work.chunks(40))
    assert [s for c in chunks for s in c.sizes] == sizes  # every article once, in order
    assert all(sum(c.sizes) - c.sizes[-1] < 40 <= sum(c.sizes) for c in chunks[:-1])
    assert all(c.voices == [] and c.tokens == [] for c in chunks)
    with_voices = Worklist(sents.reset_index(drop=True), corpus.documents)
    assert sum(len(c.voices) for c in with_voices.chunks(40)) == len(sizes)


@pytest.mark.parametrize("chunk_size", [1, 37, 10_000])
def test_chunk_size_does_not_change_anything(corpus, serial, chunk_size) -> None:
    assert_same(score(corpus, chunk_size=chunk_size), serial)


def test_two_jobs_identical_to_serial(corpus, serial) -> None:
    scored = score(corpus, jobs=2, chunk_size=40)
    assert scored.run["chunks"] > 2
    assert_same(scored, serial)


def test_spawned_workers_identical_to_serial(corpus, serial, monkeypatch) -> None:
    """Workers that start fresh (spawn, as on macOS and Windows) load their own models."""
    import multiprocessing as mp

    monkeypatch.setattr(engines, "_context", lambda: mp.get_context("spawn"))
    assert_same(score(corpus, jobs=2, chunk_size=120), serial)


def test_parallel_with_another_lexicon(corpus) -> None:
    lex = add_term(edit_weights(default_lexicons()))
    assert_same(score(corpus, lex, jobs=2, chunk_size=60), score(corpus, lex))


def test_seeds_default_call_unchanged(seeds_corpus) -> None:
    """``score(corpus)`` is the serial, uncached run."""
    assert_same(score(seeds_corpus), score(seeds_corpus, jobs=1, cache=None, engine="local"))


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"engine": "spark"}, "engine"),
        ({"jobs": 0}, "jobs"),
        ({"tokenizer": "thulac"}, "tokenizer"),
        ({"scheduler": "tcp://127.0.0.1:8786"}, "scheduler"),
    ],
)
def test_bad_options_are_refused(seeds_corpus, kwargs, message) -> None:
    with pytest.raises(ValueError, match=message):
        score(seeds_corpus, **kwargs)


def test_rjieba_is_opt_in_and_scores_the_seeds_like_jieba(seeds_corpus) -> None:
    """rjieba cuts a few sentences differently (L1-L5, GPT-4 kept whole), but on the seeds
    every frame and tone score and every hit is the same as with jieba."""
    pytest.importorskip("rjieba")
    ref = score(seeds_corpus)
    alt = score(seeds_corpus, tokenizer="rjieba", jobs=2, chunk_size=100)
    a, b = ref.sentences, alt.sentences
    differ = a["tokens"] != b["tokens"]
    assert 0 < differ.sum() <= 10
    cols = [c for c in a.columns if c.startswith(("hits_", "weight_", "frame_"))]
    pd.testing.assert_frame_equal(a[cols + ["tone", "n_tone_hits"]], b[cols + ["tone", "n_tone_hits"]])
    pd.testing.assert_frame_equal(ref.hits.drop(columns="token"), alt.hits.drop(columns="token"))
    assert "rjieba" in alt.params["tokenizer"] and "rjieba" in alt.params["versions"]
    assert ref.params["tokenizer"].startswith("jieba")


def test_voices_in_the_chunks_identical_to_one_call(corpus, serial) -> None:
    """Voices ride in the chunks (any engine, any number of jobs); the result is what
    attribute_voices gives in one call on the scored sentences."""
    from framing.scoring.sources import VOICE_COLUMNS, attribute_voices

    plain = serial.sentences.drop(columns=VOICE_COLUMNS)
    voices, sources = attribute_voices(plain, serial.documents)
    pd.testing.assert_frame_equal(serial.sentences[VOICE_COLUMNS], voices, check_exact=True)
    pd.testing.assert_frame_equal(serial.sources, sources, check_exact=True)
