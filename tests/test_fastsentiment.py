"""framing.scoring.fastsentiment against snownlp itself: same words, same sentiment floats.

The oracle is the installed snownlp (``SnowNLP(t).sentiments`` and ``snownlp.seg.seg``).
Inputs: every sentence of the seed pages (raw and converted to Simplified script) and a
seeded generated corpus built to stress snownlp's corner cases: characters outside the
model, ties between tag paths, non-Chinese text, whitespace variants, empty and very
long strings. A slower, larger check is ``benchmarks/bench_sentiment.py``.
"""

from __future__ import annotations

import math
import random
import re
from collections import Counter
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from framing.scoring import fastsentiment as fs
from framing.scoring.snownlp_tables import TAGS

TOLERANCE = 1e-9
SPLIT = re.compile(r"[。！？!?\n]")
HAN = re.compile("[\u4e00-\u9fa5]")


# --------------------------------------------------------------------------- oracle


@cache
def _snow() -> Any:
    import snownlp

    return snownlp


def plain_sentiment(text: str) -> float:
    """``SnowNLP(text).sentiments``; ``SnowNLP("")`` raises (BM25 over zero characters)."""
    snow = _snow()
    if not text:
        return snow.sentiment.classify(text)
    return snow.SnowNLP(text).sentiments


def plain_words_and_sentiment(text: str) -> tuple[list[str], float]:
    """``snownlp.seg.seg(text)`` and the sentiment computed from those very words.

    ``SnowNLP(t).sentiments`` is ``sentiment.classify(t)``, i.e. ``Sentiment.classify``:
    Bayes over ``filter_stop(seg(t))``, P(pos) as is or 1 - P(neg). Calling its parts
    segments each text once instead of twice; ``test_oracle_shortcut`` checks the
    shortcut against the public path.
    """
    snow = _snow()
    words = snow.seg.seg(text)
    label, prob = snow.sentiment.classifier.classifier.classify(snow.normal.filter_stop(words))
    return words, (prob if label == "pos" else 1 - prob)


def assert_same(texts: list[str], public_path: bool = False) -> dict[str, float]:
    """Words identical and sentiments equal (|diff| <= 1e-9, in fact bit-identical).

    ``public_path`` takes the expected value from ``SnowNLP(t).sentiments`` itself.
    """
    got_words = fs.segment_many(texts)
    got = fs.sentiments(texts)
    worst = 0.0
    for text, words, value in zip(texts, got_words, got, strict=True):
        plain_words, expected = plain_words_and_sentiment(text)
        if public_path:
            expected = plain_sentiment(text)
        assert words == plain_words, text
        worst = max(worst, abs(value - expected))
        assert abs(value - expected) <= TOLERANCE, (text, value, expected)
        assert value == expected, (text, value, expected)
    return {"sentences": len(texts), "chars": sum(map(len, texts)), "max_abs_diff": worst}


# --------------------------------------------------------------------------- inputs


def _seed_sentences(seeds_dir: Path) -> list[str]:
    out: list[str] = []
    for path in sorted(seeds_dir.glob("*.txt")):
        out += SPLIT.split(path.read_text(encoding="utf-8"))
    return out


@pytest.fixture(scope="module")
def seed_sentences(seeds_dir: Path) -> list[str]:
    return _seed_sentences(seeds_dir)


@pytest.fixture(scope="module")
def simplified_seed_sentences(seed_sentences: list[str]) -> list[str]:
    import opencc

    t2s = opencc.OpenCC("t2s")
    return [t2s.convert(s) for s in seed_sentences]


@cache
def _unknown_han() -> tuple[str, ...]:
    """Ideographs the segmentation model has never seen (tagged without scoring)."""
    model = _snow().seg.segger.segger
    return tuple(
        chr(c)
        for c in range(0x4E00, 0x9FA6)
        if all(model.uni.freq((chr(c), t)) == 0 for t in model.status)
    )


