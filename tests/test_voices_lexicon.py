"""The compiled sources lexicon: lists that may be empty match nowhere (not everywhere), a
sources file is recognised on its own, and `framing lexicon check FILE` checks it as voice
attribution reads it."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from framing.cli import main
from framing.paths import lexicon_dir
from framing.scoring.voices import attribute_voices, is_sources_file, load_source_lexicon

BUNDLED = (lexicon_dir() / "sources.toml").read_text(encoding="utf-8")


def write(tmp_path, text: str, name: str = "sources.toml"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def emptied(key: str) -> str:
    """The bundled file with the list ``key`` (the first one of that name) emptied."""
    text, n = re.subn(rf"\n{key} = \[.*?\n?\]", f"\n{key} = []", BUNDLED, count=1, flags=re.S)
    assert n == 1, key
    return text


@pytest.mark.parametrize(
    ("key", "pattern"),
    [("known", "org_re"), ("nouns", "nouns_re"), ("words", "title_word_re"), ("words", "title_at_re")],
)
def test_an_empty_list_matches_nowhere(tmp_path, key, pattern) -> None:
    lex = load_source_lexicon(write(tmp_path, emptied(key)))
    rx = getattr(lex, pattern)
    for text in ("", "OpenAI称", "业内人士的看法:", "教授张三表示", "的答案"):
        assert rx.search(text) is None, (pattern, text)


def test_without_known_organisations_no_empty_speaker_is_made(tmp_path) -> None:
    """An empty list of organisations once matched the empty string before every verb: the
    sentence voiced a speaker with no name."""
    sentences = pd.DataFrame({"doc_id": "a#1", "sent_id": [1, 2], "text": ["OpenAI称,成本会下降。", "谷歌公司表示,它会跟进。"]})
    voices, speakers = attribute_voices(sentences, lexicon_path=write(tmp_path, emptied("known")))
    # OpenAI is neither a known organisation now nor ends in an organisation suffix: the
    # journalist's; 谷歌公司 ends in 公司, an organisation by its suffix
    assert voices["voice"].tolist() == ["journalist", "source"]
    assert voices["speaker"].tolist() == ["", "谷歌公司"]
    assert speakers[["speaker", "kind"]].values.tolist() == [["谷歌公司", "organisation"]]


def test_without_compound_surnames_names_still_need_a_surname(tmp_path) -> None:
    lex = load_source_lexicon(write(tmp_path, emptied("compound_surnames")))
    assert lex.title_name_re.search("教授张三") is not None  # 张 is a surname
    assert lex.title_name_re.search("教授甲乙") is None  # 甲 is none, and no compound one is empty


def test_is_sources_file(tmp_path) -> None:
    assert is_sources_file(lexicon_dir() / "sources.toml")
    assert not is_sources_file(lexicon_dir() / "frames.toml")
    assert not is_sources_file(lexicon_dir() / "tone.toml")
    assert not is_sources_file(lexicon_dir())
    assert is_sources_file(write(tmp_path, BUNDLED, "my_voices.toml"))  # by what it holds
    assert is_sources_file(write(tmp_path, "[quotes\n", "sources.toml"))  # by its name, even broken
    assert not is_sources_file(write(tmp_path, "[quotes\n", "other.toml"))
    assert not is_sources_file(write(tmp_path, "梅涛\n", "words.txt"))
    assert not is_sources_file(tmp_path / "missing.toml")


def test_lexicon_check_of_a_sources_file(tmp_path, capsys) -> None:
    good = write(tmp_path, BUNDLED, "my_voices.toml")
    assert main(["lexicon", "check", str(good)]) == 0
    assert capsys.readouterr().out == f"{good}: ok\n"
    text = BUNDLED.replace("max_gap = 2", "max_gaps = 2")
    bad = write(tmp_path, text)
    line = next(no for no, s in enumerate(text.splitlines(), start=1) if s.startswith("max_gaps"))
    header = text.splitlines().index("[continuation]") + 1
    assert main(["lexicon", "check", str(bad)]) == 2
    out = capsys.readouterr()
    assert out.out.splitlines() == [
        f"{bad}:{line}: unknown key 'max_gaps' in [continuation]; fix: use one of markers, colon_fragment_chars, "
        "max_gap (check the spelling)",
        f"{bad}:{header}: [continuation] has no 'max_gap'; fix: add max_gap = ... (compare with the bundled "
        "sources.toml)",
    ]
    assert out.err == f"2 problem(s) in {bad}\n"


def test_lexicon_check_of_a_folder_with_a_broken_sources_file(tmp_path, capsys) -> None:
    text = BUNDLED.replace('{ name = "百度", role = "industry" }', '{ name = "百度", role = "search" }')
    path = write(tmp_path, text)
    line = next(no for no, s in enumerate(text.splitlines(), start=1) if '"百度"' in s)
    assert main(["lexicon", "check", str(tmp_path)]) == 2
    out = capsys.readouterr().out
    assert "sources.toml: 1 problem(s) (your file)" in out
    assert f"  {path}:{line}: [organisations] known: '百度' has role 'search', which [roles] order does not list" in out
