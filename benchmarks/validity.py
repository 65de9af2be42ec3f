"""Validity of the default lexicons on the development set, part by part.

Run from the repository root::

    python benchmarks/validity.py                    # develop and held parts, the whole set
    python benchmarks/validity.py --lexicons DIR     # a lexicon folder of your own
    python benchmarks/validity.py --errors develop   # list the develop part's misses
    python benchmarks/validity.py --write            # record the held part in lexicons/validity.toml
    python benchmarks/validity.py --root tests/data/varied   # the varied-wording set (README inside)

The development set (``tests/data/devset/``: 21 news-style articles written for the project,
cut into 547 units and coded independently by two coders by CODEBOOK.md) is split once by
article into a **develop** part (14 articles), used while editing lexicons, and a **held**
part (7 articles), only measured. The split is ``tests/data/devset/split.tsv``, drawn with
``numpy.random.default_rng(20241201)``: two articles per writing wave, then one more.

The articles are read as a table (one row per article, ``filter_topic=False``) and scored
with the lexicons; each coded unit is aligned with the scored sentences by its text
(:func:`framing.validation.units.align_units`). Page furniture (``is_body = 0``) is left out.
Printed per part: precision, recall and F1 per frame against each coder and against their
agreement (unit-frame pairs where the two disagree left out), with the agreed F1's 95%
interval (per frame Wilson, units as independent; macro a bootstrap of articles), the macro
figures and mean precision, lexicon tone and snownlp sentiment against the agreed tone
(Spearman with a bootstrap-of-articles interval, sign accuracy), voice accuracy, and how many
body units could not be aligned.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
DEVSET = ROOT / "tests" / "data" / "devset"
FRAMES = ["threat", "opportunity", "catch_up", "spectacle", "limitation", "resources",
          "governance", "technology"]


def load_devset(root: Path = DEVSET) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Articles (doc_id, text, part), units (doc_id, unit_id, text) and long codes."""
    from framing.validation.units import read_unit_set

    return read_unit_set(root, FRAMES)


def measure(lexicons=None, root: Path = DEVSET) -> dict[str, dict[str, pd.DataFrame]]:
    """Score the development set and return the agreement tables per part."""
    from framing.validation.units import measure_unit_set

    return measure_unit_set(root, lexicons)


def _print_part(name: str, res: dict[str, pd.DataFrame]) -> None:
    fr_ = res["frames"]
    n_units = len(res["aligned"])
    n_miss = int((~res["aligned"]["aligned"]).sum())
    print(f"\n== {name}: {n_units} body units ({n_miss} not aligned) ==")
    wide = fr_[fr_["gold"] == "agreed"].set_index("frame")
    coders = [g for g in fr_["gold"].unique() if g != "agreed"]
    print(f"{'frame':<12}{'n':>5}{'sup':>5}{'P':>7}{'R':>7}{'F1':>7}  {'95% CI':<13} F1 " + " / ".join(coders))
    for f in [*FRAMES, "macro"]:
        r = wide.loc[f]
        per = [fr_[(fr_["gold"] == g) & (fr_["frame"] == f)]["f1"].iloc[0] for g in coders]
        n = "" if f == "macro" else f"{int(r['n']):>5}{int(r['support']):>5}"
        ci = f"[{r['f1_low']:.2f}, {r['f1_high']:.2f}]"
        print(f"{f:<12}{n:>10}{r['precision']:>7.2f}{r['recall']:>7.2f}{r['f1']:>7.2f}  {ci:<13} "
              + " / ".join(f"{x:.2f}" for x in per))
    core = wide.loc[["threat", "opportunity", "catch_up"], "f1"].mean()
    print(f"threat/opportunity/catch_up mean F1 {core:.2f}; mean precision "
          f"{wide.loc[FRAMES, 'precision'].mean():.2f}")
    for _, t in res["tone"].iterrows():
        print(f"{t['measure']:<10} Spearman {t['spearman_rho']:.2f} [{t['spearman_low']:.2f}, "
              f"{t['spearman_high']:.2f}]  sign accuracy "
              f"{t['sign_accuracy']:.2f}  (n {int(t['n'])}, polar accuracy {t['polar_accuracy']:.2f})")
    if "voice" in res:
        v = res["voice"].iloc[0]
        print(f"voice accuracy {v['accuracy']:.2f} (n {int(v['n'])})")


def _print_errors(res: dict[str, pd.DataFrame], codes: pd.DataFrame, units: pd.DataFrame) -> None:
    al = res["aligned"].set_index("unit_id")
    text = units.set_index("unit_id")["text"]
    wide = codes.pivot_table(index="unit_id", columns="coder", values=FRAMES, aggfunc="first")
    notes = codes[codes["coder"] == codes["coder"].min()].set_index("unit_id")["note"]
    for uid in al.index:
        for f in FRAMES:
            g = wide.loc[uid, f].to_numpy()
            if len(set(g)) > 1:
                continue
            p = int(al.loc[uid, f"frame_{f}"])
            if p != g[0]:
                kind = "FN" if g[0] else "FP"
                print(f"{kind} {f:<11} {uid}  {text[uid]}  [{notes.get(uid, '')}]")


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--lexicons", help="a lexicon folder (default: the bundled lexicons)")
    ap.add_argument("--root", type=Path, default=DEVSET,
                    help="a coded set in the same layout (articles/, units.tsv, codes/*.csv, "
                         "split.tsv); default: the development set")
    ap.add_argument("--parts", nargs="+", choices=["develop", "held", "all"],
                    default=["develop", "held", "all"], help="the parts to print")
    ap.add_argument("--write", action="store_true",
                    help="record the held part's figures in lexicons/validity.toml (bundled lexicons)")
    ap.add_argument("--errors", choices=["develop", "held", "all"],
                    help="list the false negatives and positives of one part")
    args = ap.parse_args(argv)
    import framing as fr

    lex = fr.load_lexicons(args.lexicons) if args.lexicons else None
    t0 = time.perf_counter()
    res = measure(lex, args.root)
    print(f"scored in {time.perf_counter() - t0:.1f} s")
    for part in args.parts:
        if part in res:
            _print_part(part, res[part])
        else:
            print(f"\n== {part}: no units in this set ==")
    if args.write:
        from framing.validation.measured import VALIDITY_FILE, format_validity, validity_record

        used = lex if lex is not None else fr.default_lexicons()
        path = ROOT / "lexicons" / VALIDITY_FILE
        path.write_text(format_validity(validity_record(res["held"], used)), encoding="utf-8")
        print(f"wrote {path.relative_to(ROOT)}")
    if args.errors:
        _, units, codes = load_devset(args.root)
        _print_errors(res[args.errors], codes, units)


if __name__ == "__main__":
    from framing.errors import FramingError

    try:
        main()
    except FramingError as err:  # a wrong folder or sheet: one line, not a traceback
        print(f"validity.py: error: {err}", file=sys.stderr)
        sys.exit(2)
