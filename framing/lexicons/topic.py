"""Topic relevance of articles from a topic lexicon (``lexicons/topic.toml``)."""

from __future__ import annotations

import math
import re
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from framing.lexicons.patterns import Problem, check_rule_file, load_rule_file, open_rule_file


@dataclass(frozen=True)
class Pair:
    """Two word lists that, found in one sentence, make a hit: an AI word beside a video
    medium (AI技术制作的动画, 人工智能生成的广告片) names the story where no single term does.

    Attributes
    ----------
    left, right:
        The words (plain text, case-insensitive); a sentence needs one of each.
    weight:
        What each such sentence adds to the hits (and to the core hits).
    """

    left: tuple[str, ...]
    right: tuple[str, ...]
    weight: float


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
    supporting:
        Term -> weight of a broader field (generative AI in general, for a story on
        generative video): they add to ``relevance`` and ``hits`` but cannot make an
        article on topic alone.
    min_core_hits:
        Weighted hits of ``terms`` and ``pairs`` (not ``supporting``) an article needs
        (0: none).
    pairs:
        :class:`Pair` rules, counted once per sentence that holds both sides.
    """

    name: str
    terms: dict[str, float]
    min_relevance: float
    min_hits: float
    version: str
    path: str = ""
    supporting: dict[str, float] = field(default_factory=dict)
    min_core_hits: float = 0.0
    pairs: tuple[Pair, ...] = ()

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
            there is not counted again; quotation marks are skipped, so that AI“复活” is
            the term AI复活), to 3 decimals.
        """
        relevance, hits, _ = self.score_parts(text)
        return relevance, hits

    def score_parts(self, text: str) -> tuple[float, float, float]:
        """:meth:`score` and the weighted hits of the core ``terms`` alone.

        Parameters
        ----------
        text : str
            An article's text.

        Returns
        -------
        relevance, hits : float
            As :meth:`score` gives them (``supporting`` terms included).
        core_hits : float
            The weights of the ``terms`` found and of the sentences a :class:`Pair` finds,
            summed (``supporting`` terms left out), to 3 decimals. ``hits`` counts the
            pairs too.
        """
        if not text:
            return 0.0, 0.0, 0.0
        pattern, weights, core = _compile(tuple(self.terms.items()), tuple(self.supporting.items()))
        # quotation marks inside a term do not hide it: AI“复活”古人, AI“魔改”视频
        bare = _NO_QUOTES.sub("", text)
        found = [m.group(0).casefold() for m in pattern.finditer(bare)]
        hits = sum(weights[t] for t in found)
        core_hits = sum(weights[t] for t in found if t in core)
        if self.pairs:
            # a sentence is the run between two sentence ends: a word's sentence is the
            # number of ends before it
            ends = [m.start() for m in _SENTENCE_END.finditer(bare)]
            for (left, right), pair in zip(_pair_patterns(self.pairs), self.pairs, strict=True):
                with_left = {bisect_right(ends, m.start()) for m in left.finditer(bare)}
                if with_left:
                    both = with_left & {bisect_right(ends, m.start()) for m in right.finditer(bare)}
                    hits += pair.weight * len(both)
                    core_hits += pair.weight * len(both)
        return round(1000 * hits / len(text), 3), round(hits, 3), round(core_hits, 3)

    def is_on_topic(self, relevance: float, hits: float, core_hits: float = math.inf) -> bool:
        """Whether an article is kept as on topic.

        Parameters
        ----------
        relevance, hits : float
            The article's :meth:`score`.
        core_hits : float
            Its weighted hits of the core terms (:meth:`score_parts`; not given: not
            checked).

        Returns
        -------
        bool
            True when all reach their thresholds (``min_relevance``, ``min_hits``,
            ``min_core_hits``).
        """
        return relevance >= self.min_relevance and hits >= self.min_hits and core_hits >= self.min_core_hits


_NO_QUOTES = re.compile("[“”‘’「」『』\"']")  # a character class: ten times faster than str.translate here
_SENTENCE_END = re.compile(r"[。！？!?\n]")


