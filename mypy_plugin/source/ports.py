"""Collect a module class's ports: annotated ``forward`` and legacy NeMo properties.

>>> import ast
>>> class R:
...     def fullname(self, dotted): return {"NeuralType": "neuraltypes.NeuralType",
...         "LengthsType": "neuraltypes.LengthsType"}.get(dotted)
...     def alias(self, dotted): return None
>>> src = '''
... class M:
...     @property
...     def input_types(self):
...         return {"length": NeuralType(tuple('B'), LengthsType())}
... '''
>>> cls = ast.parse(src).body[0]
>>> class_ports(cls, R())["legacy_in"]["length"]["elem"]
'neuraltypes._elements.LengthsType'
"""

from __future__ import annotations

import ast
from typing import Any

from ..fullnames import ORDERED_DICT_FULLNAMES, PROPERTY_FULLNAMES, canonical
from ..model.spec import UNKNOWN, Spec
from .extract import Resolver, dotted_name, output_labels, parse_annotation, parse_neural_type

__all__ = ["class_ports"]

_FUNCS = ast.FunctionDef | ast.AsyncFunctionDef


def class_ports(cls: ast.ClassDef, resolver: Resolver) -> dict[str, Any] | None:
    """The ``metadata["neuraltypes"]`` payload for ``cls``, or ``None`` if it has no ports."""
    found: dict[str, Any] = {}
    sources: dict[str, Any] = {}
    seen: set[str] = set()
    for stmt in cls.body:
        if not isinstance(stmt, _FUNCS):
            continue
        if stmt.name in seen:
            sources.pop(stmt.name, None)  # overloads, property setters: ambiguous, unchecked
            continue
        seen.add(stmt.name)
        params = _param_sources(stmt, resolver)
        if params:
            sources[stmt.name] = {"line": stmt.lineno, "params": params}
        if stmt.name == "forward":
            found["forward"] = _forward(stmt, resolver)
            overrides = _typecheck_overrides(stmt)
            if overrides:
                found["override"] = overrides
        elif stmt.name in ("input_types", "output_types") and _is_property(stmt, resolver):
            legacy = _legacy(stmt, resolver)
            if stmt.name == "input_types":
                found["legacy_in"] = legacy
            else:
                found["legacy_out"] = legacy
                if isinstance(legacy, dict):
                    # mypy's cache writes dicts with sorted keys: keep the output order.
                    found["legacy_out_order"] = list(legacy)
    forward = found.get("forward")
    if forward is not None and not forward["params"] and forward["ret"] is None:
        found["forward"] = None
    if sources:
        found["sources"] = sources
    if not any(value is not None for value in found.values()):
        return None
    return found


def _forward(func: ast.FunctionDef | ast.AsyncFunctionDef, resolver: Resolver) -> dict[str, Any]:
    params: dict[str, Spec] = {}
    args = [*func.args.posonlyargs, *func.args.args, *func.args.kwonlyargs]
    for arg in args[1:] if args else []:
        if arg.annotation is None:
            continue
        spec = parse_annotation(arg.annotation, resolver)
        if isinstance(spec, dict):
            params[arg.arg] = spec
    ret = None if func.returns is None else parse_annotation(func.returns, resolver)
    if ret is None and func.returns is not None:
        named = _namedtuple(func.returns, resolver)
        if named is not None:
            return {"params": params, "ret": named[0], "names": named[1]}
    if ret is not None and func.returns is not None:
        labels = output_labels(func.returns, resolver)
        if labels and len(labels) == (len(ret) if isinstance(ret, list) else 1):
            return {"params": params, "ret": ret, "names": labels}
    return {"params": params, "ret": ret}


def _param_sources(func: ast.FunctionDef | ast.AsyncFunctionDef, resolver: Resolver) -> Any:
    """``{param: Spec}`` for a method's plain (not list) annotated tensor parameters."""
    if any(dotted_name(d) in ("staticmethod", "classmethod") for d in func.decorator_list):
        return {}
    args = [*func.args.posonlyargs, *func.args.args, *func.args.kwonlyargs]
    found: dict[str, Spec] = {}
    for arg in args[1:]:
        spec = None if arg.annotation is None else parse_annotation(arg.annotation, resolver)
        if isinstance(spec, dict) and spec["depth"] == 0:
            found[arg.arg] = spec
    return found


