"""Cache keys hold exactly what a value depends on (framing.scoring.keys)."""

from __future__ import annotations

import json
from dataclasses import replace

import jieba
import pytest

from framing.lexicon import Term, default_lexicons
from framing.scoring.cache import analysis_description, token_description
from framing.scoring.keys import CacheKeys, namespace
from framing.tokenize import HMM, Tokenizer, _base_tokenizer, user_word_freq
from tests.test_parallel import add_term, edit_weights


@pytest.fixture(scope="module")
def texts(seeds_corpus) -> list[str]:
    return seeds_corpus.sentences["text"].tolist()


def cut(tok: Tokenizer, text: str) -> list[str]:
    return [t.text for t in tok.tokenize(text)]


def test_a_sentence_is_cut_by_the_user_words_it_contains_only(texts) -> None:
    """The rule the token cache stands on: with jieba's own total kept, user words that do
    not occur in a sentence change nothing in its cut."""
    words = default_lexicons().user_words()
    full = Tokenizer(words)
    joined = "\n".join(texts)
    occurring = [w for w in words if w in joined]
    assert 100 < len(occurring) < len(words)
    only = Tokenizer(occurring)
    extra = Tokenizer(words + [f"{a}{b}框架" for a in "监管治理" for b in "技术产业安全伦理"])
    for text in texts:
        assert cut(full, text) == cut(only, text) == cut(extra, text), text


def test_plain_add_word_would_make_every_word_matter(texts) -> None:
    """Why the rule: jieba's add_word raises the dictionary total with every word, which
    tips close choices anywhere (技术成果 whole instead of 技术|成果), so every word added
    to a lexicon could change the cut of any sentence."""
    words = [w for w in default_lexicons().user_words() if len(w) > 1]
    base = _base_tokenizer()
    plain = jieba.Tokenizer()
    plain.FREQ, plain.total, plain.initialized = dict(base.FREQ), base.total, True
    for w in words:
        plain.add_word(w, freq=user_word_freq(w))
    ours = Tokenizer(words)
    differ = [t for t in texts if plain.lcut(t, HMM=HMM) != [x.text for x in ours.tokenize(t)]]
    assert any("技术成果" in t for t in differ)


def keys_for(lex) -> CacheKeys:
    return CacheKeys(
        lex,
        namespace(token_description(lex.user_words())),
        namespace(analysis_description(lex)),
        "voices",
    )


def test_weights_and_threshold_are_not_in_any_key(texts) -> None:
    lex = default_lexicons()
    a, b = keys_for(lex), keys_for(edit_weights(lex))
    assert a.analysis_key(texts) == b.analysis_key(texts)
    assert a.token_keys(texts[:50]) == b.token_keys(texts[:50])


def test_a_new_term_changes_the_keys_of_the_texts_holding_it_only(texts) -> None:
    lex = default_lexicons()
    new = "生成视频"  # in two seed sentences, in no lexicon entry
    before, after = keys_for(lex), keys_for(add_term(lex, new))
    holding = [t for t in texts if new in t]
    other = [t for t in texts if new not in t]
    assert holding and other
    assert all(before.token_key(t) != after.token_key(t) for t in holding)
    assert all(before.token_key(t) == after.token_key(t) for t in other)
    assert before.analysis_key(holding[:1]) != after.analysis_key(holding[:1])
    assert before.analysis_key(other) == after.analysis_key(other)


def test_a_context_rule_edit_changes_the_keys_where_its_term_occurs(texts) -> None:
    lex = default_lexicons()
    frame = next(f for f in lex.frames if any(t.term == "差距" for t in f.terms))
    terms = tuple(replace(t, requires=(*t.requires, "对手")) if t.term == "差距" else t for t in frame.terms)
    edited = replace(lex, frames=tuple(replace(f, terms=terms) if f is frame else f for f in lex.frames))
    before, after = keys_for(lex), keys_for(edited)
    holding = [t for t in texts if "差距" in t]
    other = [t for t in texts if "差距" not in t and "对手" not in t]
    assert holding and other
    assert all(before.analysis_key([t]) != after.analysis_key([t]) for t in holding)
    assert all(before.analysis_key([t]) == after.analysis_key([t]) for t in other[:40])


def test_latin_terms_are_keyed_by_where_their_pattern_matches() -> None:
    lex = default_lexicons()
    first = lex.frames[0]
    term = Term(term="Sora Turbo", layer="frame", label=first.id, weight=1.0)
    edited = replace(lex, frames=(replace(first, terms=(*first.terms, term)), *lex.frames[1:]))
    before, after = keys_for(lex), keys_for(edited)
    for text in ("据悉，SORA TURBO 已上线。", "sora turbo", "ſora turbo", "Sora Turbos"):
        assert before.analysis_key([text]) != after.analysis_key([text]), text
    for text in ("Sora 已上线。", "Sora-Turbo", "Sora\nTurbo"):
        assert before.analysis_key([text]) == after.analysis_key([text]), text


def test_the_latin_prefilter_finds_every_text_the_matcher_can_match() -> None:
    """Keys hold the Latin terms whose lowercase form occurs in the lowercased text; that
    must include every text where a term's case-insensitive pattern matches."""
    import re

    folded = [chr(c) for c in range(0x80, 0x110000) if re.fullmatch("(?i)[a-z0-9]", chr(c))]
    assert sorted(folded) == sorted("\u0130\u0131\u017f\u212a")  # what the key folds


def test_sentence_boundaries_are_part_of_the_article_key() -> None:
    k = keys_for(default_lexicons())
    assert k.analysis_key(["人工智能。", "发展"]) != k.analysis_key(["人工智能。发展"])
    assert k.analysis_key(["人工", "智能"]) != k.analysis_key(["人工智能"])
    assert k.voice_key([(1, "a", 0, 1, False)], "a") != k.voice_key([(1, "a", None, None, False)], "a")
    assert k.voice_key([(1, "a", 0, 1, False)], "a") != k.voice_key([(1, "a", 0, 1, False)], None)


def test_keys_from_kept_scans_equal_keys_from_a_full_scan(texts, tmp_path) -> None:
    """analysis_keys with a cache reuses what earlier scans found; the keys must be those
    of a full scan, whatever lexicon the earlier scans were made for."""
    from framing.scoring.cache import SentenceCache

    articles = [texts[i : i + 25] for i in range(0, len(texts), 25)]
    lex = default_lexicons()
    removed = replace(lex, frames=(replace(lex.frames[0], terms=lex.frames[0].terms[1:]), *lex.frames[1:]))
    many = add_term(lex, "生成视频")
    for k in range(70):  # more new patterns than a kept scan is completed with
        many = add_term(many, f"框架{k}号")
    edits = [lex, add_term(lex, "生成视频"), removed, many, edit_weights(lex), lex]
    with SentenceCache(tmp_path) as store:
        for edited in edits:
            keys = keys_for(edited)
            assert keys.analysis_keys(articles, store) == [keys.analysis_key(a) for a in articles]
            assert keys.analysis_keys(articles) == [keys.analysis_key(a) for a in articles]
        rows = store._con.execute("SELECT value FROM scans").fetchall()
        assert len(rows) == len(articles)  # one per text, brought up to date
        assert {json.loads(v)["p"] for (v,) in rows} == {keys_for(lex).patterns_id}
