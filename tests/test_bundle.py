"""The results bundle: contents, determinism, the committed results/, atomic writes, errors."""

from __future__ import annotations

import dataclasses
import hashlib
import json
import re
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

import framing as fr
from framing.errors import FramingError
from framing.report import bundle as bundle_mod
from framing.report.bundle import check_target, write_bundle
from framing.report.figures import save_figure
from framing.report.tables import to_latex
from framing.workflow import analyze

ROOT = Path(__file__).resolve().parent.parent
TABLES = [
    "documents", "sentences", "hits", "frames_by_outlet", "sentiment_by_outlet", "tests",
    "residuals", "keyness", "robustness",
]
FIGURES = ["frame_prevalence", "residual_heatmap", "sentiment_tone", "keyness", "frame_position"]


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    out = tmp_path_factory.mktemp("bundle") / "results"
    return analyze(ROOT / "seeds", out)


def test_layout(run) -> None:
    out = run.out
    for name in TABLES:
        assert (out / "tables" / f"{name}.csv").is_file(), name
    for name in ["frames_by_outlet", "sentiment_by_outlet", "tests"]:
        tex = (out / "tables" / f"{name}.tex").read_text(encoding="utf-8")
        assert "\\toprule" in tex and "\\bottomrule" in tex
    for stem in FIGURES:
        for ext in ("pdf", "png", "svg"):
            assert (out / "figures" / f"{stem}.{ext}").stat().st_size > 1000, (stem, ext)
    assert (out / "report.md").is_file() and (out / "manifest.json").is_file()


def test_tables_open_in_excel_and_account_for_every_input(run) -> None:
    raw = (run.out / "tables" / "documents.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    docs = pd.read_csv(run.out / "tables" / "documents.csv", encoding="utf-8-sig", keep_default_na=False)
    assert len(docs) == 10 and set(docs["status"]) == {"included", "excluded"}
    assert set(docs["source"]) == {p.name for p in (ROOT / "seeds").glob("*.txt")}


def test_png_is_300_dpi(run) -> None:
    from PIL import Image

    with Image.open(run.out / "figures" / "frame_prevalence.png") as im:
        assert round(im.info["dpi"][0]) == 300


def test_manifest(run) -> None:
    m = json.loads((run.out / "manifest.json").read_text(encoding="utf-8"))
    assert m["bundle"] == "framing-results-bundle"
    assert m["seed"] == 20240216
    inputs = {i["file"]: i["sha256"] for i in m["inputs"]}
    for p in (ROOT / "seeds").iterdir():
        assert inputs[p.name] == hashlib.sha256(p.read_bytes()).hexdigest()
    assert {"frames.toml", "tone.toml", "modifiers.toml", "outlets.toml", "topic.toml", "debris.toml"} <= {
        x["file"] for x in m["lexicons"]
    }
    assert m["counts"]["included"] == 5 and m["counts"]["excluded"] == {"off_topic": 5}
    for key in ("pandas", "scipy", "statsmodels", "jieba", "snownlp", "python", "framing"):
        assert m["versions"][key]
    assert set(m["timings_seconds"]) >= {"read", "score", "compare", "write"}
    files = {f["file"]: f["sha256"] for f in m["files"]}
    assert files["tables/tests.csv"] == hashlib.sha256((run.out / "tables" / "tests.csv").read_bytes()).hexdigest()
    text = (run.out / "manifest.json").read_text(encoding="utf-8")
    assert str(ROOT) not in text and "/home/" not in text  # no machine paths


def test_report_sections(run) -> None:
    report = (run.out / "report.md").read_text(encoding="utf-8")
    for heading in ["## Inputs", "## Methods", "## Results", "## Caveats"]:
        assert heading in report
    assert "cannot generalise to the outlet" in report
    for stem in FIGURES:
        assert f"figures/{stem}.png" in report
    assert "off_topic" in report


def _mask_versions(text: str) -> str:
    return re.sub(r"Software: .*", "Software: <versions>", text)


def test_committed_results_equal_a_fresh_run(run) -> None:
    committed = ROOT / "results"
    for name in TABLES:
        a = (committed / "tables" / f"{name}.csv").read_bytes()
        b = (run.out / "tables" / f"{name}.csv").read_bytes()
        assert a == b, f"results/tables/{name}.csv is stale: regenerate with 'framing run'"
    for name in ["frames_by_outlet", "sentiment_by_outlet", "tests"]:
        assert (committed / "tables" / f"{name}.tex").read_bytes() == (run.out / "tables" / f"{name}.tex").read_bytes()
    assert _mask_versions((committed / "report.md").read_text(encoding="utf-8")) == _mask_versions(
        (run.out / "report.md").read_text(encoding="utf-8")
    )
    assert sorted(p.name for p in (committed / "figures").iterdir()) == sorted(
        p.name for p in (run.out / "figures").iterdir()
    )


def test_rewrite_is_byte_identical_except_manifest(run, tmp_path) -> None:
    again = write_bundle(run.scored, run.comparison, tmp_path / "again", corpus=run.corpus, input=ROOT / "seeds")
    for p in sorted(run.out.rglob("*")):
        if p.is_file() and p.name != "manifest.json":
            assert p.read_bytes() == (again / p.relative_to(run.out)).read_bytes(), p.name


def test_interrupted_write_leaves_previous_bundle_whole(run, tmp_path, monkeypatch) -> None:
    target = tmp_path / "results"
    write_bundle(run.scored, run.comparison, target, corpus=run.corpus)
    before = {p.relative_to(target): p.read_bytes() for p in target.rglob("*") if p.is_file()}

    def boom(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(bundle_mod, "render_report", boom)
    with pytest.raises(KeyboardInterrupt):
        write_bundle(run.scored, run.comparison, target, corpus=run.corpus)
    after = {p.relative_to(target): p.read_bytes() for p in target.rglob("*") if p.is_file()}
    assert after == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["results"]  # no partial folder left


def test_non_bundle_folder_is_not_overwritten(tmp_path) -> None:
    (tmp_path / "thesis.tex").write_text("precious", encoding="utf-8")
    for force in (False, True):  # --force replaces nothing but a previous bundle
        with pytest.raises(FramingError, match="holds files but no framing bundle.*; fix: .*never deletes them"):
            check_target(tmp_path, force=force)
    check_target(tmp_path / "new")  # a new folder is fine


def test_missing_glyph_is_an_error(tmp_path) -> None:
    from framing.report.figures import _plt

    plt = _plt()
    fig, ax = plt.subplots()
    ax.set_title("\U0001fae0")  # a character the CJK font lacks
    with pytest.raises(FramingError, match="missing from"):
        save_figure(fig, tmp_path, "x")


def test_latex_escaping() -> None:
    df = pd.DataFrame({"term": ["50%_A&B"], "n": [1234], "p": [0.00001]})
    tex = to_latex(df, "A caption", "tab:x")
    assert r"50\%\_A\&B" in tex and "1{,}234" in tex and "1.0e-05" in tex


def cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "framing.cli", *args], capture_output=True, text=True, timeout=300, cwd=cwd
    )