PUNCT = list("，。、；：？！“”‘’《》（）【】…—·,.;:?!\"'()[]<>/\\-+=*&%$#@~`^|_")
# str.split() whitespace includes \x1c-\x1f and \x85; \u200b is not whitespace
SPACES = [" ", "  ", "\t", "\u3000", "\xa0", "\r\n", "\u2028", "\x1c", "\x85", "\u200b"]
# outside U+4E00..U+9FA5 (so never tagged), control characters, a lone surrogate
OTHER = ["😀", "㐀", "豈", "〇", "ＡＢＣ", "１２３", "é", "ß", "Ⅻ", "\u9fa6", "\u4dff", "ㄅ"]
OTHER += ["\x00", "\x7f", "\ud83d", "\ufeff"]
STOP_WORDS = ["的", "了", "是", "the", "and", "of", "不", "我们", "可以"]


def _generated(seed_text: str, n: int, seed: int = 20240603) -> list[str]:
    """Seeded adversarial sentences (see the module docstring)."""
    rng = random.Random(seed)
    known = sorted(set(HAN.findall(seed_text)) - set(_unknown_han()))
    common = [c for c, _ in Counter(HAN.findall(seed_text)).most_common(300)]
    unknown = list(_unknown_han())
    latin = [
        "".join(rng.choice("abcdefghijklmnopqrstuvwxyzABCXYZ") for _ in range(rng.randint(1, 8)))
        for _ in range(50)
    ]
    digits = [str(rng.randint(0, 10 ** rng.randint(1, 9))) for _ in range(50)]
    words = [w for w in re.split(r"[^\u4e00-\u9fa5]+", seed_text) if 1 < len(w) < 8]

    def pick(pool: list[str], k: int) -> str:
        return "".join(rng.choice(pool) for _ in range(k))

    def mixed() -> str:
        pools = [known, common, common, unknown, PUNCT, SPACES, OTHER, latin, digits]
        pools += [STOP_WORDS, words, words]
        return "".join(rng.choice(rng.choice(pools)) for _ in range(rng.randint(0, 25)))

    def han_run() -> str:
        return pick(common if rng.random() < 0.7 else known, rng.randint(1, 30))

    def tie_run() -> str:
        # Unknown ideographs make snownlp's candidate scores exactly equal: two unknown
        # characters in a row, or one at the start or end of a run.
        parts = []
        for _ in range(rng.randint(1, 6)):
            kind = rng.random()
            if kind < 0.4:
                parts.append(pick(unknown, rng.randint(1, 3)))
            elif kind < 0.8:
                parts.append(pick(common, rng.randint(1, 4)))
            else:
                parts.append(rng.choice(words))
        return "".join(parts)

    def repeats() -> str:
        ch = rng.choice([rng.choice(common), rng.choice(unknown), rng.choice(words)])
        return ch * rng.randint(1, 12)

    def corrupted_seed() -> str:
        start = rng.randrange(max(1, len(seed_text) - 60))
        chars = list(seed_text[start : start + rng.randint(1, 60)])
        for i in range(len(chars)):
            if rng.random() < 0.15:
                chars[i] = rng.choice(unknown + PUNCT + SPACES)
        return "".join(chars)

    def ascii_only() -> str:
        return " ".join(rng.choice(latin + digits + PUNCT + STOP_WORDS[3:6]) for _ in range(5))

    makers: list[Callable[[], str]] = [mixed, han_run, tie_run, repeats, corrupted_seed]
    makers += [tie_run, mixed, ascii_only]
    out = ["", " ", "\u3000", "\n\t ", "的", "丂", "a", "1", "，", "😀", "丂丄", "丂的丄"]
    out += [rng.choice(known) for _ in range(20)] + [rng.choice(unknown) for _ in range(20)]
    while len(out) < n:
        out.append(rng.choice(makers)())
    # very long inputs: a single unpunctuated ideograph run, and a long mixed text
    out.append(pick(common + unknown[:50], 2500))
    out.append("".join(mixed() for _ in range(150)))
    return out


@pytest.fixture(scope="module")
def generated(seed_sentences: list[str]) -> list[str]:
    return _generated("".join(seed_sentences), 3000)


# --------------------------------------------------------------------------- equality


def test_seed_sentences_raw(seed_sentences: list[str]) -> None:
    stats = assert_same(seed_sentences, public_path=True)
    assert stats["sentences"] > 500 and stats["max_abs_diff"] == 0.0


