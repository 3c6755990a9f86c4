"""The plugin's faster source walks find exactly what the plain ``ast`` walks find.

``walk.nodes`` skips the context and operator singletons, ``walk.select`` filters by exact
type, ``returns.find_return`` looks a return annotation up by line, and a class's record is
stored as one JSON text: each is checked against the straightforward version on real code
(this repository's own sources and the plugin's test cases).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from mypy.nodes import Block, ClassDef, SymbolTable, TypeInfo

from mypy_plugin.metadata import (
    METADATA_KEY,
    ForwardPorts,
    NeuralTypesMetadata,
    get_ports_metadata,
    get_raw_metadata,
    recorded_containers,
    set_ports_metadata,
)
from mypy_plugin.model.spec import make_spec
from mypy_plugin.source.returns import find_return
from mypy_plugin.source.walk import bound_names, nodes, select

ROOT = Path(__file__).resolve().parents[2]
_SOURCES = sorted(
    [
        *(ROOT / "mypy_plugin").rglob("*.py"),
        *(ROOT / "neuraltypes").rglob("*.py"),
        *(ROOT / "tests" / "typecheck" / "cases").rglob("*.py"),
    ]
)
_SINGLETONS = (ast.expr_context, ast.operator, ast.unaryop, ast.cmpop, ast.boolop)


def _trees() -> list[ast.Module]:
    return [ast.parse(path.read_text(encoding="utf-8")) for path in _SOURCES]


@pytest.fixture(scope="module")
def functions() -> list[ast.FunctionDef | ast.AsyncFunctionDef]:
    found = [
        n
        for tree in _trees()
        for n in ast.walk(tree)
        if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)
    ]
    assert len(found) > 500  # the corpus is real code, not a handful of lines
    return found


def test_nodes_is_ast_walk_without_the_singletons(
    functions: list[ast.FunctionDef | ast.AsyncFunctionDef],
) -> None:
    for func in functions:
        expected = [n for n in ast.walk(func) if not isinstance(n, _SINGLETONS)]
        assert nodes(func) == expected


def test_select_keeps_the_walk_order_of_the_kinds_asked_for(
    functions: list[ast.FunctionDef | ast.AsyncFunctionDef],
) -> None:
    kinds = frozenset({ast.Assign, ast.Call, ast.For, ast.Lambda, ast.Return})
    for func in functions:
        expected = [n for n in ast.walk(func) if isinstance(n, tuple(kinds))]
        assert select(func, kinds) == expected


def test_bound_names_sees_every_kind_of_binding() -> None:
    func = ast.parse(
        "def f(p):\n"
        "    a = 1\n"
        "    for b in p: pass\n"
        "    with p as c: pass\n"
        "    try: pass\n"
        "    except E as d: pass\n"
        "    import e.x\n"
        "    from m import g as h\n"
        "    global i\n"
        "    def j(): pass\n"
        "    class K: pass\n"
        "    (l := 2)\n"
        "    del a\n"
    ).body[0]
    assert sorted(bound_names(func)) == ["K", "a", "b", "c", "d", "e", "f", "h", "i", "j", "l"]


def _find_return_linearly(tree: ast.Module, line: int, col: int) -> tuple[str, str, ast.AST] | None:
    """(function, class, node) by scanning every top-level function and method."""
    functions: list[tuple[ast.FunctionDef | ast.AsyncFunctionDef, str]] = []
    for stmt in tree.body:
        if isinstance(stmt, ast.FunctionDef | ast.AsyncFunctionDef):
            functions.append((stmt, ""))
        elif isinstance(stmt, ast.ClassDef):
            functions.extend(
                (s, stmt.name)
                for s in stmt.body
                if isinstance(s, ast.FunctionDef | ast.AsyncFunctionDef)
            )
    for func, owner in functions:
        returns = func.returns
        if returns is None:
            continue
        start = (returns.lineno, returns.col_offset)
        end = (returns.end_lineno or 0, returns.end_col_offset or 0)
        if not start <= (line, col) < end:
            continue
        for node in ast.walk(returns):
            if isinstance(node, ast.Subscript) and (node.lineno, node.col_offset) == (line, col):
                return func.name, owner, node
        return None
    return None


def test_find_return_by_line_agrees_with_a_scan_of_every_function() -> None:
    found_sites = 0
    for tree in _trees():
        for node in ast.walk(tree):
            if not isinstance(node, ast.Subscript):
                continue
            found = find_return(tree, node.lineno, node.col_offset)
            expected = _find_return_linearly(tree, node.lineno, node.col_offset)
            if expected is None:
                assert found is None
                continue
            found_sites += 1
            assert found is not None
            assert (found.function, found.owner, found.node) == expected
    assert found_sites > 50


def _info() -> TypeInfo:
    return TypeInfo(SymbolTable(), ClassDef("M", Block([])), "m")


def test_a_record_is_stored_as_one_json_text_and_read_back() -> None:
    spec = make_spec([["batch", None, False]], "neuraltypes._elements.LengthsType")
    meta = NeuralTypesMetadata(
        forward=ForwardPorts({"n": spec}, spec), containers={"layers": ["list", "m.Block"]}
    )
    info = _info()
    set_ports_metadata(info, meta)
    stored = info.metadata[METADATA_KEY]
    assert list(stored) == ["json"] and isinstance(stored["json"], str)
    assert get_raw_metadata(info) == stored["json"]
    assert get_ports_metadata(info) == meta
    assert list(recorded_containers(info)) == ["layers"]
    set_ports_metadata(info, NeuralTypesMetadata())
    assert METADATA_KEY not in info.metadata
    assert get_ports_metadata(info) is None


def test_a_record_in_another_shape_is_no_record() -> None:
    info = _info()
    info.metadata[METADATA_KEY] = {"forward": {"params": {}, "ret": None}}  # plugin 12's shape
    assert get_ports_metadata(info) is None
    assert list(recorded_containers(info)) == []
