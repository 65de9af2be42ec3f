"""Throughput and memory of ``framing.score`` versus the plain way, on a synthetic corpus.

Run from the repository root::

    python benchmarks/bench_pipeline.py                          # 1,000 and 10,000 articles
    python benchmarks/bench_pipeline.py --articles 1000 --jobs 2 --plain-sentences 3000

Corpus: N articles built by seeded resampling of the sentences of ``seeds/`` (an
article's length is drawn from the seed articles' sentence counts, its outlet in turn
from the five outlets). Resampled sentences repeat, and repetition would flatter every
cache and the sentiment tagger (which tags each distinct ideograph run once per batch),
so by default one character of every ideograph run of four or more characters is replaced
by a random character of the seed text: runs and sentences become (almost all) distinct
while the text stays seed-like. ``--no-mutate`` keeps the sentences verbatim; the
distinct-sentence share is printed either way.

The plain way is jieba (``jieba.lcut``) plus ``SnowNLP(s).sentiments`` per sentence,
measured in the same run on a random sample of the corpus's sentences (snownlp runs at
about 10,000 characters a second, so the whole corpus would take hours).

Stages (measured in this process on a sample of ``--stage-sentences`` sentences, models
loaded beforehand): tokenize (framing's lexicon-aware jieba), sentiment (exact fast
snownlp), match (frames, tone, negation with the tokens given).

End to end, each in a fresh process (so peak memory is its own; ``+workers`` is the
largest worker's peak): ``score()`` serial and with ``--jobs`` processes, no cache; a run
that fills an empty cache; re-runs on that cache after a lexicon edit that keeps the term
set (weights and threshold: every article comes from the cache) and after one that adds a
term occurring in part of the corpus (those articles are analysed again, and the sentences
holding the term are cut again; the share is printed). Rates count the score()
call; ``load`` is the model loading of that process (jieba dictionary, sentiment tables)
and ``e2e`` adds it. The tables of every run are hashed: equal hashes, equal results.
"""

from __future__ import annotations

import argparse
import json
import pickle
import random
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
RUN = re.compile("[\u4e00-\u9fa5]{4,}")


# ---- the corpus ------------------------------------------------------------------------


def synthetic_corpus(n_articles: int, seed: int, mutate: bool = True) -> Any:
    """A ``Corpus`` of ``n_articles`` resampled from the seeds (see the module doc)."""
    import pandas as pd

    from framing.corpus.model import Corpus
    from framing.corpus.read import read_corpus

    seeds = read_corpus(ROOT / "seeds")
    pool = seeds.sentences
    inc = seeds.documents[seeds.documents["status"] == "included"]
    lengths = inc["n_sentences"].tolist()
    outlets = inc[["outlet", "outlet_id"]].drop_duplicates().values.tolist()
    alphabet = "".join(ch for ch in "".join(pool["text"]) if "\u4e00" <= ch <= "\u9fa5")
    rng = random.Random(seed)
    texts, heads = pool["text"].tolist(), pool["is_headline"].tolist()

    def mutated(text: str) -> str:
        def one(m: re.Match) -> str:
            s = m.group(0)
            k = rng.randrange(len(s))
            return s[:k] + rng.choice(alphabet) + s[k + 1 :]

        return RUN.sub(one, text)

    base = seeds.documents.iloc[0].to_dict()
    docs, cols = [], {k: [] for k in ("doc_id", "sent_id", "outlet", "outlet_id", "outlet_type",
                                      "text", "start", "end", "is_headline", "n_chars")}
    for d in range(n_articles):
        doc_id = f"synthetic{d + 1:06d}#1"
        outlet, outlet_id = outlets[d % len(outlets)]
        start = 0
        n = rng.choice(lengths)
        for k in range(1, n + 1):
            p = rng.randrange(len(texts))
            text = mutated(texts[p]) if mutate else texts[p]
            for c, v in (("doc_id", doc_id), ("sent_id", k), ("outlet", outlet),
                         ("outlet_id", outlet_id), ("outlet_type", ""), ("text", text),
                         ("start", start),
                         ("end", start + len(text)), ("is_headline", bool(heads[p])),
                         ("n_chars", len(text))):
                cols[c].append(v)
            start += len(text)
        docs.append(base | {"doc_id": doc_id, "outlet": outlet, "outlet_id": outlet_id,
                            "status": "included", "reason": "", "text": "", "text_original": "",
                            "n_chars": start, "n_sentences": n})
    documents = pd.DataFrame(docs).astype(seeds.documents.dtypes.to_dict())
    sentences = pd.DataFrame(cols).astype(seeds.sentences.dtypes.to_dict())
    return Corpus(documents=documents, sentences=sentences)


