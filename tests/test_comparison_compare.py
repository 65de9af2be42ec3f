"""framing.comparison.compare and the layout around it: compare() passes its options down
without the former keyword names, the former module paths still give the same objects, and
framing.stats knows nothing of the layers above it."""

from __future__ import annotations

import ast
import importlib
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import framing.comparison.compare as C
import framing.comparison.stats as old_stats
from framing.comparison.compare import Comparison, KeynessOptions, compare
from framing.stats import contingency, intervals, ranks, resampling

ROOT = Path(__file__).resolve().parent.parent / "framing"


def scored(articles: int = 2) -> object:
    """Three outlets with ``articles`` articles of 20 sentences each."""
    gen = np.random.default_rng(4)
    rows = []
    for o, outlet in enumerate(["A", "B", "C"]):
        for a in range(articles):
            for i in range(20):
                rows.append((f"{outlet}{a}", i + 1, outlet, gen.random() < 0.2 + 0.2 * o, gen.random(),
                             gen.normal(), 8, "模型 视频 威胁" if o == 2 else "模型 视频 机遇"))
    s = pd.DataFrame(rows, columns=["doc_id", "sent_id", "outlet", "frame_threat", "sentiment", "tone",
                                    "n_tokens", "tokens"])
    return type("Scored", (), {"sentences": s.assign(hits_threat=s["frame_threat"].astype(int))})()


def test_compare_uses_no_former_keyword_name() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error", DeprecationWarning)
        comp = compare(scored(), n_boot=200, n_mc=199)
        single = compare(scored(articles=1), n_boot=200, n_mc=199, robustness=False)
    assert isinstance(comp, Comparison) and comp.unit == "article" and single.unit == "sentence"
    assert set(single.tests["analysis"]) >= {"frame_chi2", "evaluation_kw", "dunn_sentiment"}


def test_params_record_every_option() -> None:
    comp = compare(scored(), seed=5, n_boot=100, n_mc=199, exact_max_tables=10, confidence=0.9,
                   alpha=0.1, top_n=3, robustness=False, models=False)
    p = comp.params
    assert list(p) == [
        "by", "frames", "include_duplicates", "keep_unknown", "min_articles", "small_groups", "seed",
        "n_boot", "n_mc", "exact_max_tables", "confidence", "alpha", "reference", "min_count",
        "keyness_prior", "keyness_alpha0", "top_n", "robustness_drop", "frame_threshold", "left_out",
    ]
    assert (p["seed"], p["n_boot"], p["n_mc"], p["exact_max_tables"], p["confidence"], p["alpha"]) == (
        5, 100, 199, 10, 0.9, 0.1,
    )
    assert p["top_n"] == 3 and KeynessOptions().top_n == 20
    # the interval level reaches the frames table: 90% Wilson intervals
    from statsmodels.stats.proportion import proportion_confint

    row = comp.frames.iloc[0]
    low, high = proportion_confint(row["n_with_frame"], row["n_sentences"], alpha=0.1, method="wilson")
    assert (row["ci_low"], row["ci_high"]) == pytest.approx((low, high))


def test_former_paths_give_the_same_objects() -> None:
    assert old_stats.bergsma_v is contingency.bergsma_v
    assert old_stats.wilson_ci is intervals.wilson_ci and old_stats.dunn_test is ranks.dunn_test
    assert old_stats._chi2_stat_batch is contingency.chi2_statistic_batch
    assert old_stats._bergsma_from is contingency.bergsma_v_from
    assert old_stats._kruskal_h_batch is ranks.kruskal_h_batch
    assert old_stats._delta_batch is ranks.cliffs_delta_batch
    assert C._rng is resampling.keyed_rng and C.check_seed is resampling.check_seed
    assert C.DEFAULT_SEED == resampling.DEFAULT_SEED == 20240216
    for name in ("models", "keyness", "reliability", "agreement"):
        old = importlib.import_module(f"framing.comparison.{name}")
        new = importlib.import_module(f"framing.stats.{name}")
        assert old.__all__ and all(getattr(old, n) is getattr(new, n) for n in old.__all__)
    import framing
    import framing.stats

    assert framing.krippendorff_alpha is framing.stats.krippendorff_alpha
    assert framing.stats.Resampling is resampling.Resampling


def imports_of(path: Path) -> list[tuple[str, list[str], bool]]:
    """(module, names, at module level) of every framing import in a file."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    top = {id(n) for n in tree.body}
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("framing"):
            out.append((node.module, [a.name for a in node.names], id(node) in top))
    return out


@pytest.mark.parametrize("package", ["stats", "comparison"])
def test_layers_and_sizes(package: str) -> None:
    above = {
        "stats": ("framing.comparison", "framing.scoring", "framing.corpus", "framing.lexicon",
                  "framing.validation", "framing.report", "framing.cli"),
        "comparison": ("framing.validation", "framing.report", "framing.cli"),
    }[package]
    for path in sorted((ROOT / package).glob("*.py")):
        assert len(path.read_text(encoding="utf-8").splitlines()) < 800, path.name
        for module, names, _ in imports_of(path):
            assert not module.startswith(above), f"{path.name} imports {module}"
            assert not [n for n in names if n.startswith("_")], f"{path.name}: private name from {module}"
