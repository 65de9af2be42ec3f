"""Lexicon suggestions from human coding: what the coders saw that the dictionary missed.

>>> s = suggest_terms(["anna.csv", "ben.csv"], input="corpus/")
>>> s.table.query("action == 'add'").head()       # candidate cue terms per frame
>>> s.write("suggestions/")                        # suggestions.csv + suggestions.toml
>>> apply_suggestions("suggestions/suggestions.csv", "my_lexicons/")   # accepted lines only

From coded sheets (the layout ``framing validate`` reads) and the corpus they were drawn from
(or each sentence scored on its own), per frame:

Candidate cue terms (``action = add``)
    jieba tokens and pairs of adjacent tokens (collocations, written as one string, which
    the lexicon then keeps whole as a user word) that are typical of the sentences the
    coders code with the frame rather than of those they code without it: the weighted
    log-odds ratio with an informative Dirichlet prior (Monroe, Colaresi & Quinn 2008;
    :func:`framing.comparison.keyness.fightin_words`), each sentence counting a candidate
    once, the prior's shares taken from the whole corpus (else the coded sentences) and its
    weight a tenth of the coded sentences' counts, as in the keyness table. A candidate is
    a real word: no stopword, punctuation, number or single Chinese character (a pair may
    hold one, beside a word), and a pair must stand adjacent in the text. It is proposed
    when its z reaches ``min_z``, it occurs in at least ``min_count`` coded positive
    sentences of at least ``min_articles`` articles (an article's own idiom is no cue of the
    frame), at least ``min_missed`` of them missed by the dictionary, and it is neither a
    term of the frame nor holds one (the dictionary finds those already); a term of
    another frame is proposed with ``shared_with``. Its weight is 1.0 when at least
    ``strong_share`` of the coded sentences holding it carry the frame, else 0.5 (a cue
    that needs a second one). ``gain`` counts the missed positives it would turn into
    hits, ``new_fp`` the coded negatives it would turn into false positives (negators and
    other modifiers not applied: an estimate).
Rules for terms that mostly fire on the coders' negatives
    a counted cue of the frame with at least ``min_rejected`` hits in sentences coded
    without the frame, more of its hits there than in sentences coded with it, and at
    least one false positive it takes part in: ``exclude`` a longer word that holds it
    (its jieba token in the rejected hits, never in the accepted ones), ``unless`` a word
    found in the rejected sentences and in none of the accepted ones, ``requires`` a word
    of the accepted sentences absent from the rejected ones (each in at least
    ``min_rejected`` sentences), a lower ``weight`` (half the threshold: the cue then needs
    a second one) or ``remove`` (no accepted hit at all); each proposed only when it would
    turn false positives of at least ``min_articles`` articles into true negatives
    (``fixes_fp``; ``loses_tp`` counts the true positives it would lose).

Each suggestion is one row of :attr:`Suggestions.table` with its counts and up to ``kwic``
key-word-in-context lines; :meth:`Suggestions.write` writes it as ``suggestions.csv`` (a
column ``accept`` for the researcher) and ``suggestions.toml`` (per frame the entries as
they would read). Nothing changes a lexicon until :func:`apply_suggestions` copies a lexicon
folder and applies the accepted rows to the copy; the folder it copies is never edited.
The counts come from the coded sentences: suggestions fitted to them raise their figures
by construction, so measure the edited lexicons on coded sentences kept apart.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from framing.comparison.keyness import default_stopwords, fightin_words, is_junk_token
from framing.errors import InputError
from framing.lexicons import term_key
from framing.tables import write_csv
from framing.validation.apply import ACCEPT_NO, ACCEPT_YES, apply_suggestions
from framing.validation.entries import ACTIONS, term_value, toml_entry, toml_value

__all__ = [  # ACCEPT_YES, ACCEPT_NO and apply_suggestions: framing.validation.apply
    "ACCEPT_NO",
    "ACCEPT_YES",
    "ACTIONS",
    "SUGGESTION_COLUMNS",
    "Suggestions",
    "apply_suggestions",
    "is_word",
    "suggest_from_scored",
    "suggest_terms",
]

SUGGESTION_COLUMNS = [
    "id", "accept", "frame", "action", "term", "value", "z", "n_pos", "n_missed", "n_neg",
    "articles", "gain", "new_fp", "fixes_fp", "loses_tp", "examples", "toml",
]
_DIGIT = re.compile(r"[0-9０-９]")
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_LATIN_WORD = re.compile(r"^[A-Za-z][A-Za-z\-]*[A-Za-z]$")


def is_word(token: str, stopwords: set[str] | frozenset[str]) -> bool:
    """Whether a token can be a cue term.

    Parameters
    ----------
    token : str
        A jieba token.
    stopwords : set of str
        Words that are never cues.

    Returns
    -------
    bool
        True for a Chinese word of two characters or more or a Latin word of two letters
        or more that is no stopword, punctuation or number.
    """
    if not token or token in stopwords or is_junk_token(token) or _DIGIT.search(token):
        return False
    if _CJK.search(token):
        return len(token) >= 2 and all(_CJK.match(ch) for ch in token)
    return bool(_LATIN_WORD.match(token))


def _pair_ok(a: str, b: str, stopwords: set[str]) -> bool:
    """A collocation of two adjacent tokens: both Chinese, neither a stopword, at least one a
    word of two characters or more."""
    if a in stopwords or b in stopwords:
        return False
    ok = [bool(t) and all(_CJK.match(ch) for ch in t) for t in (a, b)]
    return all(ok) and max(len(a), len(b)) >= 2


def _candidates(tokens: str, text: str, stopwords: set[str]) -> set[str]:
    """The candidate strings of one sentence: its words and its adjacent word pairs (a pair
    only where the two stand next to each other in the text)."""
    toks = tokens.split() if isinstance(tokens, str) else []
    out = {t for t in toks if is_word(t, stopwords)}
    for a, b in zip(toks, toks[1:], strict=False):
        if _pair_ok(a, b, stopwords) and (a + b) in text:
            out.add(a + b)
    return out


def _kwic(text: str, term: str, window: int = 12) -> str:
    i = text.find(term)
    if i < 0:
        return text[: 2 * window]
    left = text[max(0, i - window): i]
    right = text[i + len(term): i + len(term) + window]
    return ("…" if i > window else "") + left + "【" + term + "】" + right + (
        "…" if i + len(term) + window < len(text) else "")


# ---------------------------------------------------------------------------------------
# suggestions


@dataclass
class Suggestions:
    """Proposed lexicon changes, one row per suggestion (:data:`SUGGESTION_COLUMNS`):

    ``id`` (``s001`` ...), ``accept`` (empty: for the researcher), ``frame``, ``action``
    (:data:`ACTIONS`), ``term`` (the new cue, or the existing term a rule is for),
    ``value`` (add: the weight; exclude/unless/requires: the string; weight: the new
    weight), ``z`` (add: Fightin' Words z, positives against negatives), ``n_pos`` /
    ``n_neg`` (coded sentences with / without the frame that hold the candidate, or in
    which the existing term fires), ``n_missed`` (add: positives the dictionary missed that
    hold it), ``articles`` (add: articles of the positives holding it; rules: articles of
    the false positives it fixes), ``gain`` / ``new_fp`` (add: missed positives it would code, negatives it
    would code wrongly), ``fixes_fp`` / ``loses_tp`` (rules: sentences coded without /
    with the frame that the dictionary would no longer code with it), ``examples`` (key word in context, `` | ``-joined) and
    ``toml`` (the entry as it would read).
    """

    table: pd.DataFrame
    frames: list[str]
    labels: dict[str, str] = field(default_factory=dict)
    params: dict[str, Any] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    def __repr__(self) -> str:
        n = self.table["action"].value_counts().to_dict() if len(self.table) else {}
        return f"Suggestions({len(self.table)} rows: {n})"

    def to_toml(self) -> str:
        """The suggestions as a reviewable TOML snippet.

        Returns
        -------
        str
            Per frame its ``terms`` table with the proposed new entries (as they would
            read) and, commented out, the rule changes of existing entries; each with its
            id and counts in a comment above it.
        """
        p = self.params
        out = [
            "# Lexicon suggestions from coded sentences (framing lexicon suggest).",
            f"# {p.get('n_sentences', 0)} coded sentences"
            + (f", {p['rule']} rule" if p.get("rule") else "") + f"; lexicons {p.get('lexicons', '')}.",
            "# Nothing here is in force: mark the lines to keep in the accept column of "
            "suggestions.csv,",
            "# then 'framing lexicon apply suggestions.csv --out NEW_FOLDER' applies them to a copy.",
            "# Counts come from the coded sentences themselves: measure the result on coded",
            "# sentences kept apart.",
            "",
        ]
        for f in self.frames:
            rows = self.table[self.table["frame"] == f]
            if rows.empty:
                continue
            out += [f"# ---- {f} {self.labels.get(f, '')} ----".rstrip(), f"[frames.{f}.terms]"]
            for r in rows.itertuples(index=False):
                if r.action == "add":
                    out.append(
                        f"# {r.id}: z {r.z:.2f}; in {r.n_pos} coded positive ({r.n_missed} missed, "
                        f"{r.gain} gained) and {r.n_neg} negative sentences ({r.new_fp} new false positives)"
                    )
                else:
                    what = f"{r.action} {r.value}" if r.action in ("exclude", "unless", "requires") else (
                        f"weight {r.value}" if r.action == "weight" else "remove the entry")
                    out.append(
                        f"# {r.id}: {r.term} fires in {r.n_pos} coded positive and {r.n_neg} negative "
                        f"sentences; {what} (fixes {r.fixes_fp} false positive(s), loses "
                        f"{r.loses_tp} true positive(s)); replaces its entry"
                    )
                for ex in str(r.examples).split(" | ")[:2]:
                    if ex:
                        out.append(f"#   {ex}")
                out.append(r.toml if r.action == "add" else "# " + r.toml)
            out.append("")
        return "\n".join(out).rstrip("\n") + "\n"

    def write(self, folder: str | Path, force: bool = False) -> list[Path]:
        """Write ``suggestions.csv`` (UTF-8 with BOM, for Excel) and ``suggestions.toml``.

        Parameters
        ----------
        folder : str or Path
            Where to write (created if needed).
        force : bool
            Replace files of these names there.

        Returns
        -------
        list of Path
            The two files.

        Raises
        ------
        InputError
            When a file exists there already and ``force`` is not given.
        """
        folder = Path(folder)
        if folder.exists() and not folder.is_dir():
            raise InputError(f"{folder.name}: exists and is not a folder; fix: give a folder for the suggestions")
        paths = [folder / "suggestions.csv", folder / "suggestions.toml"]
        if not force:
            for p in paths:
                if p.exists():
                    raise InputError(f"{p.name}: exists in {folder.name}; fix: choose another --out, or --force to replace it")
        folder.mkdir(parents=True, exist_ok=True)
        write_csv(self.table, paths[0])
        paths[1].write_text(self.to_toml(), encoding="utf-8", newline="\n")
        return paths


@dataclass
class _Frame:
    """One frame's view of the coded sentences, shared by the two kinds of suggestion."""

    frame: str
    texts: list[str]
    docs: np.ndarray
    tokens: list[set[str]]
    cands: list[set[str]]
    pos: np.ndarray
    neg: np.ndarray
    dict_on: np.ndarray
    weight: np.ndarray
    threshold: float
    stop: set[str]
    opts: dict[str, Any]

    @property
    def missed(self) -> np.ndarray:
        return self.pos & ~self.dict_on

    def articles(self, rows: Sequence[int]) -> int:
        return len({self.docs[r] for r in rows})

    def flips(self, drop: dict[int, float]) -> tuple[list[int], list[int]]:
        """(false positives fixed, true positives lost) when each row's frame weight drops
        by ``drop[row]``."""
        gone = [r for r, d in drop.items() if self.dict_on[r] and self.weight[r] - d < self.threshold - 1e-9]
        return [r for r in gone if self.neg[r]], [r for r in gone if self.pos[r]]


def suggest_from_scored(
    sentences: pd.DataFrame,
    hits: pd.DataFrame,
    gold: pd.DataFrame,
    lexicons: Any,
    *,
    frames: Sequence[str] | None = None,
    background: pd.DataFrame | None = None,
    min_count: int = 3,
    min_missed: int = 2,
    min_z: float = 1.96,
    min_rejected: int = 2,
    min_articles: int = 2,
    strong_share: float = 0.75,
    max_per_frame: int = 25,
    kwic: int = 3,
) -> Suggestions:
    """Suggestions from scored coded sentences (the core of :func:`suggest_terms`, also used
    on tables built otherwise, e.g. the development set's units).

    Parameters
    ----------
    sentences:
        Scored sentences (:func:`framing.score`) that were coded: ``doc_id, sent_id, text,
        tokens`` and ``frame_<id>``, ``weight_<id>``.
    hits:
        The hits of the scoring (rows of other sentences are ignored).
    gold:
        Aligned with ``sentences``: one column per frame id, 1/0, NaN = undecided.
    lexicons:
        The :class:`framing.Lexicons` the sentences were scored with.
    frames:
        Frames to suggest for (default: the columns of ``gold`` in the lexicons' order).
    background:
        Sentences (``tokens`` and ``text``) whose candidate counts make the prior's shares,
        e.g. the whole corpus (default: the coded sentences).
    min_count, min_missed, min_z, min_rejected, min_articles, strong_share, max_per_frame, kwic:
        See the module docs.

    Returns
    -------
    Suggestions
        One row per suggestion, with the counts behind it.
    """

    sentences = sentences.reset_index(drop=True)
    gold = gold.reset_index(drop=True)
    stop = set(lexicons.stopwords) if lexicons.stopwords is not None else default_stopwords()
    frames = [f for f in lexicons.frame_ids if f in gold.columns] if frames is None else list(frames)
    threshold = float(lexicons.threshold)
    texts = sentences["text"].astype(str).tolist()
    cands = [_candidates(t, x, stop) for t, x in zip(sentences["tokens"], texts, strict=True)]
    tokens = [set(str(t).split()) if isinstance(t, str) else set() for t in sentences["tokens"]]
    if background is None:
        bg = Counter(c for cs in cands for c in cs)
    else:
        bg = Counter()
        for toks, text in zip(background["tokens"], background["text"].astype(str), strict=True):
            bg.update(_candidates(toks, text, stop))
    term_frames: dict[str, list[str]] = {}
    for fr_ in lexicons.frames:
        for t in fr_.terms:
            term_frames.setdefault(term_key(t.term), []).append(fr_.id)
    sid = sentences["doc_id"].astype(str) + ":" + sentences["sent_id"].astype(int).astype(str)
    row_of = {s: i for i, s in enumerate(sid)}
    h = hits[(hits["layer"] == "frame") & ~hits["negated"].astype(bool)].copy()
    h["row"] = (h["doc_id"].astype(str) + ":" + h["sent_id"].astype(int).astype(str)).map(row_of)
    h = h[h["row"].notna()]
    h["row"] = h["row"].astype(int)
    opts = dict(min_count=min_count, min_missed=min_missed, min_z=min_z, min_rejected=min_rejected,
                min_articles=min_articles, strong_share=strong_share, max_per_frame=max_per_frame, kwic=kwic)
    rows: list[dict[str, Any]] = []
    for f in frames:
        y = gold[f].to_numpy(dtype=float)
        if not (y == 1).any() or not (y == 0).any():
            continue
        ctx = _Frame(
            frame=f, texts=texts, docs=sentences["doc_id"].astype(str).to_numpy(), tokens=tokens,
            cands=cands, pos=y == 1, neg=y == 0,
            dict_on=sentences[f"frame_{f}"].fillna(0).astype(bool).to_numpy(),
            weight=sentences[f"weight_{f}"].fillna(0).to_numpy(dtype=float),
            threshold=threshold, stop=stop, opts=opts,
        )
        rows += _additions(ctx, lexicons, term_frames, bg)
        rows += _rules(ctx, lexicons, h[h["label"] == f])
    table = pd.DataFrame(rows, columns=[c for c in SUGGESTION_COLUMNS if c not in ("id", "accept")])
    table.insert(0, "accept", "")
    table.insert(0, "id", [f"s{i + 1:03d}" for i in range(len(table))])
    for c in ("n_pos", "n_missed", "n_neg", "gain", "new_fp", "fixes_fp", "loses_tp", "articles"):
        table[c] = table[c].astype("Int64")
    labels = {fr_.id: f"{fr_.label_zh} {fr_.label_en}" for fr_ in lexicons.frames}
    params = {
        "n_sentences": int(len(sentences)), "frames": frames, **opts, "threshold": threshold,
        "lexicons": lexicons.version, "lexicon_fingerprint": lexicons.fingerprint,
        "prior": "informative Dirichlet, alpha0 = 0.1 x coded counts, shares from "
                 + ("the corpus" if background is not None else "the coded sentences"),
    }
    return Suggestions(table, frames, labels, params)


def _additions(ctx: _Frame, lexicons: Any, term_frames: dict[str, list[str]], bg: Counter) -> list[dict[str, Any]]:
    """New cue terms for one frame (see the module docs)."""

    o = ctx.opts
    own = lexicons.frame(ctx.frame).terms
    own_plain = [t.term for t in own if not t.slots]
    own_norm = {term_key(t.term) for t in own}
    c_pos: Counter[str] = Counter()
    c_neg: Counter[str] = Counter()
    for i, cs in enumerate(ctx.cands):
        if ctx.pos[i]:
            c_pos.update(cs)
        elif ctx.neg[i]:
            c_neg.update(cs)
    vocab = sorted(set(c_pos) | set(c_neg))
    if not vocab:
        return []
    yi = np.array([c_pos.get(w, 0) for w in vocab], dtype=float)
    yj = np.array([c_neg.get(w, 0) for w in vocab], dtype=float)
    share = np.array([bg.get(w, 0) for w in vocab], dtype=float)  # the prior's counts
    share = np.where(share > 0, share, yi + yj)
    alpha = 0.1 * (yi.sum() + yj.sum()) * share / share.sum()
    _, _, z = fightin_words(yi, yj, alpha)
    zs = dict(zip(vocab, z, strict=True))
    missed = ctx.missed
    found: list[dict[str, Any]] = []
    for w in vocab:
        n_pos = c_pos.get(w, 0)
        if n_pos < o["min_count"] or zs[w] < o["min_z"]:
            continue
        if term_key(w) in own_norm or any(t in w for t in own_plain):
            continue  # a term of the frame, or a word that holds one: found already
        where = [i for i, cs in enumerate(ctx.cands) if w in cs]
        n_missed = sum(1 for i in where if missed[i])
        if n_missed < o["min_missed"]:
            continue
        n_neg = c_neg.get(w, 0)
        wgt = 1.0 if n_pos / (n_pos + n_neg) >= o["strong_share"] else 0.5
        gained = [i for i in where if missed[i] and ctx.weight[i] + wgt >= ctx.threshold]
        new_fp = sum(1 for i in where if ctx.neg[i] and ctx.weight[i] < ctx.threshold <= ctx.weight[i] + wgt)
        spread = ctx.articles([i for i in where if ctx.pos[i]])
        if spread < o["min_articles"]:
            continue
        value: dict[str, Any] = {"weight": wgt}
        others = [x for x in term_frames.get(term_key(w), []) if x != ctx.frame]
        if others:
            value["shared_with"] = others
        found.append({
            "frame": ctx.frame, "action": "add", "term": w, "value": wgt, "z": float(zs[w]),
            "n_pos": n_pos, "n_missed": n_missed, "n_neg": n_neg, "articles": spread,
            "gain": len(gained), "new_fp": new_fp, "fixes_fp": pd.NA, "loses_tp": pd.NA,
            "examples": " | ".join(_kwic(ctx.texts[i], w) for i in [i for i in where if missed[i]][:o["kwic"]]),
            "toml": toml_entry(w, value),
        })
    # a pair whose word already is a candidate that covers as many missed positives adds nothing
    words = {r["term"]: r["n_missed"] for r in found}
    kept = [r for r in found if not any(
        part != r["term"] and part in r["term"] and n >= r["n_missed"] for part, n in words.items())]
    kept.sort(key=lambda r: (-r["z"], r["term"]))
    return kept[:o["max_per_frame"]]


def _rules(ctx: _Frame, lexicons: Any, h: pd.DataFrame) -> list[dict[str, Any]]:
    """Rules for the frame's terms that fire mostly on coded negatives (see the module docs)."""
    o = ctx.opts
    least = o["min_rejected"]
    out: list[dict[str, Any]] = []
    for t in lexicons.frame(ctx.frame).terms:
        th = h[h["term"] == t.term]
        if th.empty:
            continue
        score = th.groupby("row")["score"].sum().to_dict()
        acc_rows = sorted(r for r in score if ctx.pos[r])
        rej_rows = sorted(r for r in score if ctx.neg[r])
        n_pos, n_neg = len(acc_rows), len(rej_rows)
        fps = [r for r in rej_rows if ctx.dict_on[r]]
        if n_neg < least or n_neg <= n_pos or not fps:
            continue
        base = term_value(t)
        examples = " | ".join(_kwic(ctx.texts[r], t.strings[0]) for r in fps[:o["kwic"]])

        def row(action: str, value: Any, new: dict[str, Any] | None, drop: dict[int, float],
                t=t, n_pos=n_pos, n_neg=n_neg, examples=examples) -> dict[str, Any] | None:
            fixed, lost = ctx.flips(drop)
            if not fixed or ctx.articles(fixed) < o["min_articles"]:
                return None
            return {
                "frame": ctx.frame, "action": action, "term": t.term, "value": value, "z": math.nan,
                "n_pos": n_pos, "n_missed": pd.NA, "n_neg": n_neg, "articles": ctx.articles(fixed),
                "gain": pd.NA, "new_fp": pd.NA, "fixes_fp": len(fixed), "loses_tp": len(lost),
                "examples": examples,
                "toml": toml_entry(t.term, new) if new is not None else f"{toml_value(t.term)}  (removed)",
            }

        cand: list[dict[str, Any] | None] = []
        if not t.slots:  # a longer word holding the term, in rejected hits only
            tok_rej = Counter(th.loc[th["row"].isin(rej_rows), "token"].astype(str))
            tok_acc = set(th.loc[th["row"].isin(acc_rows), "token"].astype(str))
            for tok, n in sorted(tok_rej.items(), key=lambda kv: (-kv[1], kv[0])):
                if n >= least and tok != t.term and t.term in tok and tok not in tok_acc \
                        and tok not in t.exclude and is_word(tok, ctx.stop):
                    drop = th[th["token"].astype(str) == tok].groupby("row")["score"].sum().to_dict()
                    cand.append(row("exclude", tok, {**base, "exclude": [*base.get("exclude", []), tok]}, drop))
        own = set(t.strings)

        def context(rs: list[int], own=own) -> Counter[str]:
            c: Counter[str] = Counter()
            for r in rs:
                c.update(w for w in ctx.tokens[r] if is_word(w, ctx.stop) and w not in own
                         and not any(s in w for s in own))
            return c

        c_rej, c_acc = context(rej_rows), context(acc_rows)
        for w in [w for w, n in sorted(c_rej.items(), key=lambda kv: (-kv[1], kv[0]))
                  if n >= least and w not in c_acc and w not in t.unless][:3]:
            drop = {r: d for r, d in score.items() if w in ctx.tokens[r]}
            cand.append(row("unless", w, {**base, "unless": [*base.get("unless", []), w]}, drop))
        if n_pos >= least and not t.requires:  # an existing requires list: the researcher's call
            for w in [w for w, n in sorted(c_acc.items(), key=lambda kv: (-kv[1], kv[0]))
                      if n >= least and w not in c_rej][:3]:
                drop = {r: d for r, d in score.items() if w not in ctx.tokens[r]}
                cand.append(row("requires", w, {**base, "requires": [w]}, drop))
        if n_pos == 0:
            cand.append(row("remove", "", None, dict(score)))
        elif t.weight >= ctx.threshold:
            lower = ctx.threshold / 2
            drop = {r: d * (1 - lower / t.weight) for r, d in score.items()}
            cand.append(row("weight", lower, {**base, "weight": lower}, drop))
        out += [c for c in cand if c is not None]
    return out


def suggest_terms(
    sheets: Any,
    *,
    input: Any = None,
    lexicons: Any = None,
    frames: Sequence[str] | None = None,
    rule: str = "majority",
    read_options: dict | None = None,
    **options: Any,
) -> Suggestions:
    """Lexicon suggestions from coded sheets (see the module docs).

    Parameters
    ----------
    sheets:
        Coded sheets (paths or DataFrames), one per coder, in the layout ``framing validate``
        reads: a 0/1 column per frame, ``text`` and/or ``sentence_id``.
    input:
        The corpus the sheets were coded from (a path, Corpus or Scored): the sentences are
        matched to it and its sentences make the prior. None: each sentence is scored on
        its own.
    lexicons:
        A :class:`framing.Lexicons` or a lexicon folder (default: the bundled set).
    frames:
        Frames to suggest for (default: every frame the sheets code).
    rule:
        The coders' rule (``majority`` or ``unanimous``, as in :func:`framing.train_frames`).
    read_options:
        Options of :func:`framing.read_corpus` for a path ``input``.
    **options:
        ``min_count``, ``min_missed``, ``min_z``, ``min_rejected``, ``strong_share``,
        ``max_per_frame``, ``kwic`` of :func:`suggest_from_scored`.

    Returns
    -------
    Suggestions

    Raises
    ------
    InputError
        A bad sheet (one line naming the file, the row and the fix).
    """
    from framing.frame_train import coded_sentences

    prepared = coded_sentences(sheets, input=input, lexicons=lexicons, frames=frames, rule=rule,
                               read_options=read_options)
    background = prepared.scored.sentences if prepared.matched else None
    s = suggest_from_scored(prepared.rows, prepared.scored.hits, prepared.gold, prepared.lexicons,
                            background=background, **options)
    s.params.update(rule=rule, sheets=prepared.info["sheets"],
                    training_data_sha256=prepared.info["training_data_sha256"])
    return s


