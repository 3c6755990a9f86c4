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
>>> parse_annotation(node, R())["axes"]
[['batch', None, False]]
"""

from __future__ import annotations

import ast
from typing import Any, Protocol

from ..fullnames import (
    ANNOTATED_FULLNAMES,
    AXIS_KIND_FULLNAMES,
    AXIS_TYPE_FULLNAMES,
    ELEMENTS_MODULE,
    LIST_FULLNAMES,
    NEURAL_TYPE_FULLNAMES,
    OPTIONAL_FULLNAMES,
    TUPLE_FULLNAMES,
    UNION_FULLNAMES,
    VOID_FULLNAME,
    canonical,
)
from ..model.rules import AXIS_KIND_MEMBERS, ELEMENT_PARAMS, LABELS
from ..model.spec import UNKNOWN, Spec, make_spec

__all__ = [
    "Resolver",
    "RetSpec",
    "dotted_name",
    "output_labels",
    "parse_annotation",
    "parse_neural_type",
]

#: A return annotation: one spec, a tuple of (optional) specs, or nothing.
RetSpec = Spec | list[Spec | None] | None


class Resolver(Protocol):
    """Resolves a dotted name in the scope of the annotation being read."""

    def fullname(self, dotted: str) -> str | None:
        """The canonical full name ``dotted`` refers to, or ``None``."""

    def alias(self, dotted: str) -> tuple[ast.expr, Resolver] | None:
        """The right-hand side of a module-level alias, with its module's resolver."""


def dotted_name(node: ast.expr) -> str | None:
    """``a.b.c`` for a ``Name``/``Attribute`` chain, else ``None``."""
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        head = dotted_name(node.value)
        return None if head is None else f"{head}.{node.attr}"
    return None


def _resolve(node: ast.expr, resolver: Resolver) -> str | None:
    dotted = dotted_name(node)
    if dotted is None:
        return None
    full = resolver.fullname(dotted)
    return None if full is None else canonical(full)


def parse_annotation(node: ast.expr, resolver: Resolver, _hops: int = 0) -> RetSpec:
    """The neural spec(s) an annotation declares, or ``None``."""
    if _hops > 8:
        return None
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        try:
            inner = ast.parse(node.value.strip(), mode="eval").body
        except SyntaxError:
            return None
        return parse_annotation(inner, resolver, _hops + 1)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.BitOr):
        return _union([node.left, node.right], resolver, _hops)
    if isinstance(node, ast.Name | ast.Attribute):
        dotted = dotted_name(node)
        found = None if dotted is None else resolver.alias(dotted)
        if found is None:
            return None
        return parse_annotation(found[0], found[1], _hops + 1)
    if not isinstance(node, ast.Subscript):
        return None
    base = _resolve(node.value, resolver)
    items = list(node.slice.elts) if isinstance(node.slice, ast.Tuple) else [node.slice]
    if base in ANNOTATED_FULLNAMES:
        return _annotated(items, resolver, _hops)
    if base in OPTIONAL_FULLNAMES:
        return _optional(parse_annotation(items[0], resolver, _hops + 1))
    if base in UNION_FULLNAMES:
        return _union(items, resolver, _hops)
    if base in LIST_FULLNAMES:
        element = parse_annotation(items[0], resolver, _hops + 1)
        if isinstance(element, dict):
            deeper: Spec = {**element, "depth": element["depth"] + 1}
            return deeper
        return None
    if base in TUPLE_FULLNAMES:
        if any(isinstance(i, ast.Constant) and i.value is Ellipsis for i in items):
            return None
        parsed = [parse_annotation(i, resolver, _hops + 1) for i in items]
        specs = [p if isinstance(p, dict) else None for p in parsed]
        return specs if any(specs) else None
    return None


def output_labels(node: ast.expr, resolver: Resolver, _hops: int = 0) -> list[str]:
    """Output port names from string labels (``Annotated[Tensor, NT, "logits"]``).

    One entry per output (``""`` where unlabelled); ``[]`` when nothing is labelled.
    """
    if _hops > 8:
        return []
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        try:
            inner = ast.parse(node.value.strip(), mode="eval").body
        except SyntaxError:
            return []
        return output_labels(inner, resolver, _hops + 1)
    if isinstance(node, ast.Name | ast.Attribute):
        dotted = dotted_name(node)
        found = None if dotted is None else resolver.alias(dotted)
        return [] if found is None else output_labels(found[0], found[1], _hops + 1)
    if not isinstance(node, ast.Subscript):
        return []
    base = _resolve(node.value, resolver)
    items = list(node.slice.elts) if isinstance(node.slice, ast.Tuple) else [node.slice]
    if base in ANNOTATED_FULLNAMES:
        labels = [
            m.value for m in items[1:] if isinstance(m, ast.Constant) and isinstance(m.value, str)
        ]
        return labels[-1:]  # the runtime keeps the last string
    if base in TUPLE_FULLNAMES:
        found_labels = [output_labels(i, resolver, _hops + 1) for i in items]
        names = [found[0] if len(found) == 1 else "" for found in found_labels]
        return names if any(names) else []
    return []


def _optional(inner: RetSpec) -> RetSpec:
    if isinstance(inner, dict):
        return {**inner, "opt": True}
    return None


def _union(items: list[ast.expr], resolver: Resolver, hops: int) -> RetSpec:
    def is_none(item: ast.expr) -> bool:
        return (isinstance(item, ast.Constant) and item.value is None) or (
            isinstance(item, ast.Name) and item.id == "None"
        )

    rest = [i for i in items if not is_none(i)]
    if len(rest) != 1:
        return None
    inner = parse_annotation(rest[0], resolver, hops + 1)
    return _optional(inner) if len(rest) < len(items) else inner


