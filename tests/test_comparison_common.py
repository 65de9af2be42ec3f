"""framing.comparison.common: which articles are analysed, in which groups, at which unit,
and the rows of a tests table."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from statsmodels.stats.multitest import multipletests

from framing.comparison.common import (
    SENTENCE_UNIT_NOTE,
    TEST_COLUMNS,
    Analysed,
    Selection,
    adjust_by_family,
    duplicate_ids,
    excluded_ids,
    frames_to_analyse,
    is_included,
    result_row,
    select_sentences,
    test_row,
    unit_of,
)
from framing.errors import InputError

# doc_id -> (outlet, status, duplicate_of, sentences)
DOCS = {
    "a1": ("甲报", "included", "", 3),
    "a2": ("甲报", "included", "", 2),
    "b1": ("乙报", "included", "", 4),
    "b2": ("乙报", "excluded", "b1", 4),  # a duplicate: status excluded, reason duplicate
    "b3": ("乙报", "included", "", 1),
    "u1": ("unknown", "included", "", 2),
    "x1": ("丙报", "excluded", "", 0),  # off topic: never analysed
    "c1": ("丁报", "included", "", 2),
}


def tables() -> tuple[pd.DataFrame, pd.DataFrame]:
    docs = pd.DataFrame(
        [(d, o, st, dup) for d, (o, st, dup, _) in DOCS.items()],
        columns=["doc_id", "outlet", "status", "duplicate_of"],
    )
    rows = [(d, i + 1) for d, (_, _, _, n) in DOCS.items() for i in range(n)]
    sentences = pd.DataFrame(rows, columns=["doc_id", "sent_id"]).assign(frame_threat=True)
    return sentences, docs


def test_included_excluded_and_duplicates() -> None:
    sentences, docs = tables()
    assert is_included(docs).tolist() == [st == "included" for _, st, _, _ in DOCS.values()]
    assert is_included(docs.drop(columns="status")).all()
    assert excluded_ids(docs) == {"x1"}  # the duplicate is not excluded for good
    assert excluded_ids(None) == set()
    assert duplicate_ids(docs, sentences) == {"b2"}
    assert duplicate_ids(None, sentences.assign(duplicate_of=np.where(sentences.doc_id == "a2", "a1", ""))) == {"a2"}


def test_select_sentences_by_default() -> None:
    sentences, docs = tables()
    sel = select_sentences(sentences, docs, Selection(by="outlet"))
    # x1 never, b2 (duplicate) and u1 (unknown outlet) left out
    assert set(sel.sentences["doc_id"]) == {"a1", "a2", "b1", "b3", "c1"}
    assert len(sel.sentences) == 3 + 2 + 4 + 1 + 2 and sel.sentences.index.tolist() == list(range(12))
    assert set(sel.base["doc_id"]) == {"a1", "a2", "b1", "b2", "b3", "c1"}
    assert sel.duplicates_left_out == {"b2"}
    assert sel.duplicates_note == (
        "4 sentences of 1 article(s) flagged as duplicates left out (include_duplicates=True keeps them)"
    )
    assert sel.left_out == {"unknown": {"articles": 1, "sentences": 2}}
    assert sel.notes == [
        "1 article(s) (2 sentences) whose outlet is unknown left out of the comparison "
        "(keep_unknown=True keeps them as a group)"
    ]


def test_select_sentences_keeps_duplicates_and_unknown_and_pools_small_groups() -> None:
    sentences, docs = tables()
    sel = select_sentences(
        sentences, docs,
        Selection(by="outlet", include_duplicates=True, keep_unknown=True, min_articles=2, small_groups="merge"),
    )
    # 丁报 (1 article) and unknown (1 article) pooled into "other": 2 articles, kept
    assert sel.sentences.groupby("outlet")["doc_id"].nunique().to_dict() == {"other": 2, "乙报": 3, "甲报": 2}
    assert sel.duplicates_left_out == set() and sel.duplicates_note == ""
    assert sel.left_out == {"small_groups": {"unknown": 1, "丁报": 1}}
    dropped = select_sentences(sentences, docs, Selection(by="outlet", min_articles=2))
    # b2 is left out as a duplicate, so 乙报 still counts 2 articles (b1, b3)
    assert set(dropped.sentences["outlet"]) == {"甲报", "乙报"}
    assert "丁报 (1)" in dropped.notes[-1]


def test_selection_checks() -> None:
    with pytest.raises(InputError, match="small_groups='pool': use 'drop' or 'merge'"):
        Selection(small_groups="pool")
    with pytest.raises(InputError, match="min_articles=0: a whole number of at least 1"):
        Selection(min_articles=0)
    sentences, docs = tables()
    with pytest.raises(InputError, match="by='region': no such column"):
        select_sentences(sentences, docs, Selection(by="region"))
    with pytest.raises(InputError, match="no frame_<id> column for frame.s. tone"):
        frames_to_analyse(None, sentences, ["threat", "tone"])
    assert frames_to_analyse(None, sentences, None) == ["threat"]


def test_unit_and_analysed() -> None:
    assert unit_of(pd.Series({"A": 2, "B": 3})) == "article"
    assert unit_of(pd.Series({"A": 1, "B": 3})) == "sentence"
    assert unit_of(pd.Series(dtype=int)) == "sentence"
    sentences, docs = tables()
    sel = select_sentences(sentences, docs, Selection(by="outlet"))
    a = Analysed(sel.sentences, "outlet", ["threat"])
    assert a.levels == ["甲报", "乙报", "丁报"] and a.unit == "sentence"
    assert a.unit_note.startswith("1 group(s) with a single article (丁报): the unit is the sentence")
    two = Analysed(sel.sentences[sel.sentences.outlet != "丁报"], "outlet", ["threat"])
    assert two.unit == "article" and two.unit_note == (
        "4 articles in 2 groups (2-2 per group): article-level tests and article-clustered SEs"
    )
    assert two.few_articles_note() == "only 2 article(s) in the smallest group: low power, coarse p"
    one_each = Analysed(sel.sentences[sel.sentences.doc_id.isin(["a1", "b1"])], "outlet", ["threat"])
    assert one_each.unit_note == SENTENCE_UNIT_NOTE and one_each.groups_label == "甲报, 乙报"


def test_rows_and_bh_by_family() -> None:
    row = test_row(analysis="x", p=0.5)
    assert list(row) == TEST_COLUMNS and row["note"] == "" and math.isnan(row["statistic"])
    ps = {"a": [0.01, 0.04, 0.03, np.nan], "b": [0.2, 0.001]}
    rows = [test_row(analysis=fam, p=p) for fam, values in ps.items() for p in values]
    tests = adjust_by_family(rows)
    assert list(tests.columns) == TEST_COLUMNS
    for fam, values in ps.items():
        got = tests.loc[tests.analysis == fam, "p_adj"].to_numpy()
        ok = ~np.isnan(values)
        expected = multipletests(np.array(values)[ok], method="fdr_bh")[1]
        np.testing.assert_allclose(got[ok], expected)
        assert np.isnan(got[~ok]).all()


def test_result_row_takes_a_tests_fields_and_lets_values_override_them() -> None:
    from framing.stats.contingency import independence_test
    from framing.stats.ranks import kruskal_test

    chi = independence_test(np.array([[12.0, 8.0], [5.0, 15.0]]))
    row = result_row(chi, analysis="x", note="n")
    assert list(row) == TEST_COLUMNS
    assert (row["n"], row["statistic"], row["df"], row["p"]) == (chi.n, chi.statistic, chi.df, chi.p)
    assert (row["effect"], row["ci_low"], row["ci_high"]) == (chi.effect, *chi.ci)
    assert row["analysis"] == "x" and row["note"] == "n" and row["method"] == ""
    kw = kruskal_test([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])
    row = result_row(kw, df=math.nan, effect_name="eta")
    assert row["statistic"] == kw.statistic and math.isnan(row["df"]) and row["effect_name"] == "eta"
