"""Keyness: Fightin' Words and Dunning's G² against the reference values of the methods notes."""

from __future__ import annotations

import warnings
from collections import Counter

import numpy as np
import pandas as pd
import pytest
from scipy import stats as sps

from framing.comparison import keyness as K

# 威胁/机遇/追赶/技术 in two groups (methods notes, section 3)
A = [10, 2, 5, 33]
B = [3, 12, 5, 80]


def test_fightin_words_flat_prior_reference() -> None:
    delta, var, z = K.fightin_words(A, B, 0.01)
    assert delta[0] == pytest.approx(2.087036, abs=1e-6)
    assert var[0] == pytest.approx(0.432126, abs=1e-6)
    np.testing.assert_allclose(z, [3.174860, -1.550680, 1.182075, -3.495485], atol=1e-6)


def test_fightin_words_informative_prior_reference() -> None:
    alpha = 10 * (np.add(A, B)) / 150
    delta, var, z = K.fightin_words(A, B, alpha)
    assert delta[0] == pytest.approx(1.803466, abs=1e-6)
    assert var[0] == pytest.approx(0.350645, abs=1e-6)
    np.testing.assert_allclose(z, [3.045607, -1.472834, 1.098242, -3.297931], atol=1e-6)


def test_fightin_words_reproduces_package_readme_example() -> None:
    # fightin_words package README (prior .05): z("brown") = 0.6894227886807968
    doc1 = Counter("the quick brown fox jumps over the lazy pig".split())
    doc2 = Counter("the lazy purple pig jumps over the lazier donkey".split())
    vocab = sorted(doc1 | doc2)
    _, _, z = K.fightin_words([doc1[w] for w in vocab], [doc2[w] for w in vocab], 0.05)
    zz = dict(zip(vocab, z, strict=True))
    assert zz["brown"] == pytest.approx(0.6894227886807968, rel=1e-12)
    assert zz["donkey"] == pytest.approx(-0.6894227886807968, rel=1e-12)
    assert zz["the"] == pytest.approx(0.0, abs=1e-12)


def test_fightin_words_rejects_nonpositive_prior() -> None:
    with pytest.raises(ValueError):
        K.fightin_words(A, B, 0.0)


def test_dunning_g2_reference_and_scipy() -> None:
    g2, p = K.dunning_g2(10, 3, 50, 100)
    assert g2 == pytest.approx(11.438455, abs=1e-6)
    assert p == pytest.approx(7.194e-4, abs=5e-7)
    ref = sps.chi2_contingency(
        [[10, 3], [40, 97]], correction=False, lambda_="log-likelihood"
    ).statistic
    assert g2 == pytest.approx(ref, rel=1e-12)
    # and the two-cell (UCREL) variant is a different number
    e1, e2 = 50 * 13 / 150, 100 * 13 / 150
    assert e1 == pytest.approx(4.333333, abs=1e-6) and e2 == pytest.approx(8.666667, abs=1e-6)
    two_cell = 2 * (10 * np.log(10 / e1) + 3 * np.log(3 / e2))
    assert two_cell == pytest.approx(10.359729, abs=1e-6)
    assert g2 != pytest.approx(two_cell, abs=0.1)


def test_dunning_g2_vectorised_with_zero_cells() -> None:
    a, b, c, d = np.array([0, 5, 7]), np.array([4, 0, 7]), 40, 60
    g2, _ = K.dunning_g2(a, b, c, d)
    for i in range(3):
        table = [[a[i], b[i]], [c - a[i], d - b[i]]]
        ref = sps.chi2_contingency(table, correction=False, lambda_="log-likelihood")
        assert g2[i] == pytest.approx(ref.statistic, rel=1e-10)


def test_log_ratio_reference() -> None:
    assert K.log_ratio(10, 3, 50, 100) == pytest.approx(2.737, abs=1e-3)
    assert K.log_ratio(0, 4, 100, 100) == pytest.approx(np.log2(0.5 / 4))


def test_junk_tokens() -> None:
    junk = ["，", "“", "2024", "３.５%", "a", "Ｘ", "—"]
    keep = ["AI", "Sora", "文生视频", "大模型", "5G"]
    assert all(K.is_junk_token(t) for t in junk)
    assert not any(K.is_junk_token(t) for t in keep)


def _sentences() -> pd.DataFrame:
    rows = [
        ("甲", "威胁 威胁 就业 冲击 ， 2024 的 技术"),
        ("甲", "威胁 风险 的 技术 a"),
        ("甲", "就业 威胁 的 技术"),
        ("乙", "机遇 机遇 市场 技术 的"),
        ("乙", "机遇 市场 增长 技术 的"),
        ("乙", "技术 技术 市场 的"),
        ("丙", "追赶 差距 技术 的"),
        ("丙", "差距 追赶 技术 的 的"),
    ]
    return pd.DataFrame(rows, columns=["outlet", "tokens"])


