"""``read_corpus``: any set of news files or a table, to a ``Corpus`` that accounts for every input.

files --decode--> page text --clean--> clean lines --split--> articles
      --outlet/relevance/duplicates--> documents --sentences--> sentences

The readers by input kind (:mod:`framing.corpus.folder` for a folder or one file,
:mod:`framing.corpus.rows` for a table or DataFrame) turn each page into article records
(:mod:`framing.corpus.page`), in units of work run here or in worker processes
(:mod:`framing.corpus.work`); a manifest adds outlets and dates
(:mod:`framing.corpus.manifest`); the topic and near-duplicate decisions are made on all
records (:mod:`framing.corpus.judge`); and one assembler builds the tables of the
``Corpus`` (:mod:`framing.corpus.assemble`).
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import pandas as pd

from framing.corpus.assemble import (
    OWN_KINDS,
    add_docvars,
    build_tables,
    docvar_values,
    researcher_kinds,
)
from framing.corpus.folder import (
    MANIFEST_NAME,
    TABLE_SUFFIXES,
    TEXT_SUFFIXES,
    Entry,
    bundle_kind,
    walk,
)
from framing.corpus.judge import judge
from framing.corpus.manifest import apply_manifest, load_manifest, parse_csv
from framing.corpus.model import DOCUMENT_COLUMNS, SENTENCE_COLUMNS, Corpus
from framing.corpus.rows import GIVEN_COLUMNS, check_text_column, require_column
from framing.corpus.rules import load_reading_rules
from framing.corpus.split import COHESION_THRESHOLD
from framing.corpus.store import give_back
from framing.corpus.tables import frame_chunks, read_table
from framing.corpus.work import FileWork, Reader, RowWork, Work, progress_bar, read_all
from framing.errors import InputError
from framing.lexicons.topic import Topic
from framing.renames import renamed_keywords

# names this module had before reading was split by input kind, kept for old imports
__all__ = [
    "DOCUMENT_COLUMNS", "GIVEN_COLUMNS", "MANIFEST_NAME", "OWN_KINDS", "SENTENCE_COLUMNS", "TABLE_SUFFIXES",
    "TEXT_SUFFIXES", "Corpus", "parse_csv", "read_corpus",
]


@renamed_keywords(source="input")
def read_corpus(
    input: str | Path | pd.DataFrame,
    *,
    manifest: str | Path | None = None,
    text_column: str = "text",
    lexicon_dir: str | Path | None = None,
    topic: str | Path | Topic | None = None,
    filter_topic: bool = True,
    min_relevance: float | None = None,
    keep_duplicates: bool = False,
    duplicate_threshold: float = 0.5,
    cohesion_threshold: float = COHESION_THRESHOLD,
    keep_text: bool = True,
    exclude: Iterable[str | Path] = (),
    jobs: int = 1,
    progress: bool = False,
) -> Corpus:
    """Read news articles from a folder, a file, a table file or a DataFrame.

    Parameters
    ----------
    input:
        A folder (read recursively: ``.txt`` and ``.md`` files), one text file, a CSV / TSV /
        JSONL / Parquet file with a text column, or a DataFrame with ``text`` and optional
        ``doc_id, outlet, date, title``. A table row that carries an outlet is one article;
        other rows and files are pages that may hold several articles.
    manifest:
        Optional CSV with columns ``file, outlet[, date]``. A folder's own ``manifest.csv``
        is used when none is given. The text decides the outlet; a manifest fills it in
        where no rule fires, and a disagreement is flagged in ``outlet_conflict``.
    text_column:
        The column of a table or DataFrame that holds each row's text.
    lexicon_dir:
        A folder with your own ``debris.toml``, ``outlets.toml`` and/or ``topic.toml``; files
        it lacks come from the bundled defaults.
    topic, filter_topic, min_relevance:
        Topic lexicon (path or ``Topic``), whether off-topic articles are excluded, and an
        override of the lexicon's relevance threshold.
    keep_duplicates:
        Keep near-duplicate articles (still flagged in ``duplicate_of``) instead of
        excluding them with ``reason=duplicate``.
    duplicate_threshold:
        The share of the shorter article's character 5-grams found in the longer one from
        which two articles are near-duplicates (see :mod:`framing.corpus.dedupe`).
    cohesion_threshold:
        Split a page at a subhead whose section shares less vocabulary than this with the
        article above (0 switches this off).
    keep_text:
        Keep ``text_original`` and ``text`` columns in ``documents``.
    exclude:
        Folders that are not inputs, e.g. the output folder of this run (``framing run``
        passes its ``--out``): skipped without a row, and listed in ``params["excluded_folders"]``.
    jobs:
        Processes that read files, or chunks of table rows, side by side; the corpus is the
        same for any number.
    progress:
        Show a progress bar on stderr while reading (it appears once a read takes more
        than a second).

    Returns
    -------
    Corpus
        See ``framing.corpus.model`` for the columns. One bad file in a folder becomes an
        excluded row with a reason, and so does a sub-folder that cannot be listed and a
        results bundle of ``framing run`` (a folder whose ``manifest.json`` says so), which
        is never read as input.

    Raises
    ------
    InputError
        Only for an unusable ``input`` (or manifest, or lexicon folder).
    ValueError
        When ``jobs`` is not a positive whole number.

    Notes
    -----
    Memory: a table file is read a chunk of rows at a time, and what reading keeps of each
    article is its text (in the columnar form of the final tables) and a few numbers, so
    reading needs little beyond the corpus it returns.
    """
    if isinstance(jobs, bool) or not isinstance(jobs, int) or jobs < 1:
        raise ValueError(f"jobs must be a positive whole number, not {jobs!r}")
    rules = load_reading_rules(lexicon_dir, topic, min_relevance)
    params = {
        "filter_topic": filter_topic,
        "min_relevance": rules.topic.min_relevance,
        "min_topic_hits": rules.topic.min_hits,
        "min_core_topic_hits": rules.topic.min_core_hits,
        "keep_duplicates": keep_duplicates,
        "duplicate_threshold": duplicate_threshold,
        "cohesion_threshold": cohesion_threshold,
        "topic_version": rules.topic.version,
        "topic_name": rules.topic.name,
        "topic_file": Path(rules.topic.path).name if rules.topic.path else "",
        "outlets_version": rules.outlets.version,
        "debris_version": rules.debris.version,
    }
    inputs: list[dict] = []
    work: Work
    if isinstance(input, pd.DataFrame):
        require_column(list(input.columns), "<table>", text_column)
        check_text_column(input[text_column], "<table>", text_column)
        work = RowWork("<table>", text_column, frame_chunks(input), len(input), "rows")
        params["source"] = "<DataFrame>"
    else:
        path = Path(input)
        if not path.exists():
            raise InputError(f"{input}: no such file or folder; fix: give the path of a folder of news files or a table")
        params["source"] = path.name
        if path.is_dir():
            if bundle_kind(path):
                raise InputError(f"{input}: this is a results bundle written by framing, not a corpus; fix: give the folder that holds the articles")
            if manifest is None and (path / MANIFEST_NAME).is_file():
                manifest = path / MANIFEST_NAME
            entries, skipped = walk(path, {Path(x).resolve() for x in exclude})
            if skipped:
                params["excluded_folders"] = skipped
            if not entries:
                raise InputError(f"{input}: no .txt or .md files in this folder; fix: point to the folder that holds the articles")
            work = FileWork(entries)
        elif not path.is_file():
            raise InputError(f"{input}: not a regular file or folder; fix: give a folder of news files or a table file")
        elif path.suffix.lower() in TABLE_SUFFIXES:
            table = read_table(path)
            inputs.append(table.entry)
            if table.columns is not None:
                require_column(table.columns, path.name, text_column)
            work = RowWork(path.name, text_column, table.chunks, table.size, "B", table)
        else:
            work = FileWork([Entry(path.name, path)])
    bar = progress_bar(*work.total, progress)
    try:
        records, texts = read_all(work, Reader(rules, cohesion_threshold), jobs, bar, inputs)
        give_back()
        if manifest is not None:
            man = load_manifest(Path(manifest), rules.outlets, inputs)
            apply_manifest(records, man, rules.outlets)
            params["manifest"] = Path(manifest).name
        if bar is not None:
            bar.set_postfix_str("near-duplicates")
        judge(records, rules.topic, filter_topic, keep_duplicates, duplicate_threshold, texts)
        researcher_kinds(records)
        docvars = docvar_values(records)
        if docvars:
            params["docvars"] = list(docvars)
        give_back()
        if bar is not None:
            bar.set_postfix_str("tables")
        documents, sentences = build_tables(records, texts, keep_text)
    finally:
        if bar is not None:
            bar.close()
    add_docvars(documents, sentences, docvars)
    rule_paths = {
        "debris": rules.debris.path, "outlets": rules.outlets.path, "topic": rules.topic.path,
        "gazetteer": rules.outlets.gazetteer.path if rules.outlets.gazetteer else "",
    }
    return Corpus(documents=documents, sentences=sentences, params=params, inputs=inputs, rule_paths=rule_paths)
