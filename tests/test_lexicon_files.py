"""A lexicon folder as a whole: every rule file is read, checked and used, or comes from the
defaults; a broken one is one line naming file, line and fix."""

from __future__ import annotations

import hashlib
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest

from framing.cli import main
from framing.errors import LexiconError
from framing.lexicon import (
    RULE_FILES,
    check_lexicon_files,
    check_lexicons,
    default_lexicons,
    load_lexicons,
)
from framing.paths import lexicon_dir

ROOT = Path(__file__).resolve().parent.parent


def run_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "framing.cli", *args], capture_output=True, text=True, timeout=300)


# --- a folder needs no frames.toml -------------------------------------------------------------


def test_a_folder_without_frames_takes_them_from_the_defaults(tmp_path) -> None:
    tone = (lexicon_dir() / "tone.toml").read_text(encoding="utf-8")
    (tmp_path / "tone.toml").write_text(tone.replace('version = "', 'version = "mine-', 1), encoding="utf-8")
    lex = load_lexicons(tmp_path)
    assert lex.frame_ids == default_lexicons().frame_ids
    assert Path(lex.paths["frames"]) == lexicon_dir() / "frames.toml"
    assert Path(lex.paths["tone"]) == tmp_path / "tone.toml" and lex.versions["tone"].startswith("mine-")
    checks = {c.key: c for c in check_lexicon_files(tmp_path)}
    assert set(checks) == set(RULE_FILES)
    assert checks["tone"].own and not checks["frames"].own and not any(c.problems for c in checks.values())
    assert str(checks["frames"]) == "frames.toml: ok (not in the folder: the default is used)"
    assert str(checks["tone"]) == "tone.toml: ok (your file)"


