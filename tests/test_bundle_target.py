"""Where a bundle may go: nothing but a previous bundle is ever replaced, links are followed,
and a swap cut short by a kill is finished or undone by the next run."""

from __future__ import annotations

import errno
import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from framing.cli import main
from framing.errors import FramingError
from framing.report import bundle as bundle_mod
from framing.report.bundle import BUNDLE_MARK, check_target, prepare_target, recover_swap

ROOT = Path(__file__).resolve().parent.parent


def fake_bundle(folder: Path, report: str = "report", extra: dict[str, str] | None = None) -> Path:
    """A folder laid out as write_bundle leaves it: files, and a manifest listing them."""
    files = {"report.md": report, "tables/tests.csv": "a,b\n1,2\n", "figures/keyness.svg": "<svg/>"}
    folder.mkdir(parents=True)
    for rel, text in files.items():
        (folder / rel).parent.mkdir(parents=True, exist_ok=True)
        (folder / rel).write_text(text, encoding="utf-8")
    listed = [{"file": rel, "sha256": hashlib.sha256(text.encode()).hexdigest()} for rel, text in files.items()]
    manifest = {"bundle": BUNDLE_MARK, "files": listed}
    (folder / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    for rel, text in (extra or {}).items():
        (folder / rel).parent.mkdir(parents=True, exist_ok=True)
        (folder / rel).write_text(text, encoding="utf-8")
    return folder


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def dead_pid() -> int:
    """The id of a process that has ended."""
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


def run_cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "framing.cli", *args], capture_output=True, text=True, timeout=300, cwd=cwd
    )


# --- what may be replaced ---------------------------------------------------------------------


