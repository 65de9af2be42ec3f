"""Voices: who speaks in each sentence, the journalist or a quoted source (``voice = source``).

>>> voices, sources = attribute_voices(scored.sentences, scored.documents)
>>> scored.sentences.join(voices)[["text", "voice", "speaker", "speaker_role"]]

The rules follow CODEBOOK.md ("Voice") and read all their cues from ``lexicons/sources.toml``
(speech verbs and formulas, title words, organisation names and suffixes, pronouns, the role
lexicon). A sentence is voiced by a ``source`` when it carries attributed speech:

* **direct quotes** in “…”, 「…」, 『…』, ‘…’ (also when they open in one sentence and close in
  a later one) that are speech, not scare quotes: introduced by a speech verb or a colon,
  followed by an attribution, standing as a sentence of their own, running over several
  sentences, or long;
* **speech verbs** with a plausible speaker as subject (梅涛表示, 业内人士分析, 中信证券曾估算);
* **formulas** that hold the speaker (据…介绍, 在…看来, 用…的话说, …用“…”来评价, X的答案);
* **attribution tails** (“…”梅涛说。 / 梅涛说。) and back-references (…作出了这样一句评价),
  which give the quote before them its speaker;
* **continuations**: short fragments after a colon (网友的评价:炸裂!惊艳!) and enumerated
  arguments (其次,…) that go on with the speaker of the sentence before.

Speakers are linked within an article: the first mention with title and affiliation
(智象未来创始人兼首席执行官、加拿大工程院院士梅涛) registers the person; later mentions by
name, by pronoun (他, 她: the person spoken of most recently) or, for organisations, by anaphor
(对方, 会议: the organisation mentioned most recently) resolve to the same ``speaker_id``.

Why regular expressions and not word segmentation: the cues are short closed-class strings
(verbs, title words, formulas) whose context decides (被认为 is not speech); personal names
are out of jieba's dictionary and often glued to the verb (梅涛说), so segmentation would add
errors without adding information. The rules run on characters and are deterministic.

Tables
------
``voices`` (indexed like the ``sentences`` passed in):

=============== ==========================================================================
voice           ``journalist`` (the reporter's narration) or ``source``
speaker_id      the speaker within the article: the name for persons (梅涛), the casefolded
                name for organisations (``openai``), ``anon:<term>`` for unnamed speakers
                (``anon:业内人士``), ``anon:unattributed`` for speech with no speaker found;
                empty for the journalist. Named speakers share the id across articles.
speaker         the speaker as the article names them (梅涛, OpenAI, 业内人士, (unattributed))
speaker_role    the speaker's role (industry, academia, government, finance, legal, media,
                public, other); empty for the journalist
voice_evidence  the rules that fired, e.g. ``verb 表示 -> 梅涛; quote (tail) -> 梅涛``
=============== ==========================================================================

``sources``: one row per speaker per article:

=============== ==========================================================================
doc_id          the article
outlet          outlet name and ``outlet_id`` (when the sentences carry them)
speaker_id      as above
speaker         display name
kind            ``person``, ``organisation``, ``anonymous`` or ``unattributed``
title           title and affiliation as the article introduces the speaker
role            role id from the role lexicon
role_evidence   ``role:term`` of the term that decided the role (empty for ``other``)
evidence        the cues that attributed speech to the speaker, with counts
first_sent      the first sentence the speaker voices
n_sentences     sentences voiced by the speaker (a sentence can voice two speakers)
mentions        the forms used for the speaker (梅涛|他)
frames          frames of those sentences with counts (``technology:5; catch_up:2``)
n_<frame>       per frame, the number of those sentences carrying it
=============== ==========================================================================

The package holds one idea per module, lowest first:

=============== ==========================================================================
text            the characters the rules are written in (Han, names, clause ends)
schema          what ``sources.toml`` must hold; every problem of a file, one line each
lexicon         :class:`SourceLexicon`: the file compiled; :func:`load_source_lexicon`,
                :func:`check_sources`
speakers        :class:`~framing.scoring.voices.speakers.Speakers` of an article, name
                parsing, :func:`role_of`
cues            verbs, formulas, speech nouns, tails, back-references; quotes
attribute       the passes over one article: :func:`article_voices`
tables          the ``voices`` and ``sources`` tables: :func:`attribute_voices`
=============== ==========================================================================
"""

from __future__ import annotations

from framing.lexicons.speaker_rules import (
    LEXICON_FILE,
    ROLES,
    SourceLexicon,
    check_sources,
    is_sources_file,
    load_source_lexicon,
)
from framing.lexicons.speaker_schema import SOURCE_SCHEMA, source_problems
from framing.scoring.voices.attribute import VOICES_ALGORITHM, article_voices
from framing.scoring.voices.speakers import role_of
from framing.scoring.voices.tables import (
    SOURCE_COLUMNS,
    VOICE_COLUMNS,
    article_rows,
    assemble_voices,
    attribute_voices,
    voice_row,
)

__all__ = [
    "LEXICON_FILE",
    "ROLES",
    "SOURCE_COLUMNS",
    "SOURCE_SCHEMA",
    "VOICES_ALGORITHM",
    "VOICE_COLUMNS",
    "SourceLexicon",
    "article_rows",
    "article_voices",
    "assemble_voices",
    "attribute_voices",
    "check_sources",
    "is_sources_file",
    "load_source_lexicon",
    "role_of",
    "source_problems",
    "voice_row",
]
