"""The results bundle: ``write_bundle`` writes the folder (:func:`framing.workflow.analyze` runs
every stage and then calls it).

Layout::

    results/
      manifest.json   versions, SHA-256 of inputs and lexicons, parameters, seed, counts, timings
      report.md       inputs and exclusions, methods paragraph, main results, figures, caveats
      tables/         documents, sentences, hits, frames_by_outlet, sentiment_by_outlet, tests,
                      residuals, keyness, robustness (.csv); frames_by_outlet, sentiment_by_outlet,
                      tests also as booktabs .tex
      figures/        frame_prevalence, residual_heatmap, sentiment_tone, keyness,
                      frame_position (.pdf, .png at 300 dpi, .svg)

Writing is atomic: everything goes to a hidden folder beside the target, which replaces the
target only when complete. An interrupted run leaves the previous bundle whole, and a run
killed between the two renames of the swap is finished or undone by the next one
(:func:`recover_swap`). Only a previous bundle is ever replaced, never a folder holding an
input or any file the bundle's manifest does not list (:func:`check_target`). Tables and
report are byte-identical for the same inputs; only the manifest records time.
"""

from __future__ import annotations

import json
import os
import platform
import re
import shutil
import sys
import tempfile
import time
import warnings
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pandas as pd

from framing.errors import FramingError
from framing.processes import is_running
from framing.provenance import (
    BUNDLE_MARK,
    PACKAGES,
    FileRecord,
    is_bundle,
    package_versions,
    read_bundle_manifest,
    sha256,
)
from framing.renames import renamed_keywords
from framing.report import figures as figs
from framing.report.markdown import render_report
from framing.report.plots.data import analysed_sentences as _analysed_sentences
from framing.report.validation_md import render_validation_section
from framing.tables import to_latex, write_csv
from framing.version import __version__

TEXT_COLUMNS = ["text_original", "text"]
COMPARISON_FIGURES = ("residual_heatmap", "keyness")  # drawn only with two groups or more
# the test families of tables/tests.tex: frames (dictionary, and a trained model's codes when
# one scored) and the sentiment/tone measures; the voices' tests have their own table
TESTS_TEX_FAMILIES = (
    "frame_article", "frame_chi2", "evaluation_kw", "frame_article_model", "frame_chi2_model",
)


__all__ = [  # and, looked up on first use, analyze and Analysis (see __getattr__)
    "BUNDLE_MARK", "PACKAGES", "build_manifest", "bundle_problem", "check_target", "is_bundle",
    "package_versions", "prepare_target", "recover_swap", "sha256", "write_bundle",
]


