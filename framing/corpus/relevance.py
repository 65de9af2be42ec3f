"""Topic relevance of articles from a topic lexicon (``lexicons/topic.toml``)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from framing.errors import LexiconError
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
    """Read a topic lexicon (default: the bundled ``lexicons/topic.toml``)."""
    return _load(str(Path(path) if path else lexicon_file("topic.toml")))


def _load(path: str) -> Topic:
    data = read_toml(path, "topic")
    terms = data.get("terms")
    if not isinstance(terms, dict) or not terms:
        raise LexiconError(f"{path}: no [terms] table; fix: add [terms] with \"term\" = weight lines")
    for term, weight in terms.items():
        if not term.strip():
            raise LexiconError(f"{path}: empty topic term; fix: remove it")
        if not isinstance(weight, int | float) or weight <= 0:
            raise LexiconError(f"{path}: term {term!r} has weight {weight!r}; fix: a positive number")
    return Topic(
        name=str(data.get("name", "")),
        terms={k: float(v) for k, v in terms.items()},
        min_relevance=float(data.get("min_relevance", 2.0)),
        min_hits=float(data.get("min_hits", 3)),
        version=str(data.get("version", "")),
        path=path,
    )
