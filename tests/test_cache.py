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


NEW_TERM = "影视行业"  # in 4 sentences of 3 of the 12 articles; not a lexicon word


def included(corpus: Corpus):
    ids = set(corpus.documents.loc[corpus.documents["status"] == "included", "doc_id"])
    return corpus.sentences[corpus.sentences["doc_id"].isin(ids)]


def counts(corpus: Corpus) -> tuple[int, int]:
    """(sentences, articles) scored."""
    sents = included(corpus)
    return len(sents), sents["doc_id"].nunique()


def run_counts(scored: Scored) -> dict[str, tuple[int, int]]:
    """(hits, misses) per cache table."""
    h, m = scored.run["cache_hits"], scored.run["cache_misses"]
    return {k: (h[k], m[k]) for k in h}


def test_cold_and_warm_runs_equal_the_uncached_run(corpus, reference, tmp_path) -> None:
    n, docs = counts(corpus)
    cold = score(corpus, cache=tmp_path, chunk_size=10_000)  # one chunk: nothing known yet
    assert (tmp_path / CACHE_FILE).is_file()
    assert run_counts(cold) == {
        "analyses": (0, docs), "tokens": (0, n), "sentiment": (0, n), "voices": (0, docs)
    }
    assert_same(cold, reference)
    # in small chunks, sentences repeated from earlier chunks are already known
    again = score(corpus, cache=tmp_path / "chunked", chunk_size=50)
    assert 0 < again.run["cache_hits"]["tokens"] < n
    assert_same(again, reference)
    # warm: every article is read whole from the cache; no sentence is looked at
    warm = score(corpus, cache=tmp_path)
    assert run_counts(warm) == {
        "analyses": (docs, 0), "tokens": (0, 0), "sentiment": (0, 0), "voices": (docs, 0)
    }
    assert warm.run["chunks"] == 0
    assert_same(warm, reference)


def test_edit_of_weights_reuses_every_analysis(corpus, tmp_path) -> None:
    n, docs = counts(corpus)
    score(corpus, cache=tmp_path)
    edited = edit_weights(default_lexicons())
    rerun = score(corpus, edited, cache=tmp_path)
    assert run_counts(rerun)["analyses"] == (docs, 0) and rerun.run["chunks"] == 0
    expected = score(corpus, edited)
    assert not expected.sentences.equals(score(corpus).sentences)  # the edit matters
    assert_same(rerun, expected)


def test_a_new_term_redoes_only_the_articles_and_tokens_it_occurs_in(corpus, tmp_path) -> None:
    n, docs = counts(corpus)
    sents = included(corpus)
    has = sents["text"].str.contains(NEW_TERM)
    hit_docs = set(sents.loc[has, "doc_id"])
    n_in_hit_docs = int(sents["doc_id"].isin(hit_docs).sum())
    assert 0 < len(hit_docs) < docs
    score(corpus, cache=tmp_path)
    edited = add_term(default_lexicons(), NEW_TERM)
    rerun = score(corpus, edited, cache=tmp_path)
    assert run_counts(rerun) == {
        "analyses": (docs - len(hit_docs), len(hit_docs)),
        # only the sentences that hold the new word are cut again
        "tokens": (n_in_hit_docs - int(has.sum()), int(has.sum())),
        "sentiment": (n_in_hit_docs, 0),
        "voices": (docs, 0),
    }
    expected = score(corpus, edited)
    assert expected.sentences[f"hits_{edited.frame_ids[0]}"].sum() > score(corpus).sentences[
        f"hits_{edited.frame_ids[0]}"
    ].sum()
    assert_same(rerun, expected)
    # both lexicon sets are now served whole from the same cache
    for lex in (edited, default_lexicons()):
        assert score(corpus, lex, cache=tmp_path).run["cache_misses"]["analyses"] == 0


def test_a_new_term_that_occurs_nowhere_redoes_nothing(corpus, tmp_path) -> None:
    """A new user word changes no cut where it does not occur (USER_WORDS_RULE), so a term
    absent from the corpus costs what a weights edit costs."""
    n, docs = counts(corpus)
    assert not included(corpus)["text"].str.contains("监管框架").any()
    score(corpus, cache=tmp_path)
    edited = add_term(default_lexicons(), "监管框架")
    rerun = score(corpus, edited, cache=tmp_path)
    assert run_counts(rerun)["analyses"] == (docs, 0) and rerun.run["chunks"] == 0
    assert_same(rerun, score(corpus, edited))


