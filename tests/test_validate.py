"""Round trip codesheet -> filled sheets -> validate, with figures computed by hand.

The test draws the default sheet from the seeds, picks ten sentences of it by their
machine codes, and fills two coders' copies with fixed answers:

====  ====================  ==========  ==========  ===========  =========  ===========
unit  machine frames        technology  resources   governance   tone A/B   gold tone
====  ====================  ==========  ==========  ===========  =========  ===========
u1    technology            A1 B1       0 0         A0 B1        1 / 1      1
u2    technology            A1 B1       0 0         A1 B1        0 / 0      0
u3    technology            A1 B0       0 0         A0 B1        0 / 1      0 (tie)
u4    resources             A0 B0       1 1         A0 B0        -1 / -1    -1
u5    resources             A0 B0       1 1         A0 B0        1 / 0      0 (tie)
u6    technology+resources  A1 B1       0 0         A0 B1        0 / 0      0
u7    technology+resources  A0 B0       1 1         A0 B0        0 / -1     0 (tie)
u8    (none)                A1 B1       0 0         A0 B0        1 / 1      1
u9    (none)                A0 B1       0 0         A1 B0        -1 / -1    -1
u10   (none)                A0 B0       0 0         A0 B0        0 / 0      0
====  ====================  ==========  ==========  ===========  =========  ===========

The other five frames are left blank (= 0) by both coders; the lexicon codes none of them
on these sentences. Gold = strict majority of two coders = both coders marked it.

By hand:

* technology: gold u1 u2 u6 u8; lexicon u1 u2 u3 u6 u7 -> TP 3, FP 2 (u3 u7), FN 1 (u8),
  TN 4: P 3/5 = .6, R 3/4 = .75, F1 6/9 = .6667. Alpha: 2 of 10 units disagree, n_1 = n_0
  = 10: 1 - 19 * 4 / (400 - 200) = .62; agreement 16/20 = .8.
* resources: gold u4 u5 u7; lexicon u4 u5 u6 u7 -> TP 3, FP 1 (u6), FN 0: P .75, R 1,
  F1 6/7. Alpha 1 (no disagreement).
* governance: the two-coder binary example of Krippendorff (2004, section 11.3.1):
  alpha = 1 - 19 * 8 / (400 - 196 - 36) = 2/21 = .0952381; agreement 12/20. Gold u2 only,
  lexicon none -> TP 0, FP 0, FN 1: P undefined, R 0, F1 0.
* five frames without any 1: P, R, F1 and alpha undefined; agreement 1.
* micro: TP 6, FP 3, FN 2 -> P 6/9, R 6/8, F1 12/17. Macro (over the defined values):
  P (.6 + .75) / 2 = .675, R (.75 + 1 + 0) / 3 = 7/12, F1 (2/3 + 6/7 + 0) / 3 = 32/63.
* tone, nominal alpha: 3 of 10 units disagree, n_c = (5, 9, 6) for (-1, 0, 1):
  1 - 19 * 6 / (400 - 142) = 1 - 114/258 = .5581395. Ordinal: d(-1,0) = 7^2 = 49,
  d(0,1) = 7.5^2 = 56.25, d(-1,1) = 14.5^2 = 210.25; observed 2*2*56.25 + 2*49 = 323,
  expected 2 * (45*49 + 54*56.25 + 30*210.25) = 23100: 1 - 19 * 323 / 23100 = .7343290.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from framing.errors import InputError
from framing.report.validation_md import render_validation_section, write_validation
from framing.validation import (
    Validation,
    make_codesheet,
    read_codes,
    validate,
    write_codesheet,
)
from framing.validation.codesheet import sentence_ids
from tests.test_codesheet import scored_seeds

PATTERNS = [
    ("technology",) * 1,
    ("technology",),
    ("technology",),
    ("resources",),
    ("resources",),
    ("resources", "technology"),
    ("resources", "technology"),
    (),
    (),
    (),
]
FILL = {
    "A": {
        "technology": [1, 1, 1, 0, 0, 1, 0, 1, 0, 0],
        "resources": [0, 0, 0, 1, 1, 0, 1, 0, 0, 0],
        "governance": [0, 1, 0, 0, 0, 0, 0, 0, 1, 0],
        "tone": [1, 0, 0, -1, 1, 0, 0, 1, -1, 0],
    },
    "B": {
        "technology": [1, 1, 0, 0, 0, 1, 0, 1, 1, 0],
        "resources": [0, 0, 0, 1, 1, 0, 1, 0, 0, 0],
        "governance": [1, 1, 1, 0, 0, 1, 0, 0, 0, 0],
        "tone": [1, 0, 1, -1, 0, 0, -1, 1, -1, 0],
    },
}
GOLD_TONE = [1, 0, 0, -1, 0, 0, 0, 1, -1, 0]
UNDEFINED = ["threat", "opportunity", "catch_up", "spectacle", "limitation"]


@pytest.fixture(scope="module")
def scored():
    return scored_seeds()


@pytest.fixture(scope="module")
def units(scored) -> list[str]:
    """The ten sentence ids u1..u10: the first sheet rows with each machine pattern."""
    sheet = make_codesheet(scored, n=200, seed=20240216)
    s = scored.sentences.set_index(sentence_ids(scored.sentences))
    dup_text = set(s["text"][s["text"].duplicated()])
    pattern = {
        sid: tuple(f for f in sorted(scored.frame_ids) if s.at[sid, f"frame_{f}"])
        for sid in sheet["sentence_id"]
        if s.at[sid, "text"] not in dup_text
    }
    chosen: list[str] = []
    for want in PATTERNS:
        sid = next(k for k, v in pattern.items() if v == want and k not in chosen)
        chosen.append(sid)
    return chosen


@pytest.fixture(scope="module")
def sheets(scored, units, tmp_path_factory):
    """Two filled copies of the sheet: anna's as written (UTF-8 with BOM), ben's without the
    sentence_id column (matched by text, with spacing and width changed) saved in GB18030."""
    folder = tmp_path_factory.mktemp("sheets")
    sheet = make_codesheet(scored, n=200, seed=20240216)
    path, _ = write_codesheet(sheet, folder / "sheet.csv", scored.lexicons)
    paths = []
    for coder, name in (("A", "anna"), ("B", "ben")):
        filled = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
        rows = filled.index[filled["sentence_id"].isin(units)]
        at = {sid: i for i, sid in zip(rows, filled.loc[rows, "sentence_id"], strict=True)}
        for k, sid in enumerate(units):
            for col, values in FILL[coder].items():
                filled.at[at[sid], col] = str(values[k])
        filled["coder"] = name  # also on the uncoded rows: they stay uncoded
        out = folder / f"{name}.csv"
        if coder == "B":
            filled.loc[rows, "notes"] = "看过"
            filled["text"] = (
                filled["text"]
                .str.replace(",", "，", regex=False)
                .map(lambda t: " " + t[:3] + " " + t[3:] + "\u3000")
            )
            filled.drop(columns=["sentence_id"]).to_csv(out, index=False, encoding="gb18030")
        else:
            filled.to_csv(out, index=False, encoding="utf-8-sig")
        paths.append(out)
    return paths


@pytest.fixture(scope="module")
def result(sheets, scored) -> Validation:
    return validate(sheets, scored, n_boot=200, seed=11)


def row(table: pd.DataFrame, frame: str, level: str | None = None) -> pd.Series:
    sel = table["frame"] == frame
    if level is not None:
        sel &= table["level"] == level
    assert sel.sum() == 1
    return table[sel].iloc[0]


# --------------------------------------------------------------------------------------
# the round trip


def test_read_codes_long_table(sheets, scored, units):
    codes = read_codes(sheets, scored=scored)
    assert len(codes) == 20  # the 190 rows nobody filled are dropped
    assert sorted(codes["coder"].unique()) == ["anna", "ben"]
    for coder in ("anna", "ben"):
        assert sorted(codes.loc[codes["coder"] == coder, "sentence_id"]) == sorted(units)
    ben = codes[codes["coder"] == "ben"].set_index("sentence_id").loc[units]
    assert ben["source"].eq("ben.csv").all()
    assert ben["technology"].tolist() == FILL["B"]["technology"]
    assert (ben["threat"] == 0).all()  # blank in a coded row = 0
    s = scored.sentences.set_index(sentence_ids(scored.sentences))
    assert ben["doc_id"].tolist() == s.loc[units, "doc_id"].tolist()
    assert ben["outlet"].tolist() == s.loc[units, "outlet"].tolist()


def test_precision_recall_f1_by_hand(result):
    a = result.agreement
    assert list(a["frame"]) == result.frames + ["micro", "macro"]
    expected = {
        # frame: (support, tp, fp, fn, tn, P, R, F1)
        "technology": (4, 3, 2, 1, 4, 0.6, 0.75, 2 / 3),
        "resources": (3, 3, 1, 0, 6, 0.75, 1.0, 6 / 7),
        "governance": (1, 0, 0, 1, 9, np.nan, 0.0, 0.0),
        "micro": (8, 6, 3, 2, 69, 6 / 9, 6 / 8, 12 / 17),
        "macro": (8, 6, 3, 2, 69, 0.675, 7 / 12, 32 / 63),
    }
    for f in UNDEFINED:
        expected[f] = (0, 0, 0, 0, 10, np.nan, np.nan, np.nan)
    for frame, (support, tp, fp, fn, tn, p, r, f1) in expected.items():
        got = row(a, frame)
        assert (got.support, got.tp, got.fp, got.fn, got.tn) == (support, tp, fp, fn, tn), frame
        np.testing.assert_allclose(
            [got.precision, got.recall, got.f1], [p, r, f1], atol=1e-12, err_msg=frame
        )
    for frame in ("technology", "resources", "micro", "macro"):
        got = row(a, frame)
        for m in ("precision", "recall", "f1"):
            assert got[f"{m}_low"] - 1e-12 <= got[m] <= got[f"{m}_high"] + 1e-12


def test_alpha_by_hand(result):
    rel = result.reliability
    assert list(rel["frame"]) == result.frames + ["tone", "tone"]
    assert (rel["n_units"] == 10).all() and (rel["n_coders"] == 2).all()
    tech = row(rel, "technology")
    assert tech.alpha == pytest.approx(0.62, abs=1e-12)
    assert tech.agreement == pytest.approx(0.8)
    assert tech.prevalence == pytest.approx(0.5)
    assert tech.alpha_low <= tech.alpha <= tech.alpha_high
    assert row(rel, "resources").alpha == pytest.approx(1.0)
    gov = row(rel, "governance")
    assert gov.alpha == pytest.approx(0.0952381, abs=1e-7)  # Krippendorff (2004) 11.3.1
    assert gov.agreement == pytest.approx(0.6)
    for f in UNDEFINED:
        assert np.isnan(row(rel, f).alpha) and row(rel, f).agreement == 1.0
    assert row(rel, "tone", "nominal").alpha == pytest.approx(1 - 114 / 258, abs=1e-12)
    assert row(rel, "tone", "nominal").agreement == pytest.approx(0.7)
    assert row(rel, "tone", "ordinal").alpha == pytest.approx(1 - 19 * 323 / 23100, abs=1e-12)


def test_errors_name_sentences_and_terms(result, units, scored):
    e = result.errors
    got = sorted(zip(e["frame"], e["kind"], e["sentence_id"], e["votes"], e["tie"], strict=True))
    u = dict(enumerate(units, start=1))
    assert got == sorted(
        [
            ("technology", "FP", u[3], "1/2", True),
            ("technology", "FP", u[7], "0/2", False),
            ("technology", "FN", u[8], "2/2", False),
            ("resources", "FP", u[6], "0/2", False),
            ("governance", "FN", u[2], "2/2", False),
        ]
    )
    hits = scored.hits.assign(sentence_id=sentence_ids(scored.hits))
    for r in e.itertuples(index=False):
        h = hits[(hits["sentence_id"] == r.sentence_id) & (hits["label"] == r.frame)]
        counted = h[(h["layer"] == "frame") & ~h["negated"]]
        pairs = zip(counted["term"], counted["weight"], strict=True)
        assert r.terms == "; ".join(f"{t} ({w:g})" for t, w in pairs)
        if r.kind == "FP":
            assert r.terms and r.evidence == "fired: " + r.terms
        elif h.empty:
            assert r.evidence == "no term fired"
        else:
            assert r.evidence.startswith(("negated: ", "below threshold"))
    s = scored.sentences.set_index(sentence_ids(scored.sentences))
    assert (e["text"].to_numpy() == s.loc[e["sentence_id"], "text"].to_numpy()).all()


def test_tone_agreement_against_scipy(result, units, scored):
    s = scored.sentences.set_index(sentence_ids(scored.sentences)).loc[units]
    human = np.array(GOLD_TONE, dtype=float)
    by_unit = result.units.set_index("sentence_id").loc[units]
    assert by_unit["human_tone"].tolist() == GOLD_TONE
    ties = [False, False, True, False, True, False, True, False, False, False]
    assert by_unit["tone_tie"].tolist() == ties
    t = result.tone.set_index("measure")
    senti = s["sentiment"].to_numpy()
    lex = s["tone"].to_numpy()
    sign_senti = np.where(senti > 0.5, 1, np.where(senti < 0.5, -1, 0))
    assert t.at["sentiment", "n"] == 10 and t.at["sentiment", "n_polar"] == 4
    assert t.at["sentiment", "sign_accuracy"] == pytest.approx(np.mean(sign_senti == human))
    assert t.at["tone", "sign_accuracy"] == pytest.approx(np.mean(np.sign(lex) == human))
    rho = stats.spearmanr(lex, human).statistic if np.ptp(lex) else np.nan
    np.testing.assert_allclose(t.at["tone", "spearman_rho"], rho)


def test_diagnostics_count_rejected_hits(result, units, scored):
    d = result.diagnostics
    hits = scored.hits.assign(sentence_id=sentence_ids(scored.hits))
    counted = hits[(hits["layer"] == "frame") & ~hits["negated"]]
    gold = {
        "technology": {units[i] for i in (0, 1, 5, 7)},
        "resources": {units[i] for i in (3, 4, 6)},
        "governance": {units[1]},
    }
    for frame, positive in gold.items():
        mine = counted[(counted["label"] == frame) & counted["sentence_id"].isin(units)]
        dd = d[(d["layer"] == "frame") & (d["label"] == frame)]
        assert dd["coded_hits"].sum() == len(mine)
        assert dd["rejected_hits"].sum() == (~mine["sentence_id"].isin(positive)).sum()
    assert d["hits"].sum() == (~hits["negated"]).sum()
    assert (d["rejected_hits"] <= d["coded_hits"]).all()
    share = d["rejected_share"].dropna()
    assert np.allclose(share, (d["rejected_hits"] / d["coded_hits"])[share.index])
    silent = result.silent_terms
    assert len(silent) and ((d["hits"] == 0) & (d["negated"] == 0)).sum() == len(silent)
    fired = set(zip(hits["layer"], hits["label"], hits["term"], strict=True))
    assert not fired & set(zip(silent["layer"], silent["label"], silent["term"], strict=True))


def test_tables_report_and_files(result, tmp_path):
    tables = result.tables()
    assert list(tables) == [
        "reliability",
        "agreement",
        "errors",
        "tone",
        "diagnostics",
        "silent_terms",
        "units",
    ]
    md = render_validation_section(result)
    assert md.startswith("## Validation against human coding")
    assert "10 sentences from" in md and "(anna, ben)" in md
    assert "| technology | nominal | 10 | 2 | 0.800 | 0.620 |" in md
    # Wilson intervals of 6/9, 6/8, and of J = 6/11 mapped to F1 = 2J/(1+J)
    assert "| micro | 8 | 6 | 3 | 2 | 0.67 [0.35, 0.88] | 0.75 [0.41, 0.93] | 0.71 [0.44, 0.88] |" in md
    assert "6 sentence-frame pair(s) are ties" in md  # technology u3 u9, governance u1 u3 u6 u9
    assert "3 sentence(s) have no majority tone" in md  # u3 u5 u7
    written = write_validation(result, tmp_path / "v")
    assert [p.name for p in written] == [f"validation_{k}.csv" for k in tables] + [
        "validation_report.md"
    ]
    back = pd.read_csv(tmp_path / "v" / "validation_agreement.csv", encoding="utf-8-sig")
    assert back["tp"].tolist() == result.agreement["tp"].tolist()


def test_same_seed_same_figures(sheets, scored, result):
    again = validate(sheets, scored, n_boot=200, seed=11)
    for name, table in result.tables().items():
        pd.testing.assert_frame_equal(table, again.tables()[name], check_exact=True, obj=name)


def test_gold_coder_and_single_coder(sheets, scored, units):
    codes = read_codes(sheets, scored=scored)
    # an adjudicator who sides with anna on every unit: gold = anna's codes
    judge = codes[codes["coder"] == "anna"].assign(coder="judge", source="judge.csv")
    both = pd.concat([codes, judge], ignore_index=True)
    both.attrs = codes.attrs
    v = validate(both, scored, n_boot=0, gold_coder="judge")
    assert set(v.reliability["n_coders"]) == {2}  # the judge is not in the reliability
    tech = row(v.agreement, "technology")
    # anna technology 1 on u1 u2 u3 u6 u8; lexicon u1 u2 u3 u6 u7: TP 4, FP 1 (u7), FN 1 (u8)
    assert (tech.tp, tech.fp, tech.fn) == (4, 1, 1)
    # n_boot=0: no bootstrap, but the Wilson intervals need none (J = 4/6 -> F1 = 2J/(1+J))
    from statsmodels.stats.proportion import proportion_confint

    j_low, _ = proportion_confint(4, 6, method="wilson")
    assert tech.f1_low == pytest.approx(2 * j_low / (1 + j_low))
    assert v.units.set_index("sentence_id").loc[units, "human_tone"].tolist() == FILL["A"]["tone"]

    one = validate(sheets[0], scored, n_boot=50)
    assert one.coders == ["anna"] and one.reliability.empty
    assert "One coder only" in render_validation_section(one)
    assert (row(one.agreement, "technology").tp, row(one.agreement, "technology").fp) == (4, 1)


def test_frames_nobody_coded_are_left_out(sheets, scored, tmp_path):
    filled = pd.read_csv(sheets[0], dtype=str, keep_default_na=False, encoding="utf-8-sig")
    path = tmp_path / "anna_two_frames.csv"
    filled[["sentence_id", "text", "technology", "resources", "tone", "coder"]].to_csv(
        path, index=False
    )
    v = validate(path, scored, n_boot=0)
    assert v.frames == ["resources", "technology"]
    assert list(v.agreement["frame"]) == ["resources", "technology", "micro", "macro"]
    with pytest.raises(InputError, match=r"no coder coded frame\(s\) \['threat'\]"):
        validate(path, scored, n_boot=0, frames=["technology", "threat"])


# --------------------------------------------------------------------------------------
# error messages


def _sheet(scored, n=3) -> pd.DataFrame:
    sheet = make_codesheet(scored, n=n, seed=1)
    sheet["technology"] = "1"
    sheet["tone"] = "0"
    sheet["coder"] = "anna"
    return sheet


def _raises(match: str, *args, **kwargs) -> str:
    with pytest.raises(InputError, match=match) as info:
        read_codes(*args, **kwargs)
    msg = str(info.value)
    assert "\n" not in msg
    return msg


def test_error_no_id_or_text(scored, tmp_path):
    path = tmp_path / "coded.csv"
    _sheet(scored).drop(columns=["sentence_id", "text"]).to_csv(path, index=False)
    msg = _raises("coded.csv: no 'sentence_id' and no 'text' column", path, scored=scored)
    assert "keep the sentence_id column" in msg


def test_error_values_outside_the_codes(scored, tmp_path):
    sheet = _sheet(scored)
    sheet.loc[1, "threat"] = "2"
    path = tmp_path / "coded.csv"
    sheet.to_csv(path, index=False)
    _raises(r"coded.csv row 3: column 'threat' holds '2'; write 1 \(frame present\)", path)
    sheet = _sheet(scored)
    sheet.loc[2, "tone"] = "+2"
    _raises(r"table 1 row 4: column 'tone' holds '\+2'; write -1", sheet)
    sheet.loc[2, "tone"] = "+1"  # a plus sign is fine
    assert read_codes(sheet, scored=scored)["tone"].tolist() == [0, 0, 1]


def test_error_coder_names(scored, tmp_path):
    a, b = tmp_path / "a.csv", tmp_path / "b.csv"
    _sheet(scored).to_csv(a, index=False)
    _sheet(scored).drop(columns=["coder"]).to_csv(b, index=False)
    _raises("b.csv: no coder names; with several sheets add a 'coder' column", [a, b])
    # one sheet without names is one coder, named after the file
    assert read_codes(b, scored=scored)["coder"].unique().tolist() == ["b"]
    partly = _sheet(scored)
    partly.loc[1, "coder"] = ""
    _raises("table 1 row 3: no coder name", partly)


def test_error_duplicated_coder_and_sentence(scored, tmp_path):
    sheet = _sheet(scored)
    a, b = tmp_path / "a.csv", tmp_path / "b.csv"
    sheet.to_csv(a, index=False)
    sheet.iloc[[0]].to_csv(b, index=False)
    sid = sheet.loc[0, "sentence_id"]
    msg = _raises(f"b.csv row 2: coder 'anna' coded sentence '{sid}' again", [a, b], scored=scored)
    assert "first in a.csv row 2" in msg
    # also when the second copy is matched by its text
    sheet.drop(columns=["sentence_id"]).iloc[[0]].to_csv(b, index=False)
    _raises("b.csv row 2: coder 'anna' coded sentence", [a, b], scored=scored)


def test_error_unmatched_rows(scored):
    sheet = _sheet(scored)
    sheet.loc[0, "sentence_id"] = "999_nope#1:3"
    _raises("table 1 row 2: sentence_id '999_nope#1:3' is not a sentence", sheet, scored=scored)
    sheet = _sheet(scored)
    sheet.loc[1, "text"] = "这句话不在语料里。"
    _raises("row 3: the text of .* differs from the corpus sentence", sheet, scored=scored)
    sheet = sheet.drop(columns=["sentence_id"])
    _raises("row 3: no sentence of the scored corpus has the text", sheet, scored=scored)
    sheet.loc[1, "text"] = "梅涛说。"  # twice in the seeds, in the same article
    _raises(
        "row 3: the text '梅涛说。' matches 2 sentences",
        sheet.drop(columns=["doc_id"]),
        scored=scored,
    )


def test_text_match_within_doc_id(scored):
    s = scored.sentences
    one = s[s["doc_id"] == s["doc_id"].iloc[0]].iloc[[3]]
    other = s.loc[s["doc_id"] != one["doc_id"].iloc[0], "doc_id"].iloc[0]
    sheet = pd.DataFrame(
        {"doc_id": one["doc_id"], "text": one["text"], "technology": "0", "coder": "x"}
    )
    codes = read_codes(sheet, scored=scored)
    assert codes["sentence_id"].tolist() == sentence_ids(one).tolist()
    sheet["doc_id"] = other  # the text is not in that article
    _raises("row 2: no sentence of the scored corpus has the text", sheet, scored=scored)


def test_error_nothing_coded(scored):
    sheet = make_codesheet(scored, n=3, seed=1)
    _raises("hold no coded rows", sheet)
    _raises("none of the frame columns", sheet[["sentence_id", "text", "coder"]])


def test_a_blank_sheet_among_several_is_called_empty(tmp_path) -> None:
    columns = ["sentence_id", "text", "threat", "opportunity", "tone", "coder"]
    blank = pd.DataFrame([["a#1:1", "句子。", "", "", "", ""]] * 3, columns=columns)
    filled = blank.assign(threat="1", coder="王")
    blank.to_csv(tmp_path / "blank.csv", index=False)
    filled.to_csv(tmp_path / "filled.csv", index=False)
    with pytest.raises(InputError, match=r"^blank.csv: the sheet is empty: no row has a code; fix: "):
        read_codes([tmp_path / "filled.csv", tmp_path / "blank.csv"], frames=["threat", "opportunity"])
