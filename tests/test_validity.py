"""Validity of the default lexicons on the development set's held part, and the unit tools.

``tests/data/devset`` holds 21 news-style articles written for the project, cut into units
and coded by two coders (README there). ``split.tsv`` puts 7 articles in a held part that
lexicon edits are never tuned on. The floors below sit a little under what the bundled
lexicons reach there (macro-F1 .59, mean precision .80, tone Spearman .42 with
``benchmarks/validity.py``), so an edit that quietly loses validity on unseen text fails.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from framing.corpus.read import read_corpus
from framing.scoring.pipeline import score, score_texts
from framing.validation.units import align_units, measure_unit_set, read_unit_set, unit_agreement

DEVSET = Path(__file__).parent / "data" / "devset"
HELD_MACRO_F1_FLOOR = 0.55
HELD_MEAN_PRECISION_FLOOR = 0.75
HELD_TONE_SPEARMAN_FLOOR = 0.36


@pytest.fixture(scope="module")
def held():
    return measure_unit_set(DEVSET, parts=("held",))["held"]


def test_the_held_part_keeps_its_validity(held) -> None:
    frames = held["frames"]
    agreed = frames[frames["gold"] == "agreed"].set_index("frame")
    assert agreed.loc["macro", "f1"] >= HELD_MACRO_F1_FLOOR
    per_frame = agreed.drop(index="macro")
    assert per_frame["precision"].mean() >= HELD_MEAN_PRECISION_FLOOR
    tone = held["tone"].set_index("measure").loc["tone"]
    assert tone["spearman_rho"] >= HELD_TONE_SPEARMAN_FLOOR
    # nearly every coded article unit is found in the scored text (furniture is left out)
    assert held["aligned"]["aligned"].mean() >= 0.99


VARIED = Path(__file__).parent / "data" / "varied"
# The varied-wording set's held part (w2_*): the bundled lexicons reach macro-F1 .44 on it;
# the floor sits under that so that a later edit cannot quietly lose what carries.
VARIED_HELD_MACRO_F1_FLOOR = 0.40


def test_the_varied_wording_set_is_well_formed_and_its_held_part_above_a_floor() -> None:
    arts, units, codes = read_unit_set(VARIED, ["threat"])
    assert len(arts) == 16 and len(units) == 481 and set(codes["coder"]) == {"coder1", "coder2"}
    assert set(arts.loc[arts["part"] == "held", "doc_id"].str[:2]) == {"w2"}
    held = measure_unit_set(VARIED, parts=("held",))["held"]
    assert held["aligned"]["aligned"].all()
    agreed = held["frames"][held["frames"]["gold"] == "agreed"].set_index("frame")
    assert agreed.loc["macro", "f1"] >= VARIED_HELD_MACRO_F1_FLOOR


def test_the_split_keeps_the_held_articles_apart() -> None:
    arts, units, codes = read_unit_set(DEVSET, ["threat"])
    assert (arts["part"] == "held").sum() == 7 and (arts["part"] == "develop").sum() == 14
    assert len(units) == 547 and set(codes["coder"]) == {"coder1", "coder2"}


# ---- align_units and unit_agreement on hand-made units --------------------------------------


def test_a_unit_with_inline_debris_is_found_as_cleaning_left_it() -> None:
    """Cleaning drops **bold** marks from the scored text; the coder's unit still holds them."""
    corpus = read_corpus(pd.DataFrame({"doc_id": ["a"], "outlet": ["x"],
                                       "text": ["**从业者担心失业。**\n发布会于昨日举行。"]}),
                         filter_topic=False)
    scored = score(corpus)
    units = pd.DataFrame({"doc_id": ["a", "a"], "unit_id": ["u1", "u2"],
                          "text": ["**从业者担心失业。**", "发布会于昨日举行。"]})
    al = align_units(units, scored, frames=["threat"]).set_index("unit_id")
    assert al["aligned"].all()
    assert al.loc["u1", "frame_threat"] == 1 and al.loc["u2", "frame_threat"] == 0


def test_units_are_found_in_order_and_take_the_frames_of_what_they_overlap() -> None:
    scored = score_texts(["从业者担心失业。", "发布会于昨日举行。", "从业者担心失业。"])
    scored.sentences["doc_id"] = "a"  # one article of three sentences
    scored.sentences["sent_id"] = [1, 2, 3]
    units = pd.DataFrame({
        "doc_id": ["a"] * 4,
        "unit_id": ["u1", "u2", "u3", "u4"],
        # u1 in Traditional script; u3 is the second, identical sentence; u4 was never there
        "text": ["從業者擔心失業。", "发布会于昨日举行。", "从业者担心失业。", "责任编辑：某某"],
    })
    al = align_units(units, scored, frames=["threat"]).set_index("unit_id")
    assert list(al["aligned"]) == [True, True, True, False]
    assert list(al["sent_ids"]) == ["1", "2", "3", ""]  # u3 is found after u2, not at u1
    assert list(al["frame_threat"]) == [1, 0, 1, 0]


