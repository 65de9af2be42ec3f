"""``read_corpus``: any set of news files or a table, to a ``Corpus`` that accounts for every input.

files --decode--> page text --clean--> clean lines --split--> articles
      --outlet/relevance/duplicates--> documents --sentences--> sentences
"""

from __future__ import annotations

import csv
import io
import warnings
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from framing.corpus.decode import decode_bytes
from framing.corpus.dedupe import find_duplicates
from framing.corpus.model import DOCUMENT_COLUMNS, SENTENCE_COLUMNS, Corpus
from framing.corpus.normalize import (
    DebrisRules,
    clean_lines,
    detect_script,
    load_debris_rules,
    to_simplified,
)
from framing.corpus.outlets import UNKNOWN, OutletRules, ascii_id, load_outlet_rules, tag_outlet
from framing.corpus.relevance import Topic, load_topic
from framing.corpus.split import Article, find_date, paragraphs_of, split_page, split_sentences
from framing.errors import InputError

TEXT_SUFFIXES = {".txt", ".md"}
TABLE_SUFFIXES = {".csv", ".jsonl", ".json", ".parquet", ".pq", ".tsv"}
MANIFEST_NAME = "manifest.csv"


@dataclass
class _Rules:
    debris: DebrisRules
    outlets: OutletRules
    topic: Topic


@dataclass
class _Manifest:
    path: str
    rows: dict[str, dict[str, str]] = field(default_factory=dict)  # file -> {outlet, date}


def read_corpus(
    source: str | Path | pd.DataFrame,
    *,
    manifest: str | Path | None = None,
    text_column: str = "text",
    lexicon_dir: str | Path | None = None,
    topic: str | Path | Topic | None = None,
    filter_topic: bool = True,
    min_relevance: float | None = None,
    keep_duplicates: bool = False,
    duplicate_threshold: float = 0.5,
    cohesion_threshold: float = 0.08,
    keep_text: bool = True,
) -> Corpus:
    """Read news articles from a folder, a file, a table file or a DataFrame.

    Parameters
    ----------
    source:
        A folder (read recursively: ``.txt`` and ``.md`` files), one text file, a CSV / TSV /
        JSONL / Parquet file with a text column, or a DataFrame with ``text`` and optional
        ``doc_id, outlet, date, title``. A table row that carries an outlet is one article;
        other rows and files are pages that may hold several articles.
    manifest:
        Optional CSV with columns ``file, outlet[, date]``. A folder's own ``manifest.csv``
        is used when none is given. The text decides the outlet; a manifest fills it in
        where no rule fires, and a disagreement is flagged in ``outlet_conflict``.
    lexicon_dir:
        A folder with your own ``debris.toml``, ``outlets.toml`` and/or ``topic.toml``; files
        it lacks come from the bundled defaults.
    topic, filter_topic, min_relevance:
        Topic lexicon (path or ``Topic``), whether off-topic articles are excluded, and an
        override of the lexicon's relevance threshold.
    keep_duplicates:
        Keep near-duplicate articles (still flagged in ``duplicate_of``) instead of
        excluding them with ``reason=duplicate``.
    cohesion_threshold:
        Split a page at a subhead whose section shares less vocabulary than this with the
        article above (0 switches this off).
    keep_text:
        Keep ``text_original`` and ``text`` columns in ``documents``.

    Returns a ``Corpus`` (see ``framing.corpus.model`` for the columns). One bad file in a
    folder becomes an excluded row with a reason; only an unusable ``source`` raises
    ``InputError``.
    """
    rules = _load_rules(lexicon_dir, topic, min_relevance)
    records: list[dict] = []
    params = {
        "filter_topic": filter_topic,
        "min_relevance": rules.topic.min_relevance,
        "min_topic_hits": rules.topic.min_hits,
        "keep_duplicates": keep_duplicates,
        "duplicate_threshold": duplicate_threshold,
        "cohesion_threshold": cohesion_threshold,
        "topic_version": rules.topic.version,
        "outlets_version": rules.outlets.version,
        "debris_version": rules.debris.version,
    }
    if isinstance(source, pd.DataFrame):
        records = _read_table(source, "<table>", text_column, rules, cohesion_threshold)
        params["source"] = "<DataFrame>"
    else:
        path = Path(source)
        if not path.exists():
            raise InputError(f"{source}: no such file or folder; fix: give the path of a folder of news files or a table")
        params["source"] = path.name
        if path.is_dir():
            if manifest is None and (path / MANIFEST_NAME).is_file():
                manifest = path / MANIFEST_NAME
            files = sorted(
                (p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in TEXT_SUFFIXES),
                key=lambda p: p.relative_to(path).as_posix(),
            )
            if not files:
                raise InputError(f"{source}: no .txt or .md files in this folder; fix: point to the folder that holds the articles")
            for f in files:
                records += _read_file(f, f.relative_to(path).as_posix(), rules, cohesion_threshold)
        elif path.suffix.lower() in TABLE_SUFFIXES:
            records = _read_table(_load_table(path), path.name, text_column, rules, cohesion_threshold)
        else:
            records = _read_file(path, path.name, rules, cohesion_threshold)
    if manifest is not None:
        man = _load_manifest(Path(manifest), rules.outlets)
        _apply_manifest(records, man, rules.outlets)
        params["manifest"] = Path(manifest).name
    _judge(records, rules.topic, filter_topic, keep_duplicates, duplicate_threshold)
    documents = pd.DataFrame.from_records(records, columns=DOCUMENT_COLUMNS)
    sentences = _sentences(records)
    documents = documents.astype(
        {"article": "int64", "outlet_confidence": "float64", "relevance": "float64",
         "topic_hits": "float64", "similarity": "float64", "n_chars": "int64",
         "n_sentences": "int64", "outlet_conflict": "bool"}
    )
    if not keep_text:
        documents = documents.drop(columns=["text_original", "text"])
    return Corpus(documents=documents, sentences=sentences, params=params)


