"""The command line: output, CSV, and one-line errors with exit code 2."""

from __future__ import annotations

import subprocess
import sys

import pandas as pd
import pytest

from framing.cli import main


def test_corpus_prints_documents_table(seeds_dir, capsys) -> None:
    assert main(["corpus", str(seeds_dir)]) == 0
    out = capsys.readouterr().out
    assert "002_ced1f10ba77cba16#1" in out and "北京商报" in out and "off_topic" in out
    assert len(out.strip().splitlines()) == 1 + 10  # header + every document


def test_corpus_writes_csv(seeds_dir, tmp_path) -> None:
    out = tmp_path / "docs.csv"
    assert main(["corpus", str(seeds_dir), "--csv", str(out)]) == 0
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # BOM: Excel opens the Chinese text correctly
    docs = pd.read_csv(out, encoding="utf-8-sig")
    assert len(docs) == 10 and (docs["status"] == "included").sum() == 5


def test_corpus_with_your_own_topic(seeds_dir, tmp_path, capsys) -> None:
    topic = tmp_path / "stoves.toml"
    topic.write_text('name = "gas stoves"\n[terms]\n"燃气灶" = 2.0\n"苯" = 1.0\n"油烟" = 1.0\n', encoding="utf-8")
    out = tmp_path / "docs.csv"
    assert main(["corpus", str(seeds_dir), "--topic", str(topic), "--csv", str(out)]) == 0
    docs = pd.read_csv(out, encoding="utf-8-sig")
    assert list(docs.loc[docs["status"] == "included", "doc_id"]) == ["000_5f0930652356f9b6#2"]  # the gas stove story
    capsys.readouterr()
    assert main(["corpus", str(seeds_dir), "--topic", str(tmp_path / "none.toml")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "none.toml: topic file not found; fix:" in err


def test_the_report_says_why_documents_were_left_out() -> None:
    from framing.report.markdown import exclusion_reasons, furniture_statement

    reading = {"topic_name": "gas stoves", "topic_file": "stoves.toml", "min_relevance": 1.5, "min_topic_hits": 2.0}
    lines = exclusion_reasons({"duplicate": 1, "off_topic": 3}, reading)
    assert lines[0].startswith("- duplicate (1): it repeats an earlier article") and "never a fragment" in lines[0]
    assert "- off_topic (3): below the topic threshold. The topic is “gas stoves” (stoves.toml)" in lines[1]
    assert "1.5 weighted hits per 1,000 characters" in lines[1] and "--topic FILE" in lines[1]
    docs = pd.DataFrame({"removed": ["navigation:人民网>>科技 | ui:分享 | ui:收藏", ""]})
    assert "navigation 1, ui 2" not in furniture_statement(docs)[0] and "ui 2, navigation 1" in furniture_statement(docs)[0]


def run_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "framing.cli", *args], capture_output=True, text=True, timeout=120
    )


def test_missing_path_one_line_exit_2(tmp_path) -> None:
    proc = run_cli("corpus", str(tmp_path / "nope"))
    assert proc.returncode == 2
    assert proc.stderr.count("\n") == 1 and "Traceback" not in proc.stderr
    assert "no such file or folder; fix:" in proc.stderr


def test_bad_manifest_one_line_exit_2(tmp_path) -> None:
    (tmp_path / "a.txt").write_text("Sora文生视频。", encoding="utf-8")
    (tmp_path / "manifest.csv").write_text("file,outlet\na.txt,东川晚报\n", encoding="utf-8")
    proc = run_cli("corpus", str(tmp_path))
    assert proc.returncode == 2
    assert proc.stderr.count("\n") == 1 and "unknown outlet" in proc.stderr


def test_explain_one_document(seeds_dir, capsys) -> None:
    assert main(["explain", str(seeds_dir), "--doc", "002_ced1f10ba77cba16#1", "--color", "never"]) == 0
    out = capsys.readouterr().out
    assert "谁是中国版Sora" in out and "catch_up" in out
    assert "000_5f0930652356f9b6#1" not in out