@pytest.mark.parametrize(
    ("package", "stale"),
    [("jieba", {"tokens", "analyses"}), ("snownlp", {"sentiment", "analyses"}), ("rjieba", set())],
)
def test_a_new_package_version_invalidates_what_depends_on_it(
    corpus, reference, tmp_path, monkeypatch, package, stale
) -> None:
    n, docs = counts(corpus)
    score(corpus, cache=tmp_path)
    real = cache_mod.package_version
    monkeypatch.setattr(
        cache_mod, "package_version", lambda name: "99.0" if name == package else real(name)
    )
    rerun = score(corpus, cache=tmp_path)
    looked = "analyses" in stale  # sentences are looked up only for articles not served whole
    expected = {
        "analyses": (0, docs) if "analyses" in stale else (docs, 0),
        "tokens": ((0, n) if "tokens" in stale else (n, 0)) if looked else (0, 0),
        "sentiment": ((0, n) if "sentiment" in stale else (n, 0)) if looked else (0, 0),
        "voices": (docs, 0),
    }
    assert run_counts(rerun) == expected
    assert_same(rerun, reference)


def test_a_new_voice_algorithm_redoes_only_the_voices(corpus, reference, tmp_path, monkeypatch) -> None:
    from framing.scoring import sources

    n, docs = counts(corpus)
    score(corpus, cache=tmp_path)
    monkeypatch.setattr(sources, "VOICES_ALGORITHM", "voices 99")
    rerun = score(corpus, cache=tmp_path)
    assert run_counts(rerun) == {
        "analyses": (docs, 0), "tokens": (0, 0), "sentiment": (0, 0), "voices": (0, docs)
    }
    assert_same(rerun, reference)


def test_sentiment_algorithm_version_is_part_of_the_key(monkeypatch) -> None:
    before = cache_mod.sentiment_namespace()
    monkeypatch.setattr(cache_mod, "SENTIMENT_ALGORITHM", "fastsentiment 2")
    assert cache_mod.sentiment_namespace() != before


def test_token_namespace_holds_the_user_word_set_only_for_rjieba() -> None:
    """jieba's tokens depend only on the user words in the sentence (the key holds those);
    jieba-rs raises its total with every word, so there the whole set is in the namespace."""
    words = default_lexicons().user_words()
    ns = cache_mod.token_namespace(words)
    assert cache_mod.token_namespace(words + ["测试专用新词"]) == ns
    rj = cache_mod.token_namespace(words, "rjieba")
    assert rj != ns
    assert cache_mod.token_namespace(list(reversed(words)) + words[:3], "rjieba") == rj  # a set
    assert cache_mod.token_namespace(words + ["测试专用新词"], "rjieba") != rj


def test_bad_entries_are_misses_and_values_round_trip(tmp_path) -> None:
    texts = ["人工智能", "Sora横空出世", "长" * 300]
    keys = [SentenceCache.key("ns", t) for t in texts]
    with SentenceCache(tmp_path) as c:
        c.put_tokens([(keys[0], [2, 2]), (keys[1], [4, 4]), (keys[2], [300])])
        c.put_tokens([(keys[0], [1, 3])])  # a second write never replaces the first
        c.put_sentiments("ns", [(texts[0], 0.25), (texts[1], math.nan)])
        assert c.get_tokens(keys, texts) == [[2, 2], [4, 4], [300]]
        assert c.get_tokens([SentenceCache.key("other", t) for t in texts], texts) == [None] * 3
        assert c.get_sentiments("ns", texts) == [0.25, None, None]
        record = {"w": ["人工 智能"], "n": [2], "e": [0.5], "t": ["frame\x1ftechnology\x1f人工智能"],
                  "m": [[0], [0], [0], [4], [False], [""], [""], ["人工智能"], [1.0], [1.0]],
                  "c": [[0], [1], [1], [0], [0], [0], [0], [0]]}
        c.put_records("analyses", [(keys[0], record), (keys[1], {"w": []})])
        assert c.get_records("analyses", keys) == [record, {"w": []}, None]
        with pytest.raises(ValueError):
            c.get_records("tokens", keys)
    con = sqlite3.connect(tmp_path / CACHE_FILE)
    with con:
        con.execute("UPDATE tokens SET value = ? WHERE key = ?", (b"\x01\x02", keys[0]))
        con.execute("UPDATE analyses SET value = ? WHERE key = ?", (b"{not json", keys[1]))
    con.close()
    with SentenceCache(tmp_path) as c:  # lengths no longer tile the text: recomputed
        assert c.get_tokens(keys[:1], texts[:1]) == [None]
        assert c.get_records("analyses", keys[:2]) == [record, None]


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
    assert set(warm.run["cache_misses"].values()) == {0}
    assert_same(warm, reference)


def test_an_open_cache_object_is_accepted_and_left_open(corpus, reference, tmp_path) -> None:
    with SentenceCache(tmp_path) as c:
        assert_same(score(corpus, cache=c), reference)
        assert_same(score(corpus, cache=c), reference)
        assert c.hits["analyses"] == counts(corpus)[1]


