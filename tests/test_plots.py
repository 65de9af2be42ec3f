"""The plot functions: each draws on the Axes it is given (or the current one) and returns
it, figure-level ones fill the figure they are given and return a FigureGrid; what is drawn
is checked against counts made here from the same small tables; none saves or closes."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import matplotlib
import numpy as np
import pandas as pd
import pytest

import framing as fr
from framing.comparison.compare import Comparison
from framing.errors import InputError
from framing.report.plots import FigureGrid
from framing.report.plots.keyness import keyness_shape
from framing.report.plots.voices import BASELINE_LABEL
from framing.scoring.pipeline import Scored

matplotlib.use("Agg")
from matplotlib import pyplot as plt  # noqa: E402  (after the backend)

ROOT = Path(__file__).resolve().parent.parent
GROUPS = ["A", "B", "C"]
FRAMES = ["threat", "opportunity"]
LABELS = {"threat": "威胁 Threat", "opportunity": "机遇 Opportunity"}


def _frames() -> pd.DataFrame:
    rows = []
    for i, g in enumerate(GROUPS):
        for j, f in enumerate(FRAMES):
            share = 0.1 + 0.2 * i + 0.05 * j
            rows.append({"outlet": g, "frame": f, "share": share, "ci_low": share - 0.05, "ci_high": share + 0.1})
    return pd.DataFrame(rows)


def _residuals() -> pd.DataFrame:
    values = {("A", "threat"): 2.6, ("A", "opportunity"): -0.4, ("B", "threat"): -3.2,
              ("B", "opportunity"): 1.1, ("C", "threat"): 0.3, ("C", "opportunity"): np.nan}
    p = {("A", "threat"): 0.04, ("B", "threat"): 0.001}
    return pd.DataFrame([{"outlet": g, "frame": f, "residual": values[g, f], "p_bonferroni": p.get((g, f), 0.8)}
                         for g in GROUPS for f in FRAMES])


def _keyness() -> pd.DataFrame:
    rng = np.random.default_rng(3)
    rows = [{"outlet": g, "term": f"{g.lower()}{k}", "z": float(z)}
            for g in GROUPS + ["D"] for k, z in enumerate(rng.normal(1.5, 1.5, 11))]
    return pd.DataFrame(rows)


def _frames_by_voice() -> pd.DataFrame:
    rows = []
    for i, g in enumerate(GROUPS):
        base = 0.3 + 0.1 * i
        for j, f in enumerate(FRAMES):
            n_src, n_jou = 2 + i + j, 5 - i
            n = n_src + n_jou
            for voice, k in (("source", n_src), ("journalist", n_jou)):
                rows.append({"outlet": g, "frame": f, "voice": voice, "n_sentences": k, "n_frame": n,
                             "share": k / n, "ci_low": max(0.0, k / n - 0.2), "ci_high": min(1.0, k / n + 0.2),
                             "voice_share_all": base if voice == "source" else 1 - base})
    return pd.DataFrame(rows)


def _sentences() -> pd.DataFrame:
    """Twelve articles, four per group, five sentences each; article A#4 not analysed."""
    rng = np.random.default_rng(7)
    rows = []
    for g in GROUPS:
        for a in range(4):
            for k in range(5):
                rows.append({"doc_id": f"{g}#{a}", "sent_id": k + 1, "outlet": g, "position": k / 4,
                             "sentiment": float(rng.random()) if k != 2 else np.nan,
                             "tone": float(rng.integers(-2, 3)), "frame_tone": True,
                             "hits_threat": 0, "frame_threat": bool(rng.random() < 0.5),
                             "hits_opportunity": 0, "frame_opportunity": bool(rng.random() < 0.3)})
    return pd.DataFrame(rows)


@pytest.fixture(scope="module")
def scored() -> Scored:
    sentences = _sentences()
    docs = sentences[["doc_id", "outlet"]].drop_duplicates().assign(status="included")
    lexicons = SimpleNamespace(frames=[SimpleNamespace(id=f, label_zh=LABELS[f].split()[0],
                                                       label_en=LABELS[f].split()[1]) for f in FRAMES])
    return Scored(sentences=sentences, documents=docs, hits=pd.DataFrame(), frame_ids=list(FRAMES),
                  lexicons=lexicons)


