"""Exceptions with messages written for the researcher: what is wrong, where, and the fix."""

from __future__ import annotations


class FramingError(Exception):
    """Base class: the CLI prints ``str(err)`` as one line and exits with code 2."""


class InputError(FramingError):
    """An input path or table cannot be used (missing, unreadable, no text column ...)."""


class LexiconError(FramingError):
    """A lexicon file is malformed; the message names file, line and fix."""
