"""Lexicons: the frame cues, tone words and modifiers that scoring applies.

A lexicon set is plain-text files a researcher reads, edits and extends (``frames.toml``,
``tone.toml``, ``modifiers.toml``, word lists ...); the bundled set implements CODEBOOK.md.
Loading validates everything and names file, line and fix for each problem::

    >>> lex = load_lexicons("lexicons/")          # or default_lexicons()
    >>> lex.frame_ids
    ['threat', 'opportunity', 'catch_up', 'spectacle', 'limitation', 'resources', ...]

Researchers can also bring LIWC-style ``.dic`` files and CSV term lists
(:func:`read_dic`, :func:`read_csv_terms`) and write any set back out
(:func:`write_dic`, :func:`write_csv_terms`, :func:`save_lexicons`).

Modules, bottom to top: ``model`` (the dataclasses), ``problems`` (file/line/fix records),
``toml`` (the line-locating TOML reader every rule file can use), ``files`` (which files a
folder uses), ``wordlists``, ``cues`` (the entry language), ``codebook`` (frames and tone
files), ``modifiers``, ``rules`` (checks of the reading and voice rule files), ``build``
(a set from its files; the bundled set), ``interchange`` (.dic and CSV), ``load``,
``check`` (``framing lexicon check``) and ``save`` (back to TOML).

The rule files that reading and voice attribution apply are read here too, each with its
checks: ``patterns`` (researchers' regular expressions, with a time limit; the one reader,
loader and checker of a rule file), ``screen`` and ``anchored`` (finding which rules can
match a text), ``simplified`` (Traditional to Simplified), ``debris`` (``debris.toml``),
``gazetteer`` and ``outlet_rules`` (``outlets_gazetteer.csv``, ``outlets.toml``), ``topic``
(``topic.toml``), and ``speaker_text``, ``speaker_schema`` and ``speaker_rules``
(``sources.toml``).
"""

from __future__ import annotations

from framing.lexicons.build import default_lexicons
from framing.lexicons.check import FileCheck, check_lexicon_files, check_lexicons
from framing.lexicons.codebook import frames_in_force
from framing.lexicons.files import RULE_FILES, rule_files
from framing.lexicons.interchange import (
    CSV_COLUMNS,
    read_csv_terms,
    read_dic,
    write_csv_terms,
    write_dic,
)
from framing.lexicons.load import load_lexicons
from framing.lexicons.model import (
    PATTERN_OPTIONS,
    TONE_LABELS,
    Frame,
    Lexicons,
    Modifiers,
    Term,
    is_latin_term,
    is_pattern,
    term_key,
)
from framing.lexicons.save import save_lexicons
from framing.lexicons.toml import load_toml, toml_line
from framing.lexicons.wordlists import read_word_list

__all__ = [
    "Term",
    "Frame",
    "Modifiers",
    "Lexicons",
    "load_lexicons",
    "default_lexicons",
    "check_lexicons",
    "check_lexicon_files",
    "FileCheck",
    "frames_in_force",
    "rule_files",
    "RULE_FILES",
    "read_dic",
    "write_dic",
    "read_csv_terms",
    "write_csv_terms",
    "CSV_COLUMNS",
    "save_lexicons",
    "read_word_list",
    "is_latin_term",
    "is_pattern",
    "term_key",
    "PATTERN_OPTIONS",
    "TONE_LABELS",
    "load_toml",
    "toml_line",
]