def __getattr__(name: str) -> Any:
    """``analyze`` and ``Analysis`` live in :mod:`framing.workflow` (above this module: looked up
    on first use, so that importing the bundle does not import the whole pipeline)."""
    if name in ("analyze", "Analysis"):
        warnings.warn(
            f"framing.report.bundle.{name} moved to framing.workflow.{name} (or framing.{name})",
            DeprecationWarning, stacklevel=2,
        )
        from framing import workflow  # the old path of these names; a top import would be a cycle

        return getattr(workflow, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


# --- target checks and atomic replace -------------------------------------------------------


def _files_under(folder: Path) -> Iterator[tuple[str, Path]]:
    """(path relative to ``folder``, path) of every file and link below it, links not followed."""
    for root, dirs, files in os.walk(folder):
        here = Path(root)
        # a link to a folder is an entry like a file: never descended into
        for name in [d for d in dirs if (here / d).is_symlink()] + files:
            yield (here / name).relative_to(folder).as_posix(), here / name
        dirs[:] = [d for d in dirs if not (here / d).is_symlink()]


def bundle_problem(path: Path, force: bool = False) -> str | None:
    """Why replacing the folder ``path`` would lose something (None: it is a previous bundle
    and only that is lost).

    A previous bundle is a folder with framing's ``manifest.json`` that holds nothing but the
    files that manifest lists. A file it does not list (a researcher's notes, an input) is
    never replaced; a listed file changed since the bundle was written (an edited table) is
    replaced only with ``force``.

    Parameters
    ----------
    path : Path
        An existing, non-empty folder.
    force : bool
        Whether listed files changed since the bundle was written may be replaced.

    Returns
    -------
    str or None
        The problem in words (e.g. ``holds files that are not part of a bundle: notes.txt``),
        or None when the folder may be replaced.
    """
    manifest = read_bundle_manifest(path)
    if manifest is None:
        return "holds files but no framing bundle (no manifest.json of framing)"
    listed = {
        f.get("file"): f.get("sha256") for f in manifest.get("files") or [] if isinstance(f, dict)
    }
    changed = []
    for rel, p in _files_under(path):
        if rel == "manifest.json":
            continue
        if rel not in listed or p.is_symlink():
            return f"holds {rel}, which is not part of the framing bundle there"
        if not force and listed[rel] != _sha256_or_none(p):
            changed.append(rel)
    if changed:
        return f"{changed[0]} was changed after framing wrote it ({len(changed)} file(s) changed)"
    return None


def _sha256_or_none(path: Path) -> str | None:
    try:
        return sha256(path)
    except OSError:
        return None


def _real_target(out: Path) -> Path:
    """The folder the bundle goes to: ``out`` itself, or where ``out`` points when it is a
    symbolic link (the link is kept and then shows the new bundle)."""
    return Path(os.path.realpath(out))


def _input_paths(inputs: Any) -> list[Path]:
    paths = []
    for item in inputs or []:
        if item is None or isinstance(item, pd.DataFrame) or not isinstance(item, str | os.PathLike):
            continue
        p = Path(item)
        if p.exists():
            paths.append(Path(os.path.realpath(p)))
    return paths


def check_target(out: Path, force: bool = False, inputs: Any = ()) -> Path:
    """Check that the bundle may be written to ``out``; return the folder it goes to.

    Refused, whatever ``force`` says: a path that is not a folder, the current folder or
    one that holds it, a folder that is or holds an input of this run (``inputs``: paths of
    the corpus, manifest, lexicons, coding sheets, cache), a non-empty folder that is not a
    previous bundle or holds files besides it, and a place where nothing can be written.
    A previous bundle whose files were edited after it was written is replaced only with
    ``force``. A symbolic link is followed: the bundle replaces the folder it points to.

    Parameters
    ----------
    out : Path
        The bundle folder asked for (``--out``).
    force : bool
        Replace a previous bundle whose files were edited.
    inputs
        Paths of this run's inputs (None entries and tables are skipped).

    Returns
    -------
    Path
        The folder the bundle goes to (``out`` with links resolved).

    Raises
    ------
    FramingError
        One line naming ``out`` and the fix, for each refusal above.
    """
    out = Path(out)
    target = _real_target(out)
    shown = str(out)
    if target.exists() and not target.is_dir():
        raise FramingError(f"{shown}: exists and is not a folder; fix: choose another --out")
    try:
        cwd: Path | None = Path.cwd().resolve()
    except OSError:  # the current folder was deleted: it cannot be the target
        cwd = None
    if cwd is not None and (target == cwd or target in cwd.parents):
        raise FramingError(
            f"{shown}: is the current folder or holds it, and the bundle replaces its whole folder; "
            "fix: give a new folder name, e.g. --out results"
        )
    for item in _input_paths(inputs):
        if item == target or target in item.parents:
            what = "is" if item == target else f"holds {item.relative_to(target).as_posix()},"
            raise FramingError(
                f"{shown}: {what} an input of this run, and the bundle replaces the whole folder; "
                "fix: choose another --out"
            )
    if target.is_dir() and any(target.iterdir()):
        problem = bundle_problem(target, force)
        if problem is not None:
            fix = ("add --force to replace the bundle anyway, or choose another --out" if "changed after" in problem
                   else "choose another --out, or move those files away (framing never deletes them, even with --force)")
            raise FramingError(f"{shown}: {problem}; fix: {fix}")
    parent = target.parent
    if not parent.is_dir():
        raise FramingError(f"{shown}: parent folder {parent.name} does not exist; fix: create it first")
    _check_writable(parent, shown)
    return target


def _check_writable(parent: Path, shown: str) -> None:
    """Create and remove a folder beside the target: what writing the bundle will do."""
    try:
        probe = Path(tempfile.mkdtemp(prefix=".framing-probe-", dir=parent))
    except OSError as err:
        raise FramingError(
            f"{shown}: cannot write in {parent} ({err.strerror or err}); fix: choose an --out in a folder you "
            "can write to"
        ) from None
    probe.rmdir()


def prepare_target(out: Path, force: bool = False, inputs: Any = ()) -> Path:
    """Finish or undo a bundle swap a killed run left, clean its litter, then :func:`check_target`.

    Parameters
    ----------
    out : Path
        The bundle folder asked for.
    force : bool
        As in :func:`check_target`.
    inputs
        This run's input paths, as in :func:`check_target`.

    Returns
    -------
    Path
        The folder the bundle goes to.

    Raises
    ------
    FramingError
        As :func:`check_target`.
    """
    target = _real_target(Path(out))
    if target.parent.is_dir():
        recover_swap(target)
    return check_target(Path(out), force, inputs)


# Litter of an unfinished swap beside the target, named after it and the writing process.
_LITTER = re.compile(r"^\.(?P<name>.+)\.(?P<kind>partial|old)-(?P<pid>[0-9]+)$")
_PARTIAL_FILES = re.compile(r"^(?:tables/[^/]+\.(?:csv|tex)(?:\.tmp)?|figures/[^/]+\.(?:pdf|png|svg)|report\.md)$")


def _litter(target: Path) -> list[tuple[str, int, Path]]:
    """(kind, pid, path) of the swap litter beside ``target`` whose process has ended."""
    out = []
    try:
        entries = list(target.parent.iterdir())
    except OSError:
        return []
    for p in entries:
        m = _LITTER.match(p.name)
        if m and m["name"] == target.name and p.is_dir() and not p.is_symlink() and not is_running(int(m["pid"])):
            out.append((m["kind"], int(m["pid"]), p))
    return out


def _is_partial_bundle(path: Path) -> bool:
    """A folder write_bundle was writing: only bundle files, with or without the manifest."""
    if read_bundle_manifest(path) is not None:
        return bundle_problem(path, force=True) is None
    return all(_PARTIAL_FILES.match(rel) and not p.is_symlink() for rel, p in _files_under(path))


def recover_swap(target: Path) -> list[str]:
    """Restore or finish the bundle swap of a run killed between its two renames, and remove
    the litter of runs that ended (``.NAME.partial-PID``, ``.NAME.old-PID`` beside the
    target, recognised by name, a process that no longer runs and bundle contents only).

    When the target is missing, the newest complete bundle among that litter (a finished
    new one first, else the previous one) becomes the target again.

    Parameters
    ----------
    target : Path
        The bundle folder (links resolved).

    Returns
    -------
    list of str
        What was done, one line each (``restored results from .results.old-123``,
        ``removed .results.partial-456``); empty when nothing was left.
    """
    done: list[str] = []
    litter = _litter(target)
    olds = [(pid, p) for kind, pid, p in litter if kind == "old" and read_bundle_manifest(p) is not None
            and bundle_problem(p, force=True) is None]
    partials = [(pid, p) for kind, pid, p in litter if kind == "partial" and _is_partial_bundle(p)]
    if not os.path.lexists(target):
        complete = [(pid, p) for pid, p in partials if read_bundle_manifest(p) is not None]
        olds_of = {pid for pid, _ in olds}
        # a new bundle whose swap had begun (its old one is there) is the one to finish
        pick = [c for c in complete if c[0] in olds_of] or olds
        if pick:
            pid, p = max(pick, key=lambda c: c[1].stat().st_mtime)
            p.rename(target)
            done.append(f"restored {target.name} from {p.name}")
    for _, p in olds + partials:
        if p.exists():
            shutil.rmtree(p, ignore_errors=True)
            done.append(f"removed {p.name}")
    return done


@renamed_keywords(source="input")
def write_bundle(
    scored,
    comparison,
    out: str | Path = "results",
    *,
    corpus=None,
    force: bool = False,
    timings: dict[str, float] | None = None,
    input: str | Path | pd.DataFrame | None = None,
    lexicon_dir: str | Path | None = None,
    validation=None,
    codes: list[str | Path] | None = None,
    run_info: dict | None = None,
) -> Path:
    """Write tables, figures, report and manifest to ``out``, atomically.

    The bundle is written to a hidden folder beside ``out`` and swapped into place at the
    end: a failure leaves any previous bundle at ``out`` as it was.

    Parameters
    ----------
    scored : Scored
        The scored corpus (:func:`framing.score`).
    comparison : Comparison
        Its comparison (:func:`framing.compare`).
    out : str or Path
        The bundle folder (default ``results``).
    corpus : Corpus, optional
        The corpus as read: its reading parameters and input files go into the manifest
        and the report.
    force : bool
        Replace an existing bundle at ``out`` (a folder that is not a bundle is never
        replaced).
    timings : dict of str to float, optional
        Seconds per stage, recorded in the manifest (``write`` is added).
    input : str, Path or pandas.DataFrame, optional
        What was read (a folder, a file or a table); its files are hashed into the
        manifest when ``corpus`` records none. Formerly ``source`` (still accepted, with a
        :class:`DeprecationWarning`).
    lexicon_dir : str or Path, optional
        The researcher's lexicon folder, hashed into the manifest.
    validation : Validation, optional
        A validation (:func:`framing.validate`): its tables go to
        ``tables/validation_*.csv`` and its section into the report.
    codes : list of str or Path, optional
        The coding sheets of the validation, hashed into the manifest.
    run_info : dict, optional
        How the run went (engine, jobs, cache hits), under ``run`` in the manifest.

    Returns
    -------
    Path
        ``out``.

    Raises
    ------
    FramingError
        When ``out`` is not a bundle, exists without ``force``, lies inside an input, or
        cannot be written (nothing is written or deleted then).
    """
    target = prepare_target(Path(out), force, inputs=[input, lexicon_dir, *(codes or [])])
    tmp = target.parent / f".{target.name}.partial-{os.getpid()}"
    if tmp.exists():
        shutil.rmtree(tmp)
    t = time.perf_counter()
    try:
        (tmp / "tables").mkdir(parents=True)
        (tmp / "figures").mkdir()
        documents = scored.documents
        _write_tables(tmp / "tables", documents, scored, comparison)
        figure_list = _write_figures(tmp / "figures", scored, comparison)
        # a trained frame model's codes also depend on scikit-learn
        versions = package_versions(PACKAGES + ("scikit-learn",) if "frame_model" in scored.params else PACKAGES)
        lexicon_files = _lexicon_files(scored, corpus, lexicon_dir)
        report = render_report(
            documents, scored, comparison, versions, scored.lexicons.versions, figure_list,
            lexicon_files=lexicon_files, reading=getattr(corpus, "params", None),
        )
        if comparison.voices is not None:
            from framing.report.voice_figures import VOICE_FIGURE_STEM, render_voice_section

            labels = {f.id: f"{f.label_en} ({f.label_zh})" for f in scored.lexicons.frames}
            section = render_voice_section(comparison.voices, labels, figure=f"figures/{VOICE_FIGURE_STEM}.png")
            report = _insert_before(report, "## Caveats", section)
        if "frame_model" in scored.params:  # a trained frame model's codes beside the dictionary's
            report = _write_model_part(tmp / "tables", report, scored, comparison)
        if validation is not None:
            for name, table in validation.tables().items():
                write_csv(table, tmp / "tables" / f"validation_{name}.csv")
            report = report.rstrip("\n") + "\n\n" + render_validation_section(validation, heading_level=2) + "\n"
        (tmp / "report.md").write_text(report, encoding="utf-8", newline="\n")
        timings = dict(timings or {})
        timings["write"] = time.perf_counter() - t
        manifest = build_manifest(tmp, scored, comparison, corpus, versions, timings, input, lexicon_dir,
                                  exclude=(target, tmp), run_info=run_info, codes=codes)
        (tmp / "manifest.json").write_text(
            json.dumps(manifest, ensure_ascii=False, indent=2, default=str) + "\n", encoding="utf-8"
        )
        _replace(tmp, target)
    except OSError as err:  # a full disk, a folder gone read-only: nothing half-written stays
        where = Path(err.filename).name if err.filename else target.name
        raise FramingError(
            f"{out}: cannot write the bundle ({err.strerror or err}: {where}); fix: free disk space or "
            "choose another --out (any previous bundle there is unchanged)"
        ) from None
    finally:
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)
    return Path(out)