def test_keyness_table_against_direct_computation() -> None:
    sent = _sentences()
    table = K.keyness_table(sent, stopwords={"的"}, min_count=2, prior=0.01, top_n=None)
    assert list(table.columns) == K.KEYNESS_COLUMNS
    # vocabulary: pooled count >= 2, no stopwords, no junk
    assert set(table.term) == {"威胁", "就业", "技术", "机遇", "市场", "追赶", "差距"}
    row = table[(table.group == "甲") & (table.term == "威胁")].iloc[0]
    assert (row["count"], row["count_rest"]) == (4, 0)
    vocab = sorted(set(table.term))
    counts = {
        g: Counter(t for s in sent.loc[sent.outlet == g, "tokens"] for t in s.split())
        for g in ["甲", "乙", "丙"]
    }
    yi = np.array([counts["甲"][w] for w in vocab], float)
    yj = np.array([counts["乙"][w] + counts["丙"][w] for w in vocab], float)
    _, _, z = K.fightin_words(yi, yj, 0.01)
    assert row["z"] == pytest.approx(z[vocab.index("威胁")])
    assert row["tokens"] == yi.sum() and row["tokens_rest"] == yj.sum()
    g2 = sps.chi2_contingency(
        [[4, 0], [yi.sum() - 4, yj.sum()]], correction=False, lambda_="log-likelihood"
    ).statistic
    assert row["g2"] == pytest.approx(g2)
    top = table[table.group == "乙"].head(2)
    # 机遇 and 市场 both occur 3 times in 乙 only: equal z, ties broken by term
    assert list(top["term"]) == ["市场", "机遇"] and list(top["rank"]) == [1, 2]
    assert top["z"].iloc[0] == top["z"].iloc[1]


def test_keyness_top_n_min_count_and_informative_prior() -> None:
    sent = _sentences()
    table = K.keyness_table(sent, stopwords={"的"}, min_count=3, top_n=2)
    assert (table.groupby("group").size() <= 2).all()
    assert (table["z"] > 0).all()
    assert "差距" not in set(table.term)  # pooled count 2 < 3
    # default informative prior: alpha_w = 0.1 * pooled count of w
    full = K.keyness_table(sent, stopwords={"的"}, min_count=3, top_n=None)
    vocab = sorted(set(full.term))
    pooled = Counter(t for s in sent.tokens for t in s.split() if t in vocab)
    yi = np.array([full[(full.group == "甲") & (full.term == w)]["count"].iloc[0] for w in vocab])
    alpha = 0.1 * np.array([pooled[w] for w in vocab], float)
    _, _, z = K.fightin_words(yi, np.array([pooled[w] for w in vocab]) - yi, alpha)
    got = full[full.group == "甲"].set_index("term").loc[vocab, "z"].to_numpy()
    np.testing.assert_allclose(got, z)


def test_keyness_degenerate_inputs() -> None:
    one = pd.DataFrame({"outlet": ["甲", "甲"], "tokens": ["威胁 威胁", "威胁"]})
    assert K.keyness_table(one, stopwords=set()).empty
    empty = pd.DataFrame(columns=["outlet", "tokens"])
    assert list(K.keyness_table(empty).columns) == K.KEYNESS_COLUMNS
    nothing = pd.DataFrame({"outlet": ["甲", "乙"], "tokens": ["， 。", "12"]})
    assert K.keyness_table(nothing, stopwords=set(), min_count=1).empty
    # one term left: each group's whole share, nothing distinctive (and no log of zero)
    single = pd.DataFrame({"outlet": ["甲", "乙", "乙"], "tokens": ["威胁 威胁", "威胁", "威胁 罕见"]})
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert K.keyness_table(single, stopwords=set(), min_count=3).empty


def test_default_stopwords_reads_lexicon_file(monkeypatch, tmp_path) -> None:
    (tmp_path / "stopwords.txt").write_text("# comment\n的\n了  # trailing\n\n", encoding="utf-8")
    import framing.paths

    monkeypatch.setattr(framing.paths, "lexicon_file", lambda name: tmp_path / name)
    assert K.default_stopwords() == {"的", "了"}
    monkeypatch.setattr(framing.paths, "lexicon_file", lambda name: tmp_path / "missing.txt")
    assert K.default_stopwords() == set()
