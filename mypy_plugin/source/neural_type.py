"""Read one ``NeuralType(axes, elements_type, optional)`` call from source (``ast``).

What is not a literal is unknown (``"?"``: left unchecked); what is malformed (an unknown
axis label, an element class where an instance belongs) is also reported as a ``Problem``.

>>> import ast
>>> class R:
...     def fullname(self, dotted): return {"NeuralType": "neuraltypes.NeuralType",
...         "LengthsType": "neuraltypes.LengthsType"}.get(dotted)
>>> found = []
>>> node = ast.parse("NeuralType(('B', 'Q'), LengthsType)", mode="eval").body
>>> parse_neural_type(node, R(), found)["axes"], [p.reason[:25] for p in found]
('?', ['unknown axis label "Q" (v', 'the element type is the c'])
"""

from __future__ import annotations

import ast
import difflib
from typing import TYPE_CHECKING, Any, NamedTuple

from neuraltypes._tables import (
    AXIS_KIND_MEMBERS,
    ELEMENT_BASES,
    ELEMENT_PARAMS,
    LABEL_HINT,
    axis_kind,
)

from ..fullnames import (
    AXIS_KIND_FULLNAMES,
    AXIS_TYPE_FULLNAMES,
    ELEMENTS_MODULE,
    NEURAL_TYPE_FULLNAMES,
    VOID_FULLNAME,
    canonical,
)
from ..model.spec import UNKNOWN, Spec, make_spec

if TYPE_CHECKING:
    from .extract import Resolver

__all__ = ["Problem", "dotted_name", "parse_neural_type", "resolve", "undefined_names"]


def dotted_name(node: ast.expr) -> str | None:
    """``a.b.c`` for a ``Name``/``Attribute`` chain, else ``None``."""
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        head = dotted_name(node.value)
        return None if head is None else f"{head}.{node.attr}"
    return None


def resolve(node: ast.expr, resolver: Resolver) -> str | None:
    """The canonical full name a ``Name``/``Attribute`` refers to, or ``None``."""
    dotted = dotted_name(node)
    if dotted is None:
        return None
    full = resolver.fullname(dotted)
    return None if full is None else canonical(full)


class Problem(NamedTuple):
    """A malformed neural type found in source: where, and what is wrong."""

    line: int
    column: int
    reason: str
    port: str = ""  # filled in by the caller that knows which port it reads


def parse_neural_type(
    node: ast.expr, resolver: Resolver, problems: list[Problem] | None = None
) -> Spec | None:
    """A ``NeuralType(axes, elements_type, optional)`` call, or ``None`` if it is not one.

    What cannot be read as a literal is unknown (``"?"``); what is malformed (an unknown axis
    label, an element class instead of an instance) is also added to ``problems``.
    """
    if not isinstance(node, ast.Call) or resolve(node.func, resolver) not in NEURAL_TYPE_FULLNAMES:
        return None
    args: dict[str, ast.expr] = dict(
        zip(("axes", "elements_type", "optional"), node.args, strict=False)
    )
    args.update({kw.arg: kw.value for kw in node.keywords if kw.arg is not None})
    if any(kw.arg is None for kw in node.keywords) or any(
        isinstance(a, ast.Starred) for a in node.args
    ):
        return make_spec(UNKNOWN, UNKNOWN, True)
    axes = _axes(args["axes"], resolver, problems) if "axes" in args else None
    elem = (
        _element(args["elements_type"], resolver, problems)
        if "elements_type" in args
        else VOID_FULLNAME
    )
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


def _problem(problems: list[Problem] | None, node: ast.expr, reason: str) -> None:
    if problems is not None:
        problems.append(Problem(node.lineno, node.col_offset, reason))


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


def _element(node: ast.expr, resolver: Resolver, problems: list[Problem] | None) -> str:
    if isinstance(node, ast.Constant) and node.value is None:
        return VOID_FULLNAME
    if isinstance(node, ast.Call):
        full = resolve(node.func, resolver)
        if full is not None:
            return full
        return UNKNOWN
    if isinstance(node, ast.Name | ast.Attribute) and _is_element_class(node, resolver):
        name = dotted_name(node)
        _problem(
            problems,
            node,
            f'the element type is the class "{name}", not an instance (write "{name}()")',
        )
    return UNKNOWN


def _is_element_class(node: ast.expr, resolver: Resolver) -> bool:
    """Whether ``node`` names an element type class (built in, or a class per the resolver)."""
    full = resolve(node, resolver)
    if full is None:
        return False
    head, _, short = full.rpartition(".")
    if head == ELEMENTS_MODULE and short in ELEMENT_BASES:
        return True
    is_element = getattr(resolver, "is_element_class", None)
    return bool(is_element is not None and is_element(full))


def _axes(
    node: ast.expr, resolver: Resolver, problems: list[Problem] | None
) -> list[list[Any]] | str | None:
    if isinstance(node, ast.Constant) and node.value is None:
        return None
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        items: list[ast.expr] = [ast.Constant(ch) for ch in node.value]
        for item in items:
            ast.copy_location(item, node)
    elif (
        isinstance(node, ast.Call)
        and resolve(node.func, resolver) in ("builtins.tuple", "builtins.list")
        and len(node.args) == 1
        and isinstance(node.args[0], ast.Constant)
        and isinstance(node.args[0].value, str)
    ):
        items = [ast.copy_location(ast.Constant(ch), node.args[0]) for ch in node.args[0].value]
    elif isinstance(node, ast.Tuple | ast.List):
        items = list(node.elts)
    else:
        return UNKNOWN
    axes: list[list[Any]] = []
    for item in items:
        axis = _axis(item, resolver, problems)
        if axis is None:
            return UNKNOWN
        axes.append(axis)
    return axes


