"""Every public function and class of framing has a numpydoc docstring.

A summary line; for a function that takes parameters a ``Parameters`` section naming exactly
the signature's parameters (several may share an entry, ``a, b : int``); for one that returns
or yields a value a ``Returns`` (or ``Yields``) section; for one that itself raises one of
framing's errors a ``Raises`` section naming it. Public means: a module-level function or
class, or a method of a public class, whose name has no leading underscore, in a module whose
path has none either (properties are described by their summary). Every module is checked.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent / "framing"


SECTIONS = (
    "Parameters", "Returns", "Yields", "Raises", "Warns", "Other Parameters", "Attributes",
    "See Also", "Notes", "References", "Examples", "Methods",
)
_SECTION = re.compile(r"^(?P<name>[A-Z][A-Za-z ]+)\n-{3,}$", re.M)
USER_ERRORS = {"InputError", "LexiconError", "FramingError"}


def sections(doc: str) -> dict[str, str]:
    """The numpydoc sections of a (dedented) docstring: name -> body."""
    marks = [m for m in _SECTION.finditer(doc) if m["name"] in SECTIONS]
    out = {}
    for k, m in enumerate(marks):
        end = marks[k + 1].start() if k + 1 < len(marks) else len(doc)
        out[m["name"]] = doc[m.end():end]
    return out


def documented_names(body: str) -> set[str]:
    """The parameter names of a Parameters section: its unindented lines up to a colon."""
    names = set()
    for line in body.splitlines():
        if line.strip() and not line[0].isspace():
            head = line.split(" : ")[0].split(":")[0] if ":" in line else line
            names |= {n.strip().lstrip("*") for n in head.split(",") if n.strip()}
    return names


def _own_nodes(fn: ast.AST) -> Iterator[ast.AST]:
    """The nodes of a function's body, without those of nested functions and classes."""
    stack = list(ast.iter_child_nodes(fn))
    while stack:
        node = stack.pop()
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)):
            continue
        yield node
        stack.extend(ast.iter_child_nodes(node))


NOTHING = ("None", "NoReturn", "Iterator[None]", "Generator[None, None, None]")


def _gives(value: ast.expr | None) -> bool:
    return value is not None and not (isinstance(value, ast.Constant) and value.value is None)


def _returns_value(fn: ast.FunctionDef | ast.AsyncFunctionDef) -> bool:
    """Whether a function returns or yields something (by its annotation, else its body)."""
    if fn.returns is not None:
        return ast.unparse(fn.returns) not in NOTHING
    return any(
        isinstance(n, (ast.Return, ast.Yield, ast.YieldFrom)) and _gives(n.value) for n in _own_nodes(fn)
    )


def _raised(fn: ast.FunctionDef | ast.AsyncFunctionDef) -> set[str]:
    out = set()
    for n in _own_nodes(fn):
        if isinstance(n, ast.Raise) and isinstance(n.exc, ast.Call) and isinstance(n.exc.func, ast.Name):
            out.add(n.exc.func.id)
    return out & USER_ERRORS


def _parameters(fn: ast.FunctionDef | ast.AsyncFunctionDef, method: bool) -> list[str]:
    a = fn.args
    names = [x.arg for x in a.posonlyargs + a.args + a.kwonlyargs]
    if method and names and names[0] in ("self", "cls") and not _is_static(fn):
        names = names[1:]
    names += [x.arg for x in (a.vararg, a.kwarg) if x is not None]
    return names


def _decorators(fn: ast.AST) -> list[str]:
    return [ast.unparse(d) for d in getattr(fn, "decorator_list", [])]


def _is_static(fn: ast.AST) -> bool:
    return "staticmethod" in _decorators(fn)


