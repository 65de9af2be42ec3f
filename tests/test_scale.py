"""Reading at scale: near-duplicates by MinHash LSH equal the pairwise loop, tables read in
chunks equal tables read whole, reading in processes equals reading in one, and the page
splitter's cohesion test is linear and unchanged."""

from __future__ import annotations

import json
import math
import random
import re
from collections import Counter

import pandas as pd
import pytest

from framing.corpus import assemble, dedupe, read, tables, work
from framing.corpus.normalize import clean_lines
from framing.corpus.read import read_corpus
from framing.corpus.split import Paragraph, is_heading, paragraphs_of, split_page
from framing.errors import InputError

ON_TOPIC = (
    "OpenAI发布文生视频大模型Sora,视频生成能力引发关注。国内大模型企业纷纷跟进文生视频赛道。"
    "业内人士认为Sora的算力需求巨大。"
)


def texts_from_seeds(seeds_corpus, n: int, seed: int = 5) -> list[str]:
    """``n`` distinct articles: seed sentences with a quarter of their ideographs replaced."""
    rng = random.Random(seed)
    pool = seeds_corpus.sentences["text"].tolist()
    alphabet = [ch for ch in "".join(pool) if "\u4e00" <= ch <= "\u9fa5"]
    lengths = seeds_corpus.documents.loc[seeds_corpus.documents["status"] == "included", "n_sentences"].tolist()

    def mutated(s: str) -> str:
        return "".join(rng.choice(alphabet) if "\u4e00" <= c <= "\u9fa5" and rng.random() < 0.25 else c for c in s)

    out = []
    for _ in range(n):
        sents = [mutated(rng.choice(pool)) for _ in range(rng.choice(lengths))]
        out.append("\n".join("".join(sents[k : k + 3]) for k in range(0, len(sents), 3)))
    return out


