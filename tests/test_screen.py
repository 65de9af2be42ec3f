"""The rule screen of cleaning: the rules it skips cannot match, so the first rule that
matches is the one the ordered loop finds; and the faster line normalisation."""

from __future__ import annotations

import pickle
import re
from pathlib import Path

import pytest
import regex
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from framing.corpus.normalize import (
    _WIDTH,
    _ZERO_WIDTH,
    _page_to_simplified,
    clean_lines,
    load_debris_rules,
    normalize_line,
    to_simplified,
)
from framing.corpus.patterns import GuardedPattern, compile_rule
from framing.corpus.screen import Condition, RuleScreen, Term, condition
from framing.errors import LexiconError
from framing.lexicons import patterns

ROOT = Path(__file__).resolve().parent.parent
PROPS = settings(max_examples=300, deadline=None, derandomize=True, database=None,
                 suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])


def compiled(pattern: str) -> regex.Pattern:
    return regex.compile(pattern, regex.VERSION0)


def guarded(pattern: str, guard: bool = False) -> GuardedPattern:
    return GuardedPattern(compiled(pattern), f"rule {pattern}", guard)


def loop(pats: list[GuardedPattern], text: str) -> tuple[int, tuple[int, int]] | None:
    """The ordered first-rule-wins loop the screen stands in for."""
    for i, p in enumerate(pats):
        m = p.search(text)
        if m is not None:
            return i, m.span()
    return None


# --- random patterns and texts ----------------------------------------------------------------

CHARS = "ab报料记者摄1:： "
LEAVES = st.one_of(
    st.sampled_from(list(CHARS)).map(re.escape),
    st.sampled_from(["[ab]", "[^a]", "[报料]", r"\d", r"\s", r"\S", ".", "[a-c]", "[:：]", r"\b", "^", "$",
                     "报料", "记者", "[[:digit:]]", "[a[:digit:]]", r"\p{Han}", "(?i:A)", "(?=a)", "(?!b)",
                     "(?<=报)", r"(a)\1", r"(?P<n>料)(?P=n)"]),
)