def test_seed_sentences_simplified(simplified_seed_sentences: list[str]) -> None:
    stats = assert_same(simplified_seed_sentences)
    assert stats["sentences"] > 500 and stats["max_abs_diff"] == 0.0


def test_generated_sentences(generated: list[str]) -> None:
    stats = assert_same(generated)
    assert stats["sentences"] >= 3000 and stats["max_abs_diff"] == 0.0


def test_oracle_shortcut(generated: list[str]) -> None:
    for text in generated[:300]:
        assert plain_words_and_sentiment(text)[1] == plain_sentiment(text), text


def test_seed_pages_whole(seeds_dir: Path) -> None:
    # Whole pages: thousands of words per Bayes sum, long mixed-script input.
    assert_same([p.read_text(encoding="utf-8") for p in sorted(seeds_dir.glob("*.txt"))])


def test_saturated_probabilities() -> None:
    # Long one-sided texts: class log-odds beyond +-709, so exp() raises OverflowError
    # inside Bayes.classify and snownlp's except branch decides the value.
    texts = ["这个产品非常好，我很喜欢，质量很棒。" * 300, "太差了，很失望，非常糟糕的体验。" * 300]
    assert_same(texts)
    assert fs.sentiments(texts) == [1.0, 0.0]


def test_empty_string() -> None:
    # SnowNLP("") fails in its constructor before scoring anything; the classifier
    # itself gives a value for no words, and that is what fastsentiment returns.
    with pytest.raises(ZeroDivisionError):
        _snow().SnowNLP("").sentiments  # noqa: B018
    assert fs.sentiment("") == _snow().sentiment.classify("")
    assert fs.segment("") == [] == fs.segment(" \t\u3000")


# --------------------------------------------------------------------------- ties


def _reference_tag(text: str, flip: str | None = None, ties: Counter | None = None) -> list[str]:
    """snownlp's ``CharacterBasedGenerativeModel.tag`` control flow over its own model.

    ``flip`` reverses one tie rule: ``"state"`` (a later equal candidate replaces the
    kept one), ``"unknown"`` (an unscored character keeps the first predecessor instead of
    the last) or ``"final"`` (the last best state wins instead of the first). ``ties``
    counts the equal-score events met on the way.
    """
    model = _snow().seg.segger.segger
    now: list[tuple[Any, float, list[str]]] = [((("", "BOS"), ("", "BOS")), 0.0, [])]
    for w in text:
        stage: dict[Any, tuple[float, list[str]]] = {}
        if all(model.uni.freq((w, s)) == 0 for s in model.status):
            for s in model.status:
                for pre in now:
                    key = (pre[0][1], (w, s))
                    if flip == "unknown" and key in stage:
                        continue
                    stage[key] = (pre[1], pre[2] + [s])
        else:
            for s in model.status:
                for pre in now:
                    p = pre[1] + model.log_prob(pre[0][0], pre[0][1], (w, s))
                    key = (pre[0][1], (w, s))
                    if key in stage and p == stage[key][0] and ties is not None:
                        ties["state" if p > -math.inf else "state_neg_inf"] += 1
                    if (
                        key not in stage
                        or p > stage[key][0]
                        or (flip == "state" and p == stage[key][0])
                    ):
                        stage[key] = (p, pre[2] + [s])
        now = [(k, v[0], v[1]) for k, v in stage.items()]
    best = max(x[1] for x in now)
    if ties is not None and sum(x[1] == best for x in now) > 1:
        ties["final"] += 1
    winners = [x for x in now if x[1] == best]
    return (winners[-1] if flip == "final" else winners[0])[2]


def _runs(texts: list[str]) -> list[str]:
    return sorted({r for t in texts for r in re.findall("[\u4e00-\u9fa5]+", t)})


def _fast_tags(runs: list[str]) -> list[list[str]]:
    return [[TAGS[t] for t in tags] for tags in fs._tag_runs(runs)]