# --- inputs -------------------------------------------------------------------------------


def _load_rules(lexicon_dir, topic, min_relevance) -> _Rules:
    def pick(name: str) -> Path | None:
        if lexicon_dir is None:
            return None
        candidate = Path(lexicon_dir) / name
        return candidate if candidate.is_file() else None

    if lexicon_dir is not None and not Path(lexicon_dir).is_dir():
        raise InputError(f"{lexicon_dir}: lexicon folder not found; fix: give an existing folder")
    if isinstance(topic, Topic):
        topic_obj = topic
    else:
        topic_obj = load_topic(topic or pick("topic.toml"))
    if min_relevance is not None:
        from dataclasses import replace

        topic_obj = replace(topic_obj, min_relevance=float(min_relevance))
    return _Rules(
        debris=load_debris_rules(pick("debris.toml")),
        outlets=load_outlet_rules(pick("outlets.toml")),
        topic=topic_obj,
    )


def _load_table(path: Path) -> pd.DataFrame:
    suffix = path.suffix.lower()
    try:
        if suffix in {".csv", ".tsv"}:
            raw = path.read_bytes()
            decoded = decode_bytes(raw)
            if decoded.text is None:
                raise InputError(f"{path}: {decoded.reason.replace('_', ' ')} ({decoded.detail}); fix: save it as UTF-8 CSV")
            return pd.read_csv(io.StringIO(decoded.text), sep="\t" if suffix == ".tsv" else ",", dtype=str, keep_default_na=False)
        if suffix in {".jsonl", ".json"}:
            return pd.read_json(path, lines=suffix == ".jsonl", dtype=False)
        try:
            return pd.read_parquet(path)
        except ImportError:
            raise InputError(f"{path}: reading Parquet needs pyarrow; fix: pip install 'framing[parquet]'") from None
    except InputError:
        raise
    except Exception as err:  # pandas raises many parser error types
        raise InputError(f"{path}: cannot be read as a {suffix[1:].upper()} table ({type(err).__name__}: {err}); fix: check the file format") from None


def _read_file(path: Path, rel: str, rules: _Rules, cohesion: float) -> list[dict]:
    stem = rel[: -len(path.suffix)] if path.suffix else rel
    try:
        data = path.read_bytes()
    except OSError as err:
        return [_excluded(f"{stem}#0", rel, "unreadable", f"cannot read: {err.strerror}")]
    decoded = decode_bytes(data)
    if decoded.text is None:
        return [_excluded(f"{stem}#0", rel, decoded.reason, decoded.detail, decoded.encoding)]
    return _read_page(decoded.text, stem, rel, decoded.encoding, rules, cohesion, given={})


def _read_table(df: pd.DataFrame, name: str, text_column: str, rules: _Rules, cohesion: float) -> list[dict]:
    if text_column not in df.columns:
        raise InputError(
            f"{name}: no {text_column!r} column (columns: {', '.join(map(str, df.columns))}); "
            "fix: rename the text column or pass text_column="
        )
    records: list[dict] = []
    seen: set[str] = set()
    for i, row in enumerate(df.to_dict("records")):
        given = {k: _clean_cell(row.get(k)) for k in ("doc_id", "outlet", "date", "title")}
        base = given["doc_id"] or f"row{i + 1}"
        if base in seen:
            raise InputError(f"{name}: doc_id {base!r} occurs twice; fix: make doc_id unique")
        seen.add(base)
        rel = f"{name}:row{i + 1}"
        text = row.get(text_column)
        if not isinstance(text, str) or not text.strip():
            records.append(_excluded(base, rel, "no_text", "empty text cell"))
            continue
        records += _read_page(text, base, rel, "", rules, cohesion, given=given)
    return records


