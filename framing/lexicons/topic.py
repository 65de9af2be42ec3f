"""Topic relevance of articles from a topic lexicon (``lexicons/topic.toml``)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from framing.errors import LexiconError
from framing.lexicons.patterns import Problem, TomlLines, raise_first
from framing.paths import lexicon_file, read_toml


@dataclass(frozen=True)
class Topic:
    """Topic terms with weights and the thresholds an article must reach to be kept."""

    name: str
    terms: dict[str, float]
    min_relevance: float
    min_hits: float
    version: str
    path: str = ""

    def score(self, text: str) -> tuple[float, float]:
        """(relevance per 1,000 characters, weighted hits) of ``text``."""
        if not text:
            return 0.0, 0.0
        pattern, weights = _compile(tuple(self.terms.items()))
        hits = sum(weights[m.group(0).casefold()] for m in pattern.finditer(text))
        return round(1000 * hits / len(text), 3), round(hits, 3)

    def is_on_topic(self, relevance: float, hits: float) -> bool:
        """True when both thresholds are reached."""
        return relevance >= self.min_relevance and hits >= self.min_hits


@lru_cache(maxsize=16)
def _compile(items: tuple[tuple[str, float], ...]) -> tuple[re.Pattern[str], dict[str, float]]:
    # One alternation, longest terms first: a match is never also counted inside a longer
    # one ("视频大模型" is not a second hit for "大模型").
    terms = sorted((t for t, _ in items), key=len, reverse=True)
    pattern = re.compile("|".join(re.escape(t) for t in terms), re.I)
    return pattern, {t.casefold(): w for t, w in items}


def load_topic(path: str | Path | None = None) -> Topic:
    """Read and validate a topic lexicon (default: the bundled ``lexicons/topic.toml``).

    Raises ``LexiconError`` with the first problem that :func:`check_topic` reports.
    """
    path = str(Path(path) if path else lexicon_file("topic.toml"))
    topic, problems = _parse(path)
    raise_first(problems, path)
    assert topic is not None
    return topic


def check_topic(path: str | Path) -> list[str]:
    """Every problem of a topic file, as ``FILE:LINE: problem; fix: ...`` lines.

    Checks the ``[terms]`` table (non-empty terms, positive weights) and the thresholds.
    Terms are plain text, matched literally, so no term can be a runaway pattern. An
    empty list means the file loads.
    """
    try:
        _, problems = _parse(str(path))
    except LexiconError as err:
        return [str(err)]
    return [str(p) for p in problems]


_TOPIC_KEYS = {"version", "name", "min_relevance", "min_hits", "terms"}


def _parse(path: str) -> tuple[Topic | None, list[Problem]]:
    data = read_toml(path, "topic")
    lines = TomlLines(Path(path).read_text(encoding="utf-8"))
    problems: list[Problem] = []
    for key in sorted(set(data) - _TOPIC_KEYS):
        problems.append(Problem(path, lines.top(key), f"unknown key {key!r}", f"use one of {sorted(_TOPIC_KEYS)}"))
    thresholds: dict[str, float] = {}
    for key, default in (("min_relevance", 2.0), ("min_hits", 3)):
        value = data.get(key, default)
        if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
            problems.append(Problem(path, lines.top(key), f"{key} = {value!r} is not a number >= 0", f"e.g. {key} = {default}"))
            value = default
        thresholds[key] = float(value)
    terms = data.get("terms")
    if not isinstance(terms, dict) or not terms:
        problems.append(Problem(path, 1, "no [terms] table", 'add [terms] with "term" = weight lines'))
        terms = {}
    for term, weight in terms.items():
        line = lines.quoted(term) if term.strip() else lines.top("terms")
        if not term.strip():
            problems.append(Problem(path, line, "empty topic term", "remove it"))
        elif isinstance(weight, bool) or not isinstance(weight, int | float) or weight <= 0:
            problems.append(Problem(path, line, f"term {term!r} has weight {weight!r}", "a positive number"))
    if problems:
        return None, problems
    return Topic(
        name=str(data.get("name", "")),
        terms={k: float(v) for k, v in terms.items()},
        min_relevance=thresholds["min_relevance"],
        min_hits=thresholds["min_hits"],
        version=str(data.get("version", "")),
        path=path,
    ), []