def _write_model_part(folder: Path, report: str, scored, comparison) -> str:
    """The agreement of dictionary and model codes on the analysed sentences as a table, and
    the model's section in the report (before the caveats)."""
    from framing.report.model_section import MODEL_AGREEMENT_TABLE, render_model_section
    from framing.scoring.frame_model import frame_code_agreement, model_frames

    sentences = _analysed_sentences(scored, comparison)
    agreement = frame_code_agreement(sentences, model_frames(sentences, scored.frame_ids))
    write_csv(agreement, folder / f"{MODEL_AGREEMENT_TABLE}.csv")
    return _insert_before(report, "## Caveats", render_model_section(scored, comparison, agreement))


def _insert_before(text: str, heading: str, section: str) -> str:
    """Put a report section before ``heading`` (or at the end when there is none)."""
    head, sep, tail = text.partition(f"\n{heading}")
    if not sep:
        return text.rstrip("\n") + "\n\n" + section.rstrip("\n") + "\n"
    return head.rstrip("\n") + "\n\n" + section.rstrip("\n") + "\n" + sep + tail


def _replace(tmp: Path, out: Path) -> None:
    """Swap the finished bundle ``tmp`` in for ``out`` with two renames; a run killed between
    them leaves ``.NAME.old-PID`` and the finished bundle, which :func:`recover_swap` turns
    back into ``out`` on the next run."""
    old = out.parent / f".{out.name}.old-{os.getpid()}"
    if old.exists():
        shutil.rmtree(old)
    if out.exists():
        out.rename(old)
    try:
        tmp.rename(out)
    except BaseException:
        if old.exists() and not out.exists():
            old.rename(out)
        raise
    if old.exists():
        shutil.rmtree(old, ignore_errors=True)


