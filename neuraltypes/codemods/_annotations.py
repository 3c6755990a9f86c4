"""Build ``Annotated[Tensor, NeuralType(...)]`` annotations, reusing what the user already wrote.

>>> import libcst as cst

from .._tables import ANNOTATED_NAMES, CONTAINER_NAMES, OPTIONAL_NAMES, UNION_NAMES
>>> from neuraltypes.codemods._ports import PortSpec
>>> call = cst.parse_expression("NeuralType(tuple('B'), LengthsType())")
>>> node = port_annotation(PortSpec("length", call, 0, True), None, lambda n: set())
>>> cst.Module([]).code_for_node(node)
"Annotated[Tensor, NeuralType(tuple('B'), LengthsType())] | None"
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import libcst as cst

from .._tables import ANNOTATED_NAMES, CONTAINER_NAMES, OPTIONAL_NAMES, UNION_NAMES
from ._names import is_neural_type_name, is_tensor_name
from ._ports import PortSpec, QualNames
from ._reasons import ANNOTATION, LeaveAsIs

__all__ = [
    "code",
    "flat",
    "items_of",
    "nemo_call",
    "port_annotation",
    "same_call",
    "subscript",
    "unhashable_optional",
]

# The annotation grammar's names (``neuraltypes._tables``), plus builtins as LibCST names them.
_OPTIONAL = OPTIONAL_NAMES
_UNION = UNION_NAMES
_LIST = CONTAINER_NAMES | {"list"}
_ANNOTATED = ANNOTATED_NAMES

Wrap = Callable[[cst.BaseExpression], cst.BaseExpression]


def code(node: cst.CSTNode) -> str:
    """Source text of a node."""
    return cst.Module([]).code_for_node(node)


def same_call(a: cst.CSTNode, b: cst.CSTNode) -> bool:
    """Whether two expressions have the same code, ignoring whitespace and trailing commas."""
    return _norm(code(a)) == _norm(code(b))


def _norm(text: str) -> str:
    return "".join(text.split()).replace(",)", ")").replace(",]", "]")


@dataclass
class _Existing:
    tensor: cst.BaseExpression | None = None
    lists: list[cst.BaseExpression] = field(default_factory=list)
    optional: Wrap | None = None
    annotated: cst.BaseExpression | None = None
    annotated_call: cst.BaseExpression | None = None


def subscript(value: cst.BaseExpression, *items: cst.BaseExpression) -> cst.Subscript:
    """``value[item, ...]``."""
    elems = [
        cst.SubscriptElement(
            cst.Index(item),
            comma=cst.Comma(whitespace_after=cst.SimpleWhitespace(" "))
            if i < len(items) - 1
            else cst.MaybeSentinel.DEFAULT,
        )
        for i, item in enumerate(items)
    ]
    return cst.Subscript(value=value, slice=elems)


def items_of(node: cst.Subscript) -> list[cst.BaseExpression]:
    """The plain items of ``value[a, b]`` (empty when one is a slice)."""
    out = []
    for el in node.slice:
        if not isinstance(el.slice, cst.Index):
            return []
        out.append(el.slice.value)
    return out


def _pipe_none(x: cst.BaseExpression) -> cst.BaseExpression:
    return cst.BinaryOperation(left=x, operator=cst.BitOr(), right=cst.Name("None"))


def _classify(ann: cst.BaseExpression, depth: int, qn: QualNames, port: str) -> _Existing:
    found = _Existing()
    if isinstance(ann, cst.BinaryOperation) and isinstance(ann.operator, cst.BitOr):
        if isinstance(ann.right, cst.Name) and ann.right.value == "None":
            ann, found.optional = ann.left, _pipe_none
    elif isinstance(ann, cst.Subscript):
        names, items = qn(ann.value), items_of(ann)
        base = ann.value
        if names & _OPTIONAL and len(items) == 1:
            ann, found.optional = items[0], lambda x: subscript(base, x)
        elif names & _UNION and len(items) == 2 and isinstance(items[1], cst.Name):
            if items[1].value == "None":
                ann, found.optional = items[0], lambda x: subscript(base, x, cst.Name("None"))
    for _ in range(depth):
        items = items_of(ann) if isinstance(ann, cst.Subscript) else []
        if not isinstance(ann, cst.Subscript) or not qn(ann.value) & _LIST or len(items) != 1:
            raise LeaveAsIs(
                ANNOTATION, f"container port {port!r} is annotated {code(ann)!r}, not a list"
            )
        found.lists.append(ann.value)
        ann = items[0]
    if isinstance(ann, cst.Subscript) and qn(ann.value) & _ANNOTATED:
        items = items_of(ann)
        calls = [
            i
            for i in items[1:]
            if isinstance(i, cst.Call) and any(is_neural_type_name(q) for q in qn(i.func))
        ]
        if calls:
            found.annotated, found.annotated_call = ann, calls[0]
            return found
        ann = items[0] if items else ann
    if not any(is_tensor_name(q) for q in qn(ann)):
        raise LeaveAsIs(ANNOTATION, f"{port!r} is annotated {code(ann)!r}, not a Tensor")
    found.tensor = ann
    return found


def port_annotation(
    port: PortSpec, existing: cst.BaseExpression | None, qn: QualNames, label: str | None = None
) -> cst.BaseExpression:
    """The annotation for ``port``, keeping the user's Tensor/List/Optional spelling.

    ``label`` names an output port inside ``Annotated[...]`` (the runtime reads a string there).
    With NeMo's ``NeuralType`` an optional port is ``Annotated[Tensor | None, NT(...)]``: NeMo's
    type is unhashable, and ``Annotated[...] | None`` hashes it (``TypeError`` at import).
    """
    inside = nemo_call(port.call, qn)
    prior = _Existing() if existing is None else _classify(existing, port.depth, qn, port.name)
    if prior.optional is not None and not port.optional:
        raise LeaveAsIs(
            ANNOTATION, f"{port.name!r} is annotated Optional but the port is not optional"
        )
    if prior.annotated is not None and prior.annotated_call is not None:
        if not same_call(prior.annotated_call, port.call):
            raise LeaveAsIs(
                ANNOTATION,
                f"{port.name!r} is already annotated with a different NeuralType "
                f"({code(prior.annotated_call)})",
            )
        labels = [
            i.evaluated_value
            for i in items_of(cst.ensure_type(prior.annotated, cst.Subscript))
            if isinstance(i, cst.SimpleString)
        ]
        if labels != ([] if label is None else [label]):
            raise LeaveAsIs(
                ANNOTATION, f"{port.name!r} is already annotated with another port name {labels}"
            )
        node: cst.BaseExpression = prior.annotated
    else:
        tensor = prior.tensor if prior.tensor is not None else cst.Name("Tensor")
        if inside and port.optional and port.depth == 0:
            tensor = (prior.optional or _pipe_none)(tensor)
        extra = () if label is None else (cst.SimpleString(_quote(label)),)
        node = subscript(cst.Name("Annotated"), tensor, flat(port.call), *extra)
    for level in range(port.depth - 1, -1, -1):
        base = prior.lists[level] if level < len(prior.lists) else cst.Name("list")
        node = subscript(base, node)
    if port.optional and inside and port.depth and prior.optional is not None:
        raise LeaveAsIs(ANNOTATION, _UNHASHABLE.format(port.name))
    if port.optional and not inside:
        node = (prior.optional or _pipe_none)(node)
    return node


_UNHASHABLE = (
    "optional container port {!r} uses NeMo's NeuralType, which is unhashable, so it cannot be "
    "spelled list[...] | None (typing hashes union members)"
)


def unhashable_optional(port: PortSpec, qn: QualNames) -> str:
    """Why ``port`` cannot take the default ``None`` ("" when it can)."""
    if port.optional and port.depth and nemo_call(port.call, qn):
        return _UNHASHABLE.format(port.name)
    return ""


def nemo_call(call: cst.Call, qn: QualNames) -> bool:
    """Whether ``call`` builds NeMo's ``NeuralType``."""
    return any(q.startswith("nemo.") and is_neural_type_name(q) for q in qn(call.func))


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


class _Flatten(cst.CSTTransformer):
    def leave_ParenthesizedWhitespace(
        self, original_node: cst.ParenthesizedWhitespace, updated_node: cst.ParenthesizedWhitespace
    ) -> cst.SimpleWhitespace:
        return cst.SimpleWhitespace("")

    def leave_Comma(self, original_node: cst.Comma, updated_node: cst.Comma) -> cst.Comma:
        if isinstance(original_node.whitespace_after, cst.ParenthesizedWhitespace):
            return updated_node.with_changes(whitespace_after=cst.SimpleWhitespace(" "))
        return updated_node

    def leave_Call(self, original_node: cst.Call, updated_node: cst.Call) -> cst.Call:
        args = list(updated_node.args)
        if args and isinstance(args[-1].comma, cst.Comma):
            args[-1] = args[-1].with_changes(comma=cst.MaybeSentinel.DEFAULT)
        return updated_node.with_changes(args=args)


def flat(call: cst.BaseExpression) -> cst.BaseExpression:
    """The call on one line (left alone when it holds comments)."""
    text = code(call)
    if "\n" not in text or "#" in text:
        return call
    flattened = call.visit(_Flatten())
    return flattened if isinstance(flattened, cst.BaseExpression) else call
