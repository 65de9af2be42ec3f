"""What every comparison shares: which articles are analysed and in which groups, the unit
of analysis, and the rows of a tests table.

>>> selected = select_sentences(scored.sentences, scored.documents, Selection(by="outlet"))
>>> analysed = Analysed(selected.sentences, "outlet", ["threat"], Resampling(), alpha=0.05)
>>> analysed.unit                   # "article" when every group has two articles or more

Which articles are analysed is decided here only (:func:`select_sentences`): the included
ones (:func:`is_included`), duplicates left out unless asked for, articles of an unknown
group left out or kept as one group, small groups left out or pooled. The frame comparison
(:mod:`framing.comparison.frames`), the evaluation (:mod:`framing.comparison.evaluation`) and
the voices (:mod:`framing.comparison.voices`) all take its result.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field, fields
from typing import Any

import numpy as np
import pandas as pd

from framing.errors import InputError
from framing.stats.multiplicity import benjamini_hochberg
from framing.stats.resampling import Resampling

__all__ = [
    "FRAME_IDS",
    "GroupTables",
    "MIN_BOOTSTRAP_N",
    "OTHER_GROUP",
    "PERIODS",
    "SENTENCE_UNIT_NOTE",
    "TEST_COLUMNS",
    "UNKNOWN_GROUP",
    "Analysed",
    "Selected",
    "Selection",
    "adjust_by_family",
    "duplicate_ids",
    "empty_table",
    "excluded_ids",
    "frame_ids_of",
    "frames_to_analyse",
    "group_values",
    "is_included",
    "join_notes",
    "period_of",
    "result_row",
    "select_sentences",
    "selection_and_resampling",
    "test_row",
    "unit_of",
]

FRAME_IDS: tuple[str, ...] = (
    "threat",
    "opportunity",
    "catch_up",
    "spectacle",
    "limitation",
    "resources",
    "governance",
    "technology",
)
TEST_COLUMNS: list[str] = [
    "analysis",
    "outcome",
    "groups",
    "unit",
    "n",
    "statistic",
    "df",
    "p",
    "p_adj",
    "effect",
    "effect_name",
    "ci_low",
    "ci_high",
    "method",
    "note",
]
UNKNOWN_GROUP = "unknown"
OTHER_GROUP = "other"
PERIODS = ("year", "quarter", "month", "week", "day")
#: fewest units (sentences or articles) per group for a percentile bootstrap interval;
#: below it a bootstrap has too few distinct resamples to be trusted
MIN_BOOTSTRAP_N = 10
SENTENCE_UNIT_NOTE = (
    "one article per outlet: the unit is the sentence; the result describes these "
    "articles and cannot generalise to the outlet"
)


# --------------------------------------------------------------------------- test rows
def test_row(**values: Any) -> dict[str, Any]:
    """One row of a tests table: every column of :data:`TEST_COLUMNS`, text ones empty and
    number ones ``nan`` unless given.

    Parameters
    ----------
    **values:
        Column -> value.

    Returns
    -------
    dict
    """
    row = dict.fromkeys(TEST_COLUMNS, math.nan)
    row.update(analysis="", outcome="", groups="", unit="", method="", effect_name="", note="")
    row.update(values)
    return row


test_row.__test__ = False  # type: ignore[attr-defined]  # a row builder, not a test


def result_row(res: Any, **values: Any) -> dict[str, Any]:
    """The tests row of a test's result: its ``n, statistic, df, p, effect`` and interval
    ``ci`` (as :class:`~framing.stats.contingency.IndependenceTest` and
    :class:`~framing.stats.ranks.KruskalTest` hold them), then ``values``.

    Parameters
    ----------
    res:
        The result.
    **values:
        Further columns -> value; they take precedence over the result's.

    Returns
    -------
    dict
        A row of :func:`test_row`.
    """
    found = dict(
        n=res.n, statistic=res.statistic, df=res.df, p=res.p, effect=res.effect,
        ci_low=res.ci[0], ci_high=res.ci[1],
    )
    return test_row(**{**found, **values})


def join_notes(*parts: str) -> str:
    """The non-empty notes joined by ``"; "``.

    Parameters
    ----------
    *parts:
        Notes, empty ones left out.

    Returns
    -------
    str
    """
    return "; ".join(p for p in parts if p)


def adjust_by_family(rows: list[dict[str, Any]]) -> pd.DataFrame:
    """The tests table of ``rows``, ``p_adj`` Benjamini-Hochberg within each ``analysis``.

    Parameters
    ----------
    rows:
        Rows of :func:`test_row`.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`TEST_COLUMNS`.
    """
    tests = pd.DataFrame(rows, columns=TEST_COLUMNS)
    tests["p_adj"] = np.nan
    for _, idx in tests.groupby("analysis", sort=False).groups.items():
        tests.loc[idx, "p_adj"] = benjamini_hochberg(tests.loc[idx, "p"].to_numpy(float))
    return tests


def empty_table(columns: list[str], text: set[str]) -> pd.DataFrame:
    """A table without rows whose number columns are float (so it sorts and filters like a
    filled one).

    Parameters
    ----------
    columns:
        The columns.
    text:
        The columns that hold text.

    Returns
    -------
    pandas.DataFrame
    """
    return pd.DataFrame({c: pd.Series(dtype=object if c in text else "float64") for c in columns})


def frame_ids_of(scored: Any, sentences: pd.DataFrame) -> list[str]:
    """The frames to analyse: ``scored.frame_ids`` that have a column, else every
    ``frame_<id>`` column, the codebook's frames (:data:`FRAME_IDS`) first.

    Parameters
    ----------
    scored:
        The scored object (``frame_ids`` optional).
    sentences:
        Its sentences.

    Returns
    -------
    list of str
    """
    declared = getattr(scored, "frame_ids", None)
    if declared:
        return [f for f in declared if f"frame_{f}" in sentences]
    found = [c[len("frame_") :] for c in sentences.columns if c.startswith("frame_")]
    known = [f for f in FRAME_IDS if f in found]
    return known + [f for f in found if f not in known]


def frames_to_analyse(scored: Any, sentences: pd.DataFrame, frames: Sequence[str] | None) -> list[str]:
    """The frames a comparison analyses: ``frames``, else :func:`frame_ids_of`.

    Parameters
    ----------
    scored:
        The scored object.
    sentences:
        Its sentences.
    frames:
        The frame ids asked for, or None.

    Returns
    -------
    list of str

    Raises
    ------
    InputError
        When a frame asked for has no ``frame_<id>`` column.
    """
    frame_ids = list(frames) if frames is not None else frame_ids_of(scored, sentences)
    unknown = [f for f in frame_ids if f"frame_{f}" not in sentences]
    if unknown:
        raise InputError(f"no frame_<id> column for frame(s) {', '.join(unknown)}")
    return frame_ids


# --------------------------------------------------------------------------- which articles
def is_included(documents: pd.DataFrame) -> pd.Series:
    """Which documents go on to scoring and comparison (``status == "included"``).

    Parameters
    ----------
    documents:
        The documents table (without a ``status`` column every document counts as included).

    Returns
    -------
    pandas.Series
        Booleans, the index of ``documents``.
    """
    if "status" not in documents:
        return pd.Series(True, index=documents.index)
    return documents["status"].astype(str) == "included"


def duplicate_ids(documents: Any, sentences: pd.DataFrame) -> set[str]:
    """The articles flagged as duplicates (``duplicate_of`` non-empty) in the documents or
    the sentences.

    Parameters
    ----------
    documents:
        The documents table, or None.
    sentences:
        The sentences.

    Returns
    -------
    set of str
        Their ``doc_id``.
    """
    docs: set[str] = set()
    for table in (documents, sentences):
        if isinstance(table, pd.DataFrame) and "duplicate_of" in table:
            flag = table["duplicate_of"].fillna("").astype(str).str.strip() != ""
            docs |= set(table.loc[flag, "doc_id"])
    return docs


def excluded_ids(documents: Any) -> set[str]:
    """The articles never analysed: not included, for another reason than being a
    duplicate (duplicates are kept on request, see :func:`select_sentences`).

    Parameters
    ----------
    documents:
        The documents table, or None.

    Returns
    -------
    set of str
        Their ``doc_id``.
    """
    if not isinstance(documents, pd.DataFrame) or "status" not in documents:
        return set()
    flag = ~is_included(documents)
    if "duplicate_of" in documents:
        flag &= documents["duplicate_of"].fillna("").astype(str).str.strip() == ""
    return set(documents.loc[flag, "doc_id"])


@dataclass(frozen=True)
class Selection:
    """Which articles a comparison analyses and how it groups them.

    Parameters
    ----------
    by:
        The grouping: a column of the sentences or the documents, or ``"period"``.
    frames:
        Frame ids to analyse (None: all).
    include_duplicates:
        Keep the articles flagged as duplicates.
    keep_unknown:
        Keep articles of an unknown or empty group as one group ``unknown``.
    min_articles, small_groups:
        Groups with fewer analysed articles are left out (``"drop"``) or pooled into one
        group ``other`` (``"merge"``).
    period:
        With ``by="period"``: ``year``, ``quarter``, ``month``, ``week`` or ``day``.

    Raises
    ------
    InputError
        When ``small_groups`` or ``min_articles`` is not one the comparison can use.
    """

    by: str = "outlet"
    frames: Sequence[str] | None = None
    include_duplicates: bool = False
    keep_unknown: bool = False
    min_articles: int = 1
    small_groups: str = "drop"
    period: str = "month"

    def __post_init__(self) -> None:
        if self.small_groups not in ("drop", "merge"):
            raise InputError(f"small_groups={self.small_groups!r}: use 'drop' or 'merge'")
        m = self.min_articles
        if isinstance(m, bool) or not isinstance(m, int | np.integer) or m < 1:
            raise InputError(f"min_articles={m!r}: a whole number of at least 1, e.g. 2")


@dataclass(kw_only=True)
class GroupTables:
    """What a comparison of groups records beside its tables (every field by keyword); the
    base of :class:`framing.Comparison` and
    :class:`~framing.comparison.voices.VoiceComparison`.

    Attributes
    ----------
    by:
        The grouping column.
    unit:
        The unit of analysis: ``sentence`` or ``article``.
    groups:
        The groups compared, in order.
    notes:
        Caveats of the whole comparison.
    params:
        Every parameter and the seed.
    """

    by: str = "outlet"
    unit: str = "sentence"
    groups: list[Any] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    params: dict[str, Any] = field(default_factory=dict)


def selection_and_resampling(
    caller: str, by: str = "outlet", **options: Any
) -> tuple[Selection, Resampling]:
    """Which articles are analysed and how draws are made, from a comparison's keywords.

    Parameters
    ----------
    caller:
        The function the keywords were given to, for the error.
    by:
        The grouping (see :class:`Selection`).
    **options:
        Any field of :class:`Selection` (``frames, include_duplicates, keep_unknown,
        min_articles, small_groups, period``) and of
        :class:`~framing.stats.resampling.Resampling` (``seed, n_boot, n_mc,
        exact_max_tables, confidence``); the others keep their defaults.

    Returns
    -------
    tuple
        ``(Selection, Resampling)``.

    Raises
    ------
    TypeError
        For a keyword that is neither, as Python names an unexpected keyword.
    InputError
        When a value is out of range.
    """
    selection_names = {f.name for f in fields(Selection)} - {"by"}
    resampling_names = {f.name for f in fields(Resampling)}
    unknown = sorted(set(options) - selection_names - resampling_names)
    if unknown:
        raise TypeError(f"{caller}() got an unexpected keyword argument {unknown[0]!r}")
    selection = Selection(by, **{k: v for k, v in options.items() if k in selection_names})
    resampling = Resampling(**{k: v for k, v in options.items() if k in resampling_names})
    return selection, resampling


@dataclass
class Selected:
    """The result of :func:`select_sentences`.

    Attributes
    ----------
    sentences:
        The analysed sentences, with the group column, index reset.
    base:
        The sentences before duplicates were left out (the robustness table adds them back).
    duplicates:
        Every article flagged as a duplicate.
    selection:
        What was asked for.
    notes:
        Which groups were left out or pooled, and why (duplicates: :attr:`duplicates_note`).
    left_out:
        ``unknown`` and ``small_groups``: what was left out (for ``params["left_out"]``).
    """

    sentences: pd.DataFrame
    base: pd.DataFrame
    duplicates: set[str]
    selection: Selection
    notes: list[str] = field(default_factory=list)
    left_out: dict[str, Any] = field(default_factory=dict)

    @property
    def duplicates_left_out(self) -> set[str]:
        """The duplicates among the selected articles that were left out."""
        if self.selection.include_duplicates:
            return set()
        return self.duplicates & set(self.base["doc_id"])

    @property
    def duplicates_note(self) -> str:
        """How many sentences and articles were left out as duplicates ("" when none)."""
        gone = self.duplicates_left_out
        if not gone:
            return ""
        n_sentences = int(self.base["doc_id"].isin(gone).sum())
        return (
            f"{n_sentences} sentences of {len(gone)} article(s) flagged as duplicates left out "
            "(include_duplicates=True keeps them)"
        )


def select_sentences(
    sentences: pd.DataFrame, documents: Any, selection: Selection
) -> Selected:
    """The sentences a comparison analyses, in their groups.

    Articles not included (:func:`excluded_ids`) are left out; then the articles of an
    unknown or empty group and the groups too small (decided on the analysed articles and
    applied to the duplicates too); then, unless ``selection.include_duplicates``, the
    duplicates.

    Parameters
    ----------
    sentences:
        One row per sentence with ``doc_id``.
    documents:
        The documents table (``doc_id, status, duplicate_of`` and the columns ``by`` may
        name), or None.
    selection:
        The grouping and what to leave out.

    Returns
    -------
    Selected

    Raises
    ------
    InputError
        When the grouping names no column (see :func:`group_values`).
    """
    by = selection.by
    everything = sentences.assign(**{by: group_values(sentences, documents, by, selection.period)})
    dups = duplicate_ids(documents, everything)
    base = everything[~everything["doc_id"].isin(excluded_ids(documents))]
    not_counted = dups if not selection.include_duplicates else set()
    notes: list[str] = []
    left_out: dict[str, Any] = {}
    base, gone, note = _unknown_groups(base, by, selection.keep_unknown, not_counted)
    if gone:
        left_out["unknown"] = gone
        notes.append(note)
    base, small, note = _small_groups(
        base, by, selection.min_articles, selection.small_groups, not_counted
    )
    if small:
        left_out["small_groups"] = small
        notes.append(note)
    analysed = base[~base["doc_id"].isin(dups)] if not selection.include_duplicates else base
    return Selected(analysed.reset_index(drop=True), base, dups, selection, notes, left_out)


def group_values(
    sentences: pd.DataFrame, documents: Any, by: str, period: str
) -> pd.Series:
    """The group of every sentence.

    Parameters
    ----------
    sentences:
        The sentences.
    documents:
        The documents table, or None.
    by:
        The sentences' own column, else their article's (documents), else, for
        ``by="period"``, the article's date cut into periods.
    period:
        See :func:`period_of`.

    Returns
    -------
    pandas.Series
        The index of ``sentences``.

    Raises
    ------
    InputError
        When no such column exists, or ``by="period"`` finds no dates.
    """
    if by in sentences.columns:
        return sentences[by]
    docs = documents if isinstance(documents, pd.DataFrame) and "doc_id" in documents else None
    if docs is not None and by in docs.columns:
        return sentences["doc_id"].map(docs.drop_duplicates("doc_id").set_index("doc_id")[by])
    if by == "period":
        if "date" in sentences.columns:
            dates = sentences["date"]
        elif docs is not None and "date" in docs.columns:
            dates = sentences["doc_id"].map(docs.drop_duplicates("doc_id").set_index("doc_id")["date"])
        else:
            raise InputError("by='period' needs the articles' dates (a 'date' column); fix: give dates "
                             "in the input table or manifest, or compare by another column")
        return period_of(dates, period)
    columns = sorted(set(sentences.columns) | (set(docs.columns) if docs is not None else set()))
    plain = [c for c in columns if not c.startswith(("frame_", "hits_", "weight_", "share_", "rate_"))]
    raise InputError(
        f"by={by!r}: no such column in the sentences or documents; fix: use one of "
        f"{', '.join(plain)}, or 'period' (from the dates)"
    )


def period_of(dates: pd.Series, period: str = "month") -> pd.Series:
    """Dates as period labels.

    Parameters
    ----------
    dates:
        ISO dates (``YYYY-MM-DD``) or other forms pandas reads.
    period:
        ``year`` (``2024``), ``quarter`` (``2024Q1``), ``month`` (``2024-02``), ``week``
        (ISO, ``2024-W08``) or ``day`` (``2024-02-22``).

    Returns
    -------
    pandas.Series
        Labels; missing for empty or unreadable dates.

    Raises
    ------
    InputError
        For another ``period``.
    """
    if period not in PERIODS:
        raise InputError(f"period={period!r}: use one of {', '.join(PERIODS)}")
    text = dates.astype(object).where(dates.notna(), "").astype(str).str.strip()
    parsed = pd.to_datetime(text.where(text != ""), errors="coerce", format="ISO8601")
    retry = parsed.isna() & (text != "")
    if retry.any():
        parsed = parsed.where(~retry, pd.to_datetime(text[retry], errors="coerce", format="mixed"))
    out = pd.Series(pd.NA, index=dates.index, dtype=object)
    ok = parsed.notna()
    d = parsed[ok]
    if period == "year":
        lab = d.dt.strftime("%Y")
    elif period == "quarter":
        lab = d.dt.year.astype(str) + "Q" + d.dt.quarter.astype(str)
    elif period == "month":
        lab = d.dt.strftime("%Y-%m")
    elif period == "week":
        iso = d.dt.isocalendar()
        lab = iso["year"].astype(str) + "-W" + iso["week"].astype(int).map("{:02d}".format)
    else:
        lab = d.dt.strftime("%Y-%m-%d")
    out[ok] = lab.astype(str)
    return out


def _unknown_groups(
    sentences: pd.DataFrame, by: str, keep: bool, not_counted: set[str]
) -> tuple[pd.DataFrame, dict[str, int], str]:
    """Sentences whose group is unknown or empty: left out, or one group ``unknown``.

    Returns the sentences, the articles and sentences left out (those of ``not_counted``
    articles, duplicates left out anyway, are not counted) and the note."""
    values = sentences[by]
    text = values.astype(object).where(values.notna(), "").astype(str).str.strip()
    missing = (text == "").to_numpy()
    unknown = missing | (text == UNKNOWN_GROUP).to_numpy()
    if keep:
        if missing.any():
            sentences = sentences.assign(**{by: values.astype(object).where(~missing, UNKNOWN_GROUP)})
        return sentences, {}, ""
    counted = unknown & ~sentences["doc_id"].isin(not_counted).to_numpy()
    if not counted.any():
        return sentences[~unknown], {}, ""
    gone = {
        "articles": int(sentences.loc[counted, "doc_id"].nunique()),
        "sentences": int(counted.sum()),
    }
    note = (
        f"{gone['articles']} article(s) ({gone['sentences']} sentences) whose {by} is unknown "
        "left out of the comparison (keep_unknown=True keeps them as a group)"
    )
    return sentences[~unknown], gone, note


def _small_groups(
    sentences: pd.DataFrame, by: str, min_articles: int, how: str, not_counted: set[str]
) -> tuple[pd.DataFrame, dict[str, int], str]:
    """Groups with fewer than ``min_articles`` analysed articles (``not_counted`` ones, the
    duplicates left out, do not count): left out, or pooled into one group ``other``."""
    if min_articles <= 1 or sentences.empty:
        return sentences, {}, ""
    analysed = sentences[~sentences["doc_id"].isin(not_counted)]
    per = analysed.groupby(by, sort=False)["doc_id"].nunique()
    small = per[per < min_articles]
    if small.empty:
        return sentences, {}, ""
    listed = ", ".join(f"{g} ({n})" for g, n in small.items())
    counts = {str(g): int(n) for g, n in small.items()}
    is_small = sentences[by].isin(set(small.index))
    if how == "merge":
        label = OTHER_GROUP if OTHER_GROUP not in set(per.index) else f"{OTHER_GROUP} (merged)"
        pooled = int(small.sum())
        note = (
            f"{len(small)} {by} group(s) with fewer than {min_articles} articles pooled into "
            f"'{label}' ({pooled} articles): {listed}"
        )
        if pooled >= min_articles:
            return sentences.assign(**{by: sentences[by].astype(object).where(~is_small, label)}), counts, note
        note += f"; '{label}' still has fewer than {min_articles} articles and is left out"
        return sentences[~is_small], counts, note
    note = (
        f"{len(small)} {by} group(s) with fewer than {min_articles} articles left out "
        f"(min_articles={min_articles}; small_groups='merge' pools them): {listed}"
    )
    return sentences[~is_small], counts, note


# --------------------------------------------------------------------------- the unit
def unit_of(articles_per_group: pd.Series) -> str:
    """The unit of analysis the data support.

    Parameters
    ----------
    articles_per_group:
        Analysed articles per group.

    Returns
    -------
    str
        ``article`` when every group has two articles or more, else ``sentence``.
    """
    smallest = int(articles_per_group.min()) if len(articles_per_group) else 0
    return "article" if smallest >= 2 else "sentence"


@dataclass
class Analysed:
    """The analysed sentences in their groups, and what is derived from them once.

    Parameters
    ----------
    sentences:
        The analysed sentences (:attr:`Selected.sentences`) with the group column ``by``.
    by:
        The group column.
    frame_ids:
        The frames analysed.
    resampling:
        Seed, bootstrap and Monte Carlo settings and the level of the intervals.
    alpha:
        The significance level (decisions; the intervals dual to tests).

    Attributes
    ----------
    levels:
        The groups in order of appearance.
    groups:
        Every sentence's group (array).
    articles_per_group:
        Analysed articles per group.
    unit:
        ``article`` or ``sentence`` (:func:`unit_of`).
    unit_note:
        What the unit means for the claims the tests support.
    """

    sentences: pd.DataFrame
    by: str
    frame_ids: list[str]
    resampling: Resampling = field(default_factory=Resampling)
    alpha: float = 0.05

    def __post_init__(self) -> None:
        s = self.sentences
        self.levels: list[Any] = list(dict.fromkeys(s[self.by].tolist()))
        self.groups = s[self.by].to_numpy()
        self.articles_per_group = s.groupby(self.by, sort=False)["doc_id"].nunique()
        self.unit = unit_of(self.articles_per_group)
        if self.unit == "sentence":
            self.unit_note = SENTENCE_UNIT_NOTE
            if len(self.articles_per_group) and self.articles_per_group.max() > 1:
                single = [str(g) for g, n in self.articles_per_group.items() if n < 2]
                shown = ", ".join(single[:5]) + (f" and {len(single) - 5} more" if len(single) > 5 else "")
                self.unit_note = (
                    f"{len(single)} group(s) with a single article ({shown}): the unit is the "
                    "sentence; the result describes these articles and cannot generalise to the "
                    "groups (min_articles=2 leaves such groups out, small_groups='merge' pools "
                    "them, and the article stays the unit)"
                )
        else:
            g = int(s["doc_id"].nunique())
            self.unit_note = (
                f"{g} articles in {len(self.levels)} groups "
                f"({int(self.articles_per_group.min())}-{int(self.articles_per_group.max())} "
                "per group): article-level tests and article-clustered SEs"
            )

    def present(self, frame: str, sentences: pd.DataFrame | None = None) -> np.ndarray:
        """Whether each sentence carries ``frame``.

        Parameters
        ----------
        frame:
            The frame id (column ``frame_<id>``).
        sentences:
            Other sentences than the analysed ones (a robustness scenario).

        Returns
        -------
        numpy.ndarray
            Booleans.
        """
        s = self.sentences if sentences is None else sentences
        return s[f"frame_{frame}"].fillna(False).astype(bool).to_numpy()

    @property
    def groups_label(self) -> str:
        """The groups compared, comma-separated (the ``groups`` column of a tests row)."""
        return ", ".join(map(str, self.levels))

    def few_articles_note(self) -> str:
        """The caveat of an article-level test with fewer than five articles in a group.

        Returns
        -------
        str
            The note, or "" with five articles or more in every group.
        """
        small = int(self.articles_per_group.min())
        if small < 5:
            return f"only {small} article(s) in the smallest group: low power, coarse p"
        return ""