# --- contents ----------------------------------------------------------------------------------


def _write_tables(folder: Path, documents: pd.DataFrame, scored, comparison) -> None:
    by = comparison.by
    tables = {
        "documents": documents.drop(columns=[c for c in TEXT_COLUMNS if c in documents.columns]),
        "sentences": scored.sentences,
        "hits": scored.hits,
    }
    sources = getattr(scored, "sources", None)
    if sources is not None:
        tables["sources"] = sources
    tables.update(comparison.tables())
    for name, df in tables.items():
        write_csv(df, folder / f"{name}.csv")
    labels = {f.id: f"{f.label_zh} {f.label_en}" for f in scored.lexicons.frames}
    fr = comparison.frames.assign(frame=comparison.frames["frame"].map(labels))
    (folder / f"frames_by_{by}.tex").write_text(
        to_latex(
            fr, f"Share of sentences carrying each frame by {by} (Wilson 95% CI; sentences counted as independent)",
            f"tab:frames_by_{by}",
            columns=[by, "frame", "n_sentences", "n_with_frame", "share", "ci_low", "ci_high", "hits_per_1k_tokens"],
            headers=[by, "frame", "sentences", "with frame", "share", "CI low", "CI high", "hits/1k tokens"],
        ),
        encoding="utf-8",
    )
    (folder / f"sentiment_by_{by}.tex").write_text(
        to_latex(
            comparison.sentiment,
            f"Sentiment (snownlp) and lexicon tone by {by}, 95% CI ("
            + "; ".join(dict.fromkeys(comparison.sentiment.get("ci_method", pd.Series(dtype=str)))) + ")",
            f"tab:sentiment_by_{by}",
            columns=[by, "measure", "n", "mean", "sd", "median", "ci_low", "ci_high"],
        ),
        encoding="utf-8",
    )
    tests = comparison.tests[comparison.tests["analysis"].isin(TESTS_TEX_FAMILIES)]
    alpha = comparison.params.get("alpha", 0.05)
    note = "; ".join([
        *comparison.notes,
        f"intervals of V and eta^2_H: {1 - 2 * alpha:.0%}, dual to the test at {alpha:g} (noncentral chi-square)",
    ])
    (folder / "tests.tex").write_text(
        to_latex(
            tests, f"Tests of differences between {by}s (BH-adjusted within each family)", "tab:tests",
            columns=["analysis", "outcome", "unit", "n", "statistic", "df", "p", "p_adj", "effect", "ci_low", "ci_high"],
            headers=["family", "outcome", "unit", "n", "statistic", "df", "p", "p (BH)", "effect", "CI low", "CI high"],
            note=note,
        ),
        encoding="utf-8",
    )