def test_run_errors_write_nothing(tmp_path) -> None:
    proc = cli("run", str(tmp_path / "missing"), "--out", str(tmp_path / "out"))
    assert proc.returncode == 2 and "no such file or folder" in proc.stderr and "Traceback" not in proc.stderr
    assert not (tmp_path / "out").exists()
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text("燃气灶在使用时会排放苯,厨房通风不良时浓度更高。" * 5, encoding="utf-8")
    proc = cli("run", str(tmp_path / "in"), "--out", str(tmp_path / "out"))
    assert proc.returncode == 2 and "no article left after filtering" in proc.stderr
    assert proc.stderr.count("\n") == 1
    assert not (tmp_path / "out").exists()
    (tmp_path / "lex").mkdir()
    (tmp_path / "lex" / "frames.toml").write_text("this is = = not toml", encoding="utf-8")
    proc = cli("run", str(ROOT / "seeds"), "--lexicons", str(tmp_path / "lex"), "--out", str(tmp_path / "out"))
    assert proc.returncode == 2 and "frames.toml" in proc.stderr and "Traceback" not in proc.stderr
    assert not (tmp_path / "out").exists()


def test_one_outlet_writes_the_descriptive_bundle(tmp_path) -> None:
    corpus = tmp_path / "one"
    corpus.mkdir()
    src = ROOT / "seeds" / "000_5f0930652356f9b6.txt"  # 文汇报 alone: one group
    (corpus / src.name).write_bytes(src.read_bytes())
    # the page names no paper (本报记者 only): its manifest line says which
    (corpus / "manifest.csv").write_text(f"file,outlet\n{src.name},文汇报\n", encoding="utf-8")
    proc = cli("run", str(corpus), "--out", str(tmp_path / "out"), "-q")
    assert proc.returncode == 0, proc.stderr
    out = tmp_path / "out"
    for stem in ["frame_prevalence", "sentiment_tone", "frame_position"]:
        assert (out / "figures" / f"{stem}.png").is_file()
    assert not (out / "figures" / "keyness.png").exists() and not (out / "figures" / "residual_heatmap.png").exists()
    frames = pd.read_csv(out / "tables" / "frames_by_outlet.csv", encoding="utf-8-sig")
    assert set(frames["outlet"]) == {"文汇报"} and len(frames) == 8
    assert pd.read_csv(out / "tables" / "tests.csv", encoding="utf-8-sig").empty
    report = (out / "report.md").read_text(encoding="utf-8")
    assert "one group (文汇报): nothing to compare" in report
    assert "figures/keyness.png" not in report


