"""Former home of voice attribution, now :mod:`framing.scoring.voices`; kept so that imports
from ``framing.scoring.sources`` keep working.

Every name this module had is re-exported. Older names kept as aliases:
``check_source_file`` (now :func:`~framing.lexicons.speaker_rules.check_sources`),
``_title_names`` (:func:`~framing.scoring.voices.cues.title_names`), ``_articles``
(:func:`~framing.scoring.voices.tables.article_positions`), ``_content_len`` and
``_PUNCT_END`` (:func:`~framing.lexicons.speaker_text.content_len`,
:data:`~framing.lexicons.speaker_text.PUNCT_END`).
"""

from __future__ import annotations

from framing.lexicons.speaker_rules import (
    LEXICON_FILE,
    ROLES,
    SourceLexicon,
    check_sources,
    load_source_lexicon,
)
from framing.lexicons.speaker_schema import SOURCE_SCHEMA, source_problems
from framing.lexicons.speaker_text import HAN, PUNCT_END, content_len
from framing.scoring.voices.attribute import VOICES_ALGORITHM, article_voices
from framing.scoring.voices.cues import Cue, Quote, title_names
from framing.scoring.voices.speakers import UNATTRIBUTED, Mention, role_of
from framing.scoring.voices.tables import (
    SOURCE_COLUMNS,
    VOICE_COLUMNS,
    article_positions,
    article_rows,
    assemble_voices,
    attribute_voices,
    voice_row,
)

__all__ = [
    "HAN",
    "LEXICON_FILE",
    "ROLES",
    "SOURCE_COLUMNS",
    "SOURCE_SCHEMA",
    "UNATTRIBUTED",
    "VOICES_ALGORITHM",
    "VOICE_COLUMNS",
    "Cue",
    "Mention",
    "Quote",
    "SourceLexicon",
    "article_rows",
    "article_voices",
    "assemble_voices",
    "attribute_voices",
    "check_source_file",
    "check_sources",
    "load_source_lexicon",
    "role_of",
    "source_problems",
    "voice_row",
]

check_source_file = check_sources
_title_names = title_names
_articles = article_positions
_content_len = content_len
_PUNCT_END = PUNCT_END