def _write_figures(folder: Path, scored, comparison) -> list[tuple[str, str]]:
    by = comparison.by
    groups = list(comparison.groups)
    labels = {f.id: f"{f.label_zh} {f.label_en}" for f in scored.lexicons.frames}
    sentences = _analysed_sentences(scored, comparison)
    made: list[tuple[str, str]] = []
    plans: list[tuple[str, str, Callable[[], Any]]] = [
        ("frame_prevalence", f"Frame prevalence by {by}: share of sentences with Wilson 95% CIs",
         lambda: figs.fig_frame_prevalence(comparison.frames, by, labels)),
        ("residual_heatmap", f"Adjusted standardized residuals, {by} × frame (* Bonferroni p < .05)",
         lambda: figs.fig_residual_heatmap(comparison.residuals, by, labels)),
        ("sentiment_tone", f"Sentence sentiment (snownlp) and lexicon tone by {by}",
         lambda: figs.fig_evaluation(sentences, by, groups)),
        ("keyness", f"Distinctive terms per {by} (Fightin' Words z against the rest)",
         lambda: figs.fig_keyness(comparison.keyness, by, groups)),
        ("frame_position", f"Where in the article each frame appears, by {by}",
         lambda: figs.fig_frame_position(sentences, by, list(scored.frame_ids), labels, groups)),
    ]
    if comparison.voices is not None:
        from framing.report.voice_figures import VOICE_FIGURE_CAPTION, VOICE_FIGURE_STEM

        plans.append((VOICE_FIGURE_STEM, VOICE_FIGURE_CAPTION,
                      lambda: figs.fig_voice_frames(comparison.voices.frames_by_voice, by, labels, groups)))
    if len(groups) < 2:  # one group: nothing to compare, so no residuals and no keyness
        plans = [plan for plan in plans if plan[0] not in COMPARISON_FIGURES]
    for stem, caption, make in plans:
        with figs.bundle_style():  # the bundle's own style, whatever theme the caller set
            figs.save_figure(make(), folder, stem)
        made.append((f"figures/{stem}.png", caption))
    return made




