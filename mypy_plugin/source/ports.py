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
>>> class_ports(cls, R()).legacy_in["length"]["elem"]
'neuraltypes._elements.LengthsType'
"""

from __future__ import annotations

import ast

from ..fullnames import ORDERED_DICT_FULLNAMES, PROPERTY_FULLNAMES, canonical
from ..metadata import ForwardPorts, LegacyPorts, MethodSources, NeuralTypesMetadata
from ..model.spec import UNKNOWN, Spec
from .branches import OWN_CLASS_SUFFIX, branch_ports, from_attribute
from .extract import Problem, Resolver, dotted_name, parse_neural_type, read_port, read_return
from .walk import nodes, select

__all__ = ["class_ports"]

_FUNCS = ast.FunctionDef | ast.AsyncFunctionDef


_RETURN = frozenset({ast.Return})


def class_ports(
    cls: ast.ClassDef, resolver: Resolver, problems: list[Problem] | None = None
) -> NeuralTypesMetadata | None:
    """The metadata record for ``cls``, or ``None`` if it has no ports.

    Malformed neural types (reported by the caller) are added to ``problems``, each naming
    its port; they are unknown (``"?"``) in the record.
    """
    problems = [] if problems is None else problems
    forward: ForwardPorts | None = None
    override: tuple[str, ...] = ()
    legacy: dict[str, LegacyPorts] = {}
    computed = False
    sources: dict[str, MethodSources] = {}
    branches: dict[str, list[dict[str, Spec | None]]] = {}
    seen: set[str] = set()
    for stmt in cls.body:
        if not isinstance(stmt, _FUNCS):
            continue
        if stmt.name in seen:
            sources.pop(stmt.name, None)  # overloads, property setters: ambiguous, unchecked
            continue
        seen.add(stmt.name)
        if stmt.name == "forward":
            forward = _forward(stmt, resolver, problems)
            override = tuple(_typecheck_overrides(stmt))
            params = _param_sources(stmt, resolver, forward.params)
        else:
            params = _param_sources(stmt, resolver)
        if params:
            sources[stmt.name] = MethodSources(stmt.lineno, params)
        if stmt.name in ("input_types", "output_types") and _is_property(stmt, resolver):
            legacy[stmt.name] = _legacy(stmt, resolver, problems)
            if legacy[stmt.name] == UNKNOWN:
                alternatives = branch_ports(
                    cls, stmt, lambda node: _mapping(node, resolver, problems)
                )
                if alternatives is not None:
                    own = OWN_CLASS_SUFFIX if from_attribute(stmt) else ""
                    branches[stmt.name + own] = alternatives
            if stmt.name == "input_types" and _computes(stmt):
                # Its literal ports are checked at call sites, but its parameters are not
                # sources: NeMo never compares two declared inputs (``transcript``
                # LabelsType into a decoder's ChannelType port runs fine).
                computed = True
    if forward is not None and not forward.params and forward.ret is None:
        forward = None
    meta = NeuralTypesMetadata(
        forward,
        override,
        legacy.get("input_types"),
        legacy.get("output_types"),
        sources,
        branches=branches,
        legacy_in_computed=computed,
    )
    return None if meta.is_empty else meta


def _forward(
    func: ast.FunctionDef | ast.AsyncFunctionDef, resolver: Resolver, problems: list[Problem]
) -> ForwardPorts:
    params: dict[str, Spec] = {}
    args = [*func.args.posonlyargs, *func.args.args, *func.args.kwonlyargs]
    for arg in args[1:] if args else []:
        if arg.annotation is None:
            continue
        found: list[Problem] = []
        spec = read_port(arg.annotation, resolver, found)
        problems.extend(p._replace(port=arg.arg) for p in found)
        if spec is not None:
            params[arg.arg] = spec
    if func.returns is None:
        return ForwardPorts(params, None)
    found = []
    ret, names = read_return(func.returns, resolver, found)
    problems.extend(p._replace(port="return") for p in found)
    return ForwardPorts(params, ret, tuple(names))


def _param_sources(
    func: ast.FunctionDef | ast.AsyncFunctionDef,
    resolver: Resolver,
    read: dict[str, Spec] | None = None,
) -> dict[str, Spec]:
    """``{param: Spec}`` for a method's plain (not list) annotated tensor parameters;
    ``read``: its parameters' ports when already read (``forward``'s)."""
    if any(dotted_name(d) in ("staticmethod", "classmethod") for d in func.decorator_list):
        return {}
    if read is not None:
        return {name: spec for name, spec in read.items() if spec["depth"] == 0}
    args = [*func.args.posonlyargs, *func.args.args, *func.args.kwonlyargs]
    found: dict[str, Spec] = {}
    for arg in args[1:]:
        spec = None if arg.annotation is None else read_port(arg.annotation, resolver)
        if spec is not None and spec["depth"] == 0:
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


def _is_property(func: ast.FunctionDef | ast.AsyncFunctionDef, resolver: Resolver) -> bool:
    for deco in func.decorator_list:
        dotted = dotted_name(deco)
        full = None if dotted is None else resolver.fullname(dotted)
        if full in PROPERTY_FULLNAMES or dotted == "property":
            return True
    return False


def _legacy(
    func: ast.FunctionDef | ast.AsyncFunctionDef, resolver: Resolver, problems: list[Problem]
) -> LegacyPorts:
    """``{port: Spec | None}`` from a literal dict, or ``"?"`` when computed."""
    last = func.body[-1] if func.body else None
    returns = select(func, _RETURN)
    if not isinstance(last, ast.Return) or last.value is None or returns != [last]:
        return UNKNOWN  # several returns, or none at the end: the mapping is computed
    found = _mapping(last.value, resolver, problems, _local_names(func))
    return UNKNOWN if found is None else found


def _mapping(
    node: ast.expr,
    resolver: Resolver,
    problems: list[Problem],
    local: frozenset[str] | set[str] = frozenset(),
) -> dict[str, Spec | None] | None:
    """A literal port mapping (``{"x": NeuralType(...)}``, ``OrderedDict(...)``), or ``None``.

    A port whose value uses a name in ``local`` (bound in the property's body) is unchecked.
    """
    pairs = _literal_pairs(node, resolver)
    if pairs is None:
        return None
    ports: dict[str, Spec | None] = {}
    for key, value in pairs:
        if not (isinstance(key, ast.Constant) and isinstance(key.value, str)):
            return None
        if any(isinstance(n, ast.Name) and n.id in local for n in ast.walk(value)):
            ports[key.value] = None  # computed in the body (``input_signal_eltype``): unchecked
            continue
        depth = 0
        while isinstance(value, ast.List | ast.Tuple) and len(value.elts) == 1:
            value, depth = value.elts[0], depth + 1  # a container port: [NT], [[NT]], (NT,)
        found: list[Problem] = []
        spec = parse_neural_type(value, resolver, found)
        problems.extend(p._replace(port=key.value) for p in found)
        ports[key.value] = None if spec is None else {**spec, "depth": spec["depth"] + depth}
    return ports


def _computes(func: ast.FunctionDef | ast.AsyncFunctionDef) -> bool:
    """Whether a port property runs statements before its ``return`` (docstring aside)."""
    body = [
        s for s in func.body if not (isinstance(s, ast.Expr) and isinstance(s.value, ast.Constant))
    ]
    return len(body) > 1


def _local_names(func: ast.FunctionDef | ast.AsyncFunctionDef) -> set[str]:
    """Names bound in ``func``'s body: ports built from them are computed.

    Parameters (``self``) are left out: ``AudioSignal(freq=self._sample_rate)`` is read as
    ``AudioSignal`` with an unknown (wildcard) parameter.
    """
    names: set[str] = set()
    for node in (n for stmt in func.body for n in nodes(stmt)):
        if isinstance(node, ast.Name) and not isinstance(node.ctx, ast.Load):
            names.add(node.id)
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            names.add(node.name)
        elif isinstance(node, ast.alias):
            names.add((node.asname or node.name).partition(".")[0])
        elif isinstance(node, ast.arg):
            names.add(node.arg)
    return names


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