def _grow(children: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return st.one_of(
        st.tuples(children, children).map("".join),
        st.tuples(children, children).map(lambda t: f"(?:{t[0]}|{t[1]})"),
        st.tuples(children, children).map(lambda t: f"{t[0]}|{t[1]}"),
        st.tuples(children, st.sampled_from(["*", "+", "?", "{2}", "{2,3}", "{0,2}", "{1,}", "+?", "{e<=1}"])).map(
            lambda t: f"(?:{t[0]}){t[1]}"
        ),
        children.map(lambda c: f"({c})"),
        children.map(lambda c: f"(?={c})"),
        children.map(lambda c: f"(?!{c})"),
        children.map(lambda c: f"(?>{c})"),
        children.map(lambda c: f"^{c}$"),
        children.map(lambda c: f"(?i){c}"),
    )


PATTERNS = st.recursive(LEAVES, _grow, max_leaves=6)
TEXTS = st.text(alphabet=CHARS + "A\n", max_size=14)


def compiles(pattern: str) -> bool:
    try:
        compiled(pattern)
    except (regex.error, ValueError, OverflowError):
        return False
    return True


@PROPS
@given(pattern=PATTERNS.filter(compiles), texts=st.lists(TEXTS, min_size=1, max_size=6))
def test_condition_admits_every_text_the_pattern_matches(pattern: str, texts: list[str]) -> None:
    cond = condition(compiled(pattern))
    for text in texts:
        if compiled(pattern).search(text) is not None:
            assert cond.admits(text), (pattern, text, cond)


@PROPS
@given(rules=st.lists(PATTERNS.filter(compiles), min_size=1, max_size=4), texts=st.lists(TEXTS, min_size=1, max_size=6))
def test_screen_finds_the_rule_the_ordered_loop_finds(rules: list[str], texts: list[str]) -> None:
    pats = [guarded(p) for p in rules]
    screen = RuleScreen(pats)
    for text in texts:
        found = screen.first(text)
        assert (None if found is None else (found[0], found[1].span())) == loop(pats, text), (rules, text)


# --- hand-made rules --------------------------------------------------------------------------


def terms(pattern: str) -> list[tuple[list[list[str]], int]]:
    cond = condition(compiled(pattern))
    assert not cond.always, pattern
    return [([sorted(c) for c in t.clauses], t.max_len) for t in cond.terms]


def test_strings_a_rule_needs() -> None:
    assert terms("报料(?:有奖|热线)|^\\S{0,12}报料[:：]") == [([["报料有奖", "报料热线"]], -1), ([["报料:", "报料："]], -1)]
    # both parts of a sequence are needed; the more selective part comes first
    assert terms("(?:下载|打开).{0,12}(?:APP|客户端)") == [([["下载", "打开"], ["APP", "客户端"]], -1)]
    # an optional part needs nothing; a repeated one needs at least itself
    assert terms("记者\\s*\\S{1,12}\\s*摄(?:影)?") == [([["记者"], ["摄"]], -1)]
    assert terms("(?:ab)+") == [([["ab"]], -1)]
    assert terms("^[-—]{3,}$") == [([sorted(a + b + c for a in "-—" for b in "-—" for c in "-—")], -1)]
    # a look-ahead's text is in the text too; a negative one says nothing
    assert terms("(?=报料)\\S+") == [([["报料"]], -1)]
    assert terms("(?<=报.{0,3})料") == [([["料"], ["报"]], -1)]
    assert condition(compiled("(?!报料)\\S+")).always


def test_anchored_rules_have_a_longest_text() -> None:
    assert terms("^\\d{1,6}$") == [([], 7)]  # '$' also matches before a final newline
    assert terms("^\\d{1,6}\\Z") == [([], 6)]
    assert terms("^\\d{1,2}[:：]\\d{2}$") == [([[":", "："]], 6)]
    # the parser moves the shared '^' out of the alternatives; each keeps it
    assert terms("^\\d{1,6}$|^打开\\S+") == [([], 7), ([["打开"]], -1)]
    assert terms("(?:^\\d{2}|^更多)$") == [([], 3), ([["更多"]], 3)]
    assert condition(compiled("^\\d+$")).always  # no bound, no string


def test_rules_with_backreferences_and_named_groups() -> None:
    assert terms("(报料)\\1") == [([["报料"]], -1)]
    assert terms("(?P<x>记者)\\s*(?P=x)") == [([["记者"]], -1)]
    assert condition(compiled("(a)?b?\\1")).always  # a back-reference alone needs nothing known


@pytest.mark.parametrize("pattern, text", [
    ("(?i)sora", "SORA"),                 # a global flag: not analysed
    ("(?i:sora)发布", "SORA发布"),           # a scoped flag: not analysed
    ("(?x) s o r a", "sora"),             # verbose: spaces are not characters
    ("[[:digit:]]{2}", "12"),             # a POSIX class of regex, characters to re
    ("[a[:digit:]]", "5"),                # the same inside a set: re reads no class here
    ("(?:报料){e<=1}", "报名"),               # a fuzzy match of regex, characters to re
    ("\\p{Han}{2}", "报料"),                # a property re does not know
    ("(?<n>报)料", "报料"),                  # a named group the way re does not write it
])
def test_patterns_python_reads_otherwise_are_always_tried(pattern: str, text: str) -> None:
    assert compiled(pattern).search(text) is not None
    assert condition(compiled(pattern)) == Condition(always=True)
    screen = RuleScreen([guarded("zzz"), guarded(pattern)])
    assert screen.first(text)[0] == 1


def test_the_first_rule_in_order_wins() -> None:
    # the second rule's string comes earlier in the text; the first rule still wins
    pats = [guarded("如需转载"), guarded("报料"), guarded("^\\d{1,6}$")]
    screen = RuleScreen(pats)
    assert screen.first("报料热线，如需转载请联系")[0] == 0
    assert screen.first("报料热线")[0] == 1
    assert screen.first("123456")[0] == 2
    assert screen.first("1234567") is None  # longer than the anchored rule allows
    assert screen.candidates("今天的天气很好啊") == 0  # no rule is run at all


def test_term_and_condition_semantics() -> None:
    term = Term((frozenset({"记者"}), frozenset({"摄"})), max_len=10)
    assert term.admits("记者张三摄") and not term.admits("记者张三") and not term.admits("记者张三摄" * 3)
    assert Condition(always=True).admits("") and not Condition((term,)).admits("")


def test_strings_outside_the_basic_plane() -> None:
    pats = [guarded("\U00020000\U00020001"), guarded("𠀀")]
    screen = RuleScreen(pats)
    assert screen.first("前\U00020000\U00020001后")[0] == 0
    assert screen.first("前𠀀后")[0] == 1 and screen.first("前后") is None


@pytest.fixture
def short_timeout(monkeypatch):
    monkeypatch.setattr(patterns, "PATTERN_TIMEOUT", 0.05)


def test_a_runaway_user_rule_is_named_when_it_is_run(short_timeout) -> None:
    rule, problem = compile_rule("^(?:前|后)缀(a|a)+$", "[[line]] entry 1 (x)", "debris.toml", 3)
    assert problem is None and rule.guarded
    screen = RuleScreen([guarded("报料"), rule])
    with pytest.raises(LexiconError, match=r"debris\.toml:3: \[\[line\]\] entry 1 \(x\): pattern .* did not finish"):
        screen.first(f"前缀{'a' * 40}b")
    # a text without 缀 cannot match the rule, so it is not run there
    assert screen.first(f"前{'a' * 40}b") is None


def test_screens_survive_pickling() -> None:
    rules = load_debris_rules()
    again = pickle.loads(pickle.dumps(rules))
    text = "（责任编辑：王某）"
    assert again.screens["line"].first(text)[0] == rules.screens["line"].first(text)[0]
    assert again == rules


# --- cleaning with and without the screen ------------------------------------------------------

PAGES = sorted((ROOT / "tests" / "data" / "pages").glob("*.page")) + sorted((ROOT / "seeds").glob("*.txt"))


def snapshot(text: str, rules) -> list[tuple]:
    return [(x.index, x.original, x.text, list(x.removed), x.meta) for x in clean_lines(text, rules)]


def test_cleaning_is_the_same_as_trying_every_rule(monkeypatch) -> None:
    assert len(PAGES) > 40
    texts = [p.read_text(encoding="utf-8") for p in PAGES]
    texts.append("".join(texts[:8]).replace("\n", ""))  # pages stored on one line: sentence by sentence
    rules = load_debris_rules()
    fast = [snapshot(t, rules) for t in texts]
    monkeypatch.setattr(RuleScreen, "candidates", lambda self, text: (1 << len(self.patterns)) - 1)
    assert [snapshot(t, rules) for t in texts] == fast
    assert sum(len(x[3]) for page in fast for x in page) > 200  # the pages do hold debris


# --- normalisation ------------------------------------------------------------------------------

_SPACES = re.compile(r"[\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000\t]+")


def two_steps(line: str) -> str:
    """Line normalisation as two translations and two substitutions."""
    line = line.translate(_ZERO_WIDTH).translate(_WIDTH)
    line = _SPACES.sub(" ", line)
    return re.sub(" {2,}", " ", line).strip()


SPACEY = st.text(alphabet=st.sampled_from(
    [" ", "\t", "\u3000", "\u00a0", "\u2003", "\u200b", "\ufeff", "\x00", "\x0b", "\x85", "\x9f", "\u2028",
     "Ｓ", "ｏ", "０", "９", "Ｚ", "：", "中", "a", "1"]
), max_size=16)


@settings(PROPS, max_examples=500)
@given(line=SPACEY)
def test_normalize_line_is_the_two_step_normalisation(line: str) -> None:
    assert normalize_line(line) == two_steps(line)


def test_a_page_converted_at_once_equals_line_by_line() -> None:
    lines = ["誰是中國版Sora", "", "發佈後纔開始", "面對Sora帶來的挑戰", "乾坤", "", "頭髮"]
    assert _page_to_simplified(lines) == [to_simplified(x) for x in lines]
    assert _page_to_simplified(["乾"]) == ["干"] and _page_to_simplified([]) == []