def test_tie_rules_are_exercised_and_matched(generated: list[str]) -> None:
    unknown = set(_unknown_han())
    runs = [r for r in _runs(generated) if len(r) <= 40]
    with_unknown = [r for r in runs if unknown & set(r)]
    without = [r for r in runs if not unknown & set(r)]
    runs = random.Random(7).sample(with_unknown, 700) + random.Random(8).sample(without, 300)
    plain = [[t for _, t in _snow().seg.segger.segger.tag(r)] for r in runs]
    ties: Counter = Counter()
    assert [_reference_tag(r, ties=ties) for r in runs] == plain  # the reference is faithful
    # The runs really contain exact ties of every kind ...
    assert ties["state"] >= 1000 and ties["final"] >= 100, ties
    # ... each tie rule decides the outcome somewhere: flipping it changes snownlp's tags,
    for flip in ("state", "unknown", "final"):
        changed = sum(_reference_tag(r, flip=flip) != p for r, p in zip(runs, plain, strict=True))
        assert changed >= 50, (flip, changed)
    # ... and the fast tagger agrees with snownlp on every run.
    assert _fast_tags(runs) == plain


def test_handmade_ties() -> None:
    # Unknown characters at the start, the end, doubled, alone, or the whole run.
    texts = ["丂丄的人", "我们丂丄", "中丂丄国", "丂", "丂丄丅丆", "的丂的丂的", "丂丄丅的丂丄丅"]
    texts += ["人人人人人人人", "哈哈哈哈哈哈", "一二三四五六七八九十", "丂 丄\u3000丅"]
    assert_same(texts)


# --------------------------------------------------------------------------- internals


