"""Topic relevance of articles from a topic lexicon (``lexicons/topic.toml``).

The topic lexicon and its loader live in :mod:`framing.lexicons.topic`; their names are
importable from here too.
"""

from __future__ import annotations

from framing.lexicons.topic import *  # noqa: F403
