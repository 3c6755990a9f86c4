"""Every reader of the annotation language, behind one signature: source text in, ports out.

A port is ``(name, axes, element, optional, depth)`` with axes as ``((kind, size, is_list),
...)``, ``None`` or ``"?"``, and the element's class name.
"""

from __future__ import annotations

import ast
import itertools
import sys
import types
from typing import Any

import libcst as cst

from mypy_plugin.source import ports as plugin_ports
from mypy_plugin.source.extract import read_port, read_return
from neuraltypes import NeuralType
from neuraltypes.codemods._ports import extract_ports
from neuraltypes.runtime._nemo_ports import ports_from_nemo
from neuraltypes.runtime._ports import Port, read_signature

Norm = tuple[str, Any, str, bool, int]
_COUNTER = itertools.count()

PRELUDE = """\
import collections.abc
import typing
from collections import OrderedDict
from typing import Annotated, List, MutableSequence, NamedTuple, Optional, Sequence, Tuple, Union

import typing_extensions
from torch import Tensor

from neuraltypes import (
    AcousticEncodedRepresentation, AudioSignal, AxisKind, AxisType, ElementType, LabelsType,
    LengthsType, LogitsType, LogprobsType, LossType, MelSpectrogramType, NeuralType,
    SpectrogramType, VoidType,
)
"""

_NAMES = {
    "Annotated": "typing.Annotated",
    "List": "typing.List",
    "MutableSequence": "typing.MutableSequence",
    "NamedTuple": "typing.NamedTuple",
    "Optional": "typing.Optional",
    "Sequence": "typing.Sequence",
    "Tuple": "typing.Tuple",
    "Union": "typing.Union",
    "typing": "typing",
    "typing_extensions": "typing_extensions",
    "collections": "collections",
    "OrderedDict": "collections.OrderedDict",
    "Tensor": "torch.Tensor",
    "list": "builtins.list",
    "tuple": "builtins.tuple",
    "dict": "builtins.dict",
    "None": "builtins.None",
}


class Resolver:
    """The plugin's resolver over one module parsed with ``ast`` (mypy's role in real runs)."""

    def __init__(self, tree: ast.Module) -> None:
        self.tree = tree

    def fullname(self, dotted: str) -> str | None:
        head, _, rest = dotted.partition(".")
        if head in _NAMES:
            return _NAMES[head] + ("." + rest if rest else "")
        import neuraltypes

        if head in neuraltypes.__all__:
            return f"neuraltypes.{dotted}"
        return None

    def alias(self, dotted: str) -> tuple[ast.expr, Resolver] | None:
        for stmt in self.tree.body:
            if isinstance(stmt, ast.Assign) and [ast.unparse(t) for t in stmt.targets] == [dotted]:
                return stmt.value, self
        return None

    def namedtuple(self, dotted: str) -> tuple[ast.ClassDef, Resolver] | None:
        for stmt in self.tree.body:
            if isinstance(stmt, ast.ClassDef) and stmt.name == dotted:
                if any(ast.unparse(b) == "NamedTuple" for b in stmt.bases):
                    return stmt, self
        return None


def _runtime_norm(port: Port) -> Norm:
    axes = port.ntype.axes
    kinds = None if axes is None else tuple((str(a.kind), a.size, a.is_list) for a in axes)
    elem = type(port.ntype.elements_type).__name__
    return (port.name, kinds, elem, port.ntype.optional, port.depth)


def _spec_norm(name: str, spec: dict[str, Any]) -> Norm:
    axes = spec["axes"]
    kinds = axes if axes in (None, "?") else tuple(tuple(a) for a in axes)
    return (name, kinds, spec["elem"].rpartition(".")[2], spec["opt"], spec["depth"])


def runtime_ports(module: str) -> tuple[list[Norm], list[Norm]]:
    """``f``'s inputs and outputs, read at run time (from a real, importable module)."""
    name = f"_conformance_corpus_{next(_COUNTER)}"
    mod = types.ModuleType(name)
    sys.modules[name] = mod
    try:
        exec(compile(PRELUDE + module, "<corpus>", "exec"), mod.__dict__)
        sig = read_signature(mod.f)
    finally:
        del sys.modules[name]
    return [_runtime_norm(p) for p in sig.inputs], [_runtime_norm(p) for p in sig.outputs]


def plugin_ports_of(module: str) -> tuple[list[Norm], list[Norm]]:
    """``f``'s inputs and outputs, read by the mypy plugin's source reader."""
    tree = ast.parse(PRELUDE + module)
    resolver = Resolver(tree)
    func = next(s for s in tree.body if isinstance(s, ast.FunctionDef) and s.name == "f")
    inputs = []
    for arg in func.args.args + func.args.kwonlyargs:
        spec = None if arg.annotation is None else read_port(arg.annotation, resolver)
        if spec is not None:
            inputs.append(_spec_norm(arg.arg, spec))
    outputs: list[Norm] = []
    if func.returns is not None:
        ret, names = read_return(func.returns, resolver)
        if isinstance(ret, dict):
            outputs.append(_spec_norm(names[0] if names else "output", ret))
        elif isinstance(ret, list):
            for index, spec in enumerate(ret):
                if spec is not None:
                    name = (names[index] if names else "") or f"output_{index}"
                    outputs.append(_spec_norm(name, spec))
    return inputs, outputs


def runtime_legacy(literal: str) -> list[Norm]:
    namespace: dict[str, Any] = {}
    exec(compile(PRELUDE + f"SPEC = {literal}\n", "<corpus>", "exec"), namespace)
    return [_runtime_norm(p) for p in ports_from_nemo(namespace["SPEC"], "M.forward", "input")]


def _property(literal: str) -> str:
    return f"class M:\n    @property\n    def input_types(self):\n        return {literal}\n"


def plugin_legacy(literal: str) -> list[Norm]:
    tree = ast.parse(PRELUDE + _property(literal))
    cls = next(s for s in tree.body if isinstance(s, ast.ClassDef))
    meta = plugin_ports.class_ports(cls, Resolver(tree))
    assert meta is not None and isinstance(meta.legacy_in, dict)
    return [_spec_norm(name, spec) for name, spec in meta.legacy_in.items() if spec is not None]


def codemod_legacy(literal: str) -> list[tuple[str, NeuralType, int, bool]]:
    """The codemod's reading: port name, the ``NeuralType`` its call builds, depth, optional."""
    module = cst.parse_module(_property(literal))
    cls = cst.ensure_type(module.body[0], cst.ClassDef)
    prop = cst.ensure_type(cls.body.body[0], cst.FunctionDef)

    def qualnames(node: cst.CSTNode) -> set[str]:
        name = cst.Module([]).code_for_node(node)
        full = Resolver(ast.parse("")).fullname(name)
        return {full} if full else {name}

    found = []
    for port in extract_ports(prop, qualnames) or []:
        namespace: dict[str, Any] = {}
        call = cst.Module([]).code_for_node(port.call)
        exec(compile(PRELUDE + f"NT = {call}\n", "<corpus>", "exec"), namespace)
        found.append((port.name, namespace["NT"], port.depth, port.optional))
    return found


def codemod_annotation(nt: str, depth: int, optional: bool, label: str | None = None) -> str:
    """The annotation the codemod writes for a port (``neuraltypes migrate``)."""
    from neuraltypes.codemods._annotations import code, port_annotation
    from neuraltypes.codemods._ports import PortSpec

    call = cst.ensure_type(cst.parse_expression(nt), cst.Call)
    node = port_annotation(PortSpec("x", call, depth, optional), None, lambda n: set(), label)
    return code(node)
