"""Coding sheets: seeded stratified sampling, allocation, context, blindness, files."""

from __future__ import annotations

import functools
from dataclasses import replace
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from framing.errors import InputError
from framing.validation.codesheet import (
    SHEET_COLUMNS,
    allocate,
    instructions_path,
    make_codesheet,
    sentence_ids,
    write_codesheet,
)

SEEDS = Path(__file__).resolve().parent.parent / "seeds"

# sentences per outlet in the seeds (313 in all)
SEED_STRATA = {"web repost": 43, "北京商报": 50, "文汇报": 47, "每日经济新闻": 54, "浙江日报": 119}


@functools.cache
def scored_seeds():
    """The seeds read and scored once per test session (shared with test_validate)."""
    from framing.corpus.read import read_corpus
    from framing.scoring.pipeline import score

    return score(read_corpus(SEEDS))


@pytest.fixture(scope="module")
def scored():
    return scored_seeds()


@pytest.fixture(scope="module")
def sheet(scored):
    return make_codesheet(scored, n=200, seed=20240216)


def test_seed_strata_are_as_documented(scored):
    assert scored.sentences.groupby("outlet").size().to_dict() == SEED_STRATA


def test_columns_blank_codes_and_ids(sheet, scored):
    frames = scored.frame_ids
    assert list(sheet.columns) == SHEET_COLUMNS + frames + ["tone", "coder", "notes"]
    assert len(sheet) == 200
    assert sheet["sentence_id"].is_unique
    assert set(sheet["sentence_id"]) <= set(sentence_ids(scored.sentences))
    assert (sheet[frames + ["tone", "coder", "notes"]] == "").all().all()
    assert not any(c.startswith("machine_") for c in sheet.columns)
    # the id is doc_id:sent_id and the text is that sentence's
    s = scored.sentences.set_index(sentence_ids(scored.sentences))
    assert (s.loc[sheet["sentence_id"], "text"].to_numpy() == sheet["text"].to_numpy()).all()
    assert (s.loc[sheet["sentence_id"], "doc_id"].to_numpy() == sheet["doc_id"].to_numpy()).all()


def test_proportional_allocation_by_hand(sheet):
    # quotas 200 * N_h / 313: 27.48, 31.95, 30.03, 34.50, 76.04 -> floors 27 31 30 34 76 (198);
    # the two largest remainders (.95 北京商报, .50 每日经济新闻) get one more
    expected = {"web repost": 27, "北京商报": 32, "文汇报": 30, "每日经济新闻": 35, "浙江日报": 76}
    assert sheet.groupby("outlet").size().to_dict() == expected
    assert sheet.attrs["strata"] == {k: [SEED_STRATA[k], v] for k, v in expected.items()}
    assert sheet.attrs["n_population"] == 313


def test_equal_allocation_by_hand(scored):
    eq = make_codesheet(scored, n=200, allocation="equal")
    assert set(eq.groupby("outlet").size()) == {40}
    # 230 / 5 = 46, but web repost has 43: the 3 left go to the largest other strata
    eq = make_codesheet(scored, n=230, allocation="equal")
    expected = {"web repost": 43, "北京商报": 47, "文汇报": 46, "每日经济新闻": 47, "浙江日报": 47}
    assert eq.groupby("outlet").size().to_dict() == expected


def test_allocate_edge_cases():
    sizes = pd.Series({"a": 5, "b": 3, "c": 2})
    assert allocate(sizes, 100).tolist() == [5, 3, 2]  # capped at the population
    assert allocate(sizes, 5).tolist() == [3, 1, 1]  # quotas 2.5 1.5 1.0: tie -> larger
    assert allocate(sizes, 7, "equal").tolist() == [3, 2, 2]
    assert allocate(sizes, 9, "equal").tolist() == [4, 3, 2]
    with pytest.raises(ValueError, match="allocation"):
        allocate(sizes, 3, "optimal")  # type: ignore[arg-type]