def _clean_cell(value) -> str:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return ""
    return str(value).strip()


# --- one page -----------------------------------------------------------------------------


def _read_page(text: str, stem: str, rel: str, encoding: str, rules: _Rules, cohesion: float, given: dict) -> list[dict]:
    lines = clean_lines(text, rules.debris)
    script = detect_script(text, to_simplified(text))
    if given.get("outlet"):
        # A row that names its outlet is one article: no page splitting.
        from framing.corpus.split import _build_article

        paras = paragraphs_of(lines)
        articles = [_build_article(paras, 1, "given")] if paras else []
    else:
        articles = split_page(lines, cohesion_threshold=cohesion)
    if not articles:
        return [_excluded(f"{stem}#0" if not given else stem, rel, "no_text", "nothing left after cleaning", encoding)]
    removed_by_article = _assign_removed(lines, articles)
    page_clean = "\n".join(line.text for line in lines if line.text)
    page_removed = "\n".join(f"{k}:{t}" for line in lines for k, t in line.removed)
    records = []
    for art, removed in zip(articles, removed_by_article, strict=True):
        doc_id = stem if (given and len(articles) == 1) else f"{stem}#{art.number}"
        header = "\n".join([art.dateline, *art.header, *art.bylines])
        if given.get("outlet"):
            outlet = rules.outlets.lookup(given["outlet"])
            tag = (
                (outlet.name, outlet.id, 1.0, "given in the input table")
                if outlet
                else (given["outlet"], ascii_id(given["outlet"]), 1.0, "given in the input table")
            )
        else:
            t = tag_outlet(header, art.text, page_removed, page_clean, rules.outlets)
            tag = (t.outlet, t.outlet_id, t.confidence, t.evidence)
        original = "\n".join(line.original for line in lines[art.first_line : art.last_line + 1])
        sentences = _split_article(art)
        records.append(
            {
                "doc_id": doc_id,
                "source": rel,
                "article": art.number,
                "outlet": tag[0],
                "outlet_id": tag[1],
                "outlet_confidence": tag[2],
                "outlet_evidence": tag[3],
                "manifest_outlet": "",
                "outlet_conflict": False,
                "date": given.get("date") or find_date(art.dateline) or find_date("\n".join(art.header)),
                "title": given.get("title") or art.title,
                "byline": " / ".join(art.bylines),
                "status": "included",
                "reason": "",
                "relevance": 0.0,
                "topic_hits": 0.0,
                "duplicate_of": "",
                "similarity": 0.0,
                "encoding": encoding,
                "script": script,
                "n_chars": len(art.text),
                "n_sentences": len(sentences),
                "removed": " | ".join(f"{k}:{t}" for k, t in removed),
                "text_original": original,
                "text": art.text,
                "_kind": art.kind,
                "_sentences": sentences,
                "_page": stem,
            }
        )
    _inherit_page_outlet(records)
    return records


def _split_article(art: Article) -> list[dict]:
    sentences = split_sentences(art.text)
    heading_lines = {i for i, (_, is_heading) in enumerate(art.lines) if is_heading}
    for s in sentences:
        s["is_headline"] = s["line"] in heading_lines
    return sentences


def _assign_removed(lines, articles: list[Article]) -> list[list[tuple[str, str]]]:
    """Debris removed from a page, given to the article it sat in (or the nearest one)."""
    out: list[list[tuple[str, str]]] = [[] for _ in articles]
    for line in lines:
        if not line.removed:
            continue
        k = 0
        for j, art in enumerate(articles):
            if art.first_line <= line.index:
                k = j
        out[k].extend(line.removed)
    return out


def _inherit_page_outlet(records: list[dict]) -> None:
    """Articles with no outlet evidence of their own take the page's outlet."""
    tagged = [r for r in records if r["outlet"] != UNKNOWN]
    if not tagged:
        return
    best = max(tagged, key=lambda r: r["outlet_confidence"])
    for r in records:
        if r["outlet"] == UNKNOWN:
            r["outlet"], r["outlet_id"] = best["outlet"], best["outlet_id"]
            r["outlet_confidence"] = round(0.8 * best["outlet_confidence"], 3)
            r["outlet_evidence"] = f"same page as {best['doc_id']} ({best['outlet_evidence']})"


def _excluded(doc_id: str, rel: str, reason: str, detail: str, encoding: str = "") -> dict:
    return {
        "doc_id": doc_id, "source": rel, "article": 0, "outlet": UNKNOWN, "outlet_id": UNKNOWN,
        "outlet_confidence": 0.0, "outlet_evidence": f"not read: {detail}", "manifest_outlet": "",
        "outlet_conflict": False, "date": "", "title": "", "byline": "", "status": "excluded",
        "reason": reason, "relevance": 0.0, "topic_hits": 0.0, "duplicate_of": "",
        "similarity": 0.0, "encoding": encoding, "script": "", "n_chars": 0, "n_sentences": 0,
        "removed": "", "text_original": "", "text": "", "_kind": "none", "_sentences": [],
        "_page": doc_id,
    }