def _input_files(source, exclude: tuple[Path, ...] = ()) -> list[dict]:
    """Size and SHA-256 of every input file; a file that cannot be read is listed with
    ``sha256`` null and the reason in ``error``. Files under ``exclude`` (the bundle being
    written, its target) are left out."""
    if source is None or isinstance(source, pd.DataFrame):
        return []
    path = Path(source)
    if path.is_dir():
        skip = [Path(os.path.realpath(e)) for e in exclude]
        files = sorted(
            p for p in path.rglob("*")
            if p.is_file() and not any(s == Path(os.path.realpath(p)) or s in Path(os.path.realpath(p)).parents for s in skip)
        )
        return [_file_entry(_input_record(p, p.relative_to(path).as_posix()), size=True) for p in files]
    return [_file_entry(_input_record(path, path.name), size=True)]


def _read_inputs(corpus) -> list[dict]:
    """The inputs as reading recorded them (``Corpus.inputs``), in the manifest's form: an
    input reading could not use has ``sha256`` null and the reason in ``error``."""
    records = [
        FileRecord(rec["file"], rec["sha256"], size=rec.get("bytes"))
        if rec.get("sha256") else
        FileRecord(rec["file"], None, size=rec.get("bytes"),
                   error=f"{rec.get('status', 'unreadable')} ({rec.get('detail', '')})")
        for rec in getattr(corpus, "inputs", None) or []
    ]
    return [_file_entry(r, size=True) for r in records]


