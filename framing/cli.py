"""The ``framing`` command: a thin shell over the Python API.

Every failure a researcher can cause (missing path, unreadable input, malformed lexicon or
manifest) prints one line on stderr and exits with code 2; no traceback.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from framing import tables
from framing.errors import FramingError
from framing.version import __version__

DEFAULT_INPUT = "seeds"
EXIT_USAGE = 2

_COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {}


def command(name: str) -> Callable:
    """Register the handler of a sub-command.

    Parameters
    ----------
    name : str
        The sub-command (``run``, ``train`` ...).

    Returns
    -------
    callable
        A decorator that records the handler (it takes the parsed arguments and returns the
        exit code) and returns it unchanged.
    """

    def register(fn: Callable[[argparse.Namespace], int]) -> Callable[[argparse.Namespace], int]:
        _COMMANDS[name] = fn
        return fn

    return register


def _add_corpus_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("input", nargs="?", default=DEFAULT_INPUT, help="folder, file or table (default: seeds/)")
    p.add_argument("--manifest", help="CSV with file,outlet,date (default: INPUT/manifest.csv if present)")
    p.add_argument("--lexicons", help="folder with your own lexicon files (others from the defaults)")
    p.add_argument("--topic", metavar="FILE", help="your own topic lexicon: the story your articles must be about "
                   "(default: topic.toml of --lexicons, else the bundled one)")
    p.add_argument("--no-topic-filter", action="store_true", help="keep off-topic articles")
    p.add_argument("--keep-duplicates", action="store_true", help="keep near-duplicate articles")
    p.add_argument("--text-column", default="text", help="text column of a table input")
    p.add_argument("--progress", action="store_true",
                   help="show a progress bar while reading even when stderr is not a terminal")


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of the ``framing`` command.

    Returns
    -------
    argparse.ArgumentParser
        With one sub-parser per command.
    """
    parser = argparse.ArgumentParser(
        prog="framing",
        description="Cross-outlet comparative framing analysis of Chinese news.",
    )
    parser.add_argument("--version", action="version", version=f"framing {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser("corpus", help="read the input and print the documents table")
    _add_corpus_options(p)
    p.add_argument("--jobs", type=int, default=1, metavar="N", help="worker processes for reading (default 1)")
    p.add_argument("--csv", metavar="PATH", help="also write the full documents table as CSV")
    p.add_argument("--sentences", metavar="PATH", help="also write the sentences table as CSV")

    p = sub.add_parser("run", help="read, score and compare; write the results bundle")
    _add_corpus_options(p)
    p.add_argument("--out", default="results", help="bundle folder (default: results/)")
    p.add_argument("--seed", type=int, default=None, help="seed of all resampling (default: 20240216)")
    p.add_argument("--force", action="store_true",
                   help="replace a previous bundle even if files in it were edited (never anything but a bundle)")
    p.add_argument("--jobs", type=int, default=1, metavar="N", help="worker processes for reading and scoring (default 1)")
    cache = p.add_mutually_exclusive_group()
    cache.add_argument("--cache", metavar="DIR", help="keep in DIR what a lexicon edit cannot change (tokens, sentiment, matches "
                       "before weights, voices), so re-runs redo only what the edit touches")
    cache.add_argument("--no-cache", action="store_true", help="read and write no cache (the default)")
    p.add_argument("--engine", choices=["local", "dask"], default="local", help="where scoring runs")
    p.add_argument("--scheduler", metavar="ADDRESS", help="Dask scheduler address (with --engine dask)")
    p.add_argument("--tokenizer", choices=["jieba", "rjieba"], default="jieba",
                   help="jieba (reference) or rjieba (faster; needs framing[rjieba])")
    noise = p.add_mutually_exclusive_group()
    noise.add_argument("-q", "--quiet", action="store_true", help="no progress bars or summary")
    noise.add_argument("-v", "--verbose", action="store_true", help="print stage timings")

    p.add_argument("--codes", nargs="+", metavar="CSV", help="filled coding sheets: add validation to the bundle")
    p.add_argument("--sentiment-model", metavar="MODEL",
                   help="snownlp sentiment model retrained on news tone (framing sentiment train) instead of the shipped one")
    p.add_argument("--model", metavar="MODEL",
                   help="trained frame model (framing train): its codes model_<id> beside the dictionary's, "
                   "their agreement and the frame tests on them")
    p.add_argument("--by", default="outlet", metavar="COLUMN",
                   help="compare groups of this document column: outlet (default), a column of your table or "
                   "manifest (e.g. outlet_type), or period (from the dates)")
    p.add_argument("--period", default="month", choices=["year", "quarter", "month", "week", "day"],
                   help="with --by period: the length of a period (default month)")
    p.add_argument("--min-articles", type=int, default=1, metavar="N",
                   help="leave out (or with --small-groups merge, pool) groups with fewer than N articles")
    p.add_argument("--small-groups", choices=["drop", "merge"], default="drop",
                   help="what --min-articles does with small groups (default drop)")
    p.add_argument("--keep-unknown", action="store_true",
                   help="keep articles of unknown outlet (group) as a group of their own")

    p = sub.add_parser("codesheet", help="draw a blind, stratified sample of sentences for human coding")
    _add_corpus_options(p)
    p.add_argument("--out", required=True, metavar="CSV", help="the sheet to write (instructions go beside it)")
    p.add_argument("--n", type=int, default=200, help="sentences to draw (default 200)")
    p.add_argument("--seed", type=int, default=20240216, help="sampling seed (default 20240216)")
    p.add_argument("--stratify", default="outlet", help="column to stratify by, or 'none' (default outlet)")
    p.add_argument("--allocation", choices=["proportional", "equal"], default="proportional")
    p.add_argument("--no-headlines", action="store_true", help="leave headlines out of the sample")
    p.add_argument("--show-machine-codes", action="store_true", help="not blind: add machine codes")
    p.add_argument("--exclude", nargs="+", metavar="CSV", default=[], help="earlier sheets whose sentences to skip")
    p.add_argument("--codebook", metavar="MD", help="codebook appended to the instructions (default: the bundled one)")

    p = sub.add_parser("validate", help="agreement of coders and of the lexicons with coded sheets")
    p.add_argument("codes", nargs="+", metavar="CODES.csv", help="filled coding sheets (one per coder)")
    p.add_argument("--input", default=DEFAULT_INPUT, help="the corpus the sheets were drawn from (default: seeds/)")
    p.add_argument("--manifest", help="CSV with file,outlet,date")
    p.add_argument("--lexicons", help="folder with your own lexicon files")
    p.add_argument("--topic", metavar="FILE", help="your own topic lexicon")
    p.add_argument("--no-topic-filter", action="store_true")
    p.add_argument("--keep-duplicates", action="store_true")
    p.add_argument("--text-column", default="text")
    p.add_argument("--out", metavar="DIR", help="write the validation tables here")
    p.add_argument("--seed", type=int, default=20240216, help="bootstrap seed")
    p.add_argument("--n-boot", type=int, default=1000, help="bootstrap resamples (default 1000)")
    p.add_argument("--gold-coder", metavar="NAME", help="this coder's codes are the gold standard")
    p.add_argument("--sentiment-model", metavar="MODEL",
                   help="retrained snownlp sentiment model: its tone agreement beside the shipped model's")
    p.add_argument("--model", metavar="MODEL",
                   help="trained frame model (framing train): its precision and recall beside the dictionary's")

    p = sub.add_parser("explain", help="each sentence with its frames, tone, sentiment and evidence")
    _add_corpus_options(p)
    p.add_argument("--doc", metavar="ID", help="only this document (doc_id)")
    p.add_argument("--color", choices=["auto", "always", "never"], default="auto")

    p = sub.add_parser("lexicon", help="work with lexicon files")
    lsub = p.add_subparsers(dest="lexicon_command", metavar="ACTION", required=True)
    q = lsub.add_parser("check", help="validate a lexicon folder or file; exit 2 on any problem")
    q.add_argument("path", help="lexicon folder or file")
    q = lsub.add_parser("suggest", help="candidate cue terms and rules from coded sheets, as a reviewable patch")
    q.add_argument("sheets", nargs="+", metavar="SHEET", help="coded sheets, one per coder (frame columns, text or sentence_id)")
    _add_training_options(q)
    q.add_argument("--out", required=True, metavar="DIR", help="folder for suggestions.csv and suggestions.toml")
    q.add_argument("--min-count", type=int, default=3, metavar="N", help="coded positive sentences a new cue needs (default 3)")
    q.add_argument("--min-missed", type=int, default=2, metavar="N",
                   help="of them, missed by the dictionary (default 2)")
    q.add_argument("--min-z", type=float, default=1.96, metavar="Z", help="Fightin' Words z a new cue needs (default 1.96)")
    q.add_argument("--min-rejected", type=int, default=2, metavar="N",
                   help="hits in sentences coded without the frame before a term gets a rule (default 2)")
    q.add_argument("--min-articles", type=int, default=2, metavar="N",
                   help="articles the evidence of a suggestion must span (default 2)")
    q.add_argument("--force", action="store_true", help="replace suggestions.csv and suggestions.toml in DIR")
    q = lsub.add_parser("apply", help="apply the accepted lines of suggestions.csv to a copy of a lexicon folder")
    q.add_argument("suggestions", metavar="SUGGESTIONS.csv", help="suggestions.csv with the accept column filled (1 = apply)")
    q.add_argument("--out", required=True, metavar="DIR", help="the new lexicon folder (must not exist)")
    q.add_argument("--lexicons", metavar="DIR", help="the lexicon folder to copy (default: the bundled lexicons)")

    p = sub.add_parser("train", help="train a frame model on coded sheets, beside the dictionary")
    p.add_argument("sheets", nargs="+", metavar="SHEET", help="coded sheets, one per coder (frame columns, text or sentence_id)")
    _add_training_options(p)
    p.add_argument("--out", required=True, metavar="MODEL", help="model file to write, e.g. frames.model (sidecar MODEL.json)")
    p.add_argument("--frames", nargs="+", metavar="ID", help="frames to model (default: every frame the sheets code)")
    p.add_argument("--seed", type=int, default=20240216, help="seed of the cross-validation folds (default 20240216)")
    p.add_argument("--folds", type=int, default=5, help="cross-validation folds of whole articles (default 5)")
    p.add_argument("--force", action="store_true", help="replace an existing model file and sidecar")

    p = sub.add_parser("sentiment", help="snownlp sentiment retrained on coded news tone")
    ssub = p.add_subparsers(dest="sentiment_command", metavar="ACTION", required=True)
    q = ssub.add_parser("train", help="retrain snownlp's sentiment classifier on coded sheets (text, tone -1/0/1)")
    q.add_argument("sheets", nargs="+", metavar="SHEET", help="coded sheets, one per coder (text and tone columns)")
    q.add_argument("--out", required=True, metavar="MODEL",
                   help="model file to write, e.g. news.marshal.3 (snownlp loads it as news.marshal); sidecar MODEL.json")
    q.add_argument("--base", choices=["coded", "reviews"], default="coded",
                   help="train on the coded sentences alone (default) or on snownlp's review model plus them")
    q.add_argument("--rule", choices=["majority", "unanimous"], default="majority",
                   help="tone of a sentence with several coders: strict majority (default) or all agree")
    q.add_argument("--seed", type=int, default=20240216, help="seed of the cross-validation folds (default 20240216)")
    q.add_argument("--folds", type=int, default=5, help="cross-validation folds of whole articles (default 5)")
    q.add_argument("--force", action="store_true", help="replace an existing model file and sidecar")
    return parser


def _jobs(args: argparse.Namespace) -> int:
    jobs = getattr(args, "jobs", 1)
    if jobs < 1:
        raise FramingError(f"--jobs {jobs}: needs a positive number; fix: e.g. --jobs 2")
    return jobs


def _progress(args: argparse.Namespace) -> bool:
    """A reading progress bar: asked for, or on a terminal (never with --quiet)."""
    return not getattr(args, "quiet", False) and (getattr(args, "progress", False) or sys.stderr.isatty())
def _add_training_options(p: argparse.ArgumentParser) -> None:
    """Options of commands that learn from coded sheets (train, lexicon suggest)."""
    p.add_argument("--input", metavar="INPUT",
                   help="the corpus the sheets were coded from (matches sentence_id; adds position and voice); "
                   "default: each sentence scored on its own")
    p.add_argument("--lexicons", metavar="DIR", help="folder with your own lexicon files")
    p.add_argument("--manifest", help="CSV with file,outlet,date (with --input)")
    p.add_argument("--topic", metavar="FILE", help="your own topic lexicon (with --input)")
    p.add_argument("--no-topic-filter", action="store_true", help="keep off-topic articles (with --input)")
    p.add_argument("--keep-duplicates", action="store_true", help="keep near-duplicate articles (with --input)")
    p.add_argument("--text-column", default="text", help="text column of a table input")
    p.add_argument("--rule", choices=["majority", "unanimous"], default="majority",
                   help="code of a sentence with several coders: strict majority (default) or all agree")


def _training_inputs(args: argparse.Namespace) -> tuple[list[str], dict]:
    """Checked sheet paths and the read options of --input."""
    for path in args.sheets:
        if not Path(path).is_file():
            raise FramingError(f"{path}: no such file; fix: give the coded sheet(s) with frame columns")
    if args.input is not None and not Path(args.input).exists():
        raise FramingError(f"{args.input}: no such file or folder; fix: give the corpus the sheets were coded from")
    options = {
        "manifest": args.manifest,
        "lexicon_dir": args.lexicons,
        "topic": args.topic,
        "filter_topic": not args.no_topic_filter,
        "keep_duplicates": args.keep_duplicates,
        "text_column": args.text_column,
    }
    return list(args.sheets), options


def _read(args: argparse.Namespace):
    from framing.corpus.read import read_corpus

    return read_corpus(
        args.input,
        manifest=args.manifest,
        lexicon_dir=args.lexicons,
        topic=args.topic,
        filter_topic=not args.no_topic_filter,
        keep_duplicates=args.keep_duplicates,
        text_column=args.text_column,
        jobs=_jobs(args),
        progress=_progress(args),
    )


def _write_output(df, path: str | Path) -> None:
    """The table as the bundle writes it (:func:`framing.tables.write_csv`), after checking
    that the folder exists (a one-line error naming it otherwise)."""
    path = Path(path)
    if path.parent and not path.parent.exists():
        raise FramingError(f"{path}: folder {path.parent} does not exist; fix: create it or choose another path")
    tables.write_csv(df, path)


@command("corpus")
def _corpus(args: argparse.Namespace) -> int:
    import pandas as pd

    corpus = _read(args)
    docs = corpus.documents
    view = pd.DataFrame(
        {
            "doc_id": docs["doc_id"],
            "outlet": docs["outlet"],
            "status": docs["status"],
            "reason": docs["reason"],
            "title": docs["title"].str.slice(0, 28),
            "sentences": docs["n_sentences"],
        }
    )
    with pd.option_context(
        "display.unicode.east_asian_width", True, "display.width", 200, "display.max_rows", None
    ):
        print(view.to_string(index=False))
    n_in = int((docs["status"] == "included").sum())
    print(f"\n{len(docs)} documents, {n_in} included, {len(corpus.sentences)} sentences", file=sys.stderr)
    conflicts = docs[docs["outlet_conflict"]]
    for row in conflicts.itertuples():
        print(f"warning: {row.doc_id}: text says {row.outlet}, manifest says {row.manifest_outlet}", file=sys.stderr)
    if args.csv:
        _write_output(docs, args.csv)
    if args.sentences:
        _write_output(corpus.sentences, args.sentences)
    return 0


@command("run")
def _run(args: argparse.Namespace) -> int:
    from framing.workflow import analyze

    _jobs(args)
    if args.scheduler and args.engine != "dask":
        raise FramingError("--scheduler needs --engine dask; fix: add --engine dask")
    if args.seed is not None:
        from framing.comparison.compare import check_seed

        check_seed(args.seed)
    if args.min_articles < 1:
        raise FramingError(f"--min-articles {args.min_articles}: needs a positive number; fix: e.g. --min-articles 2")

    result = analyze(
        args.input,
        args.out,
        lexicons=args.lexicons,
        manifest=args.manifest,
        seed=args.seed,
        force=args.force,
        progress=not args.quiet and sys.stderr.isatty(),
        read_options={
            "topic": args.topic,
            "filter_topic": not args.no_topic_filter,
            "keep_duplicates": args.keep_duplicates,
            "text_column": args.text_column,
            "exclude": [args.out],  # the bundle of an earlier run is never read back as input
            "jobs": args.jobs,
            "progress": _progress(args),
        },
        codes=args.codes,
        sentiment_model=args.sentiment_model,
        frame_model=args.model,
        by=args.by,
        compare_options={
            "min_articles": args.min_articles,
            "small_groups": args.small_groups,
            "keep_unknown": args.keep_unknown,
            "period": args.period,
        },
        score_options={
            "jobs": args.jobs,
            "cache": None if args.no_cache else args.cache,
            "engine": args.engine,
            "scheduler": args.scheduler,
            "tokenizer": args.tokenizer,
        },
    )
    if not args.quiet:
        docs = result.corpus.documents
        n_in = int((docs["status"] == "included").sum())
        print(
            f"{len(docs)} documents ({n_in} included), {len(result.scored.sentences)} sentences, "
            f"{len(result.comparison.tests)} tests -> {result.out}/",
            file=sys.stderr,
        )
        if args.verbose:
            for stage, seconds in result.timings.items():
                print(f"  {stage:8s} {seconds:7.2f} s", file=sys.stderr)
    return 0


def _score(args: argparse.Namespace):
    from framing.scoring.pipeline import score

    model = getattr(args, "sentiment_model", None)
    if model is not None:  # a bad model file is reported before the corpus is read
        from framing.scoring.sentiment_model import load_sentiment_model

        model = load_sentiment_model(model)
    frame_model = getattr(args, "model", None)
    if frame_model is not None:
        from framing.scoring.frame_model import load_frame_model

        frame_model = load_frame_model(frame_model)
    corpus = _read(args)
    lexicons = None
    if args.lexicons:
        from framing.lexicon import load_lexicons

        lexicons = load_lexicons(args.lexicons)
    return corpus, score(corpus, lexicons, sentiment_model=model, frame_model=frame_model)


def _sheet_ids(path: str) -> list[str]:
    """The sentence ids of an earlier coding sheet (filled or not)."""
    import pandas as pd

    try:
        ids = pd.read_csv(path, encoding="utf-8-sig", dtype=str, usecols=["sentence_id"])["sentence_id"]
    except (ValueError, UnicodeDecodeError, pd.errors.ParserError) as err:
        raise FramingError(f"{path}: cannot read its sentence_id column ({err}); fix: pass a sheet made by framing codesheet") from None
    return ids.dropna().tolist()


@command("codesheet")
def _codesheet(args: argparse.Namespace) -> int:
    from framing.paths import lexicon_file
    from framing.validation import make_codesheet, write_codesheet

    for path in [*args.exclude, *([args.codebook] if args.codebook else [])]:
        if not Path(path).is_file():
            raise FramingError(f"{path}: no such file; fix: give an existing file")
    _, scored = _score(args)
    exclude = [sid for path in args.exclude for sid in _sheet_ids(path)] or None
    sheet = make_codesheet(
        scored,
        n=args.n,
        seed=args.seed,
        stratify=None if args.stratify == "none" else args.stratify,
        blind=not args.show_machine_codes,
        include_headlines=not args.no_headlines,
        allocation=args.allocation,
        exclude=exclude,
    )
    codebook = args.codebook or (lexicon_file("codebook.md") if not args.lexicons else None)
    sheet_path, instructions = write_codesheet(sheet, args.out, scored.lexicons, codebook=codebook)
    print(f"{len(sheet)} sentences -> {sheet_path}; instructions -> {instructions}", file=sys.stderr)
    return 0


@command("validate")
def _validate(args: argparse.Namespace) -> int:
    from framing.comparison.compare import check_seed
    from framing.report.validation_md import render_validation_section, write_validation
    from framing.validation import read_codes, validate

    check_seed(args.seed)
    for path in args.codes:
        if not Path(path).is_file():
            raise FramingError(f"{path}: no such file; fix: give the filled coding sheet(s)")
    _, scored = _score(args)
    codes = read_codes(args.codes, scored=scored)
    result = validate(codes, scored, n_boot=args.n_boot, seed=args.seed, gold_coder=args.gold_coder)
    print(render_validation_section(result))
    if args.out:
        paths = write_validation(result, args.out)
        print(f"{len(paths)} files -> {args.out}/", file=sys.stderr)
    return 0


@command("explain")
def _explain(args: argparse.Namespace) -> int:
    from framing.scoring.explain import explain
    from framing.scoring.pipeline import score

    corpus = _read(args)
    if args.doc and args.doc not in set(corpus.documents["doc_id"]):
        raise FramingError(f"--doc {args.doc}: no such document; fix: pick a doc_id from 'framing corpus {args.input}'")
    if args.doc and args.doc not in set(corpus.sentences["doc_id"]):
        raise FramingError(f"--doc {args.doc}: document is excluded, so it has no scored sentences; fix: pick an included one")
    lexicons = None
    if args.lexicons:
        from framing.lexicon import load_lexicons

        lexicons = load_lexicons(args.lexicons)
    scored = score(corpus, lexicons)
    color = args.color == "always" or (args.color == "auto" and sys.stdout.isatty())
    print(explain(scored, args.doc, color=color))
    return 0


@command("lexicon")
def _lexicon(args: argparse.Namespace) -> int:
    from framing.lexicon import FileCheck, check_lexicon_files
    from framing.scoring.voices import check_sources, is_sources_file

    if args.lexicon_command == "suggest":
        return _lexicon_suggest(args)
    if args.lexicon_command == "apply":
        return _lexicon_apply(args)
    if not Path(args.path).exists():
        raise FramingError(f"{args.path}: no such file or folder; fix: give a lexicon folder or file")
    if is_sources_file(args.path):  # a sources.toml alone: checked as voice attribution reads it
        checks = [FileCheck("sources", Path(args.path), True, tuple(check_sources(args.path)))]
    else:
        checks = check_lexicon_files(args.path)
    problems = [line for check in checks for line in check.problems]
    for check in checks:
        if Path(args.path).is_dir():  # each rule file: whose, and whether it loads
            print(check)
        for line in check.problems:
            print(f"  {line}" if Path(args.path).is_dir() else line)
        for line in check.detail:  # the frames in force, each with the file that defines it
            print(f"  {line}" if line.endswith(":") else f"    {line}")
    if problems:
        print(f"{len(problems)} problem(s) in {args.path}", file=sys.stderr)
        return EXIT_USAGE
    print(f"{args.path}: ok")
    return 0


def _lexicon_suggest(args: argparse.Namespace) -> int:
    from framing.validation.suggest import suggest_terms

    sheets, options = _training_inputs(args)
    out = Path(args.out)
    if out.exists() and not out.is_dir():
        raise FramingError(f"{args.out}: exists and is not a folder; fix: give a folder for the suggestions")
    if not args.force:
        for name in ("suggestions.csv", "suggestions.toml"):
            if (out / name).exists():
                raise FramingError(f"{out / name}: exists; fix: choose another --out, or --force to replace it")
    for flag in ("min_count", "min_missed", "min_rejected", "min_articles"):
        if getattr(args, flag) < 1:
            raise FramingError(f"--{flag.replace('_', '-')} {getattr(args, flag)}: needs a positive number; fix: e.g. 2")
    s = suggest_terms(
        sheets, input=args.input, lexicons=args.lexicons, rule=args.rule, read_options=options,
        min_count=args.min_count, min_missed=args.min_missed, min_z=args.min_z,
        min_rejected=args.min_rejected, min_articles=args.min_articles,
    )
    paths = s.write(out, force=args.force)
    t = s.table
    for f in s.frames:
        rows = t[t["frame"] == f]
        if rows.empty:
            continue
        adds = rows[rows["action"] == "add"]["term"].tolist()
        rules = rows[rows["action"] != "add"]
        line = f"{f}: {len(adds)} new cue(s)" + (f" ({', '.join(adds[:6])}{' ...' if len(adds) > 6 else ''})" if adds else "")
        if len(rules):
            line += f"; {len(rules)} rule(s) for {', '.join(dict.fromkeys(rules['term']))}"
        print(line)
    print(f"{len(t)} suggestion(s) from {s.params['n_sentences']} coded sentences -> {paths[0]} and {paths[1].name}; "
          f"write 1 in the accept column of the lines to keep, then: framing lexicon apply {paths[0]} --out NEW_FOLDER",
          file=sys.stderr)
    return 0


def _lexicon_apply(args: argparse.Namespace) -> int:
    from framing.validation.suggest import apply_suggestions

    done = apply_suggestions(args.suggestions, args.out, lexicons=args.lexicons)
    print(f"{len(done['applied'])} accepted suggestion(s) applied ({done['added']} new cue(s), {done['rules']} rule "
          f"change(s)): {', '.join(done['applied'])}")
    print(f"-> {done['folder']} (a copy; check it with: framing lexicon check {done['folder']})", file=sys.stderr)
    return 0


def _check_folds(args: argparse.Namespace) -> None:
    """Refuse a training's ``--seed`` and ``--folds`` before anything is read."""
    from framing.comparison.compare import check_seed

    check_seed(args.seed)
    if args.folds < 2:
        raise FramingError(f"--folds {args.folds}: cross-validation needs at least 2; fix: e.g. --folds 5")


@command("train")
def _train(args: argparse.Namespace) -> int:
    from framing.frame_train import train_frames

    _check_folds(args)
    sheets, options = _training_inputs(args)
    t = train_frames(
        sheets, args.out, input=args.input, lexicons=args.lexicons, frames=args.frames, rule=args.rule,
        seed=args.seed, folds=args.folds, force=args.force, read_options=options,
    )
    side = t.sidecar
    c = side["counts"]
    print(f"{c['sentences']} coded sentences from {c['coders']} coder(s), {side['rule']} rule; features: "
          f"{', '.join(side['features'])}; {side['folds']}-fold cross-validation of whole articles "
          f"({side['groups']} groups, seed {side['seed']})")

    def f(v: object) -> str:
        return "  n/a" if v is None or (isinstance(v, float) and v != v) else f"{v:.2f}"

    print(f"{'frame':<12}{'n':>5}{'sup':>5}   model P / R / F1    dictionary P / R / F1   C")
    for r in side["cv"]:
        n = "" if r["frame"] == "macro" else f"{int(r['n']):>5}{int(r['support']):>5}"
        cc = "" if r["frame"] == "macro" else f"{r['C']:g}"
        print(f"{r['frame']:<12}{n:>10}   {f(r.get('precision'))} / {f(r.get('recall'))} / {f(r.get('f1'))}"
              f"      {f(r.get('dict_precision'))} / {f(r.get('dict_recall'))} / {f(r.get('dict_f1'))}   {cc}")
    for frame, why in side["skipped"].items():
        print(f"{frame}: not modelled: {why}")
    print(f"-> {args.out} (sidecar {Path(args.out).name}.json); use it with: framing run INPUT --model {args.out}",
          file=sys.stderr)
    return 0


@command("sentiment")
def _sentiment(args: argparse.Namespace) -> int:
    from framing.sentiment_train import train_sentiment

    _check_folds(args)
    for path in args.sheets:
        if not Path(path).is_file():
            raise FramingError(f"{path}: no such file; fix: give the coded sheet(s) with text and tone columns")
    t = train_sentiment(
        args.sheets, args.out, base=args.base, rule=args.rule, seed=args.seed, folds=args.folds, force=args.force
    )
    side, c, cv, sh = t.sidecar, t.sidecar["counts"], t.sidecar["cv"], t.sidecar["shipped"]

    def f(v: float | None) -> str:
        return "nan" if v is None else f"{v:.3f}"

    print(
        f"{c['used']} sentences with a {side['rule']} tone ({c['negative']} negative, {c['neutral']} neutral, "
        f"{c['positive']} positive; {c['left_out_no_agreement']} without one left out) from {c['coders']} coder(s)"
    )
    print(
        f"base {side['base']}: coded weight {side['coded_weight']}, neutral weight {side['neutral_weight']}, "
        f"neutral band 0.5 ± {side['neutral_band']:.4g} (chosen by {side['folds']}-fold cross-validation, "
        f"{side['groups']} groups, seed {side['seed']})"
    )
    print(
        f"cross-validated: Spearman {f(cv['spearman'])}, sign accuracy {f(cv['sign_accuracy'])}, "
        f"polar accuracy {f(cv['polar_accuracy'])}; shipped model on the same sentences: Spearman "
        f"{f(sh['spearman'])}, sign accuracy {f(sh['sign_accuracy'])}"
    )
    out = Path(args.out)
    load = f"; snownlp loads it with snownlp.sentiment.load('{out.name[:-2]}')" if out.name.endswith(".3") else ""
    print(f"-> {out} (sidecar {out.name}.json){load}", file=sys.stderr)
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``framing`` console command.

    Parameters
    ----------
    argv : sequence of str, optional
        The arguments after ``framing`` (default: ``sys.argv[1:]``).

    Returns
    -------
    int
        The exit code: 0 done, 2 a usage or input error (one line on stderr naming the file
        and the fix; nothing written), 130 interrupted.
    """
    parser = build_parser()
    args = parser.parse_args(argv)
    if not args.command:
        parser.print_help()
        return EXIT_USAGE
    try:
        return _COMMANDS[args.command](args)
    except FramingError as err:
        print(f"framing {args.command}: error: {err}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print(f"framing {args.command}: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # output piped into `head` and the like
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - keep Python's exit flush quiet
        return 0
    except OSError as err:  # a file the system refused: one line, not a traceback
        where = f"{err.filename}: " if err.filename else ""
        print(
            f"framing {args.command}: error: {where}{err.strerror or err}; fix: check that the path exists, "
            "that you may read (inputs) or write (outputs) it, and that the disk has room",
            file=sys.stderr,
        )
        return EXIT_USAGE


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