@pytest.fixture(scope="module")
def comparison(scored) -> Comparison:
    docs = scored.documents
    articles = docs[docs["doc_id"] != "A#3"].set_index("doc_id")["outlet"]
    empty = pd.DataFrame()
    voices = SimpleNamespace(frames_by_voice=_frames_by_voice(), groups=list(GROUPS), by="outlet")
    return Comparison(frames=_frames(), sentiment=empty, tests=empty, residuals=_residuals(),
                      keyness=_keyness()[lambda d: d["outlet"] != "D"], robustness=empty, by="outlet",
                      groups=list(GROUPS), frame_labels=dict(LABELS), articles=articles, voices=voices)


@pytest.fixture(autouse=True)
def nothing_saved_or_closed(monkeypatch):
    """Every test, in the CJK font: no figure is saved or closed by the plot functions;
    figures closed after."""
    calls: list[str] = []
    monkeypatch.setattr(matplotlib.figure.Figure, "savefig", lambda *a, **k: calls.append("savefig"))
    real_close = plt.close
    monkeypatch.setattr(plt, "close", lambda *a, **k: calls.append("close"))
    with fr.cjk_font():
        yield
    assert calls == []
    real_close("all")


def _ticks(labels) -> list[str]:
    return [t.get_text() for t in labels]


def _analysed(scored, comparison) -> pd.DataFrame:
    s = scored.sentences
    return s[s["doc_id"].isin(comparison.articles.index)]


# --- frames ----------------------------------------------------------------------------------------


def test_frame_prevalence_draws_one_errorbar_per_group_on_the_given_axes(comparison) -> None:
    fig, ax = plt.subplots()
    assert fr.plot_frame_prevalence(comparison, ax=ax) is ax
    assert [c.get_label() for c in ax.containers] == GROUPS
    frames = _frames()
    for container, g in zip(ax.containers, GROUPS, strict=True):
        x = container.lines[0].get_xdata()
        assert list(x) == pytest.approx(list(frames.loc[frames["outlet"] == g, "share"]))
    assert _ticks(ax.get_yticklabels()) == [LABELS[f] for f in FRAMES]
    assert ax.yaxis.get_inverted()  # the first frame on top
    assert ax.get_legend().get_title().get_text() == "outlet"
    assert len(fig.axes) == 1


def test_frame_prevalence_of_a_table_and_of_the_current_axes() -> None:
    fig = plt.figure()
    ax = fr.plot_frame_prevalence(_frames(), labels={"threat": "T"}, legend=False)
    assert ax is plt.gca() and ax.figure is fig
    assert _ticks(ax.get_yticklabels()) == ["T", "opportunity"]
    assert ax.get_legend() is None and len(ax.containers) == len(GROUPS)


def test_residuals_annotate_every_cell_and_star_the_bonferroni_significant(comparison) -> None:
    fig, ax = plt.subplots()
    assert fr.plot_residuals(comparison, ax=ax) is ax
    res = _residuals()
    expected = {f"{v:.1f}" + ("*" if p < 0.05 else "") for v, p in zip(res["residual"], res["p_bonferroni"],
                                                                        strict=True) if not np.isnan(v)}
    drawn = {t.get_text() for t in ax.texts if t.get_text()}
    assert drawn == expected == {"2.6*", "-0.4", "-3.2*", "1.1", "0.3"}
    assert _ticks(ax.get_xticklabels()) == [LABELS[f] for f in FRAMES]
    assert _ticks(ax.get_yticklabels()) == GROUPS
    assert ax.get_title(loc="left") == "* p < 0.05 after Bonferroni correction over 6 cells"
    assert len(fig.axes) == 2  # the axes and its colour bar
    plt.figure()
    assert fr.plot_residuals(res, alpha=0.01) is plt.gca()
    assert {t.get_text() for t in plt.gca().texts if t.get_text().endswith("*")} == {"-3.2*"}


def test_frame_position_draws_every_analysed_sentence_with_the_frame(scored, comparison) -> None:
    fig, ax = plt.subplots()
    assert fr.plot_frame_position(scored, comparison, ax=ax) is ax
    analysed = _analysed(scored, comparison)
    n_points = sum(len(c.get_offsets()) for c in ax.collections)
    assert n_points == int(analysed["frame_threat"].sum() + analysed["frame_opportunity"].sum())
    assert _ticks(ax.get_yticklabels()) == [LABELS[f] for f in FRAMES]
    assert _ticks(ax.get_legend().get_texts()) == GROUPS
    assert ax.get_xlim() == (-0.02, 1.02)


