"""Topic relevance of articles from a topic lexicon (``lexicons/topic.toml``)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from framing.lexicons.patterns import Problem, check_rule_file, load_rule_file, open_rule_file


@dataclass(frozen=True)
class Topic:
    """Topic terms with weights and the thresholds an article must reach to be kept.

    Attributes
    ----------
    name, version, path:
        The lexicon's name, version and file ("" for one built in memory).
    terms:
        Term -> weight; terms are matched literally, case-insensitively.
    min_relevance:
        Weighted hits per 1,000 characters an article needs.
    min_hits:
        Weighted hits an article needs.
    """

    name: str
    terms: dict[str, float]
    min_relevance: float
    min_hits: float
    version: str
    path: str = ""

    def score(self, text: str) -> tuple[float, float]:
        """How much of a text is about the topic.

        Parameters
        ----------
        text : str
            An article's text.

        Returns
        -------
        relevance : float
            Weighted hits per 1,000 characters (0 for an empty text), to 3 decimals.
        hits : float
            The weights of every term found, summed (a term inside a longer term found
            there is not counted again), to 3 decimals.
        """
        if not text:
            return 0.0, 0.0
        pattern, weights = _compile(tuple(self.terms.items()))
        hits = sum(weights[m.group(0).casefold()] for m in pattern.finditer(text))
        return round(1000 * hits / len(text), 3), round(hits, 3)

    def is_on_topic(self, relevance: float, hits: float) -> bool:
        """Whether an article is kept as on topic.

        Parameters
        ----------
        relevance, hits : float
            The article's :meth:`score`.

        Returns
        -------
        bool
            True when both reach their thresholds (``min_relevance``, ``min_hits``).
        """
        return relevance >= self.min_relevance and hits >= self.min_hits


@lru_cache(maxsize=16)
def _compile(items: tuple[tuple[str, float], ...]) -> tuple[re.Pattern[str], dict[str, float]]:
    # One alternation, longest terms first: a match is never also counted inside a longer
    # one ("视频大模型" is not a second hit for "大模型").
    terms = sorted((t for t, _ in items), key=len, reverse=True)
    pattern = re.compile("|".join(re.escape(t) for t in terms), re.I)
    return pattern, {t.casefold(): w for t, w in items}


def load_topic(path: str | Path | None = None) -> Topic:
    """Read and validate a topic lexicon.

    Parameters
    ----------
    path : str, Path or None
        A ``topic.toml`` (None: the bundled lexicon of the study's topic).

    Returns
    -------
    Topic
        Its weighted terms and the two relevance thresholds.

    Raises
    ------
    LexiconError
        With the first problem :func:`check_topic` finds: an unreadable file, an empty
        term, a weight or threshold that is not a number.
    """
    return load_rule_file(_parse, path, "topic.toml")


def check_topic(path: str | Path) -> list[str]:
    """What is wrong with a topic file: its ``[terms]`` table (non-empty terms, positive
    weights) and its thresholds.

    Terms are plain text, matched literally, so no term can be a runaway pattern.

    Parameters
    ----------
    path : str or Path
        The topic lexicon to check.

    Returns
    -------
    list of str
        Its problems as ``FILE:LINE: problem; fix: ...``; empty when it loads.
    """
    return check_rule_file(_parse, path)


_TOPIC_KEYS = {"version", "name", "min_relevance", "min_hits", "terms"}


def _parse(path: str) -> tuple[Topic | None, list[Problem]]:
    data, lines, problems = open_rule_file(path, "topic", _TOPIC_KEYS)
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
