"""Rules searched only next to the words their matches contain (framing.corpus.anchored).

The anchored search must give exactly what ``finditer`` and ``search`` give on the whole
text; the analysis of a pattern must be sound (every match holds one of the words and is
no longer than the width) and must give up on syntax it does not read.
"""

from __future__ import annotations

import random

import pytest
import regex

from framing.corpus.anchored import AnchoredPattern, Anchors, anchors
from framing.corpus.outlet_rules import load_outlet_rules
from framing.corpus.outlets import outlet_candidates
from framing.corpus.patterns import GuardedPattern
from framing.errors import LexiconError
from framing.lexicons import patterns
from framing.paths import lexicon_file

M = regex.MULTILINE | regex.VERSION0


def guarded(pattern: str, flags: int = M, guard: bool = False) -> GuardedPattern:
    return GuardedPattern(regex.compile(pattern, flags), "test.toml:1: rule", guard)


def spans(matches) -> list[tuple]:
    return [(m.span(), m.groups(), m.groupdict()) for m in matches]


# --- the analysis ------------------------------------------------------------------------


@pytest.mark.parametrize(("pattern", "words", "width"), [
    # the bundled text formula: a name of 2..16, then one of two words
    (r"(?P<name>[\u4e00-\u9fffA-Za-z0-9]{2,16})(?:记者|报道称)", ("记者", "报道称"), 16 + 3),
    ("abc", ("abc",), 3),
    ("a|bc", ("a", "bc"), 2),
    # adjacent literals join: 》 before each of the three words
    ("《(?P<name>[^》]{2,20})》(?:记者|报道|报社)", ("》报社", "》报道", "》记者"), 1 + 20 + 1 + 2),
    # an optional prefix: every match still holds 记者 (首席记者 contains it)
    ("(?:首席)?记者", ("记者",), 4),
    # look-arounds and anchors take no width and give no word
    ("(?<=本报)记者(?=[：:])", ("记者",), 2),
    ("^原标题[:：]$", ("原标题",), 4),
    ("(?:^|[\\s■])(?P<name>\\w{2,4}?)编辑", ("编辑",), 1 + 4 + 2),
    # escapes that stand for one character
    (r"\x41\u8bb0者\.", ("A记者.",), 4),
    ("\\n来源", ("\n来源",), 3),
    # a repeat of a word: the word; a short exact repeat: its strings
    ("(?:ab){2,3}", ("abab",), 6),
    ("x{2}y", ("xxy",), 3),
    # a lazy or possessive repeat matches the same strings
    ("[a-z]{1,3}?记者", ("记者",), 5),
    ("[a-z]{1,3}+记者", ("记者",), 5),
    # {,n}: none to n
    ("[a-z]{,3}记者", ("记者",), 5),
])
def test_anchors_of_a_pattern(pattern: str, words: tuple[str, ...], width: int) -> None:
    assert anchors(pattern, M) == Anchors(words, width)


@pytest.mark.parametrize("pattern", [
    "[a-z]+记者",  # no longest match
    "记者.*",
    "[a-z]{2,}记者",
    "[a-z]{2,5}",  # no literal word
    "a?b?",
    "记者|[a-z]",  # one branch has no word
    "(?=记者)[a-z]{2}",  # the word is looked at, not matched
    "(?i)sora",  # inline flags
    "(?i:sora)记",
    r"(a)\1",  # a back-reference
    r"\p{Han}{2}记者",  # a property
    "(?:记者){e<=1}",  # fuzzy matching
    "[[:alpha:]]记者",  # a POSIX class
    "[]a]记者",
    r"\K记者",
    "(?>ab)c",  # an atomic group
    "(?P=name)",
    "记者)",  # unbalanced
    "(记者",
    "[记者",
    "a{3,1}",
    "a**",
])
def test_patterns_not_read_are_searched_as_written(pattern: str) -> None:
    assert anchors(pattern, M) is None


def test_flags_that_change_literals_are_not_read() -> None:
    assert anchors("sora", M | regex.IGNORECASE) is None
    assert anchors("sora", M | regex.VERBOSE) is None
    assert anchors("sora", M | regex.DOTALL) == Anchors(("sora",), 4)


def test_a_long_alternation_is_not_read() -> None:
    words = [f"词{i:02d}" for i in range(40)]
    assert anchors("|".join(words), M) is None
    assert anchors("|".join(words[:32]), M) == Anchors(tuple(sorted(words[:32])), 3)


# --- the search --------------------------------------------------------------------------


