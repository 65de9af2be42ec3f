"""The shape of the code: layers, no import cycles, no private names across modules, small files.

Every module of ``framing`` belongs to a layer; data flow from the bottom up::

    base (errors, paths, tables, provenance, processes, lazy)
    -> lexicons -> corpus -> scoring -> stats -> comparison -> validation -> report
    -> workflow -> cli

A module may import its own layer and the layers below it, never one above (imports inside
functions count too: a lazy import is still a dependency). The package's ``__init__`` is the
public face and may import anything.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent / "framing"
MAX_LINES = 800

LAYERS = [
    ("base", ["framing.errors", "framing.paths", "framing.version", "framing.textkey", "framing.tables", "framing.provenance", "framing.processes", "framing.lazy", "framing.renames"]),
    ("lexicons", ["framing.lexicons", "framing.lexicon"]),
    ("corpus", ["framing.corpus"]),
    ("scoring", ["framing.scoring", "framing.tokenize"]),
    ("stats", ["framing.stats"]),
    ("comparison", ["framing.comparison"]),
    ("validation", ["framing.validation", "framing.frame_train", "framing.sentiment_train", "framing.training"]),
    ("report", ["framing.report"]),
    ("workflow", ["framing.workflow"]),
    ("cli", ["framing.cli"]),
]


# Old names kept working for a release: each is an import inside a function that warns with a
# DeprecationWarning before it imports; they reach up and are left out of the checks below.
DEPRECATED = {
    ("framing.report.bundle", "framing.workflow"),  # bundle.analyze, bundle.Analysis
    ("framing.validation.validate", "framing.report.validation_md"),  # Validation.render_section, write_validation
    ("framing.validation.side_by_side", "framing.report.validation_md"),  # render_side_by_side
}


# Known exceptions, each with its reason; the list may only shrink.
EXCEPTIONS: set[tuple[str, str]] = set()


def _modules() -> dict[str, Path]:
    out = {}
    for path in sorted(ROOT.rglob("*.py")):
        parts = list(path.relative_to(ROOT.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        out[".".join(parts)] = path
    return out


MODULES = _modules()


def layer_of(module: str) -> int:
    """The layer index of a framing module (-1: the top package, exempt)."""
    if module == "framing":
        return -1
    for k, (_, prefixes) in enumerate(LAYERS):
        if any(module == p or module.startswith(p + ".") for p in prefixes):
            return k
    raise AssertionError(f"{module}: in no layer; add it to LAYERS in tests/test_architecture.py")


def _resolve(module: str, is_package: bool, node: ast.ImportFrom) -> str:
    if not node.level:
        return node.module or ""
    base = module.split(".") if is_package else module.split(".")[:-1]
    base = base[: len(base) - (node.level - 1)]
    return ".".join(base + ([node.module] if node.module else []))


def imports_of(module: str) -> list[tuple[str, list[str], int]]:
    """``(imported module, names taken from it, line)`` for every framing import of a module."""
    path = MODULES[module]
    tree = ast.parse(path.read_text(encoding="utf-8"))
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out += [(a.name, [], node.lineno) for a in node.names if a.name.startswith("framing")]
        elif isinstance(node, ast.ImportFrom):
            target = _resolve(module, path.name == "__init__.py", node)
            if not target.startswith("framing"):
                continue
            names = [a.name for a in node.names]
            submodules = [f"{target}.{n}" for n in names if f"{target}.{n}" in MODULES]
            if submodules:  # from framing.x import y, where y is a module
                out += [(m, [], node.lineno) for m in submodules]
                names = [n for n in names if f"{target}.{n}" not in MODULES]
            if names or not submodules:
                out.append((target, names, node.lineno))
    return out


def _graph() -> dict[str, set[str]]:
    graph: dict[str, set[str]] = {m: set() for m in MODULES}
    for m in MODULES:
        for target, _, _ in imports_of(m):
            while target and target not in MODULES:  # an attribute path: its module
                target = target.rpartition(".")[0]
            if target and target != m and (m, target) not in DEPRECATED | EXCEPTIONS:
                graph[m].add(target)
    return graph


def test_every_module_is_in_a_layer() -> None:
    for m in MODULES:
        layer_of(m)


def test_no_module_imports_a_higher_layer() -> None:
    wrong = []
    for m in MODULES:
        own = layer_of(m)
        if own < 0:
            continue
        for target, _, line in imports_of(m):
            if target == "framing":
                wrong.append(f"{m}:{line} imports the framing package itself")
            elif (m, target) in DEPRECATED | EXCEPTIONS:
                continue
            elif target in MODULES or any(target.startswith(x + ".") for x in MODULES):
                if layer_of(target) > own:
                    wrong.append(f"{m}:{line} ({LAYERS[own][0]}) imports {target} ({LAYERS[layer_of(target)][0]})")
    assert not wrong, "\n".join(wrong)


def test_deprecated_upward_imports_warn_first() -> None:
    for m, target in DEPRECATED:
        tree = ast.parse(MODULES[m].read_text(encoding="utf-8"))
        found = 0
        for fn in ast.walk(tree):
            if not isinstance(fn, ast.FunctionDef):
                continue
            inner = [
                n for n in ast.walk(fn)
                if isinstance(n, ast.ImportFrom)
                and any(f"{n.module}.{a.name}".startswith(target) or (n.module or "").startswith(target) for a in n.names)
            ]
            if inner:
                found += len(inner)
                assert "DeprecationWarning" in ast.unparse(fn), f"{m}.{fn.name} imports {target} without a deprecation warning"
        assert found, f"{m} no longer imports {target}: drop it from DEPRECATED"


def test_the_exceptions_are_still_needed() -> None:
    for m, target in EXCEPTIONS:
        assert any(t == target for t, _, _ in imports_of(m)), f"{m} no longer imports {target}: drop it from EXCEPTIONS"


def test_no_import_cycle() -> None:
    graph = _graph()
    state: dict[str, int] = {}
    cycles: list[list[str]] = []

    def visit(m: str, stack: list[str]) -> None:
        state[m] = 1
        stack.append(m)
        for t in sorted(graph[m]):
            if state.get(t) == 1:
                cycles.append(stack[stack.index(t):] + [t])
            elif t not in state:
                visit(t, stack)
        stack.pop()
        state[m] = 2

    for m in sorted(graph):
        if m not in state:
            visit(m, [])
    assert not cycles, "\n".join(" -> ".join(c) for c in cycles)


def test_no_private_name_is_imported_across_modules() -> None:
    wrong = [
        f"{m}:{line} imports {name} from {target}"
        for m in MODULES
        for target, names, line in imports_of(m)
        for name in names
        if name.startswith("_") and not name.startswith("__")
    ]
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize("module", sorted(MODULES))
def test_files_stay_small(module: str) -> None:
    n = len(MODULES[module].read_text(encoding="utf-8").splitlines())
    assert n <= MAX_LINES, f"{MODULES[module].name}: {n} lines (at most {MAX_LINES}: split it by idea)"


def test_public_functions_and_classes_have_docstrings() -> None:
    missing = []
    for m, path in MODULES.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in tree.body:
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef) and not node.name.startswith("_"):
                if not ast.get_docstring(node):
                    missing.append(f"{m}.{node.name}")
    assert not missing, "no docstring: " + ", ".join(missing)


def test_the_checks_see_what_they_check() -> None:
    """The import reader finds a known upward-free edge and a known import, so that the
    checks above cannot pass by reading nothing."""
    assert len(MODULES) > 60
    edges = _graph()
    assert "framing.errors" in edges["framing.corpus.read"]
    assert layer_of("framing.corpus.read") < layer_of("framing.report.bundle")


def test_readme_column_lists_are_generated_from_the_code() -> None:
    from framing.report.columns import END, START, columns_markdown

    readme = (ROOT.parent / "README.md").read_text(encoding="utf-8")
    section = readme.split(START, 1)[1].split(END, 1)[0]
    assert section == "\n" + columns_markdown(), "README column lists are stale; fix: python -m framing.report.columns README.md"


def test_column_constants_are_the_bundle_tables_columns() -> None:
    """Each documented table's constant appears, in order, in the header of the committed
    bundle's table (the grouping column and per-frame columns come on top)."""
    from framing.report.columns import TABLES

    tables = ROOT.parent / "results" / "tables"
    for doc in TABLES:
        header = (tables / f"{doc.name}.csv").read_text(encoding="utf-8-sig").splitlines()[0].split(",")
        wanted = [c for c in doc.columns if c not in ("text_original", "text") or doc.name != "documents"]
        if doc.name == "keyness":
            wanted = ["outlet" if c == "group" else c for c in wanted]
        it = iter(header)
        missing = [c for c in wanted if c not in it]  # an ordered subsequence of the header
        assert not missing, f"{doc.name}: {missing} not in {header}"
