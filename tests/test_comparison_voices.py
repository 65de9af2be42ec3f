"""framing.comparison.voices: the voices of a scored object are used as scored, with the
speaker lexicon it was scored with, on the articles compare() analyses."""

from __future__ import annotations

import re
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest

import framing as fr
import framing.comparison.voices as voices_module
from framing.comparison.compare import compare
from framing.comparison.voices import compare_voices, speaker_lexicon_path, speaker_roles
from framing.paths import lexicon_file
from framing.scoring.sources import load_source_lexicon

FAST = dict(n_boot=0, n_mc=199)
CUSTOM_ORDER = ["military", "other", "public", "media", "legal", "finance", "government", "academia", "industry"]


@pytest.fixture(scope="module")
def own_lexicons(tmp_path_factory) -> Path:
    """A lexicon folder whose only file is a sources.toml with its own role order and role."""
    folder = tmp_path_factory.mktemp("own_lexicons")
    text = lexicon_file("sources.toml").read_text(encoding="utf-8")
    order = re.search(r"^order = \[.*\]$", text, re.M).group(0)
    text = text.replace(order, "order = [" + ", ".join(f'"{r}"' for r in CUSTOM_ORDER) + "]")
    text += (
        '\n[roles.military]\nlabel_zh = "军方"\nlabel_en = "Military"\n'
        'definition = "armed forces"\nstrong = ["将军", "军方"]\nweak = []\n'
    )
    (folder / "sources.toml").write_text(text, encoding="utf-8")
    return folder


def voiced(lexicons=None, *, sources: bool = True, duplicate: bool = False) -> SimpleNamespace:
    """Two outlets, two articles each, with voice columns and a sources table."""
    sent, src, docs = [], [], []
    for o, outlet in enumerate(["甲报", "乙报"]):
        for a in range(2):
            doc = f"{outlet}#{a + 1}"
            docs.append((doc, outlet, "included", ""))
            for i in range(6):
                speaker = f"s{o}{a}" if i < 2 + o else ""
                sent.append((doc, i + 1, outlet, "source" if speaker else "journalist", speaker,
                             "military" if o else "academia", f"句子{i}。", i % 2 == 0))
            src.append((doc, f"s{o}{a}", f"s{o}{a}", "person", "military" if o else "academia", 2 + o))
    if duplicate:  # a copy of 甲报#1, flagged as its duplicate
        docs.append(("甲报#9", "甲报", "excluded", "甲报#1"))
        sent += [("甲报#9",) + row[1:] for row in sent if row[0] == "甲报#1"]
        src.append(("甲报#9", "s00", "s00", "person", "academia", 2))
    s = pd.DataFrame(sent, columns=["doc_id", "sent_id", "outlet", "voice", "speaker_id", "speaker_role",
                                    "text", "frame_threat"])
    s["speaker_role"] = s["speaker_role"].where(s["voice"] == "source", "")
    return SimpleNamespace(
        sentences=s.assign(n_tokens=5, tokens="句子 好", hits_threat=s["frame_threat"].astype(int)),
        documents=pd.DataFrame(docs, columns=["doc_id", "outlet", "status", "duplicate_of"]),
        sources=pd.DataFrame(src, columns=["doc_id", "speaker_id", "speaker", "kind", "role", "n_sentences"])
        if sources else None,
        frame_ids=["threat"],
        lexicons=lexicons,
    )


def test_speaker_lexicon_of_the_scored_object(own_lexicons) -> None:
    lex = fr.load_lexicons(own_lexicons)
    assert speaker_lexicon_path(SimpleNamespace(lexicons=lex)) == own_lexicons / "sources.toml"
    assert speaker_lexicon_path(SimpleNamespace()) is None  # no lexicons: the bundled one
    assert speaker_roles(SimpleNamespace(lexicons=lex)) == (CUSTOM_ORDER, "")
    bundled = list(load_source_lexicon().role_order)
    assert speaker_roles(fr.default_lexicons()) == (bundled, "")  # an object without .lexicons
    gone = SimpleNamespace(lexicons=SimpleNamespace(paths={"sources": str(own_lexicons / "gone.toml")}))
    roles, note = speaker_roles(gone)
    assert roles == bundled and note.startswith("the speaker lexicon gone.toml could not be read")


