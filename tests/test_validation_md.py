"""The validation's Markdown and files in the report layer (framing.report.validation_md), and
the validation layer free of the report layer."""

from __future__ import annotations

import ast
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from framing.report.validation_md import (
    render_side_by_side,
    render_validation_section,
    write_validation,
)
from framing.validation import Validation
from framing.validation.entries import term_value, toml_entry, toml_value
from framing.validation.side_by_side import side_by_side

VALIDATION = Path(__file__).resolve().parent.parent / "framing" / "validation"


def _agreement(p, p_ci, r, r_ci, f1, f1_ci) -> dict:
    return {"precision": p, "precision_low": p_ci[0], "precision_high": p_ci[1], "recall": r,
            "recall_low": r_ci[0], "recall_high": r_ci[1], "f1": f1, "f1_low": f1_ci[0], "f1_high": f1_ci[1]}


def small_validation(model: bool = False) -> Validation:
    """A validation of one frame written by hand: every figure below is what the section shows."""
    agreement = pd.DataFrame([
        {"frame": "technology", "support": 8, "tp": 6, "fp": 3, "fn": 2, "tn": 1,
         **_agreement(6 / 9, (0.35, 0.88), 6 / 8, (0.41, 0.93), 12 / 17, (0.44, 0.88))},
        {"frame": "micro", "support": 8, "tp": 6, "fp": 3, "fn": 2, "tn": 1,
         **_agreement(6 / 9, (0.35, 0.88), 6 / 8, (0.41, 0.93), 12 / 17, (0.44, 0.88))},
        {"frame": "macro", "support": 8, "tp": 6, "fp": 3, "fn": 2, "tn": 1,
         **_agreement(6 / 9, (np.nan, np.nan), 6 / 8, (np.nan, np.nan), 12 / 17, (0.40, 0.90))},
    ])
    tone = pd.DataFrame([{"measure": "tone", "n": 12, "spearman_rho": 0.5, "spearman_p": 0.1, "sign_accuracy": 0.75,
                          "n_polar": 8, "polar_accuracy": 0.625}])
    reliability = pd.DataFrame([{"frame": "technology", "level": "nominal", "n_units": 12, "n_coders": 2,
                                 "n_pairable": 24, "prevalence": 0.5, "agreement": 0.8, "alpha": 0.62,
                                 "alpha_low": 0.3, "alpha_high": 0.9}])
    diagnostics = pd.DataFrame([
        {"layer": "frame", "label": "technology", "term": "算法", "weight": 1.0, "occurrences": 5, "hits": 5,
         "negated": 0, "sentences": 5, "coded_hits": 4, "rejected_hits": 3, "rejected_share": 0.75},
        {"layer": "frame", "label": "technology", "term": "芯片", "weight": 1.0, "occurrences": 0, "hits": 0,
         "negated": 0, "sentences": 0, "coded_hits": 0, "rejected_hits": 0, "rejected_share": np.nan},
    ])
    errors = pd.DataFrame({"kind": ["FP", "FP", "FP", "FN", "FN"]})
    model_table = agreement.assign(tp=7, fp=1, fn=1) if model else None
    return Validation(
        reliability=reliability, agreement=agreement, errors=errors, tone=tone, diagnostics=diagnostics,
        silent_terms=diagnostics.iloc[1:][["layer", "label", "term", "weight", "occurrences"]],
        units=pd.DataFrame({"sentence_id": ["a:1"]}), frames=["technology"], coders=["anna", "ben"],
        params={"n_units": 12, "n_articles": 3, "n_rows": 24, "sources": ["anna.csv", "ben.csv"],
                "gold_rule": "strict majority of the coders (a tie counts as absent)", "n_boot": 200, "ci": 0.95},
        notes=["2 sentence-frame pair(s) are ties."], model_agreement=model_table,
        side_by_side=side_by_side(agreement, model_table, tone) if model else None,
    )


def test_the_section() -> None:
    md = render_validation_section(small_validation())
    lines = md.split("\n")
    assert lines[0] == "## Validation against human coding"
    assert lines[2] == (
        "12 sentences from 3 articles were coded by 2 coder(s) (anna, ben); 24 coded rows in 2 sheet(s). "
        "Gold standard: strict majority of the coders (a tie counts as absent). Frames evaluated: technology."
    )
    assert "### Inter-coder reliability" in lines and "(200 resamples of articles, 95%)" in md
    assert "| technology | nominal | 12 | 2 | 0.800 | 0.620 | 0.300 | 0.900 |" in lines
    assert "| technology | 8 | 6 | 3 | 2 | 0.67 [0.35, 0.88] | 0.75 [0.41, 0.93] | 0.71 [0.44, 0.88] |" in lines
    assert "| macro | 8 | 6 | 3 | 2 | 0.67 | 0.75 | 0.71 [0.40, 0.90] |" in lines
    assert "3 false positives and 2 false negatives, each with the terms that" in md
    assert "| tone | 12 | 0.500 | 0.100 | 0.750 | 8 | 0.625 |" in lines
    assert "| technology | 算法 | 1.000 | 5 | 4 | 3 | 0.750 |" in lines  # the rejected cue, not the silent one
    assert "1 of 2 lexicon terms never fire in the corpus (listed in the silent terms table)." in lines
    assert lines[-4:] == ["### Notes", "", "- 2 sentence-frame pair(s) are ties.", ""]
    assert "side by side" not in md
    assert render_validation_section(small_validation(), heading_level=1).startswith("# Validation")


