"""Time, memory and characters/s of reading, stage by stage, beside the time of scoring.

Run from the repository root::

    python benchmarks/bench_read.py                               # 1,000 and 10,000 articles
    python benchmarks/bench_read.py --articles 100000 --jobs 2

Corpus (``benchmarks/synth_read.py``): N articles built from ``seeds/`` (headline, byline in
an outlet's formula, body of seed sentences with a quarter of their ideographs replaced at
random outside topic terms, subheads, reprint notices), 5% of them planted reposts of
another article (mirror with a spam line, reprint, truncated, fragment, extended), about
3,100 characters an article. It is read as a table (one CSV row per article, no outlet
column, so every stage runs) and as a folder (one ``.txt`` file per article).

Each read runs in a fresh process (peak memory is its own, read from ``VmHWM``): wall-clock and CPU seconds,
peak resident memory, and per stage the CPU seconds and characters per CPU second
(characters of the input; CPU time, so that the figures hold when other work shares the
machine): decode (folder), clean (normalisation, Traditional to Simplified, debris),
script (script detection), split (page into articles), outlet, sentences, topic, signature
(MinHash of near-duplicate detection), duplicates (candidates and decisions), tables
(building the documents and sentences tables); "other" is the rest (reading files, parsing
the CSV, bookkeeping). Stage times are measured in the serial read; ``--jobs`` adds a read
with that many processes and checks that its tables equal the serial ones.

Scoring the same corpus: ``score()`` on the first ``--score-sample`` included articles (all
of them when fewer), extrapolated to the corpus by characters when it is a sample.

Near-duplicates: the decisions of the pairwise loop (``find_duplicates_exact``) computed
with the exact containment of every pair (a sparse product of the shingle incidence
matrix: the same numbers, in minutes instead of hours) for corpora up to
``--exact-max`` articles; the recall is the share of the pairs at or above the threshold
that are compared, and the share of the loop's duplicate flags that are reproduced. Above
that size only the planted pairs are checked (their exact containment computed directly).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))

STAGES = [
    # (label, module attribute path of the function that reading calls, in the module that calls it)
    ("decode", "framing.corpus.folder:decode_bytes"),
    ("decode", "framing.corpus.rows:decode_bytes"),
    ("decode", "framing.corpus.manifest:decode_bytes"),
    ("clean", "framing.corpus.page:clean_lines"),
    ("script", "framing.corpus.page:to_simplified"),
    ("script", "framing.corpus.page:detect_script"),
    ("split", "framing.corpus.page:split_page"),
    ("split", "framing.corpus.page:paragraphs_of"),
    ("outlet", "framing.corpus.page:tag_outlet"),
    ("sentences", "framing.corpus.page:split_article"),
    ("topic", "framing.corpus.relevance:Topic.score_parts"),
    ("signature", "framing.corpus.work:signature"),
    ("duplicates", "framing.corpus.judge:find_duplicates"),
    ("tables", "framing.corpus.read:build_tables"),
]


# ---- one read, in its own process -------------------------------------------------------


def _timed(spent: dict[str, float], label: str, fn):
    def wrapper(*args, **kwargs):
        t = time.process_time()  # CPU seconds: the figures hold when other work shares the cores
        try:
            return fn(*args, **kwargs)
        finally:
            spent[label] += time.process_time() - t

    return wrapper


def peak_mb() -> float:
    """Peak resident memory of this process, in MB.

    Linux's ``VmHWM`` (of this program's own memory map), not ``ru_maxrss``: after a fork (or
    vfork) and exec, ``ru_maxrss`` keeps the parent's resident size at the fork, and the
    parent of a read holds the synthetic corpus it wrote.
    """
    try:
        with open("/proc/self/status", encoding="ascii") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024 / (1024 if sys.platform == "darwin" else 1)


def read_once(path: str, jobs: int, stages: bool, extra: dict[str, Any] | None = None) -> dict[str, Any]:
    """Read ``path`` (measured), then, with ``extra``, time scoring on a sample of the corpus
    and check near-duplicate detection against the exact method (not measured)."""
    import importlib

    import pandas as pd

    from framing.corpus.read import read_corpus

    read_corpus(ROOT / "seeds")  # load OpenCC, rules and the signature table first
    spent: dict[str, float] = Counter()
    if stages:
        for label, where in STAGES:
            module, name = where.split(":")
            owner = importlib.import_module(module)
            if "." in name:
                cls, name = name.split(".")
                owner = getattr(owner, cls)
            setattr(owner, name, _timed(spent, label, getattr(owner, name)))
    wall, cpu = time.perf_counter(), time.process_time()
    corpus = read_corpus(path, jobs=jobs)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    rss = peak_mb()  # before hashing the tables
    docs = corpus.documents
    digest = hashlib.sha256()
    for df in (docs, corpus.sentences):
        digest.update(pd.util.hash_pandas_object(df, index=True).values.tobytes())
    out = {
        "wall": wall,
        "cpu": cpu,
        "rss_mb": rss,
        "child_rss_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
        "chars": int(docs["text_original"].str.len().sum()),
        "documents": len(docs),
        "included": int((docs["status"] == "included").sum()),
        "duplicates": int((docs["reason"] == "duplicate").sum()),
        "sentences": len(corpus.sentences),
        "stages": dict(spent),
        "hash": digest.hexdigest()[:12],
    }
    if extra:
        out["score"] = score_sample(corpus, extra["score_sample"])
        out["dedupe"] = dedupe_check(corpus, extra["exact_max"], extra["planted"])
    return out


def score_sample(corpus: Any, sample: int) -> dict[str, Any]:
    """Time ``score()`` on the first ``sample`` included articles of ``corpus``."""
    from framing.corpus.model import Corpus
    from framing.lexicon import default_lexicons
    from framing.scoring.engines import warm
    from framing.scoring.pipeline import score

    inc = corpus.documents[corpus.documents["status"] == "included"]
    ids = set(inc["doc_id"].iloc[:sample])
    part = Corpus(
        documents=corpus.documents[corpus.documents["doc_id"].isin(ids)].reset_index(drop=True),
        sentences=corpus.sentences[corpus.sentences["doc_id"].isin(ids)].reset_index(drop=True),
    )
    lex = default_lexicons()
    warm(lex)
    wall, cpu = time.perf_counter(), time.process_time()
    score(part, lex)
    return {
        "wall": time.perf_counter() - wall,
        "cpu": time.process_time() - cpu,
        "articles": len(ids),
        "all_articles": len(inc),
        "chars": int(part.sentences["n_chars"].sum()),
        "all_chars": int(corpus.sentences["n_chars"].sum()),
    }


def dedupe_check(corpus: Any, exact_max: int, planted: list[list]) -> dict[str, Any]:
    """Recall of near-duplicate detection against the exact pairwise decisions."""
    import numpy as np

    from framing.corpus import dedupe as D

    docs = corpus.documents
    # the articles compared: included ones and the duplicates, in input order
    live = docs[(docs["status"] == "included") | (docs["reason"] == "duplicate")].reset_index(drop=True)
    texts = live["text"].tolist()
    reposts = (live["outlet_id"] == "web_repost").tolist()
    threshold = corpus.params["duplicate_threshold"]
    S, Z = D.stack_signatures((D.signature(t) for t in texts), len(texts))
    exact = len(live) <= exact_max
    hashes: dict[int, Any] = {}

    def hashed(k: int) -> Any:
        if k not in hashes:
            hashes[k] = D.shingle_hashes(texts[k])
        return hashes[k]

    t = time.perf_counter()
    compared = D._plausible(S, Z, D.candidate_pairs(S, Z), threshold)
    lsh_seconds = time.perf_counter() - t
    compared_set = set(map(tuple, compared.tolist()))
    out: dict[str, Any] = {"live": len(live), "compared_pairs": len(compared), "lsh_seconds": lsh_seconds}
    # planted pairs: (source row, copy row) in the input order of the table
    row_of: dict[str, int] = {}
    for k, d in enumerate(live["doc_id"]):
        row_of.setdefault(d.split("#")[0], k)  # a row split into articles: its first
    found: Counter = Counter()
    total: Counter = Counter()
    for src, copy, kind in planted:
        a, b = row_of.get(f"a{src + 1:06d}"), row_of.get(f"a{copy + 1:06d}")
        if a is None or b is None:
            continue
        i, j = min(a, b), max(a, b)
        inter = len(np.intersect1d(hashed(i), hashed(j), assume_unique=True))
        if inter / min(len(hashed(i)), len(hashed(j))) < threshold:
            continue
        total[kind] += 1
        found[kind] += (i, j) in compared_set
    out["planted"] = {k: [found[k], total[k]] for k in sorted(total)}
    if exact:
        t = time.perf_counter()
        pairs = _exact_pairs([hashed(k) for k in range(len(texts))], threshold)
        out["exact_seconds"] = time.perf_counter() - t
        out["exact_pairs"] = len(pairs)
        out["exact_pairs_compared"] = sum((i, j) in compared_set for i, j, _ in pairs)
        exact = _decide(len(live), pairs, reposts, threshold)
        flagged = live["duplicate_of"].fillna("").tolist()
        ids = live["doc_id"].tolist()
        want = [ids[o] if o is not None else "" for o, _ in exact]
        out["exact_flags"] = sum(1 for w in want if w)
        out["flags_reproduced"] = sum(1 for w, f in zip(want, flagged, strict=True) if w and w == f)
        out["flags_extra"] = sum(1 for w, f in zip(want, flagged, strict=True) if f and w != f)
    return out


def _exact_pairs(hashes: list, threshold: float) -> list[tuple[int, int, float]]:
    """Every pair ``i < j`` with containment >= threshold, exactly (sparse incidence product)."""
    import numpy as np
    import scipy.sparse as sp

    n = len(hashes)
    sizes = np.array([len(h) for h in hashes])
    uniq, col = np.unique(np.concatenate(hashes), return_inverse=True)
    rows = np.repeat(np.arange(n), sizes)
    X = sp.csr_matrix((np.ones(len(col), dtype=np.int32), (rows, col)), shape=(n, len(uniq)))
    XT = X.T.tocsr()
    out: list[tuple[int, int, float]] = []
    for a in range(0, n, 250):
        M = (X[a : a + 250] @ XT).tocoo()
        i, j, v = M.row + a, M.col, M.data
        keep = (i < j) & (np.minimum(sizes[i], sizes[j]) > 0)
        i, j, v = i[keep], j[keep], v[keep]
        c = v / np.minimum(sizes[i], sizes[j])
        hit = c >= threshold
        out += zip(i[hit].tolist(), j[hit].tolist(), c[hit].tolist(), strict=True)
    return sorted(out)


def _decide(n: int, pairs: list[tuple[int, int, float]], reposts: list[bool], threshold: float) -> list:
    """The pairwise loop's decisions, replayed on the pairs at or above the threshold."""
    partners: dict[int, list[tuple[int, float]]] = {}
    for i, j, c in pairs:
        partners.setdefault(j, []).append((i, c))
    out: list = [(None, 0.0)] * n
    for j in range(n):
        for i, sim in sorted(partners.get(j, [])):
            if out[i][0] is not None:
                continue
            original, copy = (j, i) if reposts[i] and not reposts[j] else (i, j)
            out[copy] = (original, round(sim, 3))
            if copy == i:
                break
    return out