def _label(node: ast.expr, resolver: Resolver, problems: list[Problem] | None) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        kind = axis_kind(node.value)
        if kind is None:
            _problem(
                problems, node, f'unknown axis label "{node.value}" (valid labels: {LABEL_HINT})'
            )
        return kind
    full = resolve(node, resolver) if isinstance(node, ast.Attribute) else None
    if full is None:
        return None
    owner, _, member = full.rpartition(".")
    if canonical(owner) in AXIS_KIND_FULLNAMES:
        kind = AXIS_KIND_MEMBERS.get(member)
        if kind is None:
            _problem(problems, node, f'"AxisKind" has no member "{member}"')
        return kind
    return full  # a user-defined AxisKindAbstract member


def _axis(node: ast.expr, resolver: Resolver, problems: list[Problem] | None) -> list[Any] | None:
    if not isinstance(node, ast.Call):
        kind = _label(node, resolver, problems)
        return None if kind is None else [kind, None, False]
    if resolve(node.func, resolver) not in AXIS_TYPE_FULLNAMES:
        return None
    args: dict[str, ast.expr] = dict(zip(("kind", "size", "is_list"), node.args, strict=False))
    args.update({kw.arg: kw.value for kw in node.keywords if kw.arg is not None})
    if "kind" not in args or "symbol" in args:
        return None  # symbols bind sizes across ports: left to the runtime
    kind = _label(args["kind"], resolver, problems)
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


def undefined_names(node: ast.expr, resolver: Resolver) -> list[Problem]:
    """Names in the ``NeuralType(...)`` annotation ``node`` that certainly name nothing.

    mypy never analyses ``Annotated`` metadata, so ``NeuralType(("B", "T"), LenghtsType())``
    would otherwise leave the port silently unchecked. The callee, the element type and the
    axes (``AxisType``, ``AxisKind`` members) are tested; only a resolver with ``undefined``
    (the plugin's, which knows when a name cannot be defined elsewhere) can say so.

    >>> class R:
    ...     def fullname(self, dotted): return {"NeuralType": "neuraltypes.NeuralType"}.get(dotted)
    ...     def undefined(self, dotted): return dotted == "LenghtsType"
    ...     def names(self): return ["NeuralType", "LengthsType"]
    >>> node = ast.parse("NeuralType(('B',), LenghtsType())", mode="eval").body
    >>> [p.reason for p in undefined_names(node, R())]
    ['"LenghtsType" is not defined (did you mean "LengthsType"?)']
    """
    is_undefined = getattr(resolver, "undefined", None)
    if is_undefined is None or not isinstance(node, ast.Call):
        return []
    named: list[ast.expr | None] = [node.func]
    found: list[Problem] = []
    if resolve(node.func, resolver) in NEURAL_TYPE_FULLNAMES:
        args = dict(zip(("axes", "elements_type"), node.args, strict=False))
        args.update({kw.arg: kw.value for kw in node.keywords if kw.arg is not None})
        elements = args.get("elements_type")
        named.append(elements.func if isinstance(elements, ast.Call) else elements)
        axes = args.get("axes")
        for item in axes.elts if isinstance(axes, ast.Tuple | ast.List) else []:
            kind: ast.expr | None = item
            if isinstance(item, ast.Call):
                named.append(item.func)
                kind = item.args[0] if item.args else None
                kind = next((k.value for k in item.keywords if k.arg == "kind"), kind)
            if isinstance(kind, ast.Attribute) and _no_member(kind, resolver, found):
                continue
            named.append(kind)
    for name_node in named:
        dotted = None if name_node is None else dotted_name(name_node)
        if name_node is None or dotted is None or not is_undefined(dotted):
            continue
        first = dotted.partition(".")[0]
        if first != dotted and is_undefined(first):
            dotted = first  # ``AxisKnd.Batch``: the missing name is the first one
        ours = [*ELEMENT_BASES, "NeuralType", "AxisType", "AxisKind"]
        known = getattr(resolver, "names", None)
        candidates = ours + (known() if known is not None else [])
        head, _, last = dotted.rpartition(".")
        close = difflib.get_close_matches(last, candidates, n=1, cutoff=0.75)
        if not head and last in ours:
            hint = f" (not imported: from neuraltypes import {last})"
        else:
            hint = f' (did you mean "{head + "." if head else ""}{close[0]}"?)' if close else ""
        found.append(
            Problem(name_node.lineno, name_node.col_offset, f'"{dotted}" is not defined{hint}')
        )
    return found


def _no_member(node: ast.Attribute, resolver: Resolver, found: list[Problem]) -> bool:
    """Whether ``node`` is ``AxisKind.<member>`` (its owner resolved); a missing member is
    added to ``found`` (the enum's members are fixed, so this is certain)."""
    owner = resolve(node.value, resolver)
    if owner is None or canonical(owner) not in AXIS_KIND_FULLNAMES:
        return False
    if node.attr not in AXIS_KIND_MEMBERS and resolve(node, resolver) is None:  # else _label's
        close = difflib.get_close_matches(node.attr, list(AXIS_KIND_MEMBERS), n=1, cutoff=0.6)
        hint = f' (did you mean "{close[0]}"?)' if close else ""
        found.append(
            Problem(node.lineno, node.col_offset, f'"AxisKind" has no member "{node.attr}"{hint}')
        )
    return True
