"""Comparisons of groups (outlets) of scored sentences.

=================================== =======================================================
:mod:`~framing.comparison.compare`   :class:`Comparison` and :func:`compare`, the entry point
:mod:`~framing.comparison.common`    which articles are analysed in which groups, the unit,
                                    rows of the tests table
:mod:`~framing.comparison.frames`    frame shares, frame tests, regressions, residuals
:mod:`~framing.comparison.evaluation` sentiment and tone by group
:mod:`~framing.comparison.robustness` do the frame decisions hold without a term, a group,
                                    the duplicates?
:mod:`~framing.comparison.voices`    who voices the frames: journalist or sources
:mod:`~framing.comparison.model_frames` the frame tests on a trained model's codes
=================================== =======================================================

The statistics they use live in :mod:`framing.stats`; ``framing.comparison.stats``,
``.models``, ``.keyness``, ``.reliability`` and ``.agreement`` are kept as aliases of its
modules.
"""