def child(args: list[str]) -> Any:
    out = subprocess.run([sys.executable, __file__, *args], check=True, capture_output=True, text=True, cwd=ROOT)
    return json.loads(out.stdout.strip().splitlines()[-1])


# ---- the report ----------------------------------------------------------------------------


def write_inputs(n: int, seed: int, folder: Path, files: bool = True) -> tuple[Path, Path, Any]:
    import pandas as pd
    from synth_read import synthetic

    corpus = synthetic(n, seed=seed)
    table = folder / "articles.csv"
    pd.DataFrame({"doc_id": corpus.ids, "text": corpus.texts}).to_csv(table, index=False)
    out = folder / "articles"
    if files:  # the folder input (one file an article) only when it is read
        out.mkdir()
        for doc_id, text in zip(corpus.ids, corpus.texts, strict=True):
            (out / f"{doc_id}.txt").write_text(text, encoding="utf-8")
    return table, out, corpus


def show_read(label: str, r: dict[str, Any]) -> None:
    chars = r["chars"]
    print(f"  {label}: wall {r['wall']:.1f} s, cpu {r['cpu']:.1f} s, {chars / r['wall']:,.0f} chars/s "
          f"({chars / r['cpu']:,.0f} per cpu-second), peak {r['rss_mb']:,.0f} MB"
          + (f" (+workers {r['child_rss_mb']:,.0f} MB)" if "jobs" in label else "")
          + f"; {r['documents']:,} documents, {r['included']:,} included, {r['duplicates']:,} duplicates, "
          f"{r['sentences']:,} sentences; tables {r['hash']}")
    if r["stages"]:
        spent = dict(r["stages"])
        spent["other"] = max(r["cpu"] - sum(spent.values()), 0.0)
        for stage, seconds in spent.items():
            rate = f"{chars / seconds:14,.0f}" if seconds > 0 else f"{'-':>14}"
            print(f"    {stage:12}{seconds:9.2f} cpu-s {rate} chars/cpu-s {seconds / r['cpu']:6.1%}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--jobs", type=int, default=2, help="also read with this many processes (1: no)")
    parser.add_argument("--score-sample", type=int, default=2000, help="articles scored (extrapolated)")
    parser.add_argument("--exact-max", type=int, default=10000, help="largest corpus checked against the exact loop")
    parser.add_argument("--no-folder", action="store_true", help="read the table input only")
    args = parser.parse_args()
    print(f"machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}")
    for n in args.articles:
        with tempfile.TemporaryDirectory() as tmp:
            t = time.perf_counter()
            table, folder, corpus = write_inputs(n, args.seed, Path(tmp), files=not args.no_folder)
            chars, planted = corpus.chars, corpus.planted
            del corpus  # the texts are on disk: this process need not hold them while the reads run
            print(f"\n== {n:,} articles, {chars:,} characters, {len(planted):,} planted reposts "
                  f"(inputs written in {time.perf_counter() - t:.0f} s)")
            inputs = [("table", table)] + ([] if args.no_folder else [("folder", folder)])
            plan = Path(tmp) / "extra.json"
            plan.write_text(json.dumps({"planted": [list(p) for p in planted],
                                        "exact_max": args.exact_max, "score_sample": args.score_sample}))
            reads = {}
            for label, path in inputs:
                extra = [str(plan)] if label == "table" else []
                reads[label] = r = child(["--_read", str(path), "1", "stages", *extra])
                show_read(f"{label}, serial", r)
                if args.jobs > 1:
                    rj = child(["--_read", str(path), str(args.jobs), ""])
                    show_read(f"{label}, jobs={args.jobs}", rj)
                    same = "equal to the serial read" if rj["hash"] == r["hash"] else "DIFFERENT from the serial read"
                    print(f"    jobs={args.jobs}: {r['wall'] / rj['wall']:.2f}x the serial speed; tables {same}")
            s = reads["table"]["score"]
            whole = s["articles"] == s["all_articles"]
            factor = s["all_chars"] / max(s["chars"], 1)
            wall, cpu = s["wall"] * factor, s["cpu"] * factor
            how = "measured on all of them" if whole else (
                f"measured on {s['articles']:,} of {s['all_articles']:,} articles and extrapolated by characters")
            r = reads["table"]
            print(f"  scoring the same corpus (score(), serial): wall {wall:.1f} s, cpu {cpu:.1f} s ({how}); "
                  f"reading the table took {r['wall'] / wall:.0%} of that (cpu {r['cpu'] / cpu:.0%})")
            d = reads["table"]["dedupe"]
            print(f"  near-duplicates: {d['live']:,} articles, {d['compared_pairs']:,} pairs compared exactly "
                  f"(of {d['live'] * (d['live'] - 1) // 2:,}); candidates in {d['lsh_seconds']:.1f} s")
            hit = sum(f for f, _ in d["planted"].values())
            tot = sum(t for _, t in d["planted"].values())
            kinds = ", ".join(f"{k} {f}/{t}" for k, (f, t) in d["planted"].items())
            print(f"    planted pairs at or above the threshold compared: {hit}/{tot} = {hit / max(tot, 1):.4f} ({kinds})")
            if "exact_pairs" in d:
                print(f"    recall against the exact pairwise method: pairs {d['exact_pairs_compared']}/"
                      f"{d['exact_pairs']} = {d['exact_pairs_compared'] / max(d['exact_pairs'], 1):.4f}; "
                      f"duplicate flags {d['flags_reproduced']}/{d['exact_flags']} = "
                      f"{d['flags_reproduced'] / max(d['exact_flags'], 1):.4f}, {d['flags_extra']} others "
                      f"(exact reference computed in {d['exact_seconds']:.0f} s)")
            else:
                print(f"    (the exact pairwise reference is computed up to --exact-max {args.exact_max:,} articles)")


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--_read":
        extra = json.loads(Path(sys.argv[5]).read_text()) if len(sys.argv) > 5 else None
        print(json.dumps(read_once(sys.argv[2], int(sys.argv[3]), bool(sys.argv[4]), extra)))
    else:
        main()
