"""The plugin's ``TypeInfo.metadata["neuraltypes"]`` record, and a module's resolved ports.

``NeuralTypesMetadata`` is what ``source.ports.class_ports`` reads from a class's source; it
is stored as one JSON text (``{"json": "..."}``: ``serialize``/``deserialize``), so mypy's
cache writes and reads one string per class instead of a tree of small objects, and it is
decoded only when a class's ports are asked for.
A module's ports come from the first class along the MRO that defines ``forward`` (annotated
ports) and ``input_types``/``output_types`` (legacy NeMo ports, used where ``forward``
declares none).

>>> meta = NeuralTypesMetadata(legacy_out={"b": None, "a": None})
>>> NeuralTypesMetadata.deserialize(meta.serialize()) == meta
True
>>> PortsView({"x": None}, None, "Enc.forward").has_ports
False
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import Any, Final

from mypy.nodes import TypeInfo

from .fullnames import MODULE_FULLNAME, VOID_FULLNAME
from .model.spec import UNKNOWN, Spec
from .source.extract import RetSpec

__all__ = [
    "METADATA_KEY",
    "DecoratedPorts",
    "ForwardPorts",
    "LegacyPorts",
    "MethodSources",
    "NeuralTypesMetadata",
    "PortsView",
    "get_ports_metadata",
    "get_raw_metadata",
    "module_ports",
    "param_source",
    "record_text",
    "recorded_containers",
    "set_ports_metadata",
]

METADATA_KEY: Final = "neuraltypes"

#: Ports of a literal ``input_types``/``output_types`` property, in order (``None`` for a
#: value that is not a literal ``NeuralType``); ``"?"`` when the property computes them.
LegacyPorts = dict[str, Spec | None] | str


@dataclass(frozen=True)
class ForwardPorts:
    """The ports an annotated ``forward`` declares; ``names`` labels outputs (``""``: none)."""

    params: dict[str, Spec]
    ret: RetSpec
    names: tuple[str, ...] = ()


@dataclass(frozen=True)
class MethodSources:
    """A method's plain annotated tensor parameters (used as sources in its body)."""

    line: int
    params: dict[str, Spec]


@dataclass(frozen=True)
class DecoratedPorts:
    """A method's decorator-declared ports (``None``: that side is not declared literally)."""

    line: int
    inputs: dict[str, Spec | None] | None
    outputs: dict[str, Spec | None] | None

    def serialize(self) -> dict[str, Any]:
        """Plain JSON; ports as ``[name, spec]`` pairs (mypy's cache sorts dict keys)."""
        return {
            "line": self.line,
            "in": None if self.inputs is None else [[k, v] for k, v in self.inputs.items()],
            "out": None if self.outputs is None else [[k, v] for k, v in self.outputs.items()],
        }

    @classmethod
    def deserialize(cls, data: dict[str, Any]) -> DecoratedPorts:
        """The record ``serialize`` wrote."""

        def ports(value: Any) -> dict[str, Spec | None] | None:
            return None if value is None else {str(name): spec for name, spec in value}

        return cls(int(data["line"]), ports(data.get("in")), ports(data.get("out")))