def test_force_never_deletes_the_input_articles(tmp_path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for p in (ROOT / "seeds").glob("*.txt"):
        (corpus / p.name).write_bytes(p.read_bytes())
    before = snapshot(corpus)
    proc = run_cli("run", str(corpus), "--out", str(corpus), "--force", "-q")
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert proc.stderr.count("\n") == 1
    assert "is an input of this run" in proc.stderr and "fix: choose another --out" in proc.stderr
    assert snapshot(corpus) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["corpus"]  # nothing written beside it


def test_a_folder_holding_an_input_is_refused(tmp_path) -> None:
    (tmp_path / "study" / "articles").mkdir(parents=True)
    (tmp_path / "study" / "lexicons").mkdir()
    with pytest.raises(FramingError, match=r"holds articles, an input of this run"):
        check_target(tmp_path / "study", force=True, inputs=[tmp_path / "study" / "articles"])
    with pytest.raises(FramingError, match=r"holds lexicons, an input of this run"):
        check_target(tmp_path / "study", force=True, inputs=[None, tmp_path / "study" / "lexicons"])


def test_a_bundle_with_a_file_of_the_researcher_is_not_replaced(tmp_path) -> None:
    out = fake_bundle(tmp_path / "results", extra={"notes.md": "my notes", "tables/coded_by_me.csv": "x"})
    for force in (False, True):
        with pytest.raises(FramingError, match=r"holds (notes\.md|tables/coded_by_me\.csv), which is not part "
                                               r"of the framing bundle.*never deletes them, even with --force"):
            check_target(out, force=force)


def test_an_edited_bundle_is_replaced_only_with_force(tmp_path) -> None:
    out = fake_bundle(tmp_path / "results")
    assert check_target(out) == out.resolve()  # untouched: replaced without asking
    (out / "tables" / "tests.csv").write_text("edited in Excel", encoding="utf-8")
    with pytest.raises(FramingError, match=r"tables/tests\.csv was changed after framing wrote it.*add --force"):
        check_target(out)
    assert check_target(out, force=True) == out.resolve()


def test_out_dot_and_a_folder_holding_the_current_one_are_refused(tmp_path, monkeypatch) -> None:
    work = fake_bundle(tmp_path / "results")
    monkeypatch.chdir(work)
    for out in (".", str(work), ".."):
        with pytest.raises(FramingError, match="is the current folder or holds it.*fix: give a new folder name"):
            check_target(Path(out))


def test_out_dot_on_the_command_line(tmp_path) -> None:
    proc = run_cli("run", str(ROOT / "seeds"), "--out", ".", "-q", cwd=tmp_path)
    assert proc.returncode == 2 and proc.stderr.count("\n") == 1 and "Traceback" not in proc.stderr
    assert "--out results" in proc.stderr
    assert list(tmp_path.iterdir()) == []


def test_a_link_as_out_is_kept_and_its_folder_gets_the_bundle(tmp_path) -> None:
    real = fake_bundle(tmp_path / "store" / "results")
    link = tmp_path / "results"
    link.symlink_to(real, target_is_directory=True)
    assert check_target(link) == real.resolve()
    dangling = tmp_path / "new_results"
    dangling.symlink_to(tmp_path / "store" / "fresh", target_is_directory=True)
    assert check_target(dangling) == (tmp_path / "store" / "fresh").resolve()
    (tmp_path / "store" / "plain").mkdir()
    (tmp_path / "store" / "plain" / "data.txt").write_text("x", encoding="utf-8")
    (tmp_path / "to_plain").symlink_to(tmp_path / "store" / "plain", target_is_directory=True)
    with pytest.raises(FramingError, match="to_plain: holds files but no framing bundle"):
        check_target(tmp_path / "to_plain", force=True)


def test_an_unwritable_place_is_refused_before_the_analysis(tmp_path, monkeypatch, capsys) -> None:
    import framing.corpus.read

    def no_write(*args, **kwargs):
        raise PermissionError(errno.EACCES, "Permission denied")

    def never(*args, **kwargs):  # the analysis must not start
        raise AssertionError("read_corpus called")

    monkeypatch.setattr(bundle_mod.tempfile, "mkdtemp", no_write)
    monkeypatch.setattr(framing.corpus.read, "read_corpus", never)
    assert main(["run", str(ROOT / "seeds"), "--out", str(tmp_path / "ro" / "results")]) == 2
    err = capsys.readouterr().err
    assert "parent folder ro does not exist" in err  # a missing parent first
    (tmp_path / "ro").mkdir()
    assert main(["run", str(ROOT / "seeds"), "--out", str(tmp_path / "ro" / "results")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "cannot write in" in err and "Permission denied" in err and "fix: choose an --out" in err
    assert list((tmp_path / "ro").iterdir()) == []


def test_a_negative_seed_is_a_one_line_error(tmp_path) -> None:
    proc = run_cli("run", str(ROOT / "seeds"), "--out", str(tmp_path / "out"), "--seed", "-1")
    assert proc.returncode == 2 and proc.stderr.count("\n") == 1 and "Traceback" not in proc.stderr
    assert "--seed -1: a seed is a whole number from 0" in proc.stderr and "fix: e.g. --seed" in proc.stderr
    assert list(tmp_path.iterdir()) == []


# --- a swap cut short -------------------------------------------------------------------------


def test_a_kill_between_the_two_renames_is_finished_by_the_next_run(tmp_path) -> None:
    pid = dead_pid()
    fake_bundle(tmp_path / f".results.old-{pid}", report="previous")
    fake_bundle(tmp_path / f".results.partial-{pid}", report="new")
    assert not (tmp_path / "results").exists()
    target = prepare_target(tmp_path / "results")
    assert target == (tmp_path / "results").resolve()
    assert (tmp_path / "results" / "report.md").read_text(encoding="utf-8") == "new"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["results"]


def test_a_kill_before_the_new_bundle_was_complete_restores_the_previous(tmp_path) -> None:
    pid = dead_pid()
    fake_bundle(tmp_path / f".results.old-{pid}", report="previous")
    partial = tmp_path / f".results.partial-{pid}"
    (partial / "tables").mkdir(parents=True)
    (partial / "tables" / "documents.csv.tmp").write_text("half", encoding="utf-8")
    done = recover_swap(tmp_path / "results")
    assert (tmp_path / "results" / "report.md").read_text(encoding="utf-8") == "previous"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["results"]
    assert done[0] == f"restored results from .results.old-{pid}"


def test_only_our_own_litter_of_ended_runs_is_removed(tmp_path) -> None:
    fake_bundle(tmp_path / "results", report="current")
    pid = dead_pid()
    fake_bundle(tmp_path / f".results.old-{pid}")  # stale: removed
    (tmp_path / f".results.partial-{pid}" / "figures").mkdir(parents=True)  # stale: removed
    (tmp_path / f".results.partial-{pid}" / "figures" / "keyness.png").write_bytes(b"\x89PNG")
    mine = tmp_path / f".results.old-{pid + 1}"  # not a bundle: a researcher's folder, kept
    mine.mkdir()
    (mine / "thesis.tex").write_text("precious", encoding="utf-8")
    running = fake_bundle(tmp_path / f".results.partial-{os.getppid()}")  # a run still writing: kept
    other = fake_bundle(tmp_path / f".other.old-{pid}")  # litter of another target: kept
    recover_swap(tmp_path / "results")
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["results", mine.name, running.name, other.name])
    assert (mine / "thesis.tex").read_text(encoding="utf-8") == "precious"
    assert (tmp_path / "results" / "report.md").read_text(encoding="utf-8") == "current"