def planted(seeds_corpus) -> tuple[list[str], list[bool]]:
    """Distinct articles and copies of every kind, some before their original."""
    rng = random.Random(9)
    base = texts_from_seeds(seeds_corpus, 40)
    texts, reposts = list(base), [False] * len(base)

    def put(text: str, at: int, repost: bool = False) -> None:
        texts.insert(at, text)
        reposts.insert(at, repost)

    paras = [t.split("\n") for t in base]
    put("bob手机版网页登录\n" + base[3], 30, repost=True)  # a mirror, after its original
    put("bob手机版网页登录\n" + base[20], 2, repost=True)  # a mirror before its original
    put("\n".join(paras[5][: len(paras[5]) // 2]), 25)  # truncated
    put("\n".join(paras[7][2:4]), 33)  # a fragment of a sixth or less: the two-bin bands
    put(base[9] + "\n" + base[10], 38)  # extended: two articles in one
    put(base[11][: len(base[11]) // 2] + base[12][: len(base[12]) // 3], 39)  # half of one, a third of another
    for _ in range(5):  # one story reposted five times, with a line of its own each
        put(f"编者按{rng.randrange(10**6)}。\n" + base[15], len(texts))
    return texts, reposts


def test_lsh_decisions_equal_the_pairwise_loop(seeds_corpus) -> None:
    texts, reposts = planted(seeds_corpus)
    exact = dedupe.find_duplicates_exact(texts, reposts)
    fast = dedupe.find_duplicates(texts, reposts)
    flagged = [k for k, (o, _) in enumerate(exact) if o is not None]
    assert len(flagged) >= 10  # the planted copies (and the mirrors' originals)
    assert [o for o, _ in fast] == [o for o, _ in exact]
    assert [fast[k] for k in flagged] == [exact[k] for k in flagged]
    # a non-duplicate's similarity is the best among the pairs compared: never above the loop's
    assert all(f[1] <= e[1] + 1e-12 for f, e in zip(fast, exact, strict=True) if e[0] is None)


def test_a_story_reposted_many_times_meets_its_first_copy(seeds_corpus, monkeypatch) -> None:
    monkeypatch.setattr(dedupe, "BUCKET_PAIRS", 8)  # buckets larger than this are many copies
    base = texts_from_seeds(seeds_corpus, 6, seed=2)
    texts = base[:3] + [f"第{k}次转载。\n" + base[3] for k in range(30)] + base[4:]
    reposts = [False] * len(texts)
    fast = dedupe.find_duplicates(texts, reposts)
    exact = dedupe.find_duplicates_exact(texts, reposts)
    assert [o for o, _ in fast] == [o for o, _ in exact]
    assert {o for o, _ in fast[4:33]} == {3} and fast[3][0] is None
    assert [s for o, s in fast if o is not None] == [s for o, s in exact if o is not None]


def test_a_sixth_of_an_article_is_a_candidate_through_the_two_bin_bands(seeds_corpus) -> None:
    parts = texts_from_seeds(seeds_corpus, 3, seed=3)
    long = "\n".join(parts)
    short = parts[1][: len(parts[1]) // 2]
    (a, na), (b, nb) = dedupe.signature(long), dedupe.signature(short)
    assert na >= dedupe.SIZE_RATIO * nb
    pairs = dedupe.candidate_pairs(*dedupe.stack_signatures([(a, na), (b, nb)], 2))
    assert pairs.tolist() == [[0, 1]]
    assert dedupe.find_duplicates([long, short], [False, False]) == [(None, 0.0), (0, 1.0)]


@pytest.mark.parametrize(
    "text", ["", "短", "abcd", "a_b c。d\U00020000\U00020001e😀f!!", "标点，符号；和 空格\n换行", "重复重复重复重复重复"]
)
def test_shingle_hashes_count_the_shingles(text) -> None:
    assert len(dedupe.shingle_hashes(text)) == len(dedupe.shingles(text))
    sig, size = dedupe.signature(text)
    assert size == len(dedupe.shingles(text)) and sig.shape == (dedupe.K,)


def test_key_containment_is_the_containment_of_the_sets(seeds_corpus) -> None:
    texts, _ = planted(seeds_corpus)
    texts += ["", "短", "a_b c。d\U00020000\U00020001e😀f!!", "重复重复重复重复重复", "重复重复重复"]
    keys = [dedupe.ShingleKeys(t) for t in texts]
    sets = [dedupe.shingles(t) for t in texts]
    assert all(k.exact and len(k.hashes) == len(s) for k, s in zip(keys, sets, strict=True))
    for i in range(len(texts)):
        for j in range(i + 1, len(texts)):
            assert dedupe.key_containment(keys[i], keys[j]) == dedupe.containment(sets[i], sets[j])


def test_a_hash_shared_by_two_shingles_is_compared_on_the_sets(seeds_corpus, monkeypatch) -> None:
    texts, reposts = planted(seeds_corpus)
    exact = dedupe.find_duplicates_exact(texts, reposts)
    signatures = dedupe.stack_signatures([dedupe.signature(t) for t in texts], len(texts))
    # a hash of the shingle's first code point only: shingles that start alike collide
    monkeypatch.setattr(dedupe, "_hashes", lambda codes, n, k: dedupe._mix(codes[:n].copy()))
    a, b = dedupe.ShingleKeys("人工智能技术"), dedupe.ShingleKeys("人工智慧技术")
    assert a.exact and b.exact and dedupe.key_containment(a, b) is None  # 人工智能技 / 人工智慧技 share a hash
    assert not dedupe.ShingleKeys("人工智能技。人工智慧技").exact  # two shingles on one hash in one text
    fast = dedupe.find_duplicates(texts, reposts, signatures=signatures)  # every pair compared on the sets
    flagged = [k for k, (o, _) in enumerate(exact) if o is not None]
    assert [o for o, _ in fast] == [o for o, _ in exact]
    assert [fast[k] for k in flagged] == [exact[k] for k in flagged]


def test_signatures_agree_as_often_as_the_sets_overlap(seeds_corpus) -> None:
    a, b = texts_from_seeds(seeds_corpus, 2, seed=4)
    mixed = a[: len(a) // 2] + b[len(b) // 2 :]
    sa, sm = dedupe.signature(a)[0], dedupe.signature(mixed)[0]
    A, M = dedupe.shingles(a), dedupe.shingles(mixed)
    jaccard = len(A & M) / len(A | M)
    agree = (sa == sm).mean()
    assert abs(agree - jaccard) < 5 * math.sqrt(jaccard * (1 - jaccard) / dedupe.K)


# --- tables in chunks ----------------------------------------------------------------------


def frames(corpus) -> tuple[pd.DataFrame, pd.DataFrame]:
    return corpus.documents, corpus.sentences


def table_rows(seeds_corpus, n: int = 12) -> pd.DataFrame:
    texts = texts_from_seeds(seeds_corpus, n, seed=8)
    texts[4] = texts[1]  # a duplicate
    rows = pd.DataFrame({"doc_id": [f"d{k}" for k in range(n)], "text": texts, "title": [f"标题{k}" for k in range(n)]})
    rows.loc[7, "doc_id"] = ""  # gets row8
    return rows


@pytest.mark.parametrize("suffix", [".csv", ".tsv", ".jsonl", ".parquet"])
def test_a_table_read_in_chunks_equals_the_table_read_whole(seeds_corpus, tmp_path, monkeypatch, suffix) -> None:
    rows = table_rows(seeds_corpus)
    path = tmp_path / f"t{suffix}"
    if suffix == ".csv":
        rows.to_csv(path, index=False)
    elif suffix == ".tsv":
        rows.assign(text=rows["text"].str.replace("\n", " ")).to_csv(path, index=False, sep="\t")
    elif suffix == ".jsonl":
        path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows.to_dict("records")) + "\n", encoding="utf-8")
    else:
        pytest.importorskip("pyarrow")
        rows.to_parquet(path)
    whole = read_corpus(path)
    monkeypatch.setattr(tables, "STREAM_BYTES", 0)
    monkeypatch.setattr(tables, "CHUNK_ROWS", 5)
    monkeypatch.setattr(assemble, "TABLE_STEP", 4)
    chunked = read_corpus(path)
    for a, b in zip(frames(whole), frames(chunked), strict=True):
        pd.testing.assert_frame_equal(a, b)
    assert whole.inputs == chunked.inputs and whole.inputs[0]["bytes"] == path.stat().st_size
    docs = chunked.documents.set_index("doc_id")
    assert docs.loc["d4", "duplicate_of"] == "d1" and "row8" in docs.index


STRICT = [
    ('doc_id,outlet,text\nd1,北京商报,"Sora发布。\nd2,文汇报,文汇报的文章。\nd3,浙江日报,浙江日报的文章。"\n',
     r"t\.csv:2: a quote opened on line 2 closes on line 4, joining lines 2-4 into one row"),
    ('doc_id,outlet,text\nd1,北京商报,"Sora发布。\nd2,文汇报,"文汇报"的文章\n', r"t\.csv:3: a quote closes in the middle of a cell"),
    ('doc_id,text\nd1,ok\nd2,"never closed\n', r"t\.csv:3: a quote opened on line 3 is never closed; fix"),
    ("doc_id,text\nd1,一\n\nd2,二,三\n", r"t\.csv:4: row 2 has 3 fields, the header has 2; fix: quote the cell"),
    ("doc_id,text,doc_id\n", r"t\.csv:1: column 'doc_id' appears twice in the header"),
    ("doc_id,text\n\n", r"t\.csv: no rows under the header"),
    ("\n\n", r"t\.csv: (no header line|empty file)"),
]


@pytest.mark.parametrize("stream", [False, True])
@pytest.mark.parametrize("content, message", STRICT)
def test_strict_csv_errors_are_the_same_when_streamed(tmp_path, monkeypatch, stream, content, message) -> None:
    if stream:
        monkeypatch.setattr(tables, "STREAM_BYTES", 0)
        monkeypatch.setattr(tables, "CHUNK_ROWS", 1)
    path = tmp_path / "t.csv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError, match=message):
        read_corpus(path)


def test_doc_id_checks_reach_across_chunks(tmp_path, monkeypatch) -> None:
    monkeypatch.setattr(tables, "STREAM_BYTES", 0)
    monkeypatch.setattr(tables, "CHUNK_ROWS", 1)
    cell = ON_TOPIC.replace(",", "，")
    path = tmp_path / "t.csv"
    path.write_text(f"doc_id,text\na,{cell}\nb,{cell}\na,{cell}\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"doc_id 'a' is given on rows 1 and 3; fix"):
        read_corpus(path)
    path.write_text(f"doc_id,text\n,{cell}\nrow1,{cell}\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"row 1 has no doc_id, and the id it would get, 'row1', is the doc_id given on row 2"):
        read_corpus(path)


def test_a_text_column_is_judged_on_all_its_chunks(tmp_path, monkeypatch) -> None:
    monkeypatch.setattr(tables, "STREAM_BYTES", 0)
    monkeypatch.setattr(tables, "CHUNK_ROWS", 1)
    path = tmp_path / "t.jsonl"
    path.write_text('{"text": 5}\n{"text": null}\n{"body": "x"}\n', encoding="utf-8")
    with pytest.raises(InputError, match=r"column 'text' holds int values, not text"):
        read_corpus(path)
    path.write_text(f'{{"text": 5}}\n{{"text": "{ON_TOPIC}"}}\n', encoding="utf-8")
    docs = read_corpus(path).documents.set_index("doc_id")
    assert docs.loc["row1", "reason"] == "no_text" and docs.loc["row2", "status"] == "included"
    path.write_text('{"body": "x"}\n{"title": "y"}\n', encoding="utf-8")
    with pytest.raises(InputError, match=r"no 'text' column \(columns: body, title\)"):
        read_corpus(path)


# --- processes -------------------------------------------------------------------------------


def test_reading_in_processes_gives_the_same_corpus(seeds_corpus, seeds_dir, tmp_path, monkeypatch) -> None:
    monkeypatch.setattr(work, "FILES_PER_TASK", 2)
    monkeypatch.setattr(tables, "CHUNK_ROWS", 3)
    folder = tmp_path / "corpus"
    folder.mkdir()
    for f in seeds_dir.iterdir():
        (folder / f.name).write_bytes(f.read_bytes())
    (folder / "copy.txt").write_text((seeds_dir / "002_ced1f10ba77cba16.txt").read_text(encoding="utf-8"), encoding="utf-8")
    (folder / "empty.txt").write_bytes(b"")
    table = tmp_path / "t.csv"
    table_rows(seeds_corpus).to_csv(table, index=False)
    for source in (folder, table):
        one, two = read_corpus(source), read_corpus(source, jobs=2)
        for a, b in zip(frames(one), frames(two), strict=True):
            pd.testing.assert_frame_equal(a, b)
        assert one.inputs == two.inputs and one.params == two.params
    assert read_corpus(folder).documents.set_index("doc_id").loc["copy#1", "reason"] == "duplicate"
    with pytest.raises(ValueError, match="jobs must be a positive whole number"):
        read_corpus(folder, jobs=0)


def test_progress_bar_on_request() -> None:
    bar = work.progress_bar(10, "files", True)
    assert bar is not None and work.progress_bar(10, "files", False) is None
    bar.close()


# --- the page splitter stays linear --------------------------------------------------------------


def _bigrams(text: str) -> Counter:
    cjk = re.sub(r"[^\u4e00-\u9fff]", " ", text)
    return Counter(w[i : i + 2] for w in cjk.split() for i in range(len(w) - 1))


def _cosine(a: Counter, b: Counter) -> float:
    if not a or not b:
        return 0.0
    dot = sum(v * b.get(k, 0) for k, v in a.items())
    return dot / (math.sqrt(sum(v * v for v in a.values())) * math.sqrt(sum(v * v for v in b.values())))


def reference_cuts(chunk: list[Paragraph], threshold: float, min_chars: int = 300) -> list[int]:
    """The cohesion cuts as first written: the text above a subhead joined and counted anew."""
    subheads = [i for i, p in enumerate(chunk) if i > 1 and p.kind == "body" and is_heading(p.text)]
    cuts: list[int] = []
    for i in subheads:
        section = ""
        for p in chunk[i:]:
            section += p.text
            if len(section) >= min_chars:
                break
        before = "".join(p.text for p in chunk[(cuts[-1] if cuts else 0) : i])
        if len(section) < min_chars or len(before) < min_chars:
            continue
        if _cosine(_bigrams(section), _bigrams(before)) < threshold:
            cuts.append(i)
    return cuts


@pytest.mark.parametrize("threshold", [0.08, 0.3, 0.6])
def test_cohesion_cuts_equal_the_joined_text_computation(seeds_corpus, threshold) -> None:
    rng = random.Random(int(threshold * 100))
    texts = texts_from_seeds(seeds_corpus, 30, seed=6)
    heads = seeds_corpus.sentences.loc[seeds_corpus.sentences["is_headline"], "text"].tolist()
    shifts = 0
    for _ in range(6):  # pages without bylines: one piece with many subheads
        parts = []
        for t in rng.sample(texts, 5):
            for para in t.split("\n"):
                parts += [para] + ([rng.choice(heads)] if rng.random() < 0.4 else [])
        page = "\n\n".join(parts)
        paras = paragraphs_of(clean_lines(page))
        want = reference_cuts(paras, threshold)
        got = [a.split_by for a in split_page(clean_lines(page), cohesion_threshold=threshold)]
        assert got.count("topic_shift") == len(want)
        starts = [a.first_line for a in split_page(clean_lines(page), cohesion_threshold=threshold)][1:]
        assert starts == [paras[c].line for c in want]
        shifts += len(want)
    if threshold >= 0.3:
        assert shifts > 0  # the comparison covered cuts


def test_removed_debris_goes_to_the_article_it_sat_in(tmp_path) -> None:
    page = (f"标题一\n\n■本报记者 张三\n\n{ON_TOPIC}\n\n如需转载请联系本报\n\n标题二\n\n■本报记者 李四\n\n"
            f"{ON_TOPIC}再说一句。\n\n读者热线:4008890008\n")
    (tmp_path / "p.txt").write_text(page, encoding="utf-8")
    docs = read_corpus(tmp_path / "p.txt", keep_duplicates=True).documents.set_index("doc_id")
    assert docs.loc["p#1", "removed"] == "reprint_notice:如需转载请联系本报"
    assert docs.loc["p#2", "removed"] == "hotline:读者热线:4008890008"


def test_tables_module_streams_without_the_whole_file(tmp_path, monkeypatch) -> None:
    monkeypatch.setattr(tables, "STREAM_BYTES", 0)
    path = tmp_path / "t.csv"
    path.write_text("doc_id,text\n" + "".join(f"d{k},文本{k}\n" for k in range(7)), encoding="utf-8")
    table = tables.read_table(path, chunk_rows=3)
    assert table.columns == ["doc_id", "text"]
    got = [(first, [r["doc_id"] for r in rows]) for first, rows in table.chunks]
    assert got == [(1, ["d0", "d1", "d2"]), (4, ["d3", "d4", "d5"]), (7, ["d6"])]
    assert table.done == table.size == path.stat().st_size


def test_bom_and_other_encodings_are_read_whole(tmp_path, monkeypatch) -> None:
    monkeypatch.setattr(tables, "STREAM_BYTES", 0)
    text = f"doc_id,outlet,text\nd1,北京商报,{ON_TOPIC.replace(',', '，')}\n"
    for encoding in ("utf-8-sig", "gb18030", "utf-16"):
        path = tmp_path / f"{encoding}.csv"
        path.write_bytes(text.encode(encoding))
        docs = read_corpus(path).documents
        assert docs.loc[0, "doc_id"] == "d1" and docs.loc[0, "status"] == "included", encoding


def test_a_folder_bar_counts_files(tmp_path, monkeypatch) -> None:
    seen = []

    class Bar:
        n = 0

        def __init__(self, total, unit):
            seen.append((total, unit))

        def update(self, k):
            self.n += k
            seen.append(self.n)

        def set_postfix_str(self, stage):
            seen.append(stage)

        def close(self):
            seen.append("closed")

    monkeypatch.setattr(read, "progress_bar", lambda total, unit, enabled: Bar(total, unit) if enabled else None)
    monkeypatch.setattr(work, "FILES_PER_TASK", 1)
    for k in range(3):
        (tmp_path / f"{k}.txt").write_text(ON_TOPIC + str(k), encoding="utf-8")
    read_corpus(tmp_path, progress=True)
    assert seen == [(3, "files"), 1, 2, 3, "near-duplicates", "tables", "closed"]



def test_cli_corpus_reads_with_jobs(seeds_dir, tmp_path, capsys) -> None:
    from framing.cli import main

    assert main(["corpus", str(seeds_dir), "--csv", str(tmp_path / "one.csv")]) == 0
    assert main(["corpus", str(seeds_dir), "--jobs", "2", "--csv", str(tmp_path / "two.csv")]) == 0
    assert (tmp_path / "one.csv").read_bytes() == (tmp_path / "two.csv").read_bytes()
    capsys.readouterr()
    assert main(["corpus", str(seeds_dir), "--jobs", "0", "--csv", str(tmp_path / "zero.csv")]) == 2
    assert "--jobs 0: needs a positive number" in capsys.readouterr().err
    assert not (tmp_path / "zero.csv").exists()


def test_page_evidence_found_once_gives_the_same_tags() -> None:
    from framing.corpus.outlets import load_outlet_rules, page_evidence, tag_outlet

    rules = load_outlet_rules()
    removed, page = "spam:bob手机版网页登录\nreprint_notice:如需转载请与《每日经济新闻》报社联系。", "整页的文字"
    articles = [("每经记者 谢陶", ON_TOPIC), ("", ON_TOPIC), ("北京商报记者 杨月涵", "正文")]
    evidence = page_evidence(removed, page, rules)
    got = [tag_outlet(h, t, removed, page, rules, evidence=evidence) for h, t in articles]
    assert got == [tag_outlet(h, t, removed, page, rules) for h, t in articles]
    assert evidence.rule_matches  # the spam line is page-level evidence of a mirror site


def test_an_empty_dataframe_is_an_empty_corpus() -> None:
    corpus = read_corpus(pd.DataFrame({"text": []}))
    assert corpus.documents.empty and corpus.sentences.empty
    assert list(corpus.sentences.columns) == read.SENTENCE_COLUMNS
