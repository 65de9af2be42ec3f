"""Coding sheets: a seeded, stratified random sample of sentences for human coders.

>>> sheet = make_codesheet(scored, n=200, seed=20240216, stratify="outlet")
>>> write_codesheet(sheet, "sheet.csv", scored.lexicons)   # + sheet_instructions.md

Sampling design
---------------
* **Population**: the scored sentences (``scored.sentences``), headlines included unless
  ``include_headlines=False``, minus any sentence named in ``exclude`` (for example the
  sentences of an earlier sheet, or those used to tune the lexicons, so that the
  validation sample stays disjoint from them).
* **Strata**: the values of the ``stratify`` column (``"outlet"`` by default; ``None`` for
  one stratum).
* **Allocation** of ``n`` to the strata: ``"proportional"`` (default) gives stratum ``h``
  ``n * N_h / N`` sentences, rounded by the largest-remainder (Hamilton) method, so the
  sample is self-weighting and pooled precision and recall estimate those of the whole
  corpus. ``"equal"`` gives every stratum the same number (``n // H``, the remainder to the
  largest strata), and a stratum smaller than its share gives all its sentences, the rest
  going to the others; use it to compare outlets with equal precision, knowing that pooled
  figures then over-represent small outlets.
* **Selection** within a stratum is simple random sampling without replacement: every
  sentence gets a pseudo-random number ``u = sha256(f"{seed}:{sentence_id}")`` and the
  ``n_h`` sentences with the smallest ``u`` are drawn. The draw of a sentence depends only
  on the seed and its own id, not on row order or on the other sentences, so the same seed
  always gives the same sheet, and adding articles to the corpus does not reshuffle the
  ranks of the sentences already there.
* **Order** of the sheet: by ``u``, so outlets and articles are interleaved and coders do
  not code an article top to bottom (the context columns carry the neighbours instead).

Sheet columns
-------------
============== ===========================================================================
sentence_id    ``f"{doc_id}:{sent_id}"``: the stable key that ``read_codes`` matches on
doc_id         the article
outlet         the outlet (as in ``scored.sentences``)
context_before the sentence before in the same article (empty for the first)
text           the sentence to code
context_after  the sentence after in the same article (empty for the last)
<frame id>     one blank column per frame, in codebook order: 1 = present, 0 or empty =
               absent
tone           blank: -1 negative, 0 neutral or mixed, 1 positive
coder          blank: the coder's name or initials
notes          blank: free comments (ignored by validation)
============== ===========================================================================

With ``blind=False`` the machine codes follow the ``notes`` column: ``machine_<frame>``
(0/1), ``machine_tone`` (sign of the lexicon tone, -1/0/1) and ``machine_sentiment``
(snownlp, 0..1). A blind sheet (the default) has none, so coders cannot anchor on them.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from pathlib import Path
from typing import Any, Literal

import numpy as np
import pandas as pd

from framing.errors import InputError
from framing.tables import write_csv

__all__ = [
    "DEFAULT_SEED",
    "SHEET_COLUMNS",
    "allocate",
    "draw_numbers",
    "instructions_path",
    "make_codesheet",
    "render_instructions",
    "sentence_ids",
    "write_codesheet",
]

DEFAULT_SEED = 20240216
# columns before the frame columns, and after them
SHEET_COLUMNS: list[str] = [
    "sentence_id",
    "doc_id",
    "outlet",
    "context_before",
    "text",
    "context_after",
]
CODER_COLUMNS: list[str] = ["tone", "coder", "notes"]

Allocation = Literal["proportional", "equal"]


def sentence_ids(sentences: pd.DataFrame) -> pd.Series:
    """The sentence ids of a sentences table, as coding sheets name sentences.

    Parameters
    ----------
    sentences : pandas.DataFrame
        With ``doc_id`` and ``sent_id``.

    Returns
    -------
    pandas.Series
        ``f"{doc_id}:{sent_id}"`` per row, with the table's index.
    """
    return sentences["doc_id"].astype(str) + ":" + sentences["sent_id"].astype(int).astype(str)


def draw_numbers(ids: Iterable[str], seed: int) -> np.ndarray:
    """Pseudo-random draw numbers, independent of the order and of the other ids.

    Parameters
    ----------
    ids : iterable of str
        Sentence ids.
    seed : int
        The seed of the draw.

    Returns
    -------
    numpy.ndarray
        Per id a number in [0, 2**64): the first 8 bytes of ``sha256(f"{seed}:{id}")``.
    """
    out = [int.from_bytes(hashlib.sha256(f"{seed}:{i}".encode()).digest()[:8], "big") for i in ids]
    return np.array(out, dtype=np.uint64)


def allocate(sizes: pd.Series, n: int, allocation: Allocation = "proportional") -> pd.Series:
    """Sample size per stratum.

    Parameters
    ----------
    sizes : pandas.Series
        Stratum -> number of sentences ``N_h`` (all > 0).
    n : int
        Total sample size; capped at ``sum(N_h)``.
    allocation : {"proportional", "equal"}
        ``"proportional"`` (largest remainder; ties to the larger stratum, then by stratum
        name) or ``"equal"`` (equal shares; a stratum smaller than its share gives all it
        has and the rest is shared among the others; remainders go to the larger strata
        first, then by name).

    Returns
    -------
    pandas.Series
        Stratum -> ``n_h`` (int), in the order of ``sizes``; sums to ``min(n, N)``.

    Raises
    ------
    InputError
        A negative ``n``.
    """
    if n < 0:
        raise InputError(f"sample size must be 0 or more; got {n}")
    sizes = sizes.astype(np.int64)
    total = int(sizes.sum())
    n = min(int(n), total)
    names = [str(k) for k in sizes.index]
    if allocation == "proportional":
        quota = sizes.to_numpy(dtype=float) * n / total if total else np.zeros(len(sizes))
        base = np.floor(quota + 1e-9).astype(np.int64)
        rest = n - int(base.sum())
        frac = quota - base
        order = sorted(range(len(sizes)), key=lambda i: (-frac[i], -sizes.iloc[i], names[i]))
        for i in order[:rest]:
            base[i] += 1
        return pd.Series(base, index=sizes.index, name="n")
    if allocation == "equal":
        alloc = np.zeros(len(sizes), dtype=np.int64)
        cap = sizes.to_numpy()
        left = n
        while left > 0:
            open_ = [i for i in range(len(sizes)) if alloc[i] < cap[i]]
            share = left // len(open_)
            if share == 0:
                order = sorted(open_, key=lambda i: (-cap[i], names[i]))
                for i in order[:left]:
                    alloc[i] += 1
                break
            for i in open_:
                take = min(share, cap[i] - alloc[i])
                alloc[i] += take
                left -= take
        return pd.Series(alloc, index=sizes.index, name="n")
    raise ValueError(f"allocation must be 'proportional' or 'equal'; got {allocation!r}")


def _context(sents: pd.DataFrame) -> tuple[pd.Series, pd.Series]:
    ordered = sents.sort_values(["doc_id", "sent_id"], kind="stable")
    g = ordered.groupby("doc_id", sort=False)["text"]
    before = g.shift(1).fillna("")
    after = g.shift(-1).fillna("")
    return before.reindex(sents.index), after.reindex(sents.index)


def make_codesheet(
    scored: Any,
    n: int = 200,
    seed: int = DEFAULT_SEED,
    stratify: str | None = "outlet",
    blind: bool = True,
    include_headlines: bool = True,
    allocation: Allocation = "proportional",
    exclude: Iterable[str] | None = None,
) -> pd.DataFrame:
    """A seeded, stratified random sample of sentences to be coded by hand.

    Parameters
    ----------
    scored : Scored
        Its ``sentences`` and ``frame_ids`` are used.
    n : int
        Sample size (all sentences if the population is smaller).
    seed : int
        Seed of the draw; the same seed and corpus give the same sheet.
    stratify : str or None
        Column of ``scored.sentences`` to stratify by (``"outlet"``, ``"doc_id"`` ...), or
        ``None`` for a simple random sample.
    blind : bool
        Leave the machine codes off the sheet (default). ``False`` adds
        ``machine_<frame>``, ``machine_tone`` and ``machine_sentiment`` columns, for
        checking a sheet or training coders, never for the validation itself.
    include_headlines : bool
        Sample headlines too (they are scored and counted in the analysis like any
        sentence; default ``True``).
    allocation : {"proportional", "equal"}
        See the module docs.
    exclude : iterable of str, optional
        Sentence ids (``doc_id:sent_id``) that must not be drawn, e.g. those of an earlier
        sheet or those used while tuning the lexicons.

    Returns
    -------
    pandas.DataFrame
        The sheet, one row per sampled sentence; columns as in the module docs. ``attrs``
        holds the design (``seed``, ``stratify``, ``allocation``, ``n_population``,
        ``strata``: stratum -> [population, sample]).

    Raises
    ------
    InputError
        An unknown ``stratify`` column or a sample size below 1.
    """
    sents = scored.sentences
    frames = list(scored.frame_ids)
    if stratify is not None and stratify not in sents.columns:
        raise InputError(
            f"cannot stratify by {stratify!r}: the sentences have no such column; "
            f"use one of {[c for c in ('outlet', 'outlet_id', 'doc_id') if c in sents.columns]}"
            " or no stratification"
        )
    if n < 1:
        raise InputError(f"a coding sheet needs at least 1 sentence; got n={n}")
    ids = sentence_ids(sents)
    before, after = _context(sents)
    pool = pd.DataFrame(
        {
            "sentence_id": ids,
            "doc_id": sents["doc_id"].astype(str),
            "outlet": sents["outlet"] if "outlet" in sents.columns else "",
            "context_before": before,
            "text": sents["text"].fillna("").astype(str),
            "context_after": after,
        },
        index=sents.index,
    )
    pool["_stratum"] = sents[stratify].fillna("").astype(str) if stratify else "all"
    keep = pd.Series(True, index=sents.index)
    if not include_headlines and "is_headline" in sents.columns:
        keep &= ~sents["is_headline"].astype(bool)
    if exclude is not None:
        keep &= ~ids.isin(set(map(str, exclude)))
    pool = pool[keep]
    if pool.empty:
        raise InputError("no sentences left to sample; include headlines or exclude fewer")
    pool["_u"] = draw_numbers(pool["sentence_id"], seed)
    sizes = pool.groupby("_stratum", sort=True).size()
    alloc = allocate(sizes, n, allocation)
    picked = []
    for stratum, k in alloc.items():
        if k:
            part = pool[pool["_stratum"] == stratum]
            picked.append(part.sort_values(["_u", "sentence_id"], kind="stable").head(int(k)))
    sample = pd.concat(picked).sort_values(["_u", "sentence_id"], kind="stable")
    sheet = sample[SHEET_COLUMNS].reset_index(drop=True)
    for f in frames:
        sheet[f] = ""
    for c in CODER_COLUMNS:
        sheet[c] = ""
    if not blind:
        src = sents.loc[sample.index]
        for f in frames:
            sheet[f"machine_{f}"] = src[f"frame_{f}"].astype(int).to_numpy()
        sheet["machine_tone"] = np.sign(src["tone"].to_numpy(dtype=float)).astype(int)
        sheet["machine_sentiment"] = src["sentiment"].to_numpy(dtype=float)
    sheet.attrs = {
        "seed": int(seed),
        "stratify": stratify,
        "allocation": allocation,
        "include_headlines": bool(include_headlines),
        "blind": bool(blind),
        "n_population": int(len(pool)),
        "n_excluded": int((~keep).sum()),
        "strata": {str(k): [int(sizes[k]), int(alloc[k])] for k in sizes.index},
        "frames": frames,
    }
    return sheet


def instructions_path(path: str | Path) -> Path:
    """The instructions file beside a sheet.

    Parameters
    ----------
    path : str or Path
        The coding sheet (it need not exist yet).

    Returns
    -------
    Path
        ``<stem>_instructions.md`` in the sheet's folder.
    """
    p = Path(path)
    return p.with_name(f"{p.stem}_instructions.md")


def render_instructions(sheet: pd.DataFrame, lexicons: Any, sheet_name: str = "the sheet") -> str:
    """Coder instructions from the lexicons' frame metadata and the sheet's design.

    Parameters
    ----------
    sheet : pandas.DataFrame
        From :func:`make_codesheet` (its ``attrs`` hold the design).
    lexicons : Lexicons
        The frames' labels and definitions.
    sheet_name : str
        How the instructions name the sheet.

    Returns
    -------
    str
        The instructions as Markdown.
    """
    frames = list(lexicons.frames)
    attrs = sheet.attrs or {}
    lines = [
        f"# Coding instructions for {sheet_name}",
        "",
        f"The sheet holds {len(sheet)} sentences from news articles. Code each sentence in the "
        "`text` column: which frames it carries (several or none) and its tone. "
        "`context_before` and `context_after` show the neighbouring sentences of the same "
        "article; read them to understand the sentence, but code only the `text` sentence.",
        "",
        "## How to fill in the sheet",
        "",
        "- Write your name or initials in the `coder` column of every row you code; use the "
        "same spelling throughout. Each coder codes a separate copy of the sheet, alone, "
        "without discussing sentences with other coders until all are done.",
        "- Frame columns (" + ", ".join(f"`{f.id}`" for f in frames) + "): write `1` if the "
        "sentence carries the frame, `0` or leave the cell empty if it does not. A row in "
        "which you fill nothing at all (no frame, no tone) counts as not coded.",
        "- `tone`: `1` if the sentence evaluates its subject positively, `-1` negatively, "
        "`0` if it is neutral or mixed. Fill it for every sentence you code. Tone is about "
        "how the sentence evaluates, not about its frame: a threat sentence can be neutral "
        "in tone when the danger is reported flatly.",
        "- `notes`: optional comments (ignored by the analysis).",
        "- Do not change `sentence_id` or `text`: they link your codes to the sentences. "
        "Sorting, filtering and hiding rows or columns is fine.",
        "- Save as CSV (UTF-8). Excel: *File > Save As > CSV UTF-8*.",
        "",
        "## General rules",
        "",
        "- The unit is the sentence. Code what the sentence says, in its own words and in the "
        "context of its article.",
        "- Do not code a frame from a single word that is used in another sense; a "
        "sentence may carry several frames, or none.",
        "- When in doubt, write 0 and explain in `notes`.",
        "",
        "## Frames",
        "",
        "| column | label | definition |",
        "|---|---|---|",
    ]
    for f in frames:
        definition = str(f.definition).replace("|", "\\|").replace("\n", " ")
        lines.append(f"| `{f.id}` | {f.label_zh} / {f.label_en} | {definition} |")
    lines += [
        "",
        "## Tone",
        "",
        "| value | meaning |",
        "|---|---|",
        "| `1` | positive tone towards the subject of the sentence |",
        "| `0` | neutral, factual, or mixed |",
        "| `-1` | negative tone towards the subject of the sentence |",
        "",
        "## Sample",
        "",
    ]
    if attrs:
        strata = attrs.get("strata", {})
        by = attrs.get("stratify")
        design = (
            f"Drawn at random with seed {attrs.get('seed')} from {attrs.get('n_population')} "
            "sentences"
            + (f", stratified by {by} ({attrs.get('allocation')} allocation)" if by else "")
            + (", headlines included" if attrs.get("include_headlines") else ", no headlines")
            + "."
        )
        lines.append(design)
        if by and strata:
            lines += ["", f"| {by} | sentences | sampled |", "|---|---|---|"]
            for k, (pop, got) in strata.items():
                lines.append(f"| {k} | {pop} | {got} |")
        lines.append("")
        if not attrs.get("blind", True):
            lines += [
                "This copy shows the machine codes (`machine_*` columns). Use it to check the "
                "sheet or to train, not to produce codes for validation.",
                "",
            ]
    else:
        lines += ["The sentences were chosen by the analyst.", ""]
    return "\n".join(lines)


def write_codesheet(
    sheet: pd.DataFrame,
    path: str | Path,
    lexicons: Any,
    codebook: str | Path | None = None,
) -> tuple[Path, Path]:
    """Write the sheet as CSV (UTF-8 with BOM, which Excel opens with the Chinese intact)
    and ``<stem>_instructions.md`` beside it.

    Parameters
    ----------
    sheet : pandas.DataFrame
        From :func:`make_codesheet`.
    path : str or Path
        The CSV to write (its folder is created).
    lexicons : Lexicons
        The lexicons the sheet was drawn for (frame ids, labels and definitions go into
        the instructions).
    codebook : str or Path, optional
        A Markdown codebook whose text is appended to the instructions (inclusion and
        exclusion rules).

    Returns
    -------
    tuple of Path
        ``(sheet_path, instructions_path)``.

    Raises
    ------
    InputError
        The sheet lacks a frame of the lexicons, or the codebook cannot be read.
    """
    path = Path(path)
    missing = [f for f in lexicons.frame_ids if f not in sheet.columns]
    if missing:
        raise InputError(
            f"the sheet has no column for frame(s) {missing} of these lexicons; "
            "make the sheet from sentences scored with the same lexicons"
        )
    path.parent.mkdir(parents=True, exist_ok=True)
    write_csv(sheet, path)
    text = render_instructions(sheet, lexicons, sheet_name=f"`{path.name}`")
    if codebook is not None:
        cb = Path(codebook)
        try:
            body = cb.read_text(encoding="utf-8-sig")
        except OSError as err:
            raise InputError(f"cannot read the codebook {cb.name}: {err.strerror}") from None
        text = text.rstrip("\n") + "\n\n---\n\n" + body.strip() + "\n"
    out = instructions_path(path)
    out.write_text(text if text.endswith("\n") else text + "\n", encoding="utf-8")
    return path, out