def test_a_full_disk_while_writing_figures_leaves_the_previous_bundle(run, tmp_path, monkeypatch) -> None:
    import errno
    import shutil

    target = tmp_path / "results"
    shutil.copytree(run.out, target)
    before = {p.relative_to(target): p.read_bytes() for p in target.rglob("*") if p.is_file()}

    def full(fig, folder, stem):
        (Path(folder) / f"{stem}.pdf").write_bytes(b"%PDF-1.4 half")
        raise OSError(errno.ENOSPC, "No space left on device", str(Path(folder) / f"{stem}.png"))

    monkeypatch.setattr(bundle_mod.figs, "save_figure", full)
    with pytest.raises(FramingError, match=r"cannot write the bundle \(No space left on device: frame_prevalence\.png\)"
                                           r"; fix: free disk space"):
        write_bundle(run.scored, run.comparison, target, corpus=run.corpus)
    after = {p.relative_to(target): p.read_bytes() for p in target.rglob("*") if p.is_file()}
    assert after == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["results"]


def test_an_unreadable_input_is_recorded_in_the_manifest(run, tmp_path, monkeypatch) -> None:
    import errno

    source = tmp_path / "corpus"
    source.mkdir()
    for p in (ROOT / "seeds").iterdir():
        (source / p.name).write_bytes(p.read_bytes())
    real = bundle_mod.sha256

    def locked(path: Path) -> str:
        if path.name == "001_845b7605a42a4ac3.txt":
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real(path)

    monkeypatch.setattr(bundle_mod, "sha256", locked)
    monkeypatch.setattr(bundle_mod, "_write_figures", lambda *a: [])
    # a corpus that recorded no inputs (built by hand): the bundle hashes the source itself
    bare = dataclasses.replace(run.corpus, inputs=[])
    out = write_bundle(run.scored, run.comparison, tmp_path / "out", corpus=bare, input=source)
    inputs = {i["file"]: i for i in json.loads((out / "manifest.json").read_text(encoding="utf-8"))["inputs"]}
    assert inputs["001_845b7605a42a4ac3.txt"]["sha256"] is None
    assert inputs["001_845b7605a42a4ac3.txt"]["error"] == "unreadable (Permission denied)"
    p = source / "000_5f0930652356f9b6.txt"
    assert inputs[p.name]["sha256"] == hashlib.sha256(p.read_bytes()).hexdigest() and "error" not in inputs[p.name]


def test_the_manifest_lists_inputs_as_reading_found_them(tmp_path, monkeypatch) -> None:
    """Reading records each file's hash as it reads it; a file it could not read is listed
    with the reason, and the bundle never opens the inputs again."""
    import errno

    from framing.corpus import read as read_mod

    source = tmp_path / "corpus"
    source.mkdir()
    for p in (ROOT / "seeds").iterdir():
        (source / p.name).write_bytes(p.read_bytes())
    real = Path.read_bytes

    def locked(self: Path) -> bytes:
        if self.name == "004_f6f791b0e31db03b.txt":
            raise PermissionError(errno.EACCES, "Permission denied", str(self))
        return real(self)

    monkeypatch.setattr(read_mod.Path, "read_bytes", locked)
    corpus = fr.read_corpus(source)
    monkeypatch.setattr(read_mod.Path, "read_bytes", real)
    monkeypatch.setattr(bundle_mod, "sha256", lambda path: pytest.fail(f"{path} hashed again"))
    entries = {i["file"]: i for i in bundle_mod._read_inputs(corpus)}
    assert entries["004_f6f791b0e31db03b.txt"]["sha256"] is None
    assert "Permission denied" in entries["004_f6f791b0e31db03b.txt"]["error"]
    p = source / "000_5f0930652356f9b6.txt"
    assert entries[p.name]["sha256"] == hashlib.sha256(p.read_bytes()).hexdigest()


def test_a_link_as_out_keeps_the_link_and_renews_its_folder(run, tmp_path, monkeypatch) -> None:
    monkeypatch.setattr(bundle_mod, "_write_figures", lambda *a: [])
    (tmp_path / "store").mkdir()
    real = write_bundle(run.scored, run.comparison, tmp_path / "store" / "results", corpus=run.corpus)
    (real / "tables" / "tests.csv").unlink()  # a stale bundle: the next write renews it
    link = tmp_path / "results"
    link.symlink_to(real, target_is_directory=True)
    out = write_bundle(run.scored, run.comparison, link, corpus=run.corpus)
    assert out == link and link.is_symlink() and link.resolve() == real.resolve()
    assert (real / "tables" / "tests.csv").read_bytes() == (run.out / "tables" / "tests.csv").read_bytes()
    assert sorted(p.name for p in (tmp_path / "store").iterdir()) == ["results"]