# --- manifest -----------------------------------------------------------------------------


def _load_manifest(path: Path, outlets: OutletRules) -> _Manifest:
    if not path.is_file():
        raise InputError(f"{path}: manifest not found; fix: give an existing CSV or leave it out")
    decoded = decode_bytes(path.read_bytes())
    if decoded.text is None:
        raise InputError(f"{path}: manifest is {decoded.reason.replace('_', ' ')}; fix: save it as UTF-8 CSV with columns file,outlet,date")
    reader = csv.DictReader(io.StringIO(decoded.text))
    cols = set(reader.fieldnames or [])
    if not {"file", "outlet"} <= cols:
        raise InputError(f"{path}: manifest needs columns 'file' and 'outlet' (has {sorted(cols)}); fix: add a header line file,outlet,date")
    man = _Manifest(str(path))
    for line_no, row in enumerate(reader, 2):
        file = (row.get("file") or "").strip()
        name = (row.get("outlet") or "").strip()
        if not file:
            raise InputError(f"{path}:{line_no}: empty 'file'; fix: name the article file or delete the line")
        if name and outlets.lookup(name) is None:
            known = ", ".join(o.name for o in outlets.outlets)
            raise InputError(f"{path}:{line_no}: unknown outlet {name!r}; fix: use one of {known}, or add it to outlets.toml")
        date = (row.get("date") or "").strip()
        if date and not find_date(date):
            raise InputError(f"{path}:{line_no}: date {date!r} is not YYYY-MM-DD; fix: write e.g. 2024-02-22 or leave it empty")
        man.rows[file] = {"outlet": outlets.lookup(name).name if name else "", "date": find_date(date) if date else ""}
    return man


def _apply_manifest(records: list[dict], man: _Manifest, outlets: OutletRules) -> None:
    sources = {r["source"] for r in records}
    for file in man.rows:
        if file not in sources:
            warnings.warn(f"{man.path}: lists {file!r}, which is not among the inputs", stacklevel=3)
    for r in records:
        entry = man.rows.get(r["source"])
        if not entry:
            continue
        r["manifest_outlet"] = entry["outlet"]
        if entry["date"] and not r["date"]:
            r["date"] = entry["date"]
        if not entry["outlet"]:
            continue
        if r["outlet"] == UNKNOWN:
            outlet = outlets.lookup(entry["outlet"])
            r["outlet"], r["outlet_id"] = outlet.name, outlet.id
            r["outlet_confidence"] = 1.0
            r["outlet_evidence"] = f"manifest ({r['outlet_evidence']})"
        elif r["outlet"] != entry["outlet"] and r["status"] == "included" and r["article"]:
            r["outlet_conflict"] = True
            r["outlet_evidence"] += f"; manifest says {entry['outlet']}"


# --- judging: topic, duplicates -----------------------------------------------------------


def _judge(records: list[dict], topic: Topic, filter_topic: bool, keep_duplicates: bool, threshold: float) -> None:
    for r in records:
        if r["status"] != "included":
            continue
        r["relevance"], r["topic_hits"] = topic.score(r["text"])
        if filter_topic and (r["_kind"] == "notice" or not topic.is_on_topic(r["relevance"], r["topic_hits"])):
            r["status"], r["reason"] = "excluded", "off_topic"
    live = [r for r in records if r["status"] == "included"]
    dups = find_duplicates([r["text"] for r in live], [r["outlet_id"] == "web_repost" for r in live], threshold)
    for r, (original, sim) in zip(live, dups, strict=True):
        r["similarity"] = sim
        if original is not None:
            r["duplicate_of"] = live[original]["doc_id"]
            if not keep_duplicates:
                r["status"], r["reason"] = "excluded", "duplicate"


def _sentences(records: Iterable[dict]) -> pd.DataFrame:
    rows = []
    for r in records:
        if r["status"] != "included":
            continue
        for k, s in enumerate(r["_sentences"], 1):
            rows.append(
                {
                    "doc_id": r["doc_id"], "sent_id": k, "outlet": r["outlet"],
                    "outlet_id": r["outlet_id"], "text": s["text"], "start": s["start"],
                    "end": s["end"], "is_headline": s["is_headline"], "n_chars": len(s["text"]),
                }
            )
    df = pd.DataFrame.from_records(rows, columns=SENTENCE_COLUMNS)
    return df.astype({"sent_id": "int64", "start": "int64", "end": "int64", "is_headline": "bool", "n_chars": "int64"})