CASES = [
    # (pattern, flags, text)
    (r"(?P<name>[\u4e00-\u9fffA-Za-z0-9]{2,16})(?:记者|报道称)", M,
     "新华社记者王某报道。据路透社报道称，央视新闻记者在现场。21世纪经济报道记者钟可欣、记者记者。"),
    # a word at the very start, and a match that needs the characters before the word
    (r"(?P<name>[a-z]{1,5})记者", M, "abc记者xyz记者记者q记者"),
    # overlapping words: every occurrence counts
    ("a{1,3}b", M, "aaaab aab b ab aaab"),
    ("(?:aa|ab)c", M, "aaac aabac abc"),
    # ^ and $ with MULTILINE: only at line starts and ends, also when tried mid-text
    ("^(?P<name>[^\\s]{2,6})记者$", M, "x本报记者\n本报记者\n 人民日报记者\n新华社记者\n"),
    ("^原标题[:：]", M, "原标题：一\n说原标题：二\n原标题:三"),
    # look-behind and look-ahead see the text outside the match
    ("(?<=本报)记者(?=[：:])", M, "本报记者：甲 他报记者：乙 本报记者 丙 本报记者:丁"),
    ("(?<![a-z])[a-z]{2}记者", M, "abc记者 xy记者 1ab记者"),
    # \b at the try
    (r"\b[a-z]{1,4}记", M, "abcd记 xabcd记 ab记"),
    # named and numbered groups
    ("(?P<who>[甲乙丙]{1,2})(说|称)(?P<what>[^。]{0,4})。", M, "甲乙说好的。丙称是。丁说不。"),
    # no word in the text; an empty text
    ("(?P<name>[a-z]{2,16})记者", M, "nothing here at all"),
    ("(?P<name>[a-z]{2,16})记者", M, ""),
    # DOTALL
    (".{0,3}记者", M | regex.DOTALL, "a\nb记者\n记者"),
]


@pytest.mark.parametrize(("pattern", "flags", "text"), CASES)
def test_anchored_search_equals_the_plain_scan(pattern: str, flags: int, text: str) -> None:
    plain = guarded(pattern, flags)
    fast = AnchoredPattern(plain)
    assert fast.anchors is not None
    assert spans(fast.finditer(text)) == spans(plain.finditer(text))
    first, want = fast.search(text), plain.search(text)
    assert (first and first.span(), first and first.groups()) == (want and want.span(), want and want.groups())


def test_first_case_finds_what_a_reader_would() -> None:
    # independent of the plain scan: the matches written out
    fast = AnchoredPattern(guarded(CASES[0][0]))
    found = [(m.group(0), m.group("name")) for m in fast.finditer(CASES[0][2])]
    assert found == [
        ("新华社记者", "新华社"), ("据路透社报道称", "据路透社"), ("央视新闻记者", "央视新闻"),
        ("21世纪经济报道记者", "21世纪经济报道"), ("记者记者", "记者"),
    ]


def test_patterns_not_read_fall_back_to_the_plain_scan() -> None:
    for pattern, text in [(r"(a)\1记者", "aa记者 ab记者"), ("(?i)sora", "SORA sora")]:
        plain = guarded(pattern)
        fast = AnchoredPattern(plain)
        assert fast.anchors is None
        assert spans(fast.finditer(text)) == spans(plain.finditer(text)) != []


def test_frequent_words_fall_back_to_one_scan(monkeypatch) -> None:
    plain = guarded("(?P<name>[a-z]{1,16})记者")
    fast = AnchoredPattern(plain)
    text = "ab记者" * 50
    tried = []
    real = plain.compiled
    monkeypatch.setattr(plain, "compiled", type("Spy", (), {
        "match": lambda self, *a, **k: tried.append(a) or real.match(*a, **k),
        "finditer": lambda self, *a, **k: real.finditer(*a, **k), "flags": real.flags, "pattern": real.pattern,
    })())
    assert len(fast.finditer(text)) == 50  # found by the plain scan ...
    assert tried == []  # ... not by trying each start
    assert len(fast.finditer("x" * 1000 + "ab记者")) == 1
    assert 1 <= len(tried) <= 17  # the starts before the one word


def test_random_texts_give_the_plain_matches() -> None:
    rng = random.Random(7)
    alphabet = "ab记者报道称社甲 \n。：《》"
    pats = [
        r"(?P<name>[a-z甲社]{1,4})(?:记者|报道称)", "《(?P<name>[^》]{1,5})》(?:记者|报道)", "^[ab]{0,2}记者",
        "(?<=甲)[ab]{1,3}社", "(?:ab|a)记", "记者[^。]{0,3}。", r"\b[ab]{2}报",
    ]
    for _ in range(300):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 60)))
        for p in pats:
            plain = guarded(p)
            assert spans(AnchoredPattern(plain).finditer(text)) == spans(plain.finditer(text)), (p, text)


def test_bundled_formulas_on_the_test_pages_and_seeds() -> None:
    rules = load_outlet_rules()
    texts = [p.read_text(encoding="utf-8") for p in sorted(lexicon_file("outlets.toml").parent.parent.joinpath("seeds").glob("*.txt"))]
    assert texts
    for f in rules.formulas:
        for text in texts:
            assert spans(f.scan.finditer(text)) == spans(f.pattern.finditer(text)), f.id
    assert any(f.scan.anchors is not None for f in rules.formulas if "text" in f.where)


def test_a_user_rule_that_runs_out_of_time_names_the_rule(tmp_path, monkeypatch) -> None:
    monkeypatch.setattr(patterns, "PATTERN_TIMEOUT", 0.05)
    (tmp_path / "outlets.toml").write_text(
        "[[formula]]\nid = 'slow'\npattern = '(?P<name>缀)(a|a){1,40}b'\nwhere = ['text']\nconfidence = 0.5\n",
        encoding="utf-8",
    )
    rules = load_outlet_rules(tmp_path / "outlets.toml")
    f = rules.formulas[0]
    assert f.scan.anchors is not None and f.pattern.guarded
    text = "前缀" + "a" * 40 + "c b"
    with pytest.raises(LexiconError, match=r"outlets\.toml:3: \[\[formula\]\] 1 \(slow\): pattern .* did not finish within 0\.05 s"):
        outlet_candidates("", text, "", "", rules)
