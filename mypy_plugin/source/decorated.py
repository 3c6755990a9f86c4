"""Ports a method declares in its decorator: ``@typecheck(input_types={...}, output_types={...})``.

NeMo declares them on methods that are not ``forward`` (``generate_spectrogram``,
``convert_spectrogram_to_audio``, codec ``encode``/``decode``), and on ``forward`` to replace
the ``input_types``/``output_types`` properties. Only literal dicts (or ``OrderedDict``) of
``NeuralType(...)`` are read; a computed argument leaves that side unchecked.

>>> import ast
>>> class R:
...     def fullname(self, dotted): return {"NeuralType": "neuraltypes.NeuralType",
...         "MelSpectrogramType": "neuraltypes.MelSpectrogramType"}.get(dotted)
...     def alias(self, dotted): return None
>>> src = '''
... class M:
...     @typecheck(output_types={"spect": NeuralType(('B', 'D', 'T'), MelSpectrogramType())})
...     def generate_spectrogram(self, tokens):
...         ...
... '''
>>> found = decorated_ports(ast.parse(src).body[0], R())
>>> found["generate_spectrogram"].inputs is None, list(found["generate_spectrogram"].outputs)
(True, ['spect'])
"""

from __future__ import annotations

import ast
from dataclasses import replace

from ..metadata import DecoratedPorts, MethodSources, NeuralTypesMetadata
from ..model.spec import Spec
from .extract import Problem, Resolver, dotted_name, parse_neural_type
from .ports import _literal_pairs

__all__ = ["decorated_ports", "with_decorated"]

_FUNCS = ast.FunctionDef | ast.AsyncFunctionDef


def decorated_ports(
    cls: ast.ClassDef, resolver: Resolver, problems: list[Problem] | None = None
) -> dict[str, DecoratedPorts]:
    """``{method: ports}`` for methods with a literal ``@typecheck(input_types=/output_types=)``.

    A method defined twice (overloads, property setters) is left out.
    """
    found: dict[str, DecoratedPorts] = {}
    seen: set[str] = set()
    for stmt in cls.body:
        if not isinstance(stmt, _FUNCS):
            continue
        if stmt.name in seen:
            found.pop(stmt.name, None)
            continue
        seen.add(stmt.name)
        for deco in stmt.decorator_list:
            ports = _typecheck_ports(deco, stmt.lineno, resolver, problems)
            if ports is not None:
                found[stmt.name] = ports
    return found


def _typecheck_ports(
    deco: ast.expr, line: int, resolver: Resolver, problems: list[Problem] | None
) -> DecoratedPorts | None:
    if not isinstance(deco, ast.Call) or deco.args:
        return None
    name = dotted_name(deco.func) or ""
    if name.rpartition(".")[2] != "typecheck":
        return None
    kwargs = {kw.arg: kw.value for kw in deco.keywords}
    if None in kwargs:
        return None  # ``**options``: unknown
    inputs = _ports(kwargs.get("input_types"), resolver, problems)
    outputs = _ports(kwargs.get("output_types"), resolver, problems)
    if inputs is None and outputs is None:
        return None
    return DecoratedPorts(line, inputs, outputs)


def _ports(
    node: ast.expr | None, resolver: Resolver, problems: list[Problem] | None
) -> dict[str, Spec | None] | None:
    if node is None:
        return None
    pairs = _literal_pairs(node, resolver)
    if pairs is None:
        return None
    ports: dict[str, Spec | None] = {}
    for key, value in pairs:
        if not (isinstance(key, ast.Constant) and isinstance(key.value, str)):
            return None
        depth = 0
        while isinstance(value, ast.List | ast.Tuple) and len(value.elts) == 1:
            value, depth = value.elts[0], depth + 1  # a container port: [NT]
        found: list[Problem] = []
        spec = parse_neural_type(value, resolver, found)
        if problems is not None:
            problems.extend(p._replace(port=key.value) for p in found)
        ports[key.value] = None if spec is None else {**spec, "depth": spec["depth"] + depth}
    return ports


def with_decorated(
    meta: NeuralTypesMetadata, decorated: dict[str, DecoratedPorts]
) -> NeuralTypesMetadata:
    """``meta`` with the decorated methods, whose declared inputs are sources in their body
    (a parameter's own annotation wins)."""
    sources = dict(meta.sources)
    for name, ports in decorated.items():
        params = {
            param: spec
            for param, spec in (ports.inputs or {}).items()
            if spec is not None and spec["depth"] == 0
        }
        own = sources.get(name)
        if own is not None:
            params.update(own.params)
        if params:
            sources[name] = MethodSources(ports.line, params)
    return replace(meta, methods=decorated, sources=sources)
