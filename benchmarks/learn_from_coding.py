"""Learning from human coding on the development set: a trained frame model and accepted lexicon
suggestions, both fitted on the develop part and measured on the held part.

Run from the repository root::

    python benchmarks/learn_from_coding.py              # prints both parts' figures
    python benchmarks/learn_from_coding.py --keep DIR   # also keep the model, the suggestions
                                                        # and the edited lexicon folder in DIR

The development set (``tests/data/devset/``; see ``benchmarks/validity.py``) is split by article
into a develop part (14 articles) and a held part (7 articles). The articles are read as a
table and scored with the bundled lexicons; each coded unit is aligned with the scored
sentences (:func:`framing.validation.units.align_units`). A unit counts when both coders call
it article text (``is_body = 1``); its code for a frame is the one both coders gave (unit-frame
pairs where they disagree are left out, as in ``validity.py``). A scored sentence takes the
codes of the units it lies in.

(a) **Frame model.** :func:`framing.frame_train.fit_frames` on the develop part's sentences
(text, dictionary, position and voice features; the default C grid, seed and five folds of
whole articles). Printed: per frame and macro, precision, recall and F1 at the unit level
(a unit carries a frame when one of its sentences does, as for the dictionary), for the
dictionary and the model, cross-validated (out-of-fold) on the develop part and on the held
part, which the training never sees.

(b) **Lexicon suggestions.** :func:`framing.validation.suggest.suggest_from_scored` on the
develop part's sentences (the prior's shares from the develop part's sentences), with the
default thresholds. The suggestions are accepted by a fixed rule, stated in :data:`RULE`
and applied without looking at them:

* a new cue (``add``) when it would code at least 2 of the develop positives the dictionary
  missed (``gain >= 2``) and at most 1 develop negative (``new_fp <= 1``);
* a rule for an existing term (exclude/unless/requires/weight/remove) when it would fix at
  least 2 develop false positives and lose no develop true positive (``fixes_fp >= 2``,
  ``loses_tp == 0``), one per term (the most false positives fixed, then the first listed).

The accepted lines are applied to a copy of the bundled lexicons
(:func:`framing.validation.suggest.apply_suggestions`), the set is scored again, and the
held part's precision and recall per frame are printed before and after (the develop part's
too, which flatter by construction). Nothing is chosen on the held part.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from validity import DEVSET, FRAMES, load_devset  # noqa: E402

RULE = ("add: gain >= 2 and new_fp <= 1; rules: fixes_fp >= 2 and loses_tp == 0, "
        "one per term (most false positives fixed, then first listed)")


@dataclass
class Dev:
    """The development set scored with one lexicon set, and what training needs."""

    arts: pd.DataFrame
    units: pd.DataFrame
    codes: pd.DataFrame
    scored: object
    body_units: set
    part_of: dict
    gold: pd.DataFrame  # per scored sentence (index = scored sentence rows), NaN = no code
    covered: np.ndarray  # sentences that lie in a body unit


def build(lexicons=None, root: Path = DEVSET) -> Dev:
    """Score the development set and give every sentence the agreed codes of its units."""
    import framing as fr
    from framing.validation.units import align_units

    arts, units, codes = load_devset(root)
    corpus = fr.read_corpus(arts.assign(outlet="devset")[["doc_id", "text", "outlet"]], filter_topic=False)
    scored = fr.score(corpus, lexicons)
    aligned = align_units(units, scored, frames=FRAMES)
    body = codes.groupby("unit_id")["is_body"].min()
    body_units = set(body[body == 1].index)
    wide = codes.pivot_table(index="unit_id", columns="coder", values=FRAMES, aggfunc="first")
    agreed = pd.DataFrame(
        {f: np.where(wide[f].nunique(axis=1) == 1, wide[f].iloc[:, 0], np.nan) for f in FRAMES},
        index=wide.index,
    )
    s = scored.sentences
    row_of = {(d, int(i)): r for r, (d, i) in enumerate(zip(s["doc_id"], s["sent_id"], strict=True))}
    gold = pd.DataFrame(np.nan, index=range(len(s)), columns=FRAMES)
    covered = np.zeros(len(s), dtype=bool)
    for u in aligned[aligned["aligned"] & aligned["unit_id"].isin(body_units)].itertuples():
        for x in str(u.sent_ids).split(";"):
            r = row_of[(u.doc_id, int(x))]
            covered[r] = True
            for f in FRAMES:
                v = agreed.at[u.unit_id, f]
                if not np.isnan(v):
                    cur = gold.at[r, f]
                    gold.at[r, f] = v if np.isnan(cur) else max(cur, v)
    part_of = dict(zip(arts["doc_id"], arts["part"], strict=True))
    return Dev(arts, units, codes, scored, body_units, part_of, gold, covered)


def unit_figures(dev: Dev, sentences: pd.DataFrame, part: str) -> pd.DataFrame:
    """P/R/F1 per frame (and macro) against the agreed codes of a part's body units, of the
    ``frame_<id>`` columns of ``sentences`` (a unit carries a frame when a sentence of it does)."""
    from types import SimpleNamespace

    from framing.validation.units import align_units, unit_agreement

    docs = {d for d, p in dev.part_of.items() if p == part}
    keep = dev.units["doc_id"].isin(docs) & dev.units["unit_id"].isin(dev.body_units)
    ids = set(dev.units.loc[keep, "unit_id"])
    al = align_units(dev.units[dev.units["unit_id"].isin(ids)], SimpleNamespace(sentences=sentences), frames=FRAMES)
    res = unit_agreement(al, dev.codes[dev.codes["unit_id"].isin(ids)], FRAMES)
    t = res["frames"]
    return t[t["gold"] == "agreed"].set_index("frame")


def _print_side(title: str, left: tuple[str, pd.DataFrame], right: tuple[str, pd.DataFrame]) -> None:
    print(f"\n{title}")
    head = f"{'frame':<12}{'sup':>5}   " + "   ".join(f"{name + ' P / R / F1':>20s}" for name, _ in (left, right))
    print(head)
    for f in [*FRAMES, "macro"]:
        cells = []
        for _, t in (left, right):
            r = t.loc[f]
            cells.append(f"{r['precision']:.2f} / {r['recall']:.2f} / {r['f1']:.2f}".rjust(20))
        sup = "" if f == "macro" else str(int(left[1].loc[f, "support"]))
        print(f"{f:<12}{sup:>5}   " + "   ".join(cells))


def frame_model(dev: Dev, keep: Path | None) -> dict:
    """(a): train on the develop part, measure cross-validated on it and on the held part."""
    from framing.frame_train import fit_frames
    from framing.scoring.frame_model import FrameModel, payload_bytes

    s = dev.scored.sentences
    develop = (s["doc_id"].map(dev.part_of) == "develop").to_numpy()
    train = develop & dev.covered
    rows = s[train].reset_index(drop=True)
    t0 = time.perf_counter()
    fit = fit_frames(rows, dev.gold[train].reset_index(drop=True), rows["doc_id"].tolist(), FRAMES,
                     dev.scored.frame_ids, ["text", "dictionary", "position", "voice"])
    seconds = time.perf_counter() - t0
    cv_codes = s.copy()
    for f in FRAMES:
        col = np.zeros(len(s), dtype=np.int64)
        col[np.flatnonzero(train)] = fit.oof[f"cv_{f}"].to_numpy()
        cv_codes[f"frame_{f}"] = col
    model = FrameModel("devset.model", "", fit.payload, {})
    pred = model.predict(s)
    held_codes = s.assign(**{f"frame_{f}": pred[f"model_{f}"] for f in FRAMES})
    out = {
        "dict_develop": unit_figures(dev, s, "develop"),
        "dict_held": unit_figures(dev, s, "held"),
        "model_develop": unit_figures(dev, cv_codes, "develop"),
        "model_held": unit_figures(dev, held_codes, "held"),
    }
    print(f"\n(a) frame model: {int(train.sum())} develop sentences in body units, trained in {seconds:.1f} s; "
          "C per frame " + ", ".join(f"{r.frame} {r.C:g}" for r in fit.cv.itertuples() if r.frame != "macro"))
    _print_side("develop part (model: cross-validated, 5 folds of whole articles)",
                ("dictionary", out["dict_develop"]), ("model", out["model_develop"]))
    _print_side("held part (never seen in training)", ("dictionary", out["dict_held"]), ("model", out["model_held"]))
    if keep is not None:
        (keep / "devset.model").write_bytes(payload_bytes(fit.payload))
    return out


def accept_by_rule(table: pd.DataFrame) -> pd.DataFrame:
    """The table with ``accept`` filled by :data:`RULE`."""
    table = table.copy()
    add = (table["action"] == "add") & (table["gain"].fillna(0) >= 2) & (table["new_fp"].fillna(99) <= 1)
    rule = (table["action"] != "add") & (table["fixes_fp"].fillna(0) >= 2) & (table["loses_tp"].fillna(99) == 0)
    picked = table[rule].sort_values("fixes_fp", ascending=False, kind="stable").drop_duplicates(["frame", "term"])
    table["accept"] = np.where(add | table.index.isin(picked.index), "1", "")
    return table


def suggestions(dev: Dev, folder: Path) -> dict:
    """(b): suggest on the develop part, accept by the rule, apply, measure both parts."""
    import framing as fr
    from framing.validation.suggest import apply_suggestions, suggest_from_scored

    s = dev.scored.sentences
    develop = (s["doc_id"].map(dev.part_of) == "develop").to_numpy()
    rows = develop & dev.covered
    t0 = time.perf_counter()
    sug = suggest_from_scored(s[rows], dev.scored.hits, dev.gold[rows], dev.scored.lexicons,
                              background=s[develop])
    sug.table = accept_by_rule(sug.table)
    sug.write(folder / "suggestions", force=True)
    acc = sug.table[sug.table["accept"] == "1"]
    print(f"\n(b) lexicon suggestions on the develop part: {len(sug.table)} rows "
          f"({ {k: int(v) for k, v in sug.table['action'].value_counts().items()} }) in {time.perf_counter() - t0:.1f} s")
    print(f"accepted by the rule ({RULE}): {len(acc)}")
    for r in acc.itertuples():
        extra = (f"z {r.z:.2f}, gain {r.gain}, new_fp {r.new_fp}" if r.action == "add"
                 else f"fixes_fp {r.fixes_fp}, loses_tp {r.loses_tp}")
        print(f"  {r.id} {r.frame:<11} {r.action:<8} {r.term} {'' if r.action == 'add' else r.value}  ({extra})")
    edited = folder / "lexicons_suggested"
    if edited.exists():
        import shutil

        shutil.rmtree(edited)
    apply_suggestions(folder / "suggestions" / "suggestions.csv", edited)
    after = build(fr.load_lexicons(edited))
    out = {
        "before_develop": unit_figures(dev, s, "develop"),
        "after_develop": unit_figures(after, after.scored.sentences, "develop"),
        "before_held": unit_figures(dev, s, "held"),
        "after_held": unit_figures(after, after.scored.sentences, "held"),
    }
    _print_side("develop part (the suggestions were fitted here)", ("before", out["before_develop"]),
                ("after", out["after_develop"]))
    _print_side("held part", ("before", out["before_held"]), ("after", out["after_held"]))
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--keep", metavar="DIR", help="keep the model, the suggestions and the edited lexicons here")
    args = ap.parse_args(argv)
    t0 = time.perf_counter()
    dev = build()
    n_dev = sum(1 for p in dev.part_of.values() if p == "develop")
    print(f"development set: {len(dev.part_of)} articles ({n_dev} develop, {len(dev.part_of) - n_dev} held), "
          f"{len(dev.body_units)} body units; scored in {time.perf_counter() - t0:.1f} s")
    if args.keep:
        keep = Path(args.keep)
        keep.mkdir(parents=True, exist_ok=True)
        frame_model(dev, keep)
        suggestions(dev, keep)
    else:
        frame_model(dev, None)
        with tempfile.TemporaryDirectory(prefix="learn-from-coding-") as tmp:
            suggestions(dev, Path(tmp))
    print(f"\n{time.perf_counter() - t0:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
