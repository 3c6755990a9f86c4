"""Read ``NeuralType(...)`` specs from source with stdlib ``ast`` (mypy drops them).

Names are resolved through a ``Resolver`` (the semantic analyzer in the plugin, a dict in
tests), so ``nt.NeuralType``, ``Spec()`` imported under another name, NeMo's spellings and
module-level aliases (``BDT = Annotated[...]``) all work.

>>> import ast
>>> class R:
...     def fullname(self, dotted): return {"NeuralType": "neuraltypes.NeuralType",
...         "Annotated": "typing.Annotated", "tuple": "builtins.tuple",
...         "LengthsType": "neuraltypes.LengthsType"}.get(dotted)
...     def alias(self, dotted): return None
>>> node = ast.parse("Annotated[Tensor, NeuralType(tuple('B'), LengthsType())]", mode="eval").body
>>> read_port(node, R())["axes"]
[['batch', None, False]]
"""

from __future__ import annotations

import ast
from typing import Protocol

from neuraltypes import _grammar as grammar
from neuraltypes._grammar import GrammarError, PortForm

from ..model.spec import Spec
from .neural_type import Problem, dotted_name, parse_neural_type, resolve, undefined_names

__all__ = [
    "Problem",
    "Resolver",
    "RetSpec",
    "dotted_name",
    "parse_neural_type",
    "read_port",
    "read_return",
]

#: A return annotation: one spec, a tuple of (optional) specs, or nothing.
RetSpec = Spec | list[Spec | None] | None


class Resolver(Protocol):
    """Resolves a dotted name in the scope of the annotation being read."""

    def fullname(self, dotted: str) -> str | None:
        """The canonical full name ``dotted`` refers to, or ``None``."""

    def alias(self, dotted: str) -> tuple[ast.expr, Resolver] | None:
        """The right-hand side of a module-level alias, with its module's resolver."""


#: An annotation node with the resolver of the scope it is written in.
Scoped = tuple[ast.expr, "Resolver"]


class _AstSyntax:
    """``neuraltypes._grammar`` over ``ast`` nodes, each with the resolver of its scope."""

    def __init__(self, problems: list[Problem] | None) -> None:
        self.problems = problems

    def expand(self, node: Scoped) -> Scoped | None:
        expr, resolver = node
        if isinstance(expr, ast.Constant) and isinstance(expr.value, str):
            try:
                inner = ast.parse(expr.value.strip(), mode="eval").body
            except SyntaxError:
                return None
            for child in ast.walk(inner):  # report problems at the string itself
                if isinstance(child, ast.expr):
                    child.lineno, child.col_offset = expr.lineno, expr.col_offset
            return inner, resolver
        if isinstance(expr, ast.Name | ast.Attribute):
            dotted = dotted_name(expr)
            return None if dotted is None else resolver.alias(dotted)
        return None

    def head(self, node: Scoped) -> tuple[str, list[Scoped]] | None:
        expr, resolver = node
        if isinstance(expr, ast.BinOp) and isinstance(expr.op, ast.BitOr):
            return "types.UnionType", [(part, resolver) for part in _union_parts(expr)]
        if not isinstance(expr, ast.Subscript):
            return None
        base = resolve(expr.value, resolver)
        if base is None:
            return None
        items = list(expr.slice.elts) if isinstance(expr.slice, ast.Tuple) else [expr.slice]
        return base, [(item, resolver) for item in items]

    def is_none(self, node: Scoped) -> bool:
        expr = node[0]
        return (isinstance(expr, ast.Constant) and expr.value is None) or (
            isinstance(expr, ast.Name) and expr.id == "None"
        )

    def is_ellipsis(self, node: Scoped) -> bool:
        return isinstance(node[0], ast.Constant) and node[0].value is Ellipsis

    def neural_type(self, node: Scoped) -> Spec | None:
        if self.problems is not None:  # a misspelt name would leave the port unchecked
            self.problems.extend(undefined_names(node[0], node[1]))
        return parse_neural_type(node[0], node[1], self.problems)

    def label(self, node: Scoped) -> str | None:
        expr = node[0]
        return (
            expr.value if isinstance(expr, ast.Constant) and isinstance(expr.value, str) else None
        )

    def namedtuple(self, node: Scoped) -> list[tuple[str, Scoped]] | None:
        expr, resolver = node
        dotted = dotted_name(expr)
        finder = getattr(resolver, "namedtuple", None)
        found = None if dotted is None or finder is None else finder(dotted)
        if found is None:
            return None
        cls, cls_resolver = found
        return [
            (stmt.target.id, (stmt.annotation, cls_resolver))
            for stmt in cls.body
            if isinstance(stmt, ast.AnnAssign) and isinstance(stmt.target, ast.Name)
        ]


def _union_parts(node: ast.expr) -> list[ast.expr]:
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.BitOr):
        return [*_union_parts(node.left), *_union_parts(node.right)]
    return [node]


def _spec(form: PortForm[Spec]) -> Spec:
    spec = form.ntype
    return {**spec, "opt": spec["opt"] or form.optional, "depth": spec["depth"] + form.depth}


def _grammar_problem(node: ast.expr, exc: GrammarError, problems: list[Problem] | None) -> None:
    if problems is not None:
        problems.append(Problem(node.lineno, node.col_offset, str(exc)))


def read_port(
    node: ast.expr, resolver: Resolver, problems: list[Problem] | None = None
) -> Spec | None:
    """The port an annotation declares, or ``None`` (the grammar is ``neuraltypes._grammar``)."""
    try:
        form = grammar.read_port((node, resolver), _AstSyntax(problems))
    except GrammarError as exc:
        _grammar_problem(node, exc, problems)
        return None
    return None if form is None else _spec(form)


def read_return(
    node: ast.expr, resolver: Resolver, problems: list[Problem] | None = None
) -> tuple[RetSpec, list[str]]:
    """The output spec(s) of a return annotation and their names (``""`` where unnamed).

    One spec for a single port, a list (``None`` for items that are not ports) for a tuple or
    NamedTuple; names come from NamedTuple fields or string labels (``[]`` when none is named).
    """
    try:
        form = grammar.read_outputs((node, resolver), _AstSyntax(problems))
    except GrammarError as exc:
        _grammar_problem(node, exc, problems)
        return None, []
    if form.mode == "none":
        return None, []
    if form.mode == "single":
        _, _, single = form.ports[0]
        return _spec(single), [single.label] if single.label else []
    specs: list[Spec | None] = [None] * form.length
    names = [""] * form.length
    for index, field, item in form.ports:
        specs[index] = _spec(item)
        names[index] = field or item.label or ""
    return specs, names if any(names) else []