def test_roles_follow_the_researchers_sources_lexicon(own_lexicons) -> None:
    obj = voiced(SimpleNamespace(paths={"sources": str(own_lexicons / "sources.toml")}))
    vc = compare_voices(obj, **FAST)
    assert vc.roles["role"].drop_duplicates().tolist() == CUSTOM_ORDER
    counts = vc.roles.set_index(["outlet", "role"])["n_sources"]
    assert counts[("乙报", "military")] == 2 and counts[("甲报", "academia")] == 2
    # compare() hands the voices the same roles
    comp = compare(obj, robustness=False, models=False, **FAST)
    pd.testing.assert_frame_equal(comp.voices.roles, vc.roles)


def test_voices_carried_are_not_attributed_again(monkeypatch) -> None:
    def never(*args, **kwargs):
        raise AssertionError("voices attributed again")

    monkeypatch.setattr(voices_module, "attribute_voices", never)
    compare_voices(voiced(), **FAST)
    compare(voiced(), robustness=False, models=False, **FAST)


def test_missing_sources_are_attributed_with_the_scored_objects_lexicon(monkeypatch, own_lexicons) -> None:
    seen = []
    real = voices_module.attribute_voices

    def spy(sentences, documents=None, lexicon_path=None):
        seen.append(lexicon_path)
        return real(sentences, documents, lexicon_path)

    monkeypatch.setattr(voices_module, "attribute_voices", spy)
    path = own_lexicons / "sources.toml"
    compare_voices(voiced(SimpleNamespace(paths={"sources": str(path)}), sources=False), **FAST)
    compare_voices(voiced(sources=False), **FAST)
    assert seen == [path, None]


def test_duplicates_kept_on_request_are_in_the_voice_tables() -> None:
    obj = voiced(duplicate=True)
    left = compare(obj, robustness=False, models=False, **FAST).voices
    kept = compare(obj, include_duplicates=True, robustness=False, models=False, **FAST).voices
    assert left.voice_share.set_index("outlet").loc["甲报", "n_articles"] == 2
    assert "1 article(s) flagged as duplicates left out" in left.notes
    assert kept.voice_share.set_index("outlet").loc["甲报", "n_articles"] == 3
    assert "甲报#9" in set(kept.diversity["doc_id"]) and "甲报#9" in set(kept.sources["doc_id"])
    assert not any("duplicates" in n for n in kept.notes)


def test_compare_voices_analyses_the_articles_compare_does() -> None:
    obj = voiced()
    obj.documents.loc[obj.documents.doc_id == "乙报#2", "outlet"] = "unknown"
    obj.sentences = obj.sentences.drop(columns="outlet")  # the group comes from the documents
    vc = compare_voices(obj, **FAST)
    comp = compare(obj, robustness=False, models=False, **FAST)
    assert set(vc.diversity["doc_id"]) == set(comp.articles.index) == {"甲报#1", "甲报#2", "乙报#1"}
    assert vc.notes[0].startswith("1 article(s) (6 sentences) whose outlet is unknown left out")
    assert vc.unit == "sentence" and vc.groups == ["甲报", "乙报"]
    pd.testing.assert_frame_equal(vc.tests, comp.voices.tests)


def test_scored_with_own_sources_lexicon_end_to_end(own_lexicons) -> None:
    df = pd.DataFrame({
        "doc_id": ["a1", "b1"],
        "outlet": ["甲报", "乙报"],
        "text": [
            "Sora视频模型发布。\n清华大学教授王五说，Sora是技术突破。",
            "OpenAI发布Sora文生视频模型。\n分析师赵六认为，Sora将带来投资机会。",
        ],
    })
    scored = fr.score(fr.read_corpus(df), fr.load_lexicons(own_lexicons))
    roles = compare(scored, robustness=False, models=False, **FAST).voices.roles
    assert roles["role"].drop_duplicates().tolist() == CUSTOM_ORDER
    got = roles[roles["n_sources"] > 0].set_index("outlet")["role"].to_dict()
    assert got == {"甲报": "academia", "乙报": "finance"}
    assert np.isfinite(roles["share"]).all()