def test_damaged_records_are_recomputed(corpus, reference, tmp_path) -> None:
    n, docs = counts(corpus)
    score(corpus, cache=tmp_path)
    con = sqlite3.connect(tmp_path / CACHE_FILE)
    with con:
        keys = [k for (k,) in con.execute("SELECT key FROM analyses")]
        con.execute("UPDATE analyses SET value = ? WHERE key = ?", (b'{"w": []}', keys[0]))
        con.execute("UPDATE analyses SET value = ? WHERE key = ?", (b"\xff\xfe", keys[1]))
        con.execute("UPDATE voices SET value = ? WHERE key IN (SELECT key FROM voices LIMIT 1)", (b"[]",))
    con.close()
    rerun = score(corpus, cache=tmp_path)
    assert run_counts(rerun)["analyses"] == (docs - 2, 2)
    assert run_counts(rerun)["voices"] == (docs - 1, 1)
    assert rerun.run["chunks"] == 1
    assert_same(rerun, reference)


def test_a_cache_that_cannot_be_used_is_a_one_line_error(tmp_path) -> None:
    from framing.errors import InputError

    a_file = tmp_path / "notes.txt"
    a_file.write_text("hi", encoding="utf-8")
    with pytest.raises(InputError, match="must be a folder"):
        SentenceCache(a_file)
    (tmp_path / "bad").mkdir()
    (tmp_path / "bad" / CACHE_FILE).write_bytes(b"this is not a database at all" * 10)
    with pytest.raises(InputError, match="not a usable framing cache.*fix: if framing made it, delete the file"):
        SentenceCache(tmp_path / "bad")
    assert (tmp_path / "bad" / CACHE_FILE).read_bytes().startswith(b"this is not")  # not ours: kept


def _damage_pages(path, page_size: int = 4096) -> None:
    """Overwrite the head of every page but the first (the schema): each table's pages."""
    size = path.stat().st_size
    with open(path, "r+b") as f:
        for page in range(1, size // page_size):
            f.seek(page * page_size)
            f.write(b"\xff" * 64)


def test_a_damaged_page_is_a_miss_and_the_cache_starts_afresh(corpus, reference, tmp_path) -> None:
    score(corpus, cache=tmp_path)
    con = sqlite3.connect(tmp_path / CACHE_FILE)
    assert con.execute("PRAGMA page_size").fetchone() == (4096,)
    con.close()
    _damage_pages(tmp_path / CACHE_FILE)  # the file opens, reading its tables fails
    rerun = score(corpus, cache=tmp_path)
    assert "malformed" in rerun.run["cache_rebuilt"]
    assert_same(rerun, reference)
    con = sqlite3.connect(tmp_path / CACHE_FILE)
    assert con.execute("PRAGMA quick_check").fetchone() == ("ok",)
    con.close()
    warm = score(corpus, cache=tmp_path)  # the fresh file holds everything again
    assert set(warm.run["cache_misses"].values()) == {0} and "cache_rebuilt" not in warm.run
    assert_same(warm, reference)


def test_a_read_only_cache_says_so_and_how_to_go_on(tmp_path, monkeypatch) -> None:
    from framing.errors import InputError

    with SentenceCache(tmp_path):
        pass
    connect = sqlite3.connect

    def read_only(path, *args, **kwargs):  # what a file without write permission gives
        return connect(f"file:{path}?mode=ro", *args, uri=True, **kwargs)

    monkeypatch.setattr(cache_mod.sqlite3, "connect", read_only)
    with pytest.raises(InputError) as err:
        SentenceCache(tmp_path)
    message = str(err.value)
    assert "the cache is read-only" in message and "fix: make" in message and "--no-cache" in message
    assert "delete" not in message and "\n" not in message


def test_a_full_disk_while_writing_the_cache_is_a_one_line_error(tmp_path) -> None:
    from framing.errors import InputError

    texts = [f"句子{i}" * 40 for i in range(400)]
    with SentenceCache(tmp_path) as c:
        c.put_sentiments("ns", [(texts[0], 0.5)])
        pages = c._con.execute("PRAGMA page_count").fetchone()[0]
        c._con.execute(f"PRAGMA max_page_count = {pages}")  # no room for one more page
        with pytest.raises(InputError, match=r"the disk is full.*fix: free disk space.*--no-cache"):
            c.put_records("analyses", [(SentenceCache.key("ns", t), {"w": [t]}) for t in texts])
        # nothing half-written: the batch is not there, what was there still is
        assert c.get_records("analyses", [SentenceCache.key("ns", texts[0])]) == [None]
        assert c.get_sentiments("ns", texts[:1]) == [0.5]
