"""The voices package: one idea per module, imports flowing one way, and the old module
framing.scoring.sources still offering every name it had."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import framing.scoring.sources as old
import framing.scoring.voices as voices
from framing.lexicons import speaker_rules as lexicon
from framing.lexicons import speaker_schema as schema
from framing.lexicons import speaker_text as text
from framing.scoring.voices import attribute, cues, speakers, tables

PACKAGE = Path(voices.__file__).parent
# lowest first: a module imports only modules before it
ORDER = ["speakers", "cues", "attribute", "tables"]  # (the rules of sources.toml: framing.lexicons.speaker_*)


def test_every_module_is_in_the_order() -> None:
    assert sorted(p.stem for p in PACKAGE.glob("*.py") if p.stem != "__init__") == sorted(ORDER)


@pytest.mark.parametrize("name", ORDER)
def test_imports_flow_one_way_at_module_top(name: str) -> None:
    tree = ast.parse((PACKAGE / f"{name}.py").read_text(encoding="utf-8"))
    top = set(tree.body)
    for node in ast.walk(tree):
        if not isinstance(node, ast.ImportFrom | ast.Import):
            continue
        assert node in top, f"{name}.py imports inside a function (line {node.lineno})"
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("framing.scoring.voices."):
            other = node.module.rsplit(".", 1)[1]
            assert ORDER.index(other) < ORDER.index(name), f"{name} imports {other}, a higher module"
            assert all(not a.name.startswith("_") for a in node.names), f"{name} imports a private name of {other}"
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("framing."):
            assert not node.module.startswith(("framing.comparison", "framing.report", "framing.validation")), node.module


@pytest.mark.parametrize("path", sorted(PACKAGE.glob("*.py")), ids=lambda p: p.name)
def test_no_module_is_over_800_lines(path: Path) -> None:
    assert len(path.read_text(encoding="utf-8").splitlines()) <= 800


@pytest.mark.parametrize("module", [voices, text, schema, lexicon, speakers, cues, attribute, tables])
def test_every_public_name_is_documented(module) -> None:
    for name in module.__all__:
        obj = getattr(module, name)
        if callable(obj):
            doc = obj.__doc__ or ""
            assert doc.strip(), f"{module.__name__}.{name} has no docstring"
            if not isinstance(obj, type) and obj.__module__ == module.__name__:  # numpydoc sections
                assert "Parameters\n    ----------" in doc or obj.__code__.co_argcount == 0, name
                if obj.__annotations__.get("return") != "None":
                    assert "Returns\n    -------" in doc or "Yields\n    ------" in doc, name


# every public name of framing.scoring.sources before it became a shim
OLD_NAMES = [
    "LEXICON_FILE", "VOICE_COLUMNS", "SOURCE_COLUMNS", "ROLES", "UNATTRIBUTED", "HAN", "SourceLexicon",
    "SOURCE_SCHEMA", "source_problems", "check_source_file", "load_source_lexicon", "Mention", "Cue", "Quote",
    "role_of", "VOICES_ALGORITHM", "article_voices", "voice_row", "article_rows", "assemble_voices",
    "attribute_voices",
]


@pytest.mark.parametrize("name", OLD_NAMES)
def test_the_old_module_keeps_its_names(name: str) -> None:
    assert hasattr(old, name)
    if name in voices.__all__:
        assert getattr(old, name) is getattr(voices, name)


def test_the_old_private_names_are_the_new_public_ones() -> None:
    assert old.check_source_file is lexicon.check_sources
    assert old._title_names is cues.title_names
    assert old._articles is tables.article_positions
    assert old._content_len is text.content_len
    assert old._PUNCT_END is text.PUNCT_END