def problems_of(fn: ast.FunctionDef | ast.AsyncFunctionDef, where: str, method: bool) -> list[str]:
    """What the docstring of one function lacks."""
    doc = ast.get_docstring(fn)
    if not doc or not doc.strip().splitlines()[0].strip():
        return [f"{where}: no docstring"]
    decorators = _decorators(fn)
    if any(d in ("property", "functools.cached_property", "cached_property") or d.endswith((".setter", ".deleter"))
           or d in ("overload", "typing.overload") for d in decorators):
        return []
    found = sections(doc)
    out = []
    params = _parameters(fn, method)
    if params:
        if "Parameters" not in found:
            out.append(f"{where}: no Parameters section (for {', '.join(params)})")
        else:
            got = documented_names(found["Parameters"])
            missing, extra = [p for p in params if p not in got], sorted(got - set(params))
            if missing or extra:
                out.append(f"{where}: Parameters lacks {missing} / names {extra} not in the signature")
    if _returns_value(fn) and not ({"Returns", "Yields"} & set(found)):
        out.append(f"{where}: no Returns section")
    raised = _raised(fn)
    if raised:
        body = found.get("Raises", "")
        lacking = sorted(e for e in raised if not re.search(rf"\b{e}\b", body))
        if lacking:
            out.append(f"{where}: raises {', '.join(lacking)} but no Raises entry for it")
    return out


def module_problems(path: Path) -> list[str]:
    """Every docstring problem of one module's public functions and classes."""
    rel = path.relative_to(ROOT.parent).as_posix()
    tree = ast.parse(path.read_text(encoding="utf-8"))
    out = []
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and not node.name.startswith("_"):
            out += problems_of(node, f"{rel}:{node.lineno} {node.name}", method=False)
        elif isinstance(node, ast.ClassDef) and not node.name.startswith("_"):
            doc = ast.get_docstring(node)
            if not doc or not doc.strip():
                out.append(f"{rel}:{node.lineno} {node.name}: no docstring")
            for item in node.body:
                if isinstance(item, (ast.FunctionDef, ast.AsyncFunctionDef)) and not item.name.startswith("_"):
                    out += problems_of(item, f"{rel}:{item.lineno} {node.name}.{item.name}", method=True)
    return out


def _checked() -> list[Path]:
    out = []
    for path in sorted(ROOT.rglob("*.py")):
        rel = path.relative_to(ROOT)
        if any(p.startswith("_") and p != "__init__.py" for p in rel.parts):
            continue
        out.append(path)
    return out


@pytest.mark.parametrize("path", _checked(), ids=lambda p: p.relative_to(ROOT).as_posix())
def test_public_functions_and_classes_have_numpydoc_docstrings(path: Path) -> None:
    problems = module_problems(path)
    assert not problems, "\n".join(problems)


# ---- the checker itself --------------------------------------------------------------------

GOOD = '''
def f(a: int, b: int = 1, *rest: int, c: str = "", **options: int) -> int:
    """Sum.

    Parameters
    ----------
    a, b : int
        Numbers.
    *rest
        More.
    c:
        A label.
    **options
        Others.

    Returns
    -------
    int
        The sum.

    Raises
    ------
    InputError
        When ``a`` is negative.
    """
    if a < 0:
        raise InputError("a")
    return a + b
'''


def _problems(src: str) -> list[str]:
    fn = ast.parse(src).body[0]
    assert isinstance(fn, ast.FunctionDef)
    return problems_of(fn, "f", method=False)


def test_checker_accepts_a_complete_docstring() -> None:
    assert _problems(GOOD) == []


@pytest.mark.parametrize(
    ("old", "new", "expect"),
    [
        ("    a, b : int\n", "    a : int\n", "Parameters lacks ['b'] / names []"),
        ("    c:\n", "    d:\n", "Parameters lacks ['c'] / names ['d']"),
        ("    Returns\n    -------\n", "    Notes\n    -----\n", "no Returns section"),
        ("    Raises\n    ------\n    InputError\n", "    Raises\n    ------\n    ValueError\n", "raises InputError"),
        ("    Parameters\n    ----------\n", "", "no Parameters section"),
        ('    """Sum.', '    """\n    Sum.', ""),
    ],
)
def test_checker_finds_what_is_missing(old: str, new: str, expect: str) -> None:
    assert old in GOOD
    found = _problems(GOOD.replace(old, new))
    assert (expect in " ".join(found)) if expect else found == [], found