def _annotated(items: list[ast.expr], resolver: Resolver, hops: int) -> RetSpec:
    depth = 0
    inner = items[0]
    while isinstance(inner, ast.Subscript) and _resolve(inner.value, resolver) in LIST_FULLNAMES:
        depth += 1
        inner = inner.slice
    for meta in items[1:]:
        spec = parse_neural_type(meta, resolver)
        if spec is not None:
            return {**spec, "depth": spec["depth"] + depth}
    return None


def parse_neural_type(node: ast.expr, resolver: Resolver) -> Spec | None:
    """A ``NeuralType(axes, elements_type, optional)`` call, or ``None`` if it is not one."""
    if not isinstance(node, ast.Call) or _resolve(node.func, resolver) not in NEURAL_TYPE_FULLNAMES:
        return None
    args: dict[str, ast.expr] = dict(
        zip(("axes", "elements_type", "optional"), node.args, strict=False)
    )
    args.update({kw.arg: kw.value for kw in node.keywords if kw.arg is not None})
    if any(kw.arg is None for kw in node.keywords) or any(
        isinstance(a, ast.Starred) for a in node.args
    ):
        return make_spec(UNKNOWN, UNKNOWN, True)
    axes = _axes(args["axes"], resolver) if "axes" in args else None
    elem = _element(args["elements_type"], resolver) if "elements_type" in args else VOID_FULLNAME
    opt_node = args.get("optional")
    optional = True
    if opt_node is None:
        optional = False
    elif isinstance(opt_node, ast.Constant) and isinstance(opt_node.value, bool):
        optional = opt_node.value
    spec = make_spec(axes, elem, optional)
    params = _params(args.get("elements_type"), elem)
    if params:
        spec["params"] = params
    return spec


def _params(node: ast.expr | None, elem: str) -> dict[str, int]:
    """Literal int parameters of a parameterised element (``AudioSignal(freq=8000)``)."""
    head, _, short = elem.rpartition(".")
    names = ELEMENT_PARAMS.get(short, ()) if head == ELEMENTS_MODULE else ()
    if not names or not isinstance(node, ast.Call):
        return {}
    given: dict[str | None, ast.expr] = dict(zip(names, node.args, strict=False))
    given.update({kw.arg: kw.value for kw in node.keywords})
    return {
        name: value.value
        for name, value in given.items()
        if name in names and isinstance(value, ast.Constant) and type(value.value) is int
    }


def _element(node: ast.expr, resolver: Resolver) -> str:
    if isinstance(node, ast.Constant) and node.value is None:
        return VOID_FULLNAME
    if isinstance(node, ast.Call):
        full = _resolve(node.func, resolver)
        if full is not None:
            return full
    return UNKNOWN


def _axes(node: ast.expr, resolver: Resolver) -> list[list[Any]] | str | None:
    if isinstance(node, ast.Constant) and node.value is None:
        return None
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        items: list[ast.expr] = [ast.Constant(ch) for ch in node.value]
    elif (
        isinstance(node, ast.Call)
        and _resolve(node.func, resolver) in ("builtins.tuple", "builtins.list")
        and len(node.args) == 1
        and isinstance(node.args[0], ast.Constant)
        and isinstance(node.args[0].value, str)
    ):
        items = [ast.Constant(ch) for ch in node.args[0].value]
    elif isinstance(node, ast.Tuple | ast.List):
        items = list(node.elts)
    else:
        return UNKNOWN
    axes: list[list[Any]] = []
    for item in items:
        axis = _axis(item, resolver)
        if axis is None:
            return UNKNOWN
        axes.append(axis)
    return axes


def _label(node: ast.expr, resolver: Resolver) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        key = node.value.strip().lower()
        if key in LABELS:
            return LABELS[key]
        return "time" if key.startswith("t_") and len(key) > 2 else None
    full = _resolve(node, resolver) if isinstance(node, ast.Attribute) else None
    if full is None:
        return None
    owner, _, member = full.rpartition(".")
    if canonical(owner) in AXIS_KIND_FULLNAMES:
        return AXIS_KIND_MEMBERS.get(member)
    return full  # a user-defined AxisKindAbstract member


def _axis(node: ast.expr, resolver: Resolver) -> list[Any] | None:
    if not isinstance(node, ast.Call):
        kind = _label(node, resolver)
        return None if kind is None else [kind, None, False]
    if _resolve(node.func, resolver) not in AXIS_TYPE_FULLNAMES:
        return None
    args: dict[str, ast.expr] = dict(zip(("kind", "size", "is_list"), node.args, strict=False))
    args.update({kw.arg: kw.value for kw in node.keywords if kw.arg is not None})
    if "kind" not in args or "symbol" in args:
        return None  # symbols bind sizes across ports: left to the runtime
    kind = _label(args["kind"], resolver)
    size = _literal(args.get("size"), int)
    is_list = _literal(args.get("is_list"), bool)
    if kind is None or size is UNKNOWN or is_list is UNKNOWN:
        return None
    return [kind, size, bool(is_list)]


def _literal(node: ast.expr | None, kind: type) -> Any:
    if node is None or (isinstance(node, ast.Constant) and node.value is None):
        return None
    if isinstance(node, ast.Constant) and type(node.value) is kind:
        return node.value
    return UNKNOWN