@dataclass(frozen=True)
class NeuralTypesMetadata:
    """Everything the plugin records about one class."""

    forward: ForwardPorts | None = None
    override: tuple[str, ...] = ()  # "in"/"out": replaced by ``@typecheck(...)`` arguments
    legacy_in: LegacyPorts | None = None
    legacy_out: LegacyPorts | None = None
    sources: dict[str, MethodSources] = field(default_factory=dict)
    #: ``nn.ModuleList``/``nn.ModuleDict`` attributes: ``["list", cls]``, ``["dict", {key:
    #: cls}]`` or ``None`` (re-assigned here otherwise): ``source/containers.py``.
    containers: dict[str, list[Any] | None] = field(default_factory=dict)
    #: ``input_types``/``output_types`` computed by branches: one port set per branch
    #: (``source/branches.py``); the property itself is ``"?"`` in ``legacy_in``/``_out``.
    branches: dict[str, list[dict[str, Spec | None]]] = field(default_factory=dict)
    #: ``input_types`` computes before its literal return: its ports are not sources.
    legacy_in_computed: bool = False
    #: ``{attribute: config node}`` built by ``from_config_dict``/``instantiate`` (with
    #: model configs only; ``source/config_attrs.py``).
    config_attrs: dict[str, str] = field(default_factory=dict)
    #: Methods with literal ``@typecheck(input_types=..., output_types=...)`` ports.
    methods: dict[str, DecoratedPorts] = field(default_factory=dict)

    @property
    def is_empty(self) -> bool:
        """Whether nothing was found (no payload is stored then)."""
        return self == NeuralTypesMetadata()

    def serialize(self) -> dict[str, Any]:
        """Plain JSON (legacy ports as ``[name, spec]`` pairs: mypy's cache sorts dict keys)."""
        data: dict[str, Any] = {}
        if self.forward is not None:
            data["forward"] = {
                "params": self.forward.params,
                "ret": self.forward.ret,
                "names": list(self.forward.names),
            }
        if self.override:
            data["override"] = list(self.override)
        for key, legacy in (("legacy_in", self.legacy_in), ("legacy_out", self.legacy_out)):
            if isinstance(legacy, dict):
                data[key] = [[name, spec] for name, spec in legacy.items()]
            elif legacy is not None:
                data[key] = legacy
        if self.legacy_in_computed:
            data["legacy_in_computed"] = True
        if self.config_attrs:
            data["config_attrs"] = dict(self.config_attrs)
        if self.methods:
            data["methods"] = {name: p.serialize() for name, p in self.methods.items()}
        if self.sources:
            data["sources"] = {
                name: {"line": s.line, "params": s.params} for name, s in self.sources.items()
            }
        if self.containers:
            data["containers"] = self.containers
        if self.branches:
            data["branches"] = {
                name: [[[port, spec] for port, spec in ports.items()] for ports in sets]
                for name, sets in self.branches.items()
            }
        return data

    @classmethod
    def deserialize(cls, data: dict[str, Any]) -> NeuralTypesMetadata:
        """The record ``serialize`` wrote."""
        fwd = data.get("forward")
        return cls(
            forward=None
            if fwd is None
            else ForwardPorts(dict(fwd["params"]), fwd["ret"], tuple(fwd.get("names", ()))),
            override=tuple(data.get("override", ())),
            legacy_in=_legacy(data.get("legacy_in")),
            legacy_out=_legacy(data.get("legacy_out")),
            sources={
                name: MethodSources(int(s["line"]), dict(s["params"]))
                for name, s in (data.get("sources") or {}).items()
            },
            containers=dict(data.get("containers") or {}),
            branches={
                name: [{str(port): spec for port, spec in ports} for ports in sets]
                for name, sets in (data.get("branches") or {}).items()
            },
            legacy_in_computed=bool(data.get("legacy_in_computed")),
            config_attrs=dict(data.get("config_attrs") or {}),
            methods={
                name: DecoratedPorts.deserialize(p)
                for name, p in (data.get("methods") or {}).items()
            },
        )


def _legacy(value: Any) -> LegacyPorts | None:
    if isinstance(value, list):
        return {str(name): spec for name, spec in value}
    return UNKNOWN if isinstance(value, str) else None


#: Records already decoded, by the identity of the stored text (kept alive here, so the
#: identity cannot be reused): every call of a module reads its class's whole MRO.
_DECODED: dict[int, tuple[object, NeuralTypesMetadata]] = {}
_DECODED_MAX: Final = 100_000
_TEXT: Final = "json"