def test_lexicon_check_lists_every_file_and_whose_it_is(tmp_path, capsys) -> None:
    (tmp_path / "stopwords.txt").write_text("的\n了\n", encoding="utf-8")
    assert main(["lexicon", "check", str(tmp_path)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[-1] == f"{tmp_path}: ok"
    assert "stopwords.txt: ok (your file)" in out
    for name in RULE_FILES.values():
        if name != "stopwords.txt":
            assert f"{name}: ok (not in the folder: the default is used)" in out


# --- stopwords ----------------------------------------------------------------------------------


def test_your_stopwords_are_used_by_keyness_and_named_in_the_manifest(tmp_path) -> None:
    from framing.comparison.compare import compare
    from framing.report.bundle import _lexicon_files
    from tests.test_compare import make_scored

    scored = make_scored({"甲": {"threat": 0.6}, "乙": {"opportunity": 0.6}}, sentences=60, seed=2)
    scored.lexicons = default_lexicons()
    top = compare(scored, n_boot=0, robustness=False, models=False).keyness
    term = top.loc[top["outlet"] == "甲", "term"].iloc[0]  # the most distinctive term of 甲
    words = (lexicon_dir() / "stopwords.txt").read_text(encoding="utf-8") + f"\n{term}\n"
    (tmp_path / "stopwords.txt").write_text(words, encoding="utf-8")
    scored.lexicons = load_lexicons(tmp_path)
    assert term in scored.lexicons.stopwords
    key = compare(scored, n_boot=0, robustness=False, models=False).keyness
    assert term not in set(key["term"]) and len(key)
    files = {f["file"]: f for f in _lexicon_files(SimpleNamespace(lexicons=scored.lexicons), None, tmp_path)}
    assert files["stopwords.txt"]["source"] == "user" and files["stopwords.txt"]["folder"] == tmp_path.name
    assert files["stopwords.txt"]["sha256"] == hashlib.sha256(words.encode("utf-8")).hexdigest()
    assert files["frames.toml"]["source"] == "default"


def test_the_default_stopwords_are_the_bundled_list() -> None:
    from framing.comparison.keyness import default_stopwords

    assert set(default_lexicons().stopwords) == default_stopwords()


# --- broken files: file, line, fix --------------------------------------------------------------


def test_a_malformed_sources_file_names_the_line(tmp_path) -> None:
    bundled = (lexicon_dir() / "sources.toml").read_text(encoding="utf-8")
    lines = bundled.splitlines()
    at = next(i for i, line in enumerate(lines) if line.startswith("long_chars"))
    lines[at] = "long_chars = = 15"
    (tmp_path / "sources.toml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(LexiconError, match=rf"sources.toml:{at + 1}: TOML syntax error: .*; fix: correct the syntax"):
        load_lexicons(tmp_path)
    lines[at] = 'long_chars = "fifteen"'
    (tmp_path / "sources.toml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(LexiconError, match=rf"sources.toml:{at + 1}: \[quotes\] long_chars: needs a whole number"):
        load_lexicons(tmp_path)
    del lines[at]
    (tmp_path / "sources.toml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    header = lines.index("[quotes]") + 1
    with pytest.raises(LexiconError, match=rf"sources.toml:{header}: \[quotes\] has no 'long_chars'; fix: add"):
        load_lexicons(tmp_path)


def test_a_sources_file_without_surnames_is_a_lexicon_error(tmp_path) -> None:
    from framing.scoring.sources import load_source_lexicon

    text = (lexicon_dir() / "sources.toml").read_text(encoding="utf-8")
    start = text.index('surnames = """')
    end = text.index('"""', start + 14) + 3
    (tmp_path / "sources.toml").write_text(text[:start] + 'surnames = ""' + text[end:], encoding="utf-8")
    with pytest.raises(LexiconError, match=r"sources.toml:\d+: \[speakers.names\] surnames holds no Chinese"):
        load_source_lexicon(tmp_path / "sources.toml")


def test_a_run_with_a_broken_sources_file_stops_before_reading(tmp_path) -> None:
    (tmp_path / "lex").mkdir()
    (tmp_path / "lex" / "sources.toml").write_text("[quotes]\npairs = [[\n", encoding="utf-8")
    proc = run_cli("run", str(ROOT / "seeds"), "--lexicons", str(tmp_path / "lex"), "--out", str(tmp_path / "out"))
    assert proc.returncode == 2 and proc.stderr.count("\n") == 1 and "Traceback" not in proc.stderr
    assert "sources.toml:" in proc.stderr and "fix:" in proc.stderr
    assert not (tmp_path / "out").exists()


def test_a_vocabulary_that_is_not_utf8_names_the_line(tmp_path) -> None:
    (tmp_path / "vocabulary.txt").write_bytes("文生视频\n大模型\n".encode() + "视频生成\n".encode("gb18030"))
    with pytest.raises(LexiconError, match=r"vocabulary.txt:3: the file is not UTF-8; fix: save it as UTF-8"):
        load_lexicons(tmp_path)


def test_lexicon_check_reads_every_rule_file(tmp_path) -> None:
    for name in ("debris.toml", "outlets.toml", "topic.toml"):
        (tmp_path / name).write_text('version = "1"\n[broken\n', encoding="utf-8")
    (tmp_path / "stopwords.txt").write_bytes(b"\xff\xfe\n")
    (tmp_path / "sources.toml").write_text("[quotes]\n", encoding="utf-8")
    problems = check_lexicons(tmp_path)
    for name in ("debris.toml", "outlets.toml", "topic.toml", "stopwords.txt", "sources.toml"):
        assert any(name in p and "fix:" in p for p in problems), name
    proc = run_cli("lexicon", "check", str(tmp_path))
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert "frames.toml: ok (not in the folder: the default is used)" in proc.stdout
    assert "debris.toml: 1 problem(s) (your file)" in proc.stdout
    assert "stopwords.txt:1: the file is not UTF-8" in proc.stdout


def test_a_reading_rule_file_alone_is_checked_as_reading_loads_it(tmp_path, capsys) -> None:
    """``framing lexicon check topic.toml`` (what the topic file's header advises) checks a
    topic file, not a frames file; so for debris, outlets and the gazetteer."""
    for name in ("topic.toml", "debris.toml", "outlets.toml", "outlets_gazetteer.csv"):
        assert main(["lexicon", "check", str(lexicon_dir() / name)]) == 0
        assert capsys.readouterr().out.strip().endswith(f"{name}: ok")
    # a topic file of another name is known by its [terms]; every problem is listed
    mine = tmp_path / "sora_story.toml"
    mine.write_text('name = "x"\n[terms]\n"Sora" = 0\n[[pair]]\nleft = ["AI"]\nright = []\nweight = 1\n', encoding="utf-8")
    assert main(["lexicon", "check", str(mine)]) == 2
    out = capsys.readouterr().out
    assert "term 'Sora' has weight 0" in out and "right is not a list of words" in out
    assert "frames" not in out
