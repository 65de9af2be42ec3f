"""Keywords renamed so that "source" means a speaker only: the old names still work, with a
DeprecationWarning, and say which name to use instead."""

from __future__ import annotations

import warnings
from pathlib import Path

import pandas as pd
import pytest

from framing.errors import FramingError
from framing.report.bundle import write_bundle
from framing.validation.codes import read_codes


def _sheet() -> pd.DataFrame:
    return pd.DataFrame({"text": ["甲说", "乙说", "丙说"], "tone": [1, 0, -1], "coder": ["anna"] * 3})


def test_read_codes_takes_sheets() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        codes = read_codes(sheets=_sheet(), frames=[])
    assert codes["tone"].tolist() == [1.0, 0.0, -1.0]
    assert codes["text"].tolist() == ["甲说", "乙说", "丙说"]


def test_read_codes_sources_is_deprecated_and_still_read() -> None:
    with pytest.warns(DeprecationWarning, match=r"read_codes\(sources=\.\.\.\) is deprecated; use sheets="):
        old = read_codes(sources=_sheet(), frames=[])
    pd.testing.assert_frame_equal(old, read_codes(_sheet(), frames=[]))


def test_read_codes_refuses_both_names() -> None:
    with pytest.raises(TypeError, match="got both sources= and sheets="):
        read_codes(sheets=_sheet(), sources=_sheet(), frames=[])


def _study(tmp_path: Path) -> tuple[Path, Path]:
    texts = tmp_path / "study" / "texts"
    texts.mkdir(parents=True)
    (texts / "a.txt").write_text("正文", encoding="utf-8")
    return tmp_path / "study", texts


def test_write_bundle_input_is_checked_before_writing(tmp_path: Path) -> None:
    # the bundle would replace the folder that holds its input: refused before anything is read
    out, texts = _study(tmp_path)
    with pytest.raises(FramingError, match="holds texts, an input of this run"):
        write_bundle(None, None, out, input=texts)
    assert sorted(p.name for p in out.iterdir()) == ["texts"]


def test_write_bundle_source_is_deprecated_and_still_the_input(tmp_path: Path) -> None:
    out, texts = _study(tmp_path)
    with pytest.warns(DeprecationWarning, match=r"write_bundle\(source=\.\.\.\) is deprecated; use input="):
        with pytest.raises(FramingError, match="holds texts, an input of this run"):
            write_bundle(None, None, out, source=texts)
    with pytest.raises(TypeError, match="got both source= and input="):
        write_bundle(None, None, out, source=texts, input=texts)


def test_read_corpus_source_is_deprecated_and_still_the_input() -> None:
    from framing.corpus.read import read_corpus

    table = pd.DataFrame({"text": ["OpenAI发布Sora。文生视频引发关注。"], "outlet": ["文汇报"]})
    with pytest.warns(DeprecationWarning, match=r"read_corpus\(source=\.\.\.\) is deprecated; use input="):
        old = read_corpus(source=table, filter_topic=False)
    new = read_corpus(input=table, filter_topic=False)
    pd.testing.assert_frame_equal(old.documents, new.documents)
    pd.testing.assert_frame_equal(old.sentences, new.sentences)
    with pytest.raises(TypeError, match="got both source= and input="):
        read_corpus(input=table, source=table)


def test_the_model_files_versions_have_their_own_name() -> None:
    from framing.scoring import frame_model

    with pytest.warns(DeprecationWarning, match="use model_versions"):
        old = frame_model.package_versions
    assert old is frame_model.model_versions
    assert {"python", "framing", "scikit-learn", "numpy", "scipy"} == set(frame_model.model_versions())
    with pytest.raises(AttributeError):
        frame_model.no_such_name  # noqa: B018