def get_ports_metadata(info: TypeInfo) -> NeuralTypesMetadata | None:
    """The stored record of ``info``, or ``None``."""
    text = get_raw_metadata(info)
    if text is None:
        return None
    known = _DECODED.get(id(text))
    if known is not None and known[0] is text:
        return known[1]
    meta = NeuralTypesMetadata.deserialize(json.loads(text))
    if len(_DECODED) >= _DECODED_MAX:
        _DECODED.clear()
    _DECODED[id(text)] = (text, meta)
    return meta


def get_raw_metadata(info: TypeInfo) -> str | None:
    """The stored record of ``info`` as its JSON text, or ``None``."""
    data = info.metadata.get(METADATA_KEY)
    text = data.get(_TEXT) if isinstance(data, dict) else None
    return text if isinstance(text, str) and text else None


def recorded_containers(info: TypeInfo) -> Iterable[str]:
    """The attributes whose containers ``info``'s record holds."""
    meta = get_ports_metadata(info)
    return meta.containers if meta is not None else ()


def record_text(meta: NeuralTypesMetadata) -> str:
    """The stored JSON text of ``meta`` (sorted keys: equal records are equal texts)."""
    return json.dumps(meta.serialize(), sort_keys=True, separators=(",", ":"))


def set_ports_metadata(info: TypeInfo, meta: NeuralTypesMetadata | None) -> None:
    """Store (or clear) the record of ``info``."""
    if meta is None or meta.is_empty:
        info.metadata.pop(METADATA_KEY, None)
    else:
        info.metadata[METADATA_KEY] = {_TEXT: record_text(meta)}


@dataclass(frozen=True)
class PortsView:
    """A module's resolved ports."""

    params: dict[str, Spec | None]
    ret: RetSpec
    callee: str
    outputs: tuple[str, ...] = ()
    #: One view per branch of an ``input_types`` computed by branches (else empty): a call is
    #: an error only when it fails under every one.
    alternatives: tuple[PortsView, ...] = ()

    @property
    def has_ports(self) -> bool:
        """Whether any port carries a neural type."""
        return any(self.params.values()) or self.ret is not None or bool(self.alternatives)


def _owner(info: TypeInfo, name: str) -> TypeInfo | None:
    for base in info.mro:
        if base.fullname == MODULE_FULLNAME:
            return None
        if name in base.names:
            return base
    return None


def forward_owner(info: TypeInfo) -> TypeInfo | None:
    """The class along the MRO that defines ``forward`` (below ``nn.Module``)."""
    return _owner(info, "forward")


#: Views already built, by class: each call of a module asks again. Kept with what they were
#: built from (the classes along the MRO, which of them define the port methods, and their
#: records), so an edited class (the daemon re-analyses it in place) builds its view again.
_VIEWS: dict[int, tuple[tuple[object, ...], PortsView | None]] = {}
_PORT_METHODS: Final = ("forward", "input_types", "output_types")


def forget_views() -> None:
    """Drop the kept views: called at the start of each build, so a process that runs several
    (``mypy.api.run`` in a language server) does not keep an earlier build's classes alive."""
    _VIEWS.clear()


def _view_key(info: TypeInfo) -> tuple[object, ...]:
    key: list[object] = [info]
    for base in info.mro:
        if base.fullname == MODULE_FULLNAME:
            break
        names = base.names
        key += (base, get_raw_metadata(base), *[m in names for m in _PORT_METHODS])
    return tuple(key)


def module_ports(info: TypeInfo) -> PortsView | None:
    """The ports of module class ``info``, or ``None`` when it declares none."""
    key = _view_key(info)
    known = _VIEWS.get(id(info))
    if known is not None and known[0] == key:
        return known[1]
    view = _module_ports(info)
    if len(_VIEWS) >= _DECODED_MAX:
        _VIEWS.clear()
    _VIEWS[id(info)] = (key, view)
    return view


