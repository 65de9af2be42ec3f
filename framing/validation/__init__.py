"""Validation against human coding: coding sheets, reliability, precision and recall.

* :func:`make_codesheet`, :func:`write_codesheet` -- a seeded, stratified, blind sample of
  sentences with blank frame and tone columns, and coder instructions beside it.
* :func:`read_codes` -- filled sheets (one per coder) as one long table, matched to the
  corpus sentences by ``sentence_id`` or by text.
* :func:`validate` -- Krippendorff's alpha between coders, precision / recall / F1 of the
  lexicon against the coders' majority, the false positives and negatives with their
  evidence, tone agreement and lexicon diagnostics, as a :class:`Validation`.

Sheets are read and matched in :mod:`~framing.validation.codes`, measured in
:mod:`~framing.validation.validate` (tables, no Markdown); the report section and the files
of a validation are the report layer's (:mod:`framing.report.validation_md`, whose
``write_validation`` the old name here forwards to, with a deprecation warning).
"""

from __future__ import annotations

from framing.validation.codesheet import make_codesheet, write_codesheet
from framing.validation.validate import (
    Validation,
    match_codes,
    read_codes,
    validate,
    write_validation,
)

__all__ = [
    "Validation",
    "make_codesheet",
    "match_codes",
    "read_codes",
    "validate",
    "write_codesheet",
    "write_validation",
]