def edit_weights(lex: Any) -> Any:
    """Lexicon edit keeping the term set: frame weights +0.5, threshold +0.25."""
    frames = tuple(replace(f, terms=tuple(replace(t, weight=t.weight + 0.5) for t in f.terms))
                   for f in lex.frames)
    return replace(lex, frames=frames, threshold=lex.threshold + 0.25)


NEW_TERM = "影视行业"  # not in the bundled lexicons; in about 4 of 10 synthetic articles


def add_term(lex: Any) -> Any:
    """Lexicon edit changing the term set: one new frame term that occurs in the corpus."""
    from framing.lexicon import Term

    first = lex.frames[0]
    new = Term(term=NEW_TERM, layer="frame", label=first.id, weight=1.0)
    return replace(lex, frames=(replace(first, terms=(*first.terms, new)), *lex.frames[1:]))


def table_hash(scored: Any) -> str:
    import hashlib

    import pandas as pd

    h = hashlib.sha256()
    for name in ("sentences", "documents", "hits", "coverage"):
        df = getattr(scored, name)
        h.update(pd.util.hash_pandas_object(df, index=True).values.tobytes())
        h.update(repr(df.dtypes.tolist()).encode())
    return h.hexdigest()[:12]


# ---- one end-to-end run, in its own process ----------------------------------------------


def scenario(corpus_path: str, kind: str, jobs: int, cache: str | None) -> dict[str, Any]:
    from framing.lexicon import default_lexicons
    from framing.scoring.engines import warm
    from framing.scoring.pipeline import score

    with open(corpus_path, "rb") as f:
        corpus = pickle.load(f)
    lex = default_lexicons()
    lex = {"weights": edit_weights, "term": add_term}.get(kind, lambda x: x)(lex)
    t = time.perf_counter()
    warm(lex)
    load = time.perf_counter() - t
    t = time.perf_counter()
    scored = score(corpus, lex, jobs=jobs, cache=cache)
    seconds = time.perf_counter() - t
    return {
        "seconds": seconds,
        "load": load,
        "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "child_rss_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
        "hash": table_hash(scored) if kind == "base" else "",
        "cache_hits": scored.run["cache_hits"],
        "cache_misses": scored.run["cache_misses"],
    }


def run_scenario(corpus_path: Path, kind: str, jobs: int, cache: Path | None) -> dict[str, Any]:
    args = [sys.executable, __file__, "--_scenario", str(corpus_path), kind, str(jobs),
            str(cache) if cache else "-"]
    out = subprocess.run(args, check=True, capture_output=True, text=True, cwd=ROOT)
    return json.loads(out.stdout.strip().splitlines()[-1])


# ---- stages and the plain way, in this process -------------------------------------------


def stages(texts: list[str]) -> dict[str, float]:
    from collections import Counter

    from framing.lexicon import default_lexicons
    from framing.scoring.matching import get_matcher
    from framing.scoring.sentiment import snownlp_sentiments
    from framing.tokenize import get_tokenizer

    lex = default_lexicons()
    tok, matcher = get_tokenizer(lex), get_matcher(lex)
    snownlp_sentiments(["预热"])
    out: dict[str, float] = {}
    t = time.perf_counter()
    tokens = [tok.tokenize(x) for x in texts]
    out["tokenize (jieba, lexicon words)"] = time.perf_counter() - t
    t = time.perf_counter()
    for i in range(0, len(texts), 2000):
        snownlp_sentiments(texts[i : i + 2000])
    out["sentiment (fast, exact)"] = time.perf_counter() - t
    stats: Counter = Counter()
    t = time.perf_counter()
    for x, tk in zip(texts, tokens, strict=True):
        matcher.match(x, stats, tk)
    out["match (frames, tone)"] = time.perf_counter() - t
    try:
        rj = get_tokenizer(lex, kind="rjieba")
        t = time.perf_counter()
        for x in texts:
            rj.tokenize(x)
        out["tokenize (rjieba, opt-in)"] = time.perf_counter() - t
    except ImportError:
        pass
    return out


def plain(texts: list[str]) -> dict[str, float]:
    import jieba
    from snownlp import SnowNLP

    jieba.setLogLevel(60)
    jieba.initialize()
    out: dict[str, float] = {}
    t = time.perf_counter()
    for x in texts:
        jieba.lcut(x)
    out["plain tokenize (jieba.lcut)"] = time.perf_counter() - t
    t = time.perf_counter()
    for x in texts:
        _ = SnowNLP(x).sentiments
    out["plain sentiment (SnowNLP)"] = time.perf_counter() - t
    out["plain way (both)"] = out["plain tokenize (jieba.lcut)"] + out["plain sentiment (SnowNLP)"]
    return out