def test_the_side_by_side_section() -> None:
    v = small_validation(model=True)
    md = render_validation_section(v)
    assert "### Dictionary, model and sentiment side by side" in md
    lines = render_side_by_side(v.side_by_side, "###", ["a note"])
    assert lines[-2:] == ["- a note", ""]
    lines = "\n".join(lines).split("\n")
    assert lines[0] == "### Dictionary, model and sentiment side by side"
    header = "| frame | support | dictionary P | dictionary R | dictionary F1 | model P | model R | model F1 |"
    assert header in lines
    assert "| technology | 8 | 0.67 | 0.75 | 0.71 [0.44, 0.88] | 0.67 | 0.75 | 0.71 [0.44, 0.88] |" in lines
    assert "| lexicon tone | 12 | 0.500 | 0.750 | 0.625 |" in lines


def test_write_validation(tmp_path) -> None:
    v = small_validation()
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # the report layer's own path warns of nothing
        written = write_validation(v, tmp_path / "v", prefix="val_")
    assert [p.name for p in written] == [f"val_{k}.csv" for k in v.tables()] + ["val_report.md"]
    assert written[-1].read_text(encoding="utf-8") == render_validation_section(v, heading_level=1) + "\n"
    assert written[0].read_bytes().startswith(b"\xef\xbb\xbfframe,level,n_units")


def test_the_old_entry_points_warn_and_give_the_same(tmp_path) -> None:
    from framing.validation import write_validation as old_write
    from framing.validation.side_by_side import render_side_by_side as old_render

    v = small_validation(model=True)
    with pytest.warns(DeprecationWarning, match="render_validation_section"):
        assert v.render_section(heading_level=3) == render_validation_section(v, heading_level=3)
    with pytest.warns(DeprecationWarning, match="framing.report.validation_md.write_validation"):
        old = old_write(v, tmp_path / "old")
    new = write_validation(v, tmp_path / "new")
    assert [p.read_bytes() for p in old] == [p.read_bytes() for p in new]
    with pytest.warns(DeprecationWarning, match="framing.report.validation_md.render_side_by_side"):
        assert old_render(v.side_by_side, "##", []) == render_side_by_side(v.side_by_side, "##", [])


def test_print_gives_the_summary() -> None:
    text = str(small_validation())
    assert text.splitlines()[0] == (
        "Validation: 12 sentences of 3 articles coded by 2 coder(s) (anna, ben); "
        "gold: strict majority of the coders (a tie counts as absent)"
    )
    assert "Krippendorff's alpha: technology 0.62" in text
    assert "  technology   P 0.67 [0.35, 0.88]  " in text


def test_validation_imports_nothing_of_the_report_layer_at_module_level() -> None:
    """Only the deprecated forwarding functions reach the report layer, inside their bodies."""
    for path in sorted(VALIDATION.glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        top = [n for n in tree.body if isinstance(n, ast.ImportFrom | ast.Import)]
        names = [n.module or "" for n in top if isinstance(n, ast.ImportFrom)]
        names += [a.name for n in top if isinstance(n, ast.Import) for a in n.names]
        assert not [m for m in names if m.startswith("framing.report")], path.name
    for name in ("codes.py", "validate.py", "side_by_side.py"):  # computation: no Markdown tables
        text = (VALIDATION / name).read_text(encoding="utf-8")
        assert "md_table" not in text and "|---|" not in text, name


def test_toml_entries() -> None:
    assert toml_entry("谷歌", {"weight": 1.0}) == '"谷歌" = 1.0'
    assert toml_entry("算力", {"weight": 0.5, "unless": ["不"], "shared_with": ["resources"]}) == (
        '"算力" = { weight = 0.5, unless = ["不"], shared_with = ["resources"] }'
    )
    assert toml_value(True) == "true" and toml_value(2) == "2" and toml_value('a"b') == '"a\\"b"'
    with pytest.raises(TypeError, match="cannot write dict as TOML"):
        toml_value({})

    class Term:
        weight, exclude, requires, unless, shared_with = 2, ["算力网"], [], ["不"], []

    assert term_value(Term()) == {"weight": 2.0, "exclude": ["算力网"], "unless": ["不"]}