def _input_record(path: Path, name: str) -> FileRecord:
    """An input file hashed now: its size and SHA-256, or why it cannot be read."""
    size = None
    try:
        size = path.stat().st_size
        return FileRecord(name, sha256(path), size=size)
    except OSError as err:
        return FileRecord(name, None, size=size, error=f"unreadable ({err.strerror or err})")


def _file_entry(record: FileRecord, size: bool = False) -> dict[str, Any]:
    """A file's entry in the manifest: ``file``, (with ``size``) ``bytes``, ``sha256`` and,
    for a file that could not be read, ``error``."""
    entry: dict[str, Any] = {"file": record.path}
    if size:
        entry["bytes"] = record.size
    entry["sha256"] = record.sha256
    if record.error is not None:
        entry["error"] = record.error
    return entry


def _lexicon_files(scored, corpus, lexicon_dir) -> list[dict]:
    """Every rule file the run used: name, whose (``user`` or ``default``), the folder it
    lies in (by name: no machine paths), version and SHA-256. Scoring's files as the scored
    lexicons record them (stopwords of keyness among them; a researcher's frames.toml and
    the bundled one it extends are both listed), reading's from ``lexicon_dir``."""
    from framing.lexicon import RULE_FILES, rule_files
    from framing.paths import lexicon_dir as default_dir

    bundled = default_dir().resolve()
    try:
        chosen = [p for p, _ in rule_files(lexicon_dir).values()]
    except FramingError:  # the folder was read already; only the defaults are certain here
        chosen = [bundled / name for name in RULE_FILES.values()]
    lex = scored.lexicons
    lex_versions = dict(getattr(lex, "versions", {}) or {})
    params = getattr(corpus, "params", {}) or {} if corpus is not None else {}
    files: dict[Path, str] = {}  # resolved path -> version
    for p in chosen:
        files[Path(p).resolve()] = str(params.get(f"{Path(p).stem}_version", "") or "")
    scoring_names = {Path(p).name for p in (getattr(lex, "paths", {}) or {}).values() if p}
    for key, p in (getattr(lex, "paths", {}) or {}).items():
        if p and Path(p).is_file():
            files[Path(p).resolve()] = lex_versions.get(key, "")
    for key, p in (getattr(corpus, "rule_paths", {}) or {}).items():  # reading's files (--topic FILE)
        if p and Path(p).is_file() and Path(p).name != RULE_FILES.get(key):
            for q in [q for q in files if q.name == RULE_FILES.get(key)]:
                del files[q]
            files[Path(p).resolve()] = str(params.get(f"{key}_version", "") or "")
    out = []
    for p, version in files.items():
        # a reading default the scoring set replaced with the researcher's own: not used
        if not p.is_file() or (p.parent == bundled and p.name in scoring_names and not any(
            Path(q).resolve() == p for q in (getattr(lex, "paths", {}) or {}).values() if q
        )):
            continue
        default = p.parent == bundled
        record = FileRecord(p.name, sha256(p), version)
        out.append({
            "file": record.path, "source": "default" if default else "user",
            "folder": "(bundled)" if default else p.parent.name,
            "version": record.version, "sha256": record.sha256,
        })
    return sorted(out, key=lambda f: (f["file"], f["source"] != "user"))