def test_frame_position_of_a_sentences_table_on_the_current_axes() -> None:
    plt.figure()
    s = _sentences()
    ax = fr.plot_frame_position(s, frames=["threat"])
    assert ax is plt.gca()
    assert sum(len(c.get_offsets()) for c in ax.collections) == int(s["frame_threat"].sum())
    assert _ticks(ax.get_yticklabels()) == ["threat"]
    plt.figure()  # without frames= the frames are the frame_<id> columns with hits_<id>
    assert _ticks(fr.plot_frame_position(s).get_yticklabels()) == FRAMES


# --- sentiment and tone ----------------------------------------------------------------------------


@pytest.mark.parametrize(("measure", "neutral"), [("sentiment", 0.5), ("tone", 0.0)])
def test_evaluation_draws_a_point_per_sentence_with_a_value(scored, comparison, measure, neutral) -> None:
    fig, ax = plt.subplots()
    assert fr.plot_evaluation(scored, comparison, ax=ax, measure=measure) is ax
    analysed = _analysed(scored, comparison)
    n_points = sum(len(c.get_offsets()) for c in ax.collections)
    assert n_points == int(analysed[measure].notna().sum())
    assert _ticks(ax.get_yticklabels()) == GROUPS
    assert [tuple(line.get_xdata()) for line in ax.lines if line.get_linestyle() == "--"] == [(neutral, neutral)]
    with pytest.raises(ValueError, match="measure='mood'"):
        fr.plot_evaluation(scored, comparison, ax=ax, measure="mood")


def test_evaluation_on_the_current_axes_groups_by_outlet(scored) -> None:
    plt.figure()
    ax = fr.plot_evaluation(scored)  # every sentence, grouped by outlet
    assert ax is plt.gca()
    assert sum(len(c.get_offsets()) for c in ax.collections) == int(scored.sentences["sentiment"].notna().sum())


def test_sentiment_tone_fills_the_given_figure_with_two_panels(scored, comparison) -> None:
    fig = plt.figure(figsize=(5, 3))
    grid = fr.plot_sentiment_tone(scored, comparison, figure=fig)
    assert isinstance(grid, FigureGrid) and grid.figure is fig
    assert grid.axes.shape == (1, 2) and list(grid.axes_dict) == ["sentiment", "tone"]
    assert list(fig.axes) == list(grid.axes.flat)
    assert grid.axes_dict["tone"].get_xlabel() == "lexicon tone (signed)"
    assert fig.get_size_inches() == pytest.approx((5, 3))  # the caller's size is kept
    assert fr.plot_sentiment_tone(scored).figure is plt.gcf()  # figure=None: a new figure


# --- keyness -----------------------------------------------------------------------------------------


def test_group_keyness_draws_the_top_positive_terms_largest_on_top(comparison) -> None:
    fig, ax = plt.subplots()
    assert fr.plot_group_keyness(comparison, "B", ax=ax, top=4) is ax
    k = _keyness()
    expected = k[(k["outlet"] == "B") & (k["z"] > 0)].sort_values("z", ascending=False).head(4)
    assert [p.get_width() for p in ax.patches] == pytest.approx(list(expected["z"])[::-1])
    assert _ticks(ax.get_yticklabels()) == list(expected["term"])[::-1]
    assert ax.get_title() == "B"
    plt.figure()
    assert fr.plot_group_keyness(k, "D") is plt.gca()  # a table: groups in their order
    assert len(plt.gca().patches) == min(8, int(((k["outlet"] == "D") & (k["z"] > 0)).sum()))


@pytest.mark.parametrize(("n", "shape"), [(1, (1, 1)), (3, (1, 3)), (4, (2, 3)), (7, (3, 3))])
def test_keyness_shape(n, shape) -> None:
    assert keyness_shape(n) == shape


def test_keyness_draws_a_panel_per_group_and_hides_the_rest() -> None:
    fig = plt.figure()
    grid = fr.plot_keyness(_keyness(), figure=fig, top=3)
    assert grid.axes.shape == (2, 3)
    assert [ax.get_title() for ax in grid.axes_dict.values()] == GROUPS + ["D"]
    assert [ax.get_visible() for ax in grid.axes.flat] == [True] * 4 + [False] * 2
    assert all(len(ax.patches) == 3 for ax in grid.axes_dict.values())


