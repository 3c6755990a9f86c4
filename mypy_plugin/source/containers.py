"""Containers of modules a class builds: ``nn.ModuleList`` of one class, ``nn.ModuleDict`` literals.

``self.layers = nn.ModuleList([Block(d) for _ in range(n)])`` makes every item of
``self.layers`` a ``Block``; ``self.losses = nn.ModuleDict({"ctc": CTCLoss(), ...})`` makes
``self.losses["ctc"]`` a ``CTCLoss``. Only when the attribute is assigned once in the class
and never changed in place (``append``, ``extend``, ``insert``, ``update``, item
assignment); an attribute a base class built and this class re-assigns otherwise is
recorded as ``None`` (unknown), so it never inherits the base's answer.

>>> import ast
>>> class R:
...     def fullname(self, dotted):
...         return {"nn.ModuleList": "torch.nn.modules.container.ModuleList",
...                 "Block": "m.Block"}.get(dotted)
...     def alias(self, dotted): return None
>>> src = '''
... class M:
...     def __init__(self):
...         self.layers = nn.ModuleList([Block() for _ in range(3)])
... '''
>>> class_containers(ast.parse(src).body[0], R(), set())
{'layers': ['list', 'm.Block']}
"""

from __future__ import annotations

import ast
from typing import Any, Final

from .extract import Resolver, dotted_name
from .walk import ASSIGNS_AND_CALLS, select

__all__ = ["MODULE_DICT_FULLNAME", "MODULE_LIST_FULLNAME", "class_containers"]

MODULE_LIST_FULLNAME: Final = "torch.nn.modules.container.ModuleList"
MODULE_DICT_FULLNAME: Final = "torch.nn.modules.container.ModuleDict"
_ASSIGN: Final = frozenset({ast.Assign})
_MUTATORS: Final = frozenset(
    {"append", "extend", "insert", "update", "pop", "popitem", "clear", "setdefault"}
)

#: ``["list", class]`` or ``["dict", {key: class}]``; ``None`` when not known.
Container = list[Any] | None


def _self_attr(node: ast.expr, self_name: str) -> str | None:
    if (
        isinstance(node, ast.Attribute)
        and isinstance(node.value, ast.Name)
        and node.value.id == self_name
    ):
        return node.attr
    return None


def _class_of(node: ast.expr, resolver: Resolver) -> str | None:
    """The full name of the class ``node`` constructs (``Block(...)``), or ``None``."""
    if not isinstance(node, ast.Call):
        return None
    dotted = dotted_name(node.func)
    full = None if dotted is None else resolver.fullname(dotted)
    if full is None or full.startswith("builtins."):
        return None
    return full


def _list_items(node: ast.expr, resolver: Resolver) -> str | None:
    """The one class every item of a ``ModuleList(...)`` argument is built from."""
    if isinstance(node, ast.ListComp | ast.GeneratorExp):
        return _class_of(node.elt, resolver)
    if isinstance(node, ast.List | ast.Tuple) and node.elts:
        classes = {_class_of(e, resolver) for e in node.elts}
        return classes.pop() if len(classes) == 1 else None
    return None


def _dict_items(node: ast.expr, resolver: Resolver) -> dict[str, str] | None:
    if not isinstance(node, ast.Dict) or not node.keys:
        return None
    found: dict[str, str] = {}
    for key, value in zip(node.keys, node.values, strict=True):
        cls = _class_of(value, resolver)
        if not (isinstance(key, ast.Constant) and isinstance(key.value, str)) or cls is None:
            return None
        found[key.value] = cls
    return found


def _container(value: ast.expr, resolver: Resolver) -> Container:
    if not isinstance(value, ast.Call) or len(value.args) != 1 or value.keywords:
        return None
    dotted = dotted_name(value.func)
    full = None if dotted is None else resolver.fullname(dotted)
    if full == MODULE_LIST_FULLNAME:
        cls = _list_items(value.args[0], resolver)
        return None if cls is None else ["list", cls]
    if full == MODULE_DICT_FULLNAME:
        items = _dict_items(value.args[0], resolver)
        return None if items is None else ["dict", items]
    return None


def _self_name(func: ast.FunctionDef | ast.AsyncFunctionDef) -> str | None:
    args = [*func.args.posonlyargs, *func.args.args]
    return args[0].arg if args else None


def class_containers(
    cls: ast.ClassDef, resolver: Resolver, inherited: set[str]
) -> dict[str, Container]:
    """``{attribute: container}`` for ``cls``; ``inherited``: names bases record.

    Only an attribute that ``__init__`` assigns a ``ModuleList(...)``/``ModuleDict(...)``, or
    one a base records, can be in the answer: when there is neither, the other methods (where
    only re-assignments and in-place changes are looked for) are not walked.
    """
    methods = [f for f in cls.body if isinstance(f, ast.FunctionDef | ast.AsyncFunctionDef)]
    if not inherited and not any(
        _builds_container(f, resolver) for f in methods if f.name == "__init__"
    ):
        return {}
    assigned: dict[str, list[ast.expr | None]] = {}
    for func in methods:
        me = _self_name(func)
        if me is None:
            continue
        for node in select(func, ASSIGNS_AND_CALLS):
            targets: list[ast.expr] = []
            value: ast.expr | None = None
            if isinstance(node, ast.Assign):
                targets, value = node.targets, node.value
            elif isinstance(node, ast.AnnAssign | ast.AugAssign):
                targets, value = [node.target], None
            elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
                name = _self_attr(node.func.value, me)
                if name is not None and node.func.attr in _MUTATORS:
                    assigned.setdefault(name, []).append(None)
            for target in targets:
                if isinstance(target, ast.Subscript):
                    target = target.value  # ``self.layers[0] = ...``: changed in place
                    value = None
                name = _self_attr(target, me)
                if name is not None:
                    one = len(targets) == 1 and func.name == "__init__"
                    assigned.setdefault(name, []).append(value if one else None)
    found: dict[str, Container] = {}
    for name, values in assigned.items():
        value = values[0] if len(values) == 1 else None
        container = None if value is None else _container(value, resolver)
        if container is not None or name in inherited:
            found[name] = container
    return found


def _builds_container(init: ast.FunctionDef | ast.AsyncFunctionDef, resolver: Resolver) -> bool:
    """Whether ``init`` assigns a ``self`` attribute a container it can record."""
    me = _self_name(init)
    return me is not None and any(
        len(node.targets) == 1
        and _self_attr(node.targets[0], me) is not None
        and _container(node.value, resolver) is not None
        for node in select(init, _ASSIGN)
    )
