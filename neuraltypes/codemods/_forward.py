"""Facts about a class body: its port properties, its ``forward``, what ``forward`` returns.

>>> import libcst as cst
>>> cls = cst.ensure_type(cst.parse_statement(
...     "class M:\\n    def forward(self, x):\\n        return x, x\\n"), cst.ClassDef)
>>> [len(r.elements) for r in tuple_returns(find_method(cls, "forward"))]
[2]
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from operator import attrgetter

import libcst as cst
import libcst.matchers as m

__all__ = [
    "class_body",
    "find_method",
    "named_params",
    "namedtuple_fields",
    "returned_calls",
    "tuple_returns",
    "walk",
    "walk_statements",
]


def class_body(cls: cst.ClassDef) -> list[cst.BaseStatement]:
    """The statements directly in a class body."""
    body = cls.body
    return list(body.body) if isinstance(body, cst.IndentedBlock) else []


def find_method(cls: cst.ClassDef, name: str) -> cst.FunctionDef | None:
    """The last ``def name`` directly in the class body."""
    found = None
    for stmt in class_body(cls):
        if isinstance(stmt, cst.FunctionDef) and stmt.name.value == name:
            found = stmt
    return found


def named_params(fn: cst.FunctionDef) -> list[cst.Param]:
    """Parameters that can be passed by name, without ``self``."""
    p = fn.params
    params = [*p.posonly_params, *p.params, *p.kwonly_params]
    return params[1:] if params and params[0].name.value in ("self", "cls") else params


def _returns(fn: cst.FunctionDef) -> list[cst.BaseExpression | None]:
    """Values of the ``return`` statements of ``fn`` itself (not of nested defs or lambdas)."""
    values: list[cst.BaseExpression | None] = []
    stack: list[object] = [fn.body]
    while stack:
        item = stack.pop()
        if isinstance(item, list | tuple):
            stack.extend(item)
            continue
        if isinstance(item, cst.Return):
            values.append(item.value)
        elif isinstance(item, cst.FunctionDef | cst.Lambda | cst.ClassDef):
            continue
        elif isinstance(item, cst.BaseSuite | cst.BaseStatement | cst.BaseSmallStatement):
            names = _fields(type(item)) or ()
            stack.extend(getattr(item, n) for n in names)
    values.reverse()
    return values


def tuple_returns(fn: cst.FunctionDef | None) -> list[cst.Tuple]:
    """The tuple literals ``forward`` returns (``return a, b``)."""
    if fn is None:
        return []
    return [v for v in _returns(fn) if isinstance(v, cst.Tuple)]


def returned_calls(fn: cst.FunctionDef) -> list[str]:
    """Names of the callables whose results ``forward`` returns (``return Out(a, b)`` -> Out)."""
    names = []
    for value in _returns(fn):
        if isinstance(value, cst.Call) and isinstance(value.func, cst.Name):
            names.append(value.func.value)
        else:
            names.append("")
    return names


def namedtuple_fields(cls: cst.ClassDef) -> list[cst.AnnAssign]:
    """The annotated fields of a ``class X(NamedTuple)`` body, in order."""
    fields = []
    for stmt in class_body(cls):
        if m.matches(stmt, m.SimpleStatementLine(body=[m.AnnAssign(target=m.Name())])):
            small = cst.ensure_type(stmt, cst.SimpleStatementLine).body[0]
            fields.append(cst.ensure_type(small, cst.AnnAssign))
    return fields


_FIELDS: dict[type, tuple[str, ...] | None] = {}  # node class -> field names; None: not a node
_Children = Callable[[object], tuple[object, ...]]
_CHILDREN: dict[type, _Children | None] = {}  # node class -> its field values, last first


def _fields(kind: type) -> tuple[str, ...] | None:
    try:
        return _FIELDS[kind]
    except KeyError:
        names = None
        if issubclass(kind, cst.CSTNode):
            names = tuple(f.name for f in dataclasses.fields(kind))
        _FIELDS[kind] = names
        return names


def _no_children(item: object) -> tuple[object, ...]:
    return ()


def _children(kind: type) -> _Children | None:
    """A getter of a node class's field values in reverse order (``None``: not a node)."""
    names = _fields(kind)
    getter: _Children | None = None
    if names is not None:
        backwards = tuple(reversed(names))
        if len(backwards) > 1:
            getter = attrgetter(*backwards)
        elif backwards:
            one = attrgetter(backwards[0])
            getter = lambda item: (one(item),)  # noqa: E731
        else:
            getter = _no_children
    _CHILDREN[kind] = getter
    return getter


# the last walks, by node: planning walks each port property several times (nodes are
# immutable and the memo keeps them alive, so an id is never reused while it is stored)
_MEMO: dict[int, tuple[cst.CSTNode, list[cst.CSTNode]]] = {}
_MEMO_SIZE = 64


def walk(node: cst.CSTNode) -> list[cst.CSTNode]:
    """Every node under ``node`` (itself included), in field order. Do not modify the list.

    Reads the dataclass fields directly: ``CSTNode.visit`` rebuilds every node on the way and
    ``libcst.matchers.findall`` builds a matcher visitor per call, both far slower.
    """
    hit = _MEMO.get(id(node))
    if hit is not None and hit[0] is node:
        return hit[1]
    found: list[cst.CSTNode] = []
    stack: list[object] = [node]
    pop, push, add, getters = stack.pop, stack.extend, found.append, _CHILDREN
    while stack:
        item = pop()
        kind = type(item)
        if kind is list or kind is tuple:
            push(reversed(item))  # type: ignore[call-overload]
            continue
        get = getters.get(kind)
        if get is None:
            get = None if kind in getters else _children(kind)
            if get is None:
                continue
        add(item)  # type: ignore[arg-type]
        push(get(item))
    if len(_MEMO) >= _MEMO_SIZE:
        _MEMO.clear()
    _MEMO[id(node)] = (node, found)
    return found


_BLOCKS = ("body", "orelse", "handlers", "finalbody", "cases")


def walk_statements(module: cst.Module) -> list[cst.CSTNode]:
    """Every statement (compound or small) at any depth, without descending into expressions.

    Classes, functions and imports are all statements: a full ``walk`` visits every name and
    operator too, ten times the nodes.
    """
    found: list[cst.CSTNode] = []
    stack: list[object] = [module.body]
    while stack:
        item = stack.pop()
        if isinstance(item, list | tuple):
            stack.extend(reversed(item))
        elif isinstance(item, cst.SimpleStatementLine | cst.SimpleStatementSuite):
            found.append(item)
            stack.extend(reversed(item.body))
        elif isinstance(item, cst.BaseSuite):
            stack.append(getattr(item, "body", ()))
        elif isinstance(item, cst.CSTNode):
            found.append(item)
            for name in reversed(_BLOCKS):
                value = getattr(item, name, None)
                if value is not None:
                    stack.append(value)
    return found