def _alternation(words: Iterable[str]) -> re.Pattern[str]:
    # longest words first: a match is never also counted inside a longer one ("视频大模型" is
    # not a second hit for "大模型")
    return re.compile("|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)), re.I)


@lru_cache(maxsize=16)
def _pair_patterns(pairs: tuple[Pair, ...]) -> list[tuple[re.Pattern[str], re.Pattern[str]]]:
    return [(_alternation(p.left), _alternation(p.right)) for p in pairs]


@lru_cache(maxsize=16)
def _compile(
    items: tuple[tuple[str, float], ...], supporting: tuple[tuple[str, float], ...] = ()
) -> tuple[re.Pattern[str], dict[str, float], frozenset[str]]:
    # one alternation of core and supporting terms, so that neither is counted inside the other
    every = items + supporting
    return _alternation(t for t, _ in every), {t.casefold(): w for t, w in every}, frozenset(t.casefold() for t, _ in items)


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


_TOPIC_KEYS = {"version", "name", "min_relevance", "min_hits", "min_core_hits", "terms", "supporting", "pair"}
_PAIR_KEYS = {"left", "right", "weight", "note"}


def _parse(path: str) -> tuple[Topic | None, list[Problem]]:
    data, lines, problems = open_rule_file(path, "topic", _TOPIC_KEYS)
    thresholds: dict[str, float] = {}
    for key, default in (("min_relevance", 2.0), ("min_hits", 3), ("min_core_hits", 0)):
        value = data.get(key, default)
        if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
            problems.append(Problem(path, lines.top(key), f"{key} = {value!r} is not a number >= 0", f"e.g. {key} = {default}"))
            value = default
        thresholds[key] = float(value)
    terms = data.get("terms")
    if not isinstance(terms, dict) or not terms:
        problems.append(Problem(path, 1, "no [terms] table", 'add [terms] with "term" = weight lines'))
        terms = {}
    supporting = data.get("supporting", {})
    if not isinstance(supporting, dict):
        problems.append(Problem(path, lines.top("supporting"), "supporting is not a table", 'write [supporting] with "term" = weight lines'))
        supporting = {}
    for table, entries in (("terms", terms), ("supporting", supporting)):
        for term, weight in entries.items():
            line = lines.quoted(term) if term.strip() else lines.top(table)
            if not term.strip():
                problems.append(Problem(path, line, "empty topic term", "remove it"))
            elif isinstance(weight, bool) or not isinstance(weight, int | float) or weight <= 0:
                problems.append(Problem(path, line, f"term {term!r} has weight {weight!r}", "a positive number"))
            elif table == "supporting" and term.casefold() in {t.casefold() for t in terms}:
                problems.append(Problem(path, line, f"term {term!r} is in [terms] and [supporting]", "keep it in one of them"))
    pairs = _parse_pairs(path, data.get("pair", []), lines, problems)
    if problems:
        return None, problems
    return Topic(
        name=str(data.get("name", "")),
        terms={k: float(v) for k, v in terms.items()},
        min_relevance=thresholds["min_relevance"],
        min_hits=thresholds["min_hits"],
        version=str(data.get("version", "")),
        path=path,
        supporting={k: float(v) for k, v in supporting.items()},
        min_core_hits=thresholds["min_core_hits"],
        pairs=pairs,
    ), []


def _parse_pairs(path: str, entries: object, lines: object, problems: list[Problem]) -> tuple[Pair, ...]:
    """The ``[[pair]]`` tables: ``left`` and ``right`` lists of words, a positive ``weight``."""
    line = lines.top("pair")  # type: ignore[attr-defined]
    if not isinstance(entries, list):
        problems.append(Problem(path, line, "pair is not a list of tables", "write [[pair]] tables"))
        return ()
    heads = [no for no, text in enumerate(lines.lines, 1) if re.match(r"^\s*\[\[\s*pair\s*\]\]", text)]  # type: ignore[attr-defined]
    out = []
    for k, entry in enumerate(entries, start=1):
        where = f"pair {k}"
        line = heads[k - 1] if k <= len(heads) else line
        if not isinstance(entry, dict):
            problems.append(Problem(path, line, f"{where} is not a table", "write [[pair]] with left, right and weight"))
            continue
        for key in sorted(set(entry) - _PAIR_KEYS):
            problems.append(Problem(path, line, f"{where} has an unknown key {key!r}", "use left, right, weight, note"))
        sides = []
        for side in ("left", "right"):
            words = entry.get(side)
            if not isinstance(words, list) or not words or not all(isinstance(w, str) and w.strip() for w in words):
                problems.append(Problem(path, line, f"{where}: {side} is not a list of words", f'e.g. {side} = ["AI", "人工智能"]'))
                words = []
            sides.append(tuple(words))
        weight = entry.get("weight")
        if isinstance(weight, bool) or not isinstance(weight, int | float) or weight <= 0:
            problems.append(Problem(path, line, f"{where} has weight {weight!r}", "a positive number, e.g. weight = 0.5"))
            weight = 0.0
        out.append(Pair(sides[0], sides[1], float(weight)))
    return tuple(out)
