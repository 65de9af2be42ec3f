"""framing.workflow: analyze() runs read -> score -> compare -> validate and returns an Analysis."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pandas as pd
import pytest

import framing as fr
from framing.comparison.compare import DEFAULT_SEED
from framing.errors import InputError
from framing.report import bundle
from framing.validation.codesheet import sentence_ids
from framing.workflow import Analysis, analyze

ARTICLES = Path(__file__).resolve().parent / "data" / "own_study" / "articles.csv"
READ = {"filter_topic": False}


@pytest.fixture(scope="module")
def articles(tmp_path_factory) -> Path:
    """Eight articles of four outlets (quick to score)."""
    path = tmp_path_factory.mktemp("corpus") / "articles.csv"
    pd.read_csv(ARTICLES, dtype=str).head(8).to_csv(path, index=False)
    return path


@pytest.fixture(scope="module")
def by_hand(articles):
    """The stages called one by one, as a researcher would."""
    corpus = fr.read_corpus(articles, filter_topic=False)
    scored = fr.score(corpus, fr.default_lexicons())
    comparison = fr.compare(scored, seed=DEFAULT_SEED)
    return corpus, scored, comparison


@pytest.fixture(scope="module")
def sheets(by_hand, tmp_path_factory) -> list[Path]:
    """Two coders' sheets of twelve sentences: anna codes as the lexicon does, ben flips one."""
    _, scored, _ = by_hand
    s = scored.sentences.head(12)
    folder = tmp_path_factory.mktemp("sheets")
    paths = []
    for coder in ("anna", "ben"):
        sheet = pd.DataFrame({"sentence_id": sentence_ids(s).to_numpy()})
        for f in scored.frame_ids:
            sheet[f] = s[f"frame_{f}"].astype(int).to_numpy()
        sheet["tone"] = [1, 0, -1] * 4
        if coder == "ben":
            sheet.loc[0, "technology"] = 1 - sheet.loc[0, "technology"]
        sheet["coder"] = coder
        paths.append(folder / f"{coder}.csv")
        sheet.to_csv(paths[-1], index=False, encoding="utf-8-sig")
    return paths


@pytest.fixture(scope="module")
def result(articles, sheets) -> Analysis:
    return analyze(articles, None, read_options=READ, codes=sheets)


def test_analyze_returns_every_stage(result, by_hand, sheets) -> None:
    corpus, scored, comparison = by_hand
    assert isinstance(result, Analysis) and result.out is None
    assert list(result.timings) == ["read", "score", "compare", "validate"]
    assert all(t >= 0 for t in result.timings.values())
    pd.testing.assert_frame_equal(result.corpus.documents, corpus.documents)
    pd.testing.assert_frame_equal(result.scored.sentences, scored.sentences)
    pd.testing.assert_frame_equal(result.comparison.tests, comparison.tests)
    # the validation is the one validate() gives on the same sheets with the run's seed
    alone = fr.validate(fr.read_codes(sheets, scored=scored), scored, seed=DEFAULT_SEED)
    pd.testing.assert_frame_equal(result.validation.agreement, alone.agreement)
    pd.testing.assert_frame_equal(result.validation.reliability, alone.reliability)
    tech = result.validation.agreement.set_index("frame").loc["technology"]
    assert tech["fp"] + tech["fn"] == 0  # a one-one tie is absent in the gold; anna = the lexicon


def test_analysis_documents_every_field() -> None:
    doc = Analysis.__doc__ or ""
    for f in dataclasses.fields(Analysis):
        assert f"{f.name} :" in doc, f.name


def test_source_is_the_deprecated_name_of_input() -> None:
    # an unknown grouping column fails right after reading: quick, and the warning comes first
    with pytest.warns(DeprecationWarning, match=r"analyze\(source=\.\.\.\) is deprecated; use analyze\(input=\.\.\.\)"):
        with pytest.raises(InputError, match="--by region_x: no such column"):
            analyze(source=ARTICLES, out=None, read_options=READ, by="region_x")


def test_input_and_source_together_is_an_error(tmp_path) -> None:
    with pytest.raises(TypeError, match="both input and source"):
        analyze(ARTICLES, tmp_path / "out", source=ARTICLES)
    assert list(tmp_path.iterdir()) == []


def test_the_old_paths_give_the_same_objects() -> None:
    assert fr.analyze is analyze
    with pytest.warns(DeprecationWarning, match="moved to framing.workflow.analyze"):
        assert bundle.analyze is analyze
    with pytest.warns(DeprecationWarning, match="moved to framing.workflow.Analysis"):
        assert bundle.Analysis is Analysis
    with pytest.raises(AttributeError, match="no attribute 'nothing'"):
        bundle.nothing  # noqa: B018