def test_same_seed_same_sheet_other_seed_other_sheet(scored, sheet):
    again = make_codesheet(scored, n=200, seed=20240216)
    pd.testing.assert_frame_equal(sheet, again)
    other = make_codesheet(scored, n=200, seed=7)
    assert set(other["sentence_id"]) != set(sheet["sentence_id"])


def test_draw_does_not_depend_on_row_order(scored, sheet):
    shuffled = scored.sentences.sample(frac=1.0, random_state=3)
    again = make_codesheet(replace(scored, sentences=shuffled), n=200, seed=20240216)
    pd.testing.assert_frame_equal(sheet.reset_index(drop=True), again.reset_index(drop=True))


def test_simple_random_sample_when_not_stratified(scored):
    s = make_codesheet(scored, n=50, stratify=None)
    assert len(s) == 50 and s.attrs["strata"] == {"all": [313, 50]}
    assert make_codesheet(scored, n=1000).shape[0] == 313  # n above the population: all


def test_exclude_and_headlines(scored, sheet):
    first = set(sheet["sentence_id"])
    second = make_codesheet(scored, n=100, exclude=first)
    assert not first & set(second["sentence_id"])
    assert second.attrs["n_population"] == 113
    no_heads = make_codesheet(scored, n=313, include_headlines=False)
    heads = set(sentence_ids(scored.sentences[scored.sentences["is_headline"]]))
    assert heads and not heads & set(no_heads["sentence_id"])
    assert len(no_heads) == 313 - len(heads)


def test_context_is_the_neighbouring_sentences(sheet, scored):
    s = scored.sentences
    text = dict(zip(sentence_ids(s), s["text"], strict=True))
    for row in sheet.itertuples(index=False):
        doc, sent = row.sentence_id.rsplit(":", 1)
        assert row.context_before == text.get(f"{doc}:{int(sent) - 1}", "")
        assert row.context_after == text.get(f"{doc}:{int(sent) + 1}", "")


def test_not_blind_adds_machine_codes(scored):
    s = make_codesheet(scored, n=40, blind=False)
    src = scored.sentences.set_index(sentence_ids(scored.sentences)).loc[s["sentence_id"]]
    for f in scored.frame_ids:
        assert (s[f"machine_{f}"].to_numpy() == src[f"frame_{f}"].astype(int).to_numpy()).all()
    assert (s["machine_tone"].to_numpy() == np.sign(src["tone"]).astype(int).to_numpy()).all()
    assert np.allclose(s["machine_sentiment"], src["sentiment"])


def test_bad_arguments(scored):
    with pytest.raises(InputError, match="cannot stratify by 'province'"):
        make_codesheet(scored, stratify="province")
    with pytest.raises(InputError, match="at least 1 sentence"):
        make_codesheet(scored, n=0)


def test_write_codesheet_and_instructions(tmp_path, sheet, scored):
    codebook = tmp_path / "CODEBOOK.md"
    codebook.write_text("# Codebook\n\nthreat needs harm to someone.\n", encoding="utf-8")
    csv, md = write_codesheet(sheet, tmp_path / "out" / "sheet.csv", scored.lexicons, codebook)
    assert csv == tmp_path / "out" / "sheet.csv"
    assert md == instructions_path(csv) == tmp_path / "out" / "sheet_instructions.md"
    assert csv.read_bytes().startswith(b"\xef\xbb\xbf")  # BOM: Excel reads the Chinese
    back = pd.read_csv(csv, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    assert list(back.columns) == list(sheet.columns)
    assert (back["text"] == sheet["text"]).all()
    text = md.read_text(encoding="utf-8")
    for f in scored.lexicons.frames:
        assert f"| `{f.id}` | {f.label_zh} / {f.label_en} | {f.definition} |" in text
    assert "`-1` | negative" in text and "seed 20240216" in text
    assert "| 浙江日报 | 119 | 76 |" in text
    assert text.rstrip().endswith("threat needs harm to someone.")


def test_write_codesheet_checks_frames(tmp_path, sheet, scored):
    with pytest.raises(InputError, match="no column for frame"):
        write_codesheet(sheet.drop(columns=["threat"]), tmp_path / "s.csv", scored.lexicons)