def test_window_and_batch_boundaries(generated: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    # Tiny windows and batches: transition tables rebuilt mid-run, runs split in batches.
    sample = generated[:400] + generated[-2:]
    expected = fs.segment_many(sample)
    monkeypatch.setattr(fs, "_WINDOW_BUDGET", 7)
    monkeypatch.setattr(fs, "_BATCH_CHARS", 50)
    assert fs.segment_many(sample) == expected


def test_batch_equals_single_and_duplicates(seed_sentences: list[str]) -> None:
    sample = seed_sentences[:60]
    doubled = sample + sample[::-1]
    batch = fs.sentiments(iter(doubled))  # any iterable
    assert batch == [fs.sentiment(t) for t in doubled]
    assert batch[: len(sample)] == batch[len(sample) :][::-1]


def test_stopwords_match_snownlp() -> None:
    assert fs._get_classifier().stopwords == frozenset(_snow().normal.stop)


def test_rejects_non_strings() -> None:
    with pytest.raises(TypeError):
        fs.sentiments(["好", None])  # type: ignore[list-item]


def test_tables_kept_on_disk_give_the_same_sentiments(seed_sentences, tmp_path, monkeypatch) -> None:
    """The tables written to a cache folder read back bit for bit: same sentiments."""
    expected = fs.sentiments(seed_sentences)
    built_tagger, built_classifier = fs._get_tagger(), fs._get_classifier()
    monkeypatch.setattr(fs, "_tagger", None)
    monkeypatch.setattr(fs, "_classifier", None)
    monkeypatch.setattr(fs, "_table_dir", None)
    assert fs.use_table_dir(tmp_path) is None
    path = fs._table_file()
    assert path is not None and path.parent == tmp_path and "snownlp-" in path.name
    fs._load_models()  # builds and writes
    assert path.is_file() and not list(tmp_path.glob(".*.tmp"))
    monkeypatch.setattr(fs, "_tagger", None)
    monkeypatch.setattr(fs, "_classifier", None)
    fs._load_models()  # reads back
    tg, cl = fs._get_tagger(), fs._get_classifier()
    assert tg is not built_tagger and cl.word_logs == built_classifier.word_logs
    assert cl.stopwords == built_classifier.stopwords and cl.prior == built_classifier.prior
    for name in ("id_of", "uni_log", "found"):
        assert (getattr(tg, name) == getattr(built_tagger, name)).all()
    assert fs.sentiments(seed_sentences) == expected  # exact, NaN-free on the seeds
    # a damaged file is rebuilt and replaced
    path.write_bytes(b"not a table file")
    monkeypatch.setattr(fs, "_tagger", None)
    monkeypatch.setattr(fs, "_classifier", None)
    assert fs.sentiments(seed_sentences[:20]) == expected[:20]
    assert path.read_bytes()[:2] == b"PK"  # an npz (zip) file again
    assert fs.use_table_dir(None) == tmp_path


def test_a_cached_run_keeps_the_tables_and_an_uncached_run_touches_nothing(tmp_path) -> None:
    from framing.corpus.read import read_corpus
    from framing.scoring.pipeline import score

    corpus = read_corpus(Path(__file__).resolve().parents[1] / "seeds")
    score(corpus, cache=tmp_path / "cache", voices=False)
    assert list((tmp_path / "cache" / "models").glob("snownlp-*-tables-*.npz"))
    assert fs._table_dir is None  # only for the call


def test_a_worker_reads_the_tables_from_the_cache_folder(tmp_path, monkeypatch) -> None:
    """A worker (spawned: nothing inherited) is handed the cache folder and reads the
    tables there; building them is made impossible here, so reading is what happened."""
    from framing.lexicon import default_lexicons
    from framing.scoring import engines

    expected = fs.sentiments(["专家警告深度伪造视频可能被滥用。"])
    fs._save_tables(tmp_path / fs._table_file_name(), fs._get_tagger(), fs._get_classifier())
    monkeypatch.setattr(fs, "_tagger", None)
    monkeypatch.setattr(fs, "_classifier", None)
    monkeypatch.setattr(fs, "_table_dir", None)
    monkeypatch.setattr(fs, "snownlp_dir", lambda: (_ for _ in ()).throw(AssertionError("built")))
    engines._init_worker(default_lexicons(), "jieba", None, tmp_path)
    assert fs.table_dir() == tmp_path
    assert fs.sentiments(["专家警告深度伪造视频可能被滥用。"]) == expected
    engines._worker.clear()


@pytest.fixture
def built_once(monkeypatch):
    """Building the tables returns the ones this process built already (seconds saved)."""
    tagger, classifier = fs._get_tagger(), fs._get_classifier()
    monkeypatch.setattr(fs, "build_tagger", lambda root: tagger)
    monkeypatch.setattr(fs, "build_classifier", lambda root: classifier)
    monkeypatch.setattr(fs, "_tagger", None)
    monkeypatch.setattr(fs, "_classifier", None)
    monkeypatch.setattr(fs, "_table_dir", None)
    return tagger, classifier


@pytest.mark.parametrize("damage", ["truncated", "bad CRC", "empty"])
def test_damaged_tables_are_rebuilt_not_failing_every_later_run(built_once, tmp_path, monkeypatch, damage) -> None:
    fs.use_table_dir(tmp_path)
    path = fs._table_file()
    fs._save_tables(path, *built_once)
    raw = path.read_bytes()
    if damage == "truncated":
        path.write_bytes(raw[: len(raw) // 2])
    elif damage == "bad CRC":
        middle = len(raw) // 2
        path.write_bytes(raw[:middle] + bytes(64) + raw[middle + 64:])
    else:
        path.write_bytes(b"")
    fs._load_models()  # no exception: built again and written again
    monkeypatch.setattr(fs, "_tagger", None)
    monkeypatch.setattr(fs, "_classifier", None)
    tg, cl = fs._load_tables(path)  # the file reads back whole now
    assert cl.word_logs == built_once[1].word_logs and (tg.id_of == built_once[0].id_of).all()
    fs.use_table_dir(None)


def test_a_failed_save_leaves_no_temporary_file(built_once, tmp_path, monkeypatch) -> None:
    import errno
    import os
    import subprocess
    import sys

    def full(f, **arrays):
        f.write(b"PK\x03\x04" + bytes(1000))  # part of the file, then the disk is full
        raise OSError(errno.ENOSPC, "No space left on device")

    fs.use_table_dir(tmp_path)
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()  # a process that has ended: its temporary file is litter
    name = fs._table_file_name()
    stale = tmp_path / f".{name}.{proc.pid}-1.tmp"
    stale.write_bytes(b"left by a killed run")
    running = tmp_path / f".{name}.{os.getppid()}-1.tmp"  # a run still writing: kept
    running.write_bytes(b"being written")
    monkeypatch.setattr(fs.np, "savez", full)
    fs._load_models()  # the models are built; keeping them fails quietly (costs the next run time)
    assert fs._get_classifier() is built_once[1]
    assert sorted(p.name for p in tmp_path.iterdir()) == [running.name]
    fs.use_table_dir(None)