def test_explain_unknown_doc_exit_2(seeds_dir) -> None:
    proc = run_cli("explain", str(seeds_dir), "--doc", "nope#1")
    assert proc.returncode == 2 and "no such document" in proc.stderr and "Traceback" not in proc.stderr
    proc = run_cli("explain", str(seeds_dir), "--doc", "000_5f0930652356f9b6#2")
    assert proc.returncode == 2 and "excluded" in proc.stderr


def test_lexicon_check(tmp_path, capsys) -> None:
    from framing.paths import lexicon_dir

    assert main(["lexicon", "check", str(lexicon_dir())]) == 0
    assert capsys.readouterr().out.strip().endswith(": ok")
    bad = tmp_path / "frames.toml"
    bad.write_text(
        (lexicon_dir() / "frames.toml").read_text(encoding="utf-8") + '\n[[frame]]\nid = "bogus"\n',
        encoding="utf-8",
    )
    proc = run_cli("lexicon", "check", str(bad))
    assert proc.returncode == 2
    assert "frames.toml:" in proc.stdout and "fix:" in proc.stdout


def test_codesheet_validate_and_run_with_codes(seeds_dir, tmp_path) -> None:
    sheet = tmp_path / "sheet.csv"
    assert main(["codesheet", str(seeds_dir), "--out", str(sheet), "--n", "30", "--seed", "7"]) == 0
    instructions = (tmp_path / "sheet_instructions.md").read_text(encoding="utf-8")
    assert "threat" in instructions and "Inclusion and exclusion rules" in instructions  # bundled codebook
    blank = pd.read_csv(sheet, encoding="utf-8-sig", dtype=str, keep_default_na=False)
    assert len(blank) == 30 and not any(c.startswith("machine_") for c in blank.columns)
    # two coders who both mark every sentence as technology and neutral in tone
    for coder in ("a", "b"):
        filled = blank.assign(coder=coder, technology="1", tone="0")
        filled.to_csv(tmp_path / f"{coder}.csv", index=False, encoding="utf-8-sig")
    out = tmp_path / "val"
    codes = [str(tmp_path / "a.csv"), str(tmp_path / "b.csv")]
    assert main(["validate", *codes, "--input", str(seeds_dir), "--out", str(out), "--n-boot", "50"]) == 0
    agreement = pd.read_csv(out / "validation_agreement.csv", encoding="utf-8-sig")
    tech = agreement.set_index("frame").loc["technology"]
    assert tech["support"] == 30 and tech["fn"] + tech["tp"] == 30 and tech["recall"] == pytest.approx(tech["tp"] / 30, abs=1e-6)
    bundle = tmp_path / "bundle"
    assert main(["run", str(seeds_dir), "--out", str(bundle), "--codes", *codes, "-q"]) == 0
    assert (bundle / "tables" / "validation_agreement.csv").is_file()
    assert "## Validation against human coding" in (bundle / "report.md").read_text(encoding="utf-8")
    manifest = (bundle / "manifest.json").read_text(encoding="utf-8")
    assert '"a.csv"' in manifest and '"b.csv"' in manifest


def test_run_with_a_file_as_cache_one_line_exit_2_nothing_written(seeds_dir, tmp_path) -> None:
    (tmp_path / "cache.txt").write_text("hi", encoding="utf-8")
    out = tmp_path / "bundle"
    proc = run_cli("run", str(seeds_dir), "--out", str(out), "--cache", str(tmp_path / "cache.txt"), "-q")
    assert proc.returncode == 2 and proc.stderr.count("\n") == 1 and "Traceback" not in proc.stderr
    assert "must be a folder" in proc.stderr and not out.exists()


def test_a_file_the_system_refuses_is_one_line_and_leaves_nothing(seeds_dir, tmp_path, monkeypatch, capsys) -> None:
    import errno

    def full(self, path, *args, **kwargs):
        with open(path, "w", encoding="utf-8") as f:
            f.write("doc_id,")
        raise OSError(errno.ENOSPC, "No space left on device", str(path))

    monkeypatch.setattr(pd.DataFrame, "to_csv", full)
    assert main(["corpus", str(seeds_dir), "--csv", str(tmp_path / "docs.csv")]) == 2
    err = capsys.readouterr().err.splitlines()
    assert err[-1].startswith("framing corpus: error: ") and "No space left on device; fix: " in err[-1]
    assert list(tmp_path.iterdir()) == []