def _module_ports(info: TypeInfo) -> PortsView | None:
    fwd = forward_owner(info)
    fwd_meta = (get_ports_metadata(fwd) if fwd else None) or NeuralTypesMetadata()
    forward = fwd_meta.forward
    params: dict[str, Spec | None] = dict(forward.params) if forward else {}
    ret: RetSpec = forward.ret if forward else None
    outputs: tuple[str, ...] = forward.names if forward else ()
    in_owner = _owner(info, "input_types")
    legacy_in = _meta(in_owner).legacy_in
    decorated = fwd_meta.methods.get("forward")
    if "in" in fwd_meta.override:
        # ``@typecheck(input_types=...)`` replaces the property: its literal dict, if any
        legacy_in = None if decorated is None else decorated.inputs
    in_sets = _branches(in_owner, info, "input_types") if legacy_in == UNKNOWN else []
    if not any(params.values()) and isinstance(legacy_in, dict):
        params = dict(legacy_in)
    if any(params.values()):
        in_sets = []
    out_owner = _owner(info, "output_types")
    legacy_out = _meta(out_owner).legacy_out
    if "out" in fwd_meta.override:
        legacy_out = None if decorated is None else decorated.outputs
    out_sets = _branches(out_owner, info, "output_types") if legacy_out == UNKNOWN else []
    if out_sets and all(list(s.items()) == list(out_sets[0].items()) for s in out_sets):
        legacy_out = out_sets[0]  # every branch declares the same outputs
    if ret is None and isinstance(legacy_out, dict) and legacy_out:
        outputs = tuple(legacy_out)
        specs: list[Spec | None] = list(legacy_out.values())
        ret = specs[0] if len(specs) == 1 else specs
    name = (fwd or in_owner or info).name
    view = PortsView(params, ret, f"{name}.forward", outputs)
    if in_sets:
        alternatives = tuple(replace(view, params=dict(s)) for s in in_sets)
        view = replace(view, params=dict(in_sets[0]), alternatives=alternatives)
    return view if view.has_ports else None


def _branches(owner: TypeInfo | None, info: TypeInfo, name: str) -> list[dict[str, Spec | None]]:
    """The port sets of property ``name`` computed by branches (``source/branches.py``); sets
    read from ``self._input_types`` hold only when ``info`` is the owner itself."""
    branches = _meta(owner).branches
    if owner is info and f"{name}:own" in branches:
        return branches[f"{name}:own"]
    return branches.get(name, [])


def _meta(info: TypeInfo | None) -> NeuralTypesMetadata:
    found = None if info is None else get_ports_metadata(info)
    return found or NeuralTypesMetadata()


def param_source(info: TypeInfo, method: str, line: int, param: str) -> Spec | None:
    """The neural type the value of parameter ``param`` of ``info.method`` has in its body.

    From its own ``Annotated`` annotation, or, for a ``forward`` without annotated ports, from
    a literal ``input_types`` in the same module (not replaced by ``@typecheck(...)``). A
    ``VoidType`` port accepts any element, so its value's element is unknown: ``None``.
    """
    spec = _param_source(info, method, line, param)
    return None if spec is None or spec["elem"] == VOID_FULLNAME else spec


def _param_source(info: TypeInfo, method: str, line: int, param: str) -> Spec | None:
    meta = _meta(info)
    entry = meta.sources.get(method)
    if entry is not None:
        if entry.line != line:
            return None
        spec = entry.params.get(param)
        if spec is not None or entry.params:
            return spec
    if method != "forward" or "in" in meta.override or (meta.forward and meta.forward.params):
        return None
    sym = info.names.get("forward")
    node = None if sym is None else sym.node
    node = getattr(node, "func", node)  # a decorated ``forward``
    if node is None or getattr(node, "line", None) != line:
        return None
    owner = _owner(info, "input_types")
    if owner is None or owner.module_name != info.module_name:
        return None  # another file: its edits would not re-check this body under dmypy
    owner_meta = _meta(owner)
    legacy = owner_meta.legacy_in
    if not isinstance(legacy, dict) or owner_meta.legacy_in_computed:
        return None
    found = legacy.get(param)
    return found if isinstance(found, dict) and found["depth"] == 0 else None