def line(label: str, chars: int, sents: int, seconds: float, base: float | None = None) -> str:
    speed = f"{base / (seconds / chars):8.1f}x" if base else ""
    return f"  {label:44}{chars / seconds:12,.0f}{sents / seconds:12,.0f}{seconds:10.2f}{speed}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--no-mutate", action="store_true", help="keep resampled sentences verbatim")
    parser.add_argument("--plain-sentences", type=int, default=3000, help="sample for the plain way")
    parser.add_argument("--stage-sentences", type=int, default=20000, help="sample for the stages")
    args = parser.parse_args()

    import os

    print(f"machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}; jobs {args.jobs}")
    header = f"  {'':44}{'chars/s':>12}{'sents/s':>12}{'seconds':>10}{'vs plain':>9}"
    for n in args.articles:
        with tempfile.TemporaryDirectory() as tmp:
            t = time.perf_counter()
            corpus = synthetic_corpus(n, args.seed, mutate=not args.no_mutate)
            texts = corpus.sentences["text"].tolist()
            chars, sents = sum(map(len, texts)), len(texts)
            path = Path(tmp) / "corpus.pkl"
            with open(path, "wb") as f:
                pickle.dump(corpus, f)
            print(f"\n== {n:,} articles: {sents:,} sentences, {chars:,} characters, "
                  f"{len(set(texts)) / sents:.1%} distinct sentences "
                  f"(built in {time.perf_counter() - t:.1f} s)")
            rng = random.Random(args.seed)
            sample = rng.sample(texts, min(args.plain_sentences, sents))
            sc = sum(map(len, sample))
            print(header)
            pl = plain(sample)
            base = pl["plain way (both)"] / sc  # seconds per character
            for k, v in pl.items():
                print(line(k + f" [sample {len(sample)}]", sc, len(sample), v, base))
            stage_sample = rng.sample(texts, min(args.stage_sentences, sents))
            stc = sum(map(len, stage_sample))
            for k, v in stages(stage_sample).items():
                print(line(k + f" [sample {len(stage_sample)}]", stc, len(stage_sample), v, base))

            has = corpus.sentences["text"].str.contains(NEW_TERM)
            print(f"  the added term {NEW_TERM} occurs in {has.sum():,} sentences of "
                  f"{corpus.sentences.loc[has, 'doc_id'].nunique():,} articles")
            runs: list[tuple[str, str, int, Path | None]] = [
                ("score() serial, no cache", "base", 1, None),
                (f"score() jobs={args.jobs}, no cache", "base", args.jobs, None),
                ("score() serial, filling empty cache", "base", 1, Path(tmp) / "c"),
                ("re-run serial, cache, weights edit", "weights", 1, Path(tmp) / "c"),
                ("re-run serial, cache, term added", "term", 1, Path(tmp) / "t1"),
                (f"re-run jobs={args.jobs}, cache, weights edit", "weights", args.jobs, Path(tmp) / "c"),
                (f"re-run jobs={args.jobs}, cache, term added", "term", args.jobs, Path(tmp) / "t2"),
            ]
            results = {}
            for label, kind, jobs, cache in runs:
                if kind == "term":  # each on a copy of the cache as the first run left it
                    shutil.copytree(Path(tmp) / "filled", cache)
                r = run_scenario(path, kind, jobs, cache)
                results[label] = r
                if label.endswith("filling empty cache"):
                    shutil.copytree(Path(tmp) / "c", Path(tmp) / "filled")
                extra = (f"  load {r['load']:.1f}s, e2e {chars / (r['seconds'] + r['load']):,.0f} c/s;"
                         f" peak {r['rss_mb']:,.0f} MB"
                         + (f" +workers {r['child_rss_mb']:,.0f} MB" if jobs > 1 else "")
                         + (f"; hash {r['hash']}" if r["hash"] else ""))
                print(line(label, chars, sents, r["seconds"], base) + extra)
            cold = results[f"score() jobs={args.jobs}, no cache"]["seconds"]
            cold1 = results["score() serial, no cache"]["seconds"]
            for label, r in results.items():
                if label.startswith("re-run"):
                    base_run, ref = (cold1, "serial") if "serial" in label else (cold, f"jobs={args.jobs}")
                    done = {k: f"{r['cache_hits'][k]}/{r['cache_hits'][k] + r['cache_misses'][k]}"
                            for k in r["cache_hits"]}
                    print(f"  {label}: {r['seconds'] / base_run:.1%} of the cold {ref} run "
                          f"(from the cache: {done})")
            print(f"  seconds per 1,000 articles: serial {cold1 / n * 1000:.2f}, "
                  f"jobs={args.jobs} {cold / n * 1000:.2f}")


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--_scenario":
        _, _, corpus_path, kind, jobs, cache = sys.argv
        print(json.dumps(scenario(corpus_path, kind, int(jobs), None if cache == "-" else cache)))
    else:
        main()
