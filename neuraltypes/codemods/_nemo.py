"""Which classes stay on NeMo, the property that derives their ports, and NeMo-only machinery.

A class stays on NeMo when a base is NeMo's (``nemo.*``, directly, through a class of the same
file, or through a base the codemod cannot resolve in a file that imports NeMo) or when its
ports use NeMo's ``NeuralType``. Its ``forward`` is annotated and each migrated property
becomes ``return input_types_of(Cls.forward)`` (``neuraltypes.nemo``), so NeMo keeps reading a
port dict built from the annotations.

>>> import libcst as cst
>>> from neuraltypes.codemods._imports import ImportTable
>>> from neuraltypes.codemods._forward import walk_statements
>>> mod = cst.parse_module("from nemo.core import NeuralModule\\nclass A(NeuralModule): pass\\n")
>>> [c.name.value for c in nemo_classes(mod, walk_statements(mod), ImportTable(mod).qualify)]
['A']
"""

from __future__ import annotations

from collections.abc import Callable

import libcst as cst

from ._annotations import nemo_call
from ._forward import class_body, walk
from ._ports import is_port_property

__all__ = [
    "DERIVERS",
    "DERIVE_MODULE",
    "derived",
    "derived_return",
    "nemo_attributes",
    "nemo_classes",
    "nemo_machinery",
    "nemo_ports",
    "ours",
]

QualNames = Callable[[cst.CSTNode], set[str]]

DERIVE_MODULE = "neuraltypes.nemo"
DERIVERS = {"input_types": "input_types_of", "output_types": "output_types_of"}

# Attributes of NeMo's NeuralModule/ModelPT that neuraltypes' NeuralModule does not have.
_NEMO_ONLY_ATTRS = frozenset(
    {"from_config_dict", "to_config_dict", "save_to", "restore_from", "register_artifact"}
)


def _is_nemo(name: str) -> bool:
    return name == "nemo" or name.startswith("nemo.")


def nemo_classes(
    module: cst.Module, statements: list[cst.CSTNode], qn: QualNames
) -> list[cst.ClassDef]:
    """The classes of ``module`` that derive from NeMo (``statements``: ``walk_statements``)."""
    classes = [n for n in statements if isinstance(n, cst.ClassDef)]
    top = {s.name.value: s for s in module.body if isinstance(s, cst.ClassDef)}
    imports_nemo = any(_is_nemo(q) for n in statements for q in _import_names(n))
    memo: dict[str, bool] = {}

    def derives(cls: cst.ClassDef, seen: frozenset[str]) -> bool:
        for arg in cls.bases:
            names = qn(arg.value)
            if any(_is_nemo(q) for q in names):
                return True
            local = arg.value.value if isinstance(arg.value, cst.Name) else None
            if local in top and local not in seen:
                if memo.setdefault(local, derives(top[local], seen | {local})):
                    return True
            elif not names and imports_nemo:
                return True  # a relative import or a rebound name: assume NeMo's
        return False

    return [c for c in classes if derives(c, frozenset({c.name.value}))]


def _import_names(node: cst.CSTNode) -> list[str]:
    if isinstance(node, cst.ImportFrom) and node.module is not None and not node.relative:
        return [cst.Module([]).code_for_node(node.module)]
    if isinstance(node, cst.Import):
        return [cst.Module([]).code_for_node(a.name) for a in node.names]
    return []


def derived_return(prop: str, cls: str) -> cst.Call:
    """``input_types_of(Cls.forward)`` for property ``prop`` of class ``cls``."""
    target = cst.Attribute(value=cst.Name(cls), attr=cst.Name("forward"))
    return cst.Call(func=cst.Name(DERIVERS[prop]), args=[cst.Arg(target)])


def nemo_machinery(cls: cst.ClassDef, attributes: list[cst.Attribute], qn: QualNames) -> list[str]:
    """What ``cls`` still takes from NeMo after ``--rewrite-imports`` (empty: nothing).

    NeMo bases left on a NeMo import (``Exportable``, ``Serialization``, ...) and uses of NeMo's
    config/serialization API (``from_config_dict``, ``save_to``, ...) on the class, among the
    module's ``attributes`` (see ``nemo_attributes``).
    """
    found: list[str] = []
    for arg in cls.bases:
        for name in sorted(qn(arg.value)):
            if _is_nemo(name):
                found.append(name.rpartition(".")[2])
    own = set(walk(cst.IndentedBlock(body=class_body(cls)))) if attributes else set()
    for node in attributes:
        owner = node.value
        mine = node in own and isinstance(owner, cst.Name) and owner.value in ("self", "cls")
        named = isinstance(owner, cst.Name) and owner.value == cls.name.value
        if (mine or named) and node.attr.value not in found:
            found.append(node.attr.value)
    return found


def nemo_attributes(
    source: str | None, everything: Callable[[], list[cst.CSTNode]]
) -> list[cst.Attribute]:
    """The ``x.from_config_dict``-like attributes of a module (walked only if the text has one)."""
    if source is not None and not any(name in source for name in _NEMO_ONLY_ATTRS):
        return []
    return [
        n for n in everything() if isinstance(n, cst.Attribute) and n.attr.value in _NEMO_ONLY_ATTRS
    ]


def ours(cls: cst.ClassDef, classes: list[cst.ClassDef], qn: QualNames, depth: int = 0) -> bool:
    """Whether ``cls`` derives from a neuraltypes class (whose runtime reads annotations)."""
    local = {c.name.value: c for c in classes}
    for arg in cls.bases:
        if any(q.startswith("neuraltypes.") for q in qn(arg.value)):
            return True
        name = arg.value.value if isinstance(arg.value, cst.Name) else ""
        if name in local and depth < 20 and ours(local[name], classes, qn, depth + 1):
            return True
    return False


def nemo_ports(cls: cst.ClassDef, qn: QualNames) -> bool:
    """Whether a port property of ``cls`` builds NeMo's ``NeuralType`` (NeMo reads them)."""
    return any(
        nemo_call(call, qn)
        for prop in class_body(cls)
        if is_port_property(prop)
        for call in walk(prop)
        if isinstance(call, cst.Call)
    )


def derived(prop: cst.FunctionDef, qn: QualNames) -> bool:
    """Whether ``prop`` returns ``input_types_of(...)``/``output_types_of(...)`` already."""
    wanted = {f"{DERIVE_MODULE}.{name}" for name in DERIVERS.values()}
    return any(
        isinstance(n, cst.Return)
        and isinstance(n.value, cst.Call)
        and bool(qn(n.value.func) & wanted)
        for n in walk(prop.body)
    )