def build_manifest(
    folder: Path, scored, comparison, corpus, versions, timings, input, lexicon_dir,
    exclude: tuple[Path, ...] = (), run_info: dict | None = None, codes: list[str | Path] | None = None,
) -> dict:
    """What makes the run reproducible: versions, hashes, parameters, seed, counts, timings.

    Parameters
    ----------
    folder : Path
        The bundle folder as written so far (every file but the manifest is listed).
    scored, comparison, corpus
        The run's stage outputs (``corpus`` may be None).
    versions : dict
        :func:`framing.provenance.package_versions`.
    timings : dict of str to float
        Seconds per stage.
    input : str, Path or DataFrame
        What was read (a folder, a file or a table), hashed here only when reading recorded
        no inputs.
    lexicon_dir : str or Path or None
        The researcher's lexicon folder.
    exclude : tuple of Path
        Folders left out of the inputs (the bundle being written, its target).
    run_info : dict, optional
        How the run went (engine, jobs, cache hits), under ``run``.
    codes : list of str or Path, optional
        The coding sheets of a validation, hashed under ``codes``.

    Returns
    -------
    dict
        The manifest, with its files and inputs as :class:`~framing.provenance.FileRecord`
        entries (``file``, ``sha256``; inputs also ``bytes`` and, unreadable, ``error``).
    """
    docs = scored.documents
    files = sorted(p for p in folder.rglob("*") if p.is_file() and p.name != "manifest.json")
    manifest = {
        "bundle": BUNDLE_MARK,
        "framing": __version__,
        "created": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "command": " ".join(Path(a).name if i == 0 else a for i, a in enumerate(sys.argv)) if sys.argv else "",
        "versions": versions,
        "platform": f"{platform.system()} {platform.machine()}",
        # what reading recorded of each file as it read it; walking the folder again would
        # hash files it never read and fail on ones it could not
        "inputs": _read_inputs(corpus) or _input_files(input, exclude),
        "lexicons": _lexicon_files(scored, corpus, lexicon_dir),
        "parameters": {
            "corpus": getattr(corpus, "params", {}) if corpus is not None else {},
            "scoring": scored.params,
            "comparison": comparison.params,
        },
        "seed": comparison.params.get("seed"),
        "counts": {
            "documents": len(docs),
            "included": int((docs["status"] == "included").sum()),
            "excluded": {k: int(v) for k, v in docs.loc[docs["status"] != "included", "reason"].value_counts().sort_index().items()},
            "outlets": {k: int(v) for k, v in docs.loc[docs["status"] == "included", "outlet"].value_counts().sort_index().items()},
            "sentences": len(scored.sentences),
            "hits": len(scored.hits),
            "tests": len(comparison.tests),
        },
        "timings_seconds": {k: round(v, 3) for k, v in timings.items()},
        "files": [_file_entry(FileRecord(p.relative_to(folder).as_posix(), sha256(p))) for p in files],
    }
    if run_info:
        manifest["run"] = run_info  # engine, jobs, cache hits: how, not what
    if codes:
        manifest["codes"] = [_file_entry(FileRecord(Path(c).name, sha256(Path(c)))) for c in codes if Path(c).is_file()]
    return manifest