def test_agreement_counts_against_each_coder_and_their_agreement() -> None:
    aligned = pd.DataFrame({"unit_id": ["u1", "u2", "u3", "u4"], "frame_threat": [1, 1, 0, 0],
                            "tone": [-1.0, 0.0, 0.0, 1.0], "sentiment": [0.2, 0.5, 0.5, 0.8],
                            "voice": ["journalist"] * 4})
    codes = pd.DataFrame({
        "unit_id": ["u1", "u2", "u3", "u4"] * 2,
        "coder": ["a"] * 4 + ["b"] * 4,
        "threat": [1, 0, 1, 0] + [1, 1, 1, 0],
        "tone": [-1, 0, 0, 1] + [-1, 0, 0, 1],
        "voice": ["journalist"] * 8,
    })
    res = unit_agreement(aligned, codes, ["threat"])["frames"].set_index(["gold", "frame"])
    # coder a: tp u1, fp u2, fn u3 -> P .5, R .5; coder b: tp u1 u2, fn u3 -> P 1, R 2/3
    assert res.loc[("a", "threat"), ["tp", "fp", "fn"]].tolist() == [1, 1, 1]
    assert res.loc[("b", "threat"), "recall"] == pytest.approx(2 / 3)
    # agreed: u2 is undecided and left out; u1 tp, u3 fn, u4 tn
    agreed = res.loc[("agreed", "threat")]
    assert agreed["n"] == 3 and agreed[["tp", "fp", "fn"]].tolist() == [1, 0, 1]


def test_the_recorded_validity_is_a_fresh_measurement(held) -> None:
    """lexicons/validity.toml (cited by README and the report) equals what the bundled
    lexicons reach now; after a lexicon edit, rerun ``benchmarks/validity.py --write``."""
    import framing as fr
    from framing.validation.measured import bundled_validity, validity_record

    assert bundled_validity() == validity_record(held, fr.default_lexicons())


def test_the_readme_cites_the_recorded_figures() -> None:
    from framing.validation.measured import bundled_validity

    readme = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    rec = bundled_validity()
    m = rec["macro"]
    assert (f"| **macro** | | {m['precision']:.2f} | {m['recall']:.2f} | {m['f1']:.2f} | "
            f"{m['f1_low']:.2f}–{m['f1_high']:.2f} |") in readme
    for f, v in rec["frames"].items():
        assert (f"| {f} | {v['support']} | {v['precision']:.2f} | {v['recall']:.2f} | {v['f1']:.2f} | "
                f"{v['f1_low']:.2f}–{v['f1_high']:.2f} |") in readme
    t = rec["tone"]["tone"]
    assert f"Spearman {t['spearman']:.2f} ({t['spearman_low']:.2f}–{t['spearman_high']:.2f})" in readme


def test_a_set_without_a_part_leaves_it_out(tmp_path) -> None:
    """A coded set whose articles are all held has no develop part: it is left out, not an error."""
    import shutil

    keep = ["w1_01", "w1_02"]
    (tmp_path / "articles").mkdir()
    (tmp_path / "codes").mkdir()
    for k in keep:
        shutil.copy(DEVSET / "articles" / f"{k}.txt", tmp_path / "articles")
    units = pd.read_csv(DEVSET / "units.tsv", sep="\t", dtype=str, keep_default_na=False)
    units[units["text_id"].isin(keep)].to_csv(tmp_path / "units.tsv", sep="\t", index=False)
    for sheet in (DEVSET / "codes").glob("*.csv"):
        c = pd.read_csv(sheet, dtype=str, keep_default_na=False)
        c[c["unit_id"].str[:5].isin(keep)].to_csv(tmp_path / "codes" / sheet.name, index=False)
    (tmp_path / "split.tsv").write_text("text_id\tpart\n" + "".join(f"{k}\theld\n" for k in keep))
    res = measure_unit_set(tmp_path, parts=("develop", "held"))
    assert set(res) == {"held"}
    n_body = int((res["held"]["aligned"]["aligned"]).sum())
    assert n_body > 20


def test_the_report_states_the_recorded_figures_with_their_intervals() -> None:
    from types import SimpleNamespace

    from framing.report.markdown import _dictionary_caveat
    from framing.validation.measured import bundled_validity

    rec = bundled_validity()
    text = _dictionary_caveat(SimpleNamespace(lexicons=SimpleNamespace(version=rec["lexicons"])), [])
    m, t = rec["macro"], rec["tone"]["tone"]
    assert f"F1 {m['f1']:.2f} ({m['f1_low']:.2f}–{m['f1_high']:.2f})" in text
    assert f"Spearman {t['spearman']:.2f} ({t['spearman_low']:.2f}–{t['spearman_high']:.2f})" in text
    # a run with lexicons of another version gets the advice alone, no borrowed figures
    other = _dictionary_caveat(SimpleNamespace(lexicons=SimpleNamespace(version="frames 0.1")), [])
    assert "macro precision" not in other and "framing codesheet" in other
