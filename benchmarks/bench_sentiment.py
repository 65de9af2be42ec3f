"""Throughput and equality of framing.scoring.fastsentiment versus plain snownlp.

Run from the repository root::

    python benchmarks/bench_sentiment.py            # seeds + 5000 synthetic sentences
    python benchmarks/bench_sentiment.py --synthetic 20000 --seed 3

Corpora: every sentence of ``seeds/`` (split at 。！？!? and newlines, empty ones
dropped because ``SnowNLP("")`` raises), and a seeded synthetic corpus of new
sentences glued from random fragments of the seed text, with punctuation, digits
and Latin mixed in, so that almost no ideograph run repeats.

For each corpus it prints characters/second and sentences/second of
``SnowNLP(t).sentiments`` one by one, of ``fastsentiment.sentiment(t)`` one by one,
and of one ``fastsentiment.sentiments(texts)`` call, plus the maximum absolute
difference of the values and the number of texts segmented differently.
Model loading is timed separately and excluded from the rates.
"""

from __future__ import annotations

import argparse
import random
import re
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SPLIT = re.compile(r"[。！？!?\n]")
PUNCT = "，。、；：？！“”《》（）,.;:?!()"


def seed_sentences() -> list[str]:
    out: list[str] = []
    for path in sorted((ROOT / "seeds").glob("*.txt")):
        out += [s for s in SPLIT.split(path.read_text(encoding="utf-8")) if s.strip()]
    return out


def synthetic(text: str, n: int, seed: int) -> list[str]:
    """n new sentences of 5..120 characters glued from fragments of ``text``."""
    rng = random.Random(seed)
    text = re.sub(r"\s+", "", text)
    out = []
    for _ in range(n):
        target = rng.randint(5, 120)
        parts: list[str] = []
        size = 0
        while size < target:
            r = rng.random()
            if r < 0.8:
                start = rng.randrange(len(text) - 6)
                piece = text[start : start + rng.randint(1, 6)]
            elif r < 0.9:
                piece = rng.choice(PUNCT)
            elif r < 0.95:
                piece = str(rng.randint(0, 99999))
            else:
                piece = " " + "".join(rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(4))
            parts.append(piece)
            size += len(piece)
        out.append("".join(parts))
    return out


def timed(fn: Callable[[], list]) -> tuple[list, float]:
    start = time.perf_counter()
    result = fn()
    return result, time.perf_counter() - start


def report(name: str, texts: list[str]) -> None:
    from snownlp import SnowNLP, seg

    from framing.scoring import fastsentiment as fs

    chars = sum(map(len, texts))
    plain, t_plain = timed(lambda: [SnowNLP(t).sentiments for t in texts])
    one_by_one, t_single = timed(lambda: [fs.sentiment(t) for t in texts])
    batch, t_batch = timed(lambda: fs.sentiments(texts))
    words = fs.segment_many(texts)
    seg_mismatch = sum(w != seg.seg(t) for t, w in zip(texts, words, strict=True))
    diff = max(abs(a - b) for a, b in zip(plain, batch, strict=True))
    diff_single = max(abs(a - b) for a, b in zip(plain, one_by_one, strict=True))
    identical = sum(a == b for a, b in zip(plain, batch, strict=True))

    print(f"\n== {name}: {len(texts)} sentences, {chars} characters")
    print(f"{'':28}{'chars/s':>12}{'sentences/s':>14}{'seconds':>10}{'speedup':>9}")
    for label, seconds in (
        ("snownlp SnowNLP(t)", t_plain),
        ("fast sentiment(t) each", t_single),
        ("fast sentiments(texts)", t_batch),
    ):
        print(
            f"{label:28}{chars / seconds:12,.0f}{len(texts) / seconds:14,.0f}"
            f"{seconds:10.3f}{t_plain / seconds:8.1f}x"
        )
    print(f"max |diff| batch {diff:.3g}, one by one {diff_single:.3g}; ", end="")
    print(f"bit-identical {identical}/{len(texts)}; segmentation mismatches {seg_mismatch}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--synthetic", type=int, default=5000, help="synthetic sentences")
    parser.add_argument("--seed", type=int, default=1, help="synthetic corpus seed")
    args = parser.parse_args()

    _, t_snow = timed(lambda: [__import__("snownlp")])
    from framing.scoring import fastsentiment as fs

    _, t_fast = timed(lambda: [fs._get_tagger(), fs._get_classifier()])
    print(f"model load: snownlp import {t_snow:.2f} s, fastsentiment tables {t_fast:.2f} s")

    seeds = seed_sentences()
    report("seed sentences", seeds)
    report(f"synthetic (seed {args.seed})", synthetic("".join(seeds), args.synthetic, args.seed))


if __name__ == "__main__":
    main()
