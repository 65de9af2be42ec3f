"""The former home of the lexicon code, now the package :mod:`framing.lexicons`.

Every name other code imported from here keeps working; new code imports from
``framing.lexicons`` (or its modules). The private names some modules used map to public
ones: ``_norm`` is :func:`framing.lexicons.model.term_key`, ``_HEADER``/``_KEY`` are
``TOML_HEADER``/``TOML_KEY``, ``_split_header`` and ``_strip_strings`` are
``split_header`` and ``strip_strings`` of :mod:`framing.lexicons.toml`.
"""

from __future__ import annotations

# every public name of the package, and the names other modules imported from here
import framing.lexicons as _moved
from framing.lexicons import *  # noqa: F403
from framing.lexicons.codebook import FRAME_KEYS  # noqa: F401
from framing.lexicons.cues import ENTRY_KEYS, MAX_WEIGHT, MAX_WITHIN  # noqa: F401
from framing.lexicons.files import FRAME_FILE, MODIFIER_FILE, TONE_FILE  # noqa: F401
from framing.lexicons.model import term_key as _norm  # noqa: F401
from framing.lexicons.modifiers import MODIFIER_TABLES  # noqa: F401
from framing.lexicons.toml import TOML_HEADER as _HEADER  # noqa: F401
from framing.lexicons.toml import TOML_KEY as _KEY  # noqa: F401
from framing.lexicons.toml import split_header as _split_header  # noqa: F401
from framing.lexicons.toml import strip_strings as _strip_strings  # noqa: F401

__all__ = _moved.__all__
