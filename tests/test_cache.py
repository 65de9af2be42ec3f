"""The sentence cache: identical results cold and warm, and invalidation that is correct."""

from __future__ import annotations

import math
import sqlite3

import pytest

from framing.corpus.model import Corpus
from framing.lexicon import default_lexicons
from framing.scoring import cache as cache_mod
from framing.scoring.cache import CACHE_FILE, SentenceCache, open_cache
from framing.scoring.pipeline import Scored, score
from tests.test_parallel import add_term, assert_same, edit_weights, synthetic_corpus


@pytest.fixture(scope="module")
def corpus(seeds_corpus) -> Corpus:
    return synthetic_corpus(seeds_corpus, n_docs=12, seed=3)


@pytest.fixture(scope="module")
def reference(corpus) -> Scored:
    return score(corpus)


def n_sentences(corpus: Corpus) -> int:
    included = set(corpus.documents.loc[corpus.documents["status"] == "included", "doc_id"])
    return int(corpus.sentences["doc_id"].isin(included).sum())


def test_cold_and_warm_runs_equal_the_uncached_run(corpus, reference, tmp_path) -> None:
    n = n_sentences(corpus)
    cold = score(corpus, cache=tmp_path, chunk_size=10_000)  # one chunk: nothing known yet
    assert (tmp_path / CACHE_FILE).is_file()
    assert cold.run["cache_hits"] == {"tokens": 0, "sentiment": 0}
    assert cold.run["cache_misses"] == {"tokens": n, "sentiment": n}
    assert_same(cold, reference)
    # in small chunks, sentences repeated from earlier chunks are already known
    again = score(corpus, cache=tmp_path / "chunked", chunk_size=50)
    assert 0 < again.run["cache_hits"]["tokens"] < n
    assert_same(again, reference)
    warm = score(corpus, cache=tmp_path)
    assert warm.run["cache_hits"] == {"tokens": n, "sentiment": n}
    assert warm.run["cache_misses"] == {"tokens": 0, "sentiment": 0}
    assert_same(warm, reference)


def test_edit_of_weights_reuses_tokens_and_sentiment(corpus, tmp_path) -> None:
    n = n_sentences(corpus)
    score(corpus, cache=tmp_path)
    edited = edit_weights(default_lexicons())
    rerun = score(corpus, edited, cache=tmp_path)
    assert rerun.run["cache_hits"] == {"tokens": n, "sentiment": n}
    assert_same(rerun, score(corpus, edited))


def test_edit_of_the_term_set_recuts_but_keeps_sentiment(corpus, tmp_path) -> None:
    n = n_sentences(corpus)
    score(corpus, cache=tmp_path)
    edited = add_term(default_lexicons())
    rerun = score(corpus, edited, cache=tmp_path)
    assert rerun.run["cache_hits"] == {"tokens": 0, "sentiment": n}
    assert_same(rerun, score(corpus, edited))
    # the edited set now has its own tokens; the original set's are still there
    assert score(corpus, edited, cache=tmp_path).run["cache_hits"]["tokens"] == n
    assert score(corpus, cache=tmp_path).run["cache_hits"]["tokens"] == n


@pytest.mark.parametrize(
    ("package", "stale"),
    [("jieba", "tokens"), ("snownlp", "sentiment"), ("rjieba", None)],
)
def test_a_new_package_version_invalidates_what_depends_on_it(
    corpus, reference, tmp_path, monkeypatch, package, stale
) -> None:
    n = n_sentences(corpus)
    score(corpus, cache=tmp_path)
    real = cache_mod.package_version
    monkeypatch.setattr(
        cache_mod, "package_version", lambda name: "99.0" if name == package else real(name)
    )
    rerun = score(corpus, cache=tmp_path)
    expected = {"tokens": n, "sentiment": n}
    if stale is not None:
        expected[stale] = 0
    assert rerun.run["cache_hits"] == expected
    assert_same(rerun, reference)


def test_sentiment_algorithm_version_is_part_of_the_key(monkeypatch) -> None:
    before = cache_mod.sentiment_namespace()
    monkeypatch.setattr(cache_mod, "SENTIMENT_ALGORITHM", "fastsentiment 2")
    assert cache_mod.sentiment_namespace() != before


def test_token_namespace_follows_the_user_word_set() -> None:
    words = default_lexicons().user_words()
    ns = cache_mod.token_namespace(words)
    assert cache_mod.token_namespace(list(reversed(words)) + words[:3]) == ns  # a set
    assert cache_mod.token_namespace(words + ["监管框架"]) != ns
    assert cache_mod.token_namespace(words[1:]) != ns
    assert cache_mod.token_namespace(words, "rjieba") != ns


def test_bad_entries_are_misses_and_values_round_trip(tmp_path) -> None:
    texts = ["人工智能", "Sora横空出世", "长" * 300]
    with SentenceCache(tmp_path) as c:
        c.put_tokens("ns", [(texts[0], [2, 2]), (texts[1], [4, 4]), (texts[2], [300])])
        c.put_tokens("ns", [(texts[0], [1, 3])])  # a second write never replaces the first
        c.put_sentiments("ns", [(texts[0], 0.25), (texts[1], math.nan)])
        assert c.get_tokens("ns", texts) == [[2, 2], [4, 4], [300]]
        assert c.get_tokens("other", texts) == [None, None, None]
        assert c.get_sentiments("ns", texts) == [0.25, None, None]
        key = SentenceCache.key("ns", texts[0])
    con = sqlite3.connect(tmp_path / CACHE_FILE)
    with con:
        con.execute("UPDATE tokens SET value = ? WHERE key = ?", (b"\x01\x02", key))
    con.close()
    with SentenceCache(tmp_path) as c:  # lengths no longer tile the text: recomputed
        assert c.get_tokens("ns", texts[:1]) == [None]


def test_no_cache_reads_and_writes_nothing(corpus, reference, tmp_path, monkeypatch) -> None:
    assert open_cache(None) is None and open_cache(False) is None
    with pytest.raises(ValueError):
        open_cache(True)
    monkeypatch.chdir(tmp_path)
    scored = score(corpus, cache=None)
    assert scored.run["cache_hits"] == {} and list(tmp_path.iterdir()) == []
    assert_same(scored, reference)


def test_cache_with_parallel_workers(corpus, reference, tmp_path) -> None:
    assert_same(score(corpus, cache=tmp_path, jobs=2, chunk_size=40), reference)
    warm = score(corpus, cache=tmp_path, jobs=2, chunk_size=40)
    assert warm.run["cache_misses"] == {"tokens": 0, "sentiment": 0}
    assert_same(warm, reference)


def test_an_open_cache_object_is_accepted_and_left_open(corpus, reference, tmp_path) -> None:
    with SentenceCache(tmp_path) as c:
        assert_same(score(corpus, cache=c), reference)
        assert_same(score(corpus, cache=c), reference)
        assert c.hits["tokens"] == n_sentences(corpus)
