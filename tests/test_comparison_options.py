"""The options a comparison takes by keyword, split into the article selection and the
resampling (what framing.compare and compare_voices share)."""

from __future__ import annotations

import pandas as pd
import pytest

from framing.comparison.common import Selection, selection_and_resampling
from framing.comparison.voices import compare_voices
from framing.errors import InputError
from framing.stats.resampling import Resampling


def test_keywords_go_to_their_object_and_the_rest_keep_defaults() -> None:
    selection, resampling = selection_and_resampling(
        "compare_voices", "period", period="week", min_articles=2, seed=7, n_mc=199
    )
    assert selection == Selection(by="period", period="week", min_articles=2)
    assert resampling == Resampling(seed=7, n_boot=2000, n_mc=199, exact_max_tables=5000, confidence=0.95)


def test_an_unknown_keyword_is_named_with_the_caller() -> None:
    with pytest.raises(TypeError, match=r"^compare_voices\(\) got an unexpected keyword argument 'n_resamples'$"):
        selection_and_resampling("compare_voices", n_resamples=10)


def test_values_are_checked_by_their_object() -> None:
    with pytest.raises(InputError, match="small_groups='pool': use 'drop' or 'merge'"):
        selection_and_resampling("compare", small_groups="pool")
    with pytest.raises(InputError, match="confidence=95"):
        selection_and_resampling("compare", confidence=95)


def test_compare_voices_refuses_an_unknown_keyword_before_reading() -> None:
    class Scored:
        sentences = pd.DataFrame()

    with pytest.raises(TypeError, match="compare_voices\\(\\) got an unexpected keyword argument 'ci'"):
        compare_voices(Scored(), ci=0.9)
