"""The measured validity of a lexicon set, recorded beside it so that a paper can cite it.

``lexicons/validity.toml`` holds what the bundled lexicons reach on the held part of the
development set (precision, recall and F1 per frame against the coders' agreed codes, tone
agreement), with the lexicon versions it was measured for. ``benchmarks/validity.py
--write`` measures and writes it; a test keeps it equal to a fresh measurement; the report
of a run that used the bundled frames and tone states it.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

from framing.paths import lexicon_dir
from framing.stats.resampling import DEFAULT_SEED

__all__ = ["VALIDITY_FILE", "bundled_validity", "format_validity", "validity_record"]

VALIDITY_FILE = "validity.toml"
MEASURED_ON = (
    "the held part of the project's development set: 7 news-style articles on generative video "
    "AI (party, financial, tech, metro and repost styles), {n} article units coded independently "
    "by two coders by the codebook (Krippendorff's alpha .82-1.00 per frame), scored against the "
    "unit-frame pairs on which both agree; the lexicons were never tuned on these articles"
)

INTERVALS = (
    "95%: per frame, Wilson score intervals (F1 through the Jaccard index; units as independent); "
    f"macro-F1 and tone Spearman, percentile bootstrap of the 7 articles (1000 resamples, seed "
    f"{DEFAULT_SEED}): with so few articles they are wide, and the figures are those of this kind of text"
)


def validity_record(part: dict[str, Any], lexicons: Any) -> dict[str, Any]:
    """The figures of one part of :func:`framing.validation.units.measure_unit_set`.

    Parameters
    ----------
    part : dict
        One part of :func:`~framing.validation.units.measure_unit_set`.
    lexicons : Lexicons
        The lexicons measured (their version is recorded).

    Returns
    -------
    dict
        ``lexicons`` (the version string), ``measured_on``, ``intervals`` (how the 95%
        intervals were made), ``frames`` (per frame ``support, precision, recall, f1,
        f1_low, f1_high``), ``macro`` (``precision, recall, f1, f1_low, f1_high``) and
        ``tone`` (per measure ``n, spearman, spearman_low, spearman_high, sign_accuracy``),
        values rounded to 3 decimals.
    """
    frames = part["frames"]
    agreed = frames[frames["gold"] == "agreed"].set_index("frame")

    def r3(x: float) -> float:
        return round(float(x), 3)

    rec: dict[str, Any] = {
        "lexicons": lexicons.version,
        "measured_on": MEASURED_ON.format(n=len(part["aligned"])),
        "intervals": INTERVALS,
        "macro": {k: r3(agreed.loc["macro", k]) for k in ("precision", "recall", "f1", "f1_low", "f1_high")},
        "frames": {},
        "tone": {},
    }
    for f, row in agreed.drop(index="macro").iterrows():
        rec["frames"][f] = {"support": int(row["support"]),
                            **{k: r3(row[k]) for k in ("precision", "recall", "f1", "f1_low", "f1_high")}}
    for _, t in part["tone"].iterrows():
        rec["tone"][t["measure"]] = {"n": int(t["n"]), "spearman": r3(t["spearman_rho"]),
                                     "spearman_low": r3(t["spearman_low"]),
                                     "spearman_high": r3(t["spearman_high"]),
                                     "sign_accuracy": r3(t["sign_accuracy"])}
    return rec


def format_validity(rec: dict[str, Any]) -> str:
    """The text of ``validity.toml``.

    Parameters
    ----------
    rec : dict
        A :func:`validity_record`.

    Returns
    -------
    str
        TOML with a comment header, ``[macro]``, ``[frames.<id>]`` and ``[tone.<measure>]``.
    """
    lines = [
        "# Measured validity of the bundled lexicons (written by benchmarks/validity.py --write;",
        "# tests/test_validity.py keeps it equal to a fresh measurement). Agreement with human",
        "# coders on text the lexicons were not tuned on: cite it, and validate on your own sample.",
        "",
        f'lexicons = "{rec["lexicons"]}"',
        f'measured_on = "{rec["measured_on"]}"',
        f'intervals = "{rec["intervals"]}"',
        "",
        "[macro]",
        *(f"{k} = {v}" for k, v in rec["macro"].items()),
    ]
    for f, vals in rec["frames"].items():
        lines += ["", f"[frames.{f}]", *(f"{k} = {v}" for k, v in vals.items())]
    for m, vals in rec["tone"].items():
        lines += ["", f"[tone.{m}]", *(f"{k} = {v}" for k, v in vals.items())]
    return "\n".join(lines) + "\n"


def bundled_validity(path: str | Path | None = None) -> dict[str, Any] | None:
    """The recorded validity of the bundled lexicons.

    Parameters
    ----------
    path : str or Path, optional
        The file (default: ``validity.toml`` of the bundled lexicons).

    Returns
    -------
    dict or None
        The parsed file, None when it is missing.
    """
    p = Path(path) if path is not None else lexicon_dir() / VALIDITY_FILE
    if not p.is_file():
        return None
    return tomllib.loads(p.read_text(encoding="utf-8"))
