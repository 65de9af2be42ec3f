"""The framing.lexicons package: its shape, and the old framing.lexicon path kept working."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import framing.lexicon as old
import framing.lexicons as lexicons
from framing.lexicons import model, toml
from framing.lexicons.files import RULE_FILES, SCORING_FILES, set_files
from framing.lexicons.load import load_lexicons
from framing.paths import lexicon_dir

PACKAGE = Path(lexicons.__file__).parent
# the layers above framing.lexicons (see the layering of the code base)
HIGHER = (
    "framing.corpus", "framing.scoring", "framing.stats", "framing.comparison",
    "framing.validation", "framing.report", "framing.workflow", "framing.cli",
)


def _imports(path: Path) -> list[tuple[ast.ImportFrom, bool]]:
    """Every ``from framing... import`` of a module, and whether it is at module level."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    top = set(map(id, tree.body))
    return [
        (node, id(node) in top)
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("framing")
    ]


def test_every_module_is_under_800_lines() -> None:
    sizes = {f.name: len(f.read_text(encoding="utf-8").splitlines()) for f in PACKAGE.glob("*.py")}
    assert len(sizes) >= 10
    assert {name: n for name, n in sizes.items() if n >= 800} == {}


def test_no_private_name_crosses_modules_and_only_rules_reaches_up() -> None:
    for f in PACKAGE.glob("*.py"):
        for node, at_top in _imports(f):
            assert not [a.name for a in node.names if a.name.startswith("_")], (f.name, node.module)
            if node.module.startswith(HIGHER):
                # the checks of reading and voice rule files use those stages' loaders
                assert f.name == "rules.py" and not at_top, (f.name, node.module)


def test_the_old_module_exports_the_same_objects() -> None:
    for name in lexicons.__all__:
        if hasattr(old, name):
            assert getattr(old, name) is getattr(lexicons, name), name
    assert set(old.__all__) <= set(lexicons.__all__)
    # private names other modules imported from framing.lexicon map to public ones
    assert old._norm is model.term_key
    assert old._HEADER is toml.TOML_HEADER and old._KEY is toml.TOML_KEY
    assert old._split_header is toml.split_header
    assert old._strip_strings is toml.strip_strings
    assert old.default_lexicons() is lexicons.default_lexicons()


def test_term_key_is_the_identity_of_duplicates() -> None:
    assert lexicons.term_key("降低...成本") == lexicons.term_key("降低……成本") == "降低…成本"
    assert lexicons.term_key("Sora") == lexicons.term_key("SORA") == "sora"
    assert lexicons.term_key("风险") == "风险"


def test_set_files_of_the_bundled_folder_and_of_one_frames_file(tmp_path: Path) -> None:
    bundled = lexicon_dir()
    assert set_files(bundled) == {k: bundled / RULE_FILES[k] for k in SCORING_FILES}
    own = tmp_path / "my.csv"
    own.write_text("label,term\nthreat,风险\n", encoding="utf-8")
    (tmp_path / "vocabulary.txt").write_text("文生视频\n", encoding="utf-8")
    files = set_files(own)
    assert files["frames"] == own and files["vocabulary"] == tmp_path / "vocabulary.txt"
    assert files["tone"] == bundled / "tone.toml"


def test_loading_the_bundled_folder_gives_the_default_set() -> None:
    lex = load_lexicons(lexicon_dir())
    default = lexicons.default_lexicons()
    assert lex.fingerprint == default.fingerprint
    assert lex.paths == default.paths and lex.versions == default.versions
    text = (lexicon_dir() / "frames.toml").read_text(encoding="utf-8")
    assert lex.frame_ids == re.findall(r"(?m)^\[frames\.([a-z0-9_]+)\]", text)