# --- voices ------------------------------------------------------------------------------------------


def test_voice_counts_stack_journalist_after_sources(comparison) -> None:
    fig, ax = plt.subplots()
    assert fr.plot_voice_counts(comparison, ax=ax) is ax
    fbv = _frames_by_voice()
    assert len(ax.patches) == 2 * len(GROUPS) * len(FRAMES)
    src = fbv[fbv["voice"] == "source"]
    jou = fbv[fbv["voice"] == "journalist"]
    widths = [p.get_width() for p in ax.patches]
    lefts = [p.get_x() for p in ax.patches]
    # per group: the source bars (one per frame), then the journalist bars starting where they end
    expected_w, expected_l = [], []
    for g in GROUPS:
        s, j = src[src["outlet"] == g]["n_sentences"].tolist(), jou[jou["outlet"] == g]["n_sentences"].tolist()
        expected_w += s + j
        expected_l += [0] * len(s) + s
    assert widths == expected_w and lefts == expected_l
    assert _ticks(ax.get_yticklabels()) == [LABELS[f] for f in FRAMES]
    assert _ticks(ax.get_legend().get_texts()) == ["source", "journalist"]


def test_voice_shares_explain_the_baseline_marks_in_the_legend(comparison) -> None:
    fig, ax = plt.subplots()
    assert fr.plot_voice_shares(comparison, ax=ax) is ax
    assert [c.get_label() for c in ax.containers] == GROUPS
    fbv = _frames_by_voice()
    src = fbv[fbv["voice"] == "source"]
    marks = [c for c in ax.collections if len(c.get_offsets()) and c.get_offsets()[0][0] in set(src["voice_share_all"])]
    assert len(marks) == len(GROUPS)
    assert [float(m.get_offsets()[0][0]) for m in marks] == pytest.approx([0.3, 0.4, 0.5])
    texts = _ticks(ax.get_legend().get_texts())
    assert texts == GROUPS + [BASELINE_LABEL.format(by="outlet")]
    assert "share of" in texts[-1] and "voiced by sources" in texts[-1]
    assert ax.get_legend().legend_handles[-1].get_marker() == "|"


def test_voice_frames_two_panels_sharing_the_frames(comparison) -> None:
    fig = plt.figure()
    grid = fr.plot_voice_frames(comparison, figure=fig)
    assert grid.axes.shape == (1, 2) and list(grid.axes_dict) == ["counts", "shares"]
    counts, shares = grid.axes_dict["counts"], grid.axes_dict["shares"]
    assert counts.yaxis.get_inverted() and shares.yaxis.get_inverted()  # inverted once, not twice
    assert _ticks(counts.get_yticklabels()) == [LABELS[f] for f in FRAMES]
    assert shares.get_shared_y_axes().joined(counts, shares)
    plt.figure()
    ax = fr.plot_voice_counts(_frames_by_voice(), legend=False)  # the table itself, current axes
    assert ax is plt.gca() and ax.get_legend() is None


def test_a_comparison_without_voices_is_a_one_line_error(comparison) -> None:
    import dataclasses

    bare = dataclasses.replace(comparison, voices=None)
    with pytest.raises(InputError, match=r"no voice tables.*; fix: "):
        fr.plot_voice_frames(bare)


def test_chinese_labels_render_in_the_cjk_font(comparison) -> None:
    import warnings

    fig = plt.figure()
    grid = fr.plot_voice_frames(comparison, figure=fig, labels={"threat": "威胁"})
    fr.plot_residuals(comparison, ax=fig.add_axes((0, 0, 0.2, 0.2)))
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a missing glyph is a warning: fail on it
        fig.canvas.draw()
    assert grid.axes_dict["counts"].get_yticklabels()[0].get_text() == "威胁"


# --- the package and the README ----------------------------------------------------------------------


def test_every_plot_function_is_exported_and_shown_in_the_readme() -> None:
    from framing.report import plots

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for name in plots.__all__:
        assert getattr(fr, name) is getattr(plots, name)
        assert f"{name}(" in readme or name == "FigureGrid", name
    assert "fig, ax = plt.subplots()\nfr.plot_frame_prevalence(comparison, ax=ax)" in readme