def _typecheck_overrides(func: ast.FunctionDef | ast.AsyncFunctionDef) -> list[str]:
    """``["in", "out"]`` parts of the class's ports a ``@typecheck(...)`` argument replaces."""
    found: set[str] = set()
    for deco in func.decorator_list:
        if not isinstance(deco, ast.Call):
            continue
        name = dotted_name(deco.func) or ""
        if name.rpartition(".")[2] == "typecheck" and (
            deco.args or any(kw.arg is None for kw in deco.keywords)
        ):
            found.update(("in", "out"))  # positional or ``**kw``: assume both replaced
        for kw in deco.keywords:
            if kw.arg == "input_types":
                found.add("in")
            elif kw.arg == "output_types":
                found.add("out")
    return sorted(found)


def _namedtuple(node: ast.expr, resolver: Resolver) -> tuple[list[Spec | None], list[str]] | None:
    """A NamedTuple return's field specs and names (``None`` if none is neural)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        try:
            node = ast.parse(node.value.strip(), mode="eval").body
        except SyntaxError:
            return None
    dotted = dotted_name(node)
    finder = getattr(resolver, "namedtuple", None)
    found = None if dotted is None or finder is None else finder(dotted)
    if found is None:
        return None
    cls, cls_resolver = found
    specs: list[Spec | None] = []
    names: list[str] = []
    for stmt in cls.body:
        if isinstance(stmt, ast.AnnAssign) and isinstance(stmt.target, ast.Name):
            spec = parse_annotation(stmt.annotation, cls_resolver)
            specs.append(spec if isinstance(spec, dict) else None)
            names.append(stmt.target.id)
    return (specs, names) if any(specs) else None


def _is_property(func: ast.FunctionDef | ast.AsyncFunctionDef, resolver: Resolver) -> bool:
    for deco in func.decorator_list:
        dotted = dotted_name(deco)
        full = None if dotted is None else resolver.fullname(dotted)
        if full in PROPERTY_FULLNAMES or dotted == "property":
            return True
    return False


def _legacy(func: ast.FunctionDef | ast.AsyncFunctionDef, resolver: Resolver) -> Any:
    """``{port: Spec | None}`` from a literal dict, or ``"?"`` when computed."""
    body = [
        s for s in func.body if not (isinstance(s, ast.Expr) and isinstance(s.value, ast.Constant))
    ]
    if len(body) != 1 or not isinstance(body[0], ast.Return) or body[0].value is None:
        return UNKNOWN
    pairs = _literal_pairs(body[0].value, resolver)
    if pairs is None:
        return UNKNOWN
    ports: dict[str, Spec | None] = {}
    for key, value in pairs:
        if not (isinstance(key, ast.Constant) and isinstance(key.value, str)):
            return UNKNOWN
        spec = parse_neural_type(value, resolver)
        if spec is None and isinstance(value, ast.List | ast.Tuple) and len(value.elts) == 1:
            inner = parse_neural_type(value.elts[0], resolver)  # container port: [NT]
            spec = None if inner is None else {**inner, "depth": inner["depth"] + 1}
        ports[key.value] = spec
    return ports


def _literal_pairs(
    node: ast.expr, resolver: Resolver
) -> list[tuple[ast.expr | None, ast.expr]] | None:
    if isinstance(node, ast.Dict):
        return list(zip(node.keys, node.values, strict=True))
    if not isinstance(node, ast.Call):
        return None
    dotted = dotted_name(node.func)
    full = None if dotted is None else resolver.fullname(dotted)
    if full is None or canonical(full) not in ORDERED_DICT_FULLNAMES:
        return None
    pairs: list[tuple[ast.expr | None, ast.expr]] = [
        (ast.Constant(kw.arg), kw.value) for kw in node.keywords if kw.arg is not None
    ]
    if len(pairs) != len(node.keywords) or len(node.args) > 1:
        return None
    if node.args:
        arg = node.args[0]
        if isinstance(arg, ast.Dict):
            pairs = list(zip(arg.keys, arg.values, strict=True)) + pairs
        elif isinstance(arg, ast.List | ast.Tuple):
            for item in arg.elts:
                if not (isinstance(item, ast.Tuple) and len(item.elts) == 2):
                    return None
                pairs.append((item.elts[0], item.elts[1]))
        else:
            return None
    return pairs
