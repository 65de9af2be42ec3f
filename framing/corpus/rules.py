"""The rule files reading uses: debris (cleaning), outlets (tagging) and topic (relevance)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from framing.errors import InputError
from framing.lexicons.debris import DebrisRules, load_debris_rules
from framing.lexicons.outlet_rules import OutletRules, load_outlet_rules
from framing.lexicons.topic import Topic, load_topic


@dataclass
class ReadingRules:
    """The rules of one read: sent once to every process that reads.

    Attributes
    ----------
    debris:
        What cleaning removes from a page.
    outlets:
        The formulas, gazetteer and curated outlets that tag an article's outlet.
    topic:
        The topic lexicon and the thresholds an article must reach to be kept.
    """

    debris: DebrisRules
    outlets: OutletRules
    topic: Topic


def load_reading_rules(
    lexicon_dir: str | Path | None, topic: str | Path | Topic | None, min_relevance: float | None
) -> ReadingRules:
    """Load the rules of a read: the researcher's files where given, else the bundled ones.

    Parameters
    ----------
    lexicon_dir:
        A folder with the researcher's own ``debris.toml``, ``outlets.toml``,
        ``outlets_gazetteer.csv`` and/or ``topic.toml`` (None: the bundled files).
    topic:
        A topic lexicon (path or ``Topic``); None takes ``topic.toml`` of ``lexicon_dir``,
        else the bundled one.
    min_relevance:
        An override of the topic lexicon's relevance threshold (None: the lexicon's own).

    Returns
    -------
    ReadingRules
        The loaded rules.

    Raises
    ------
    InputError
        When ``lexicon_dir`` is not a folder.
    LexiconError
        When a rule file does not load.
    """

    def pick(name: str) -> Path | None:
        if lexicon_dir is None:
            return None
        candidate = Path(lexicon_dir) / name
        return candidate if candidate.is_file() else None

    if lexicon_dir is not None and not Path(lexicon_dir).is_dir():
        raise InputError(f"{lexicon_dir}: lexicon folder not found; fix: give an existing folder")
    if isinstance(topic, Topic):
        topic_obj = topic
    else:
        topic_obj = load_topic(topic or pick("topic.toml"))
    if min_relevance is not None:
        topic_obj = replace(topic_obj, min_relevance=float(min_relevance))
    return ReadingRules(
        debris=load_debris_rules(pick("debris.toml")),
        outlets=load_outlet_rules(pick("outlets.toml"), gazetteer=pick("outlets_gazetteer.csv")),
        topic=topic_obj,
    )
