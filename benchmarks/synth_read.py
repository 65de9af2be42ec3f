"""Synthetic news corpora for the reading benchmark, built from ``seeds/`` with planted reposts.

An article is a headline, a byline in one of the seed outlets' formulas and body paragraphs
of seed sentences drawn at random (seeded); one character of every run of four or more
ideographs is replaced by a random ideograph of the seed text, so that articles are
distinct (two articles share about as much text as two real ones on the same story) while
they stay seed-like: the topic, outlet and debris rules see the text they were written for.
About a third of the articles carry a subhead, some end with a reprint notice or an
editor line, and their lengths follow the seed articles' (about 3,000 characters).

Planted reposts (``repost_share`` of the articles) copy an earlier article (or, for one in
five, a later one: the copy comes first in the input), each of one kind:

* ``mirror``: a spam line on top (a web repost), a few characters changed;
* ``reprint``: another headline, the body verbatim, an editor's note below;
* ``truncated``: the first 50-90% of the paragraphs;
* ``fragment``: a run of 20-50% of the paragraphs on its own (a piece of a page);
* ``extended``: the whole article inside a longer one (30-100% more text).
"""

from __future__ import annotations

import random
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent

BYLINES = [
    "■本报记者 {a}",  # 文汇报 with a Shanghai context in the text
    "本报记者 {a} {b} 潮新闻记者 {c}",  # 浙江日报
    "北京商报记者 {a}",
    "每经记者 {a} 每经编辑 {b}",
    "本报记者 {a}",
]
NAMES = ["沈秋莎", "金春华", "何冬健", "杨月涵", "谢陶", "唐元", "李晨琰", "周炜", "朱高祥", "唐闻佳", "王磊", "陈静"]
SPAM = ["bob手机版网页登录", "开云体育官网入口", "乐鱼体育app下载", "华体会网页版登录"]
TAILS = ["(责任编辑:王某)", "如需转载请与本报联系", "读者热线:4008890008", "扫一扫关注我们"]
KINDS = ["mirror", "reprint", "truncated", "fragment", "extended"]


@dataclass
class Synthetic:
    """A synthetic corpus: the texts in input order and the planted reposts."""

    ids: list[str]
    texts: list[str]
    planted: list[tuple[int, int, str]]  # (position of the source, position of the copy, kind)

    @property
    def chars(self) -> int:
        return sum(map(len, self.texts))


def _topic_terms() -> list[str]:
    with open(ROOT / "lexicons" / "topic.toml", "rb") as f:
        topic = tomllib.load(f)
    return [*topic["terms"], *topic.get("supporting", {})]


def _pool() -> tuple[list[str], list[str], list[int], str]:
    from framing.corpus.read import read_corpus

    seeds = read_corpus(ROOT / "seeds")
    inc = seeds.documents[seeds.documents["status"] == "included"]
    sents = seeds.sentences
    body = sents.loc[~sents["is_headline"], "text"].tolist()
    heads = sents.loc[sents["is_headline"], "text"].tolist()
    lengths = inc["n_sentences"].tolist()
    alphabet = "".join(ch for ch in "".join(sents["text"]) if "\u4e00" <= ch <= "\u9fa5")
    return body, heads, lengths, alphabet


def synthetic(n: int, seed: int = 1, repost_share: float = 0.05, mutation: float = 0.25) -> Synthetic:
    """``n`` articles (planted reposts included), seeded."""
    body, heads, lengths, alphabet = _pool()
    rng = random.Random(seed)

    protect = re.compile("|".join(sorted(map(re.escape, _topic_terms()), key=len, reverse=True)))
    letters = np.array([ord(c) for c in alphabet], dtype=np.uint32)
    nprng = np.random.default_rng(seed)

    def mutate(text: str) -> str:
        """Each ideograph outside a topic term replaced by a random one with ``mutation``."""
        codes = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32).copy()
        hit = (codes >= 0x4E00) & (codes <= 0x9FA5) & (nprng.random(len(codes)) < mutation)
        for m in protect.finditer(text):
            hit[m.start() : m.end()] = False
        codes[hit] = letters[nprng.integers(0, len(letters), int(hit.sum()))]
        return codes.tobytes().decode("utf-32-le")

    def article() -> tuple[str, list[str]]:
        names = rng.sample(NAMES, 3)
        byline = rng.choice(BYLINES).format(a=names[0], b=names[1], c=names[2])
        head = mutate(rng.choice(heads))
        paras: list[str] = []
        left = rng.choice(lengths)
        while left > 0:
            k = min(left, rng.randint(1, 5))
            paras.append("".join(mutate(rng.choice(body)) for _ in range(k)))
            left -= k
        if len(paras) > 4 and rng.random() < 0.3:
            paras.insert(len(paras) // 2, mutate(rng.choice(heads)))
        if rng.random() < 0.2:
            paras.append(rng.choice(TAILS))
        return f"{head}\n\n{byline}", paras

    def page(top: str, paras: list[str]) -> str:
        return top + "\n\n" + "\n\n".join(paras) + "\n"

    n_copies = int(round(n * repost_share))
    originals = [article() for _ in range(n - n_copies)]
    texts = [page(*a) for a in originals]
    copies: list[tuple[int, str, str]] = []  # (source original, kind, text)
    for c in range(n_copies):
        src = rng.randrange(len(originals))
        top, paras = originals[src]
        kind = KINDS[c % len(KINDS)]
        if kind == "mirror":
            edited = [mutate(p) if rng.random() < 0.1 else p for p in paras]
            text = page(rng.choice(SPAM) + "\n\n" + top.split("\n")[0], edited)
        elif kind == "reprint":
            text = page(mutate(rng.choice(heads)), paras + ["编者按:本文转载自其他媒体,观点仅代表作者本人。"])
        elif kind == "truncated":
            keep = max(1, int(len(paras) * rng.uniform(0.5, 0.9)))
            text = page(top, paras[:keep])
        elif kind == "fragment":
            size = max(1, int(len(paras) * rng.uniform(0.2, 0.5)))
            start = rng.randrange(len(paras) - size + 1)
            text = page(mutate(rng.choice(heads)), paras[start : start + size])
        else:
            extra = article()[1]
            extra = extra[: max(1, int(len(paras) * rng.uniform(0.3, 1.0)))]
            text = page(top, paras + extra)
        copies.append((src, kind, text))
    # Interleave: a copy goes right after a later original (4 in 5) or right before an
    # earlier one (1 in 5: the copy comes first in the input).
    before: dict[int, list[int]] = {}
    after: dict[int, list[int]] = {}
    for c, (src, _, _) in enumerate(copies):
        if rng.random() < 0.2:
            before.setdefault(rng.randrange(0, src + 1), []).append(c)
        else:
            after.setdefault(rng.randrange(src, len(originals)), []).append(c)
    out_texts: list[str] = []
    where_original: dict[int, int] = {}
    where_copy: dict[int, int] = {}
    for o in range(len(originals)):
        for c in before.get(o, []):
            where_copy[c] = len(out_texts)
            out_texts.append(copies[c][2])
        where_original[o] = len(out_texts)
        out_texts.append(texts[o])
        for c in after.get(o, []):
            where_copy[c] = len(out_texts)
            out_texts.append(copies[c][2])
    planted = [(where_original[src], where_copy[c], kind) for c, (src, kind, _) in enumerate(copies)]
    ids = [f"a{i + 1:06d}" for i in range(len(out_texts))]
    return Synthetic(ids, out_texts, planted)
