"""Read and write ``TypeInfo.metadata["neuraltypes"]`` and resolve a module's ports.

The payload is plain JSON (``ports.class_ports``); a module's ports come from the first
class along the MRO that defines ``forward`` (annotated ports) and ``input_types`` /
``output_types`` (legacy NeMo ports, used where ``forward`` declares none).

>>> PortsView({"x": None}, None, "Enc.forward").has_ports
False
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Final

from mypy.nodes import TypeInfo

from .fullnames import MODULE_FULLNAME
from .model.spec import Spec
from .source.extract import RetSpec

__all__ = [
    "METADATA_KEY",
    "PortsView",
    "get_ports_metadata",
    "module_ports",
    "param_source",
    "set_ports_metadata",
]

METADATA_KEY: Final = "neuraltypes"


def get_ports_metadata(info: TypeInfo) -> dict[str, Any] | None:
    """The stored payload of ``info``, or ``None``."""
    data = info.metadata.get(METADATA_KEY)
    return data if data else None


def set_ports_metadata(info: TypeInfo, payload: dict[str, Any] | None) -> None:
    """Store (or clear) the payload of ``info``."""
    if payload is None:
        info.metadata.pop(METADATA_KEY, None)
    else:
        info.metadata[METADATA_KEY] = payload


@dataclass(frozen=True)
class PortsView:
    """A module's resolved ports."""

    params: dict[str, Spec | None]
    ret: RetSpec
    callee: str
    outputs: tuple[str, ...] = ()

    @property
    def has_ports(self) -> bool:
        """Whether any port carries a neural type."""
        return any(self.params.values()) or self.ret is not None


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


def module_ports(info: TypeInfo) -> PortsView | None:
    """The ports of module class ``info``, or ``None`` when it declares none."""
    fwd = forward_owner(info)
    fwd_meta = (get_ports_metadata(fwd) or {}).get("forward") if fwd else None
    params: dict[str, Spec | None] = dict(fwd_meta["params"]) if fwd_meta else {}
    ret: RetSpec = fwd_meta["ret"] if fwd_meta else None
    outputs: tuple[str, ...] = tuple(fwd_meta.get("names", ())) if fwd_meta else ()
    overrides = (get_ports_metadata(fwd) or {}).get("override", ()) if fwd else ()
    in_owner = _owner(info, "input_types")
    legacy_in = (get_ports_metadata(in_owner) or {}).get("legacy_in") if in_owner else None
    if "in" in overrides:
        legacy_in = None  # ``@typecheck(input_types=...)`` replaces the property: unchecked
    if not any(params.values()) and isinstance(legacy_in, dict):
        params = legacy_in
    out_owner = _owner(info, "output_types")
    out_meta = (get_ports_metadata(out_owner) or {}) if out_owner else {}
    legacy_out = out_meta.get("legacy_out")
    if "out" in overrides:
        legacy_out = None
    order = out_meta.get("legacy_out_order")
    if isinstance(legacy_out, dict) and legacy_out:
        # Output order is positional; a dict read back from mypy's cache has sorted keys.
        if not isinstance(order, list) or sorted(order) != sorted(legacy_out):
            legacy_out = None  # an older payload: the order is unknown, so unchecked
        else:
            legacy_out = {name: legacy_out[name] for name in order}
    if ret is None and isinstance(legacy_out, dict) and legacy_out:
        outputs = tuple(legacy_out)
        specs: list[Spec | None] = list(legacy_out.values())
        ret = specs[0] if len(specs) == 1 else specs
    name = (fwd or in_owner or info).name
    view = PortsView(params, ret, f"{name}.forward", outputs)
    return view if view.has_ports else None


def param_source(info: TypeInfo, method: str, line: int, param: str) -> Spec | None:
    """The neural type parameter ``param`` of ``info.method`` (defined at ``line``) declares.

    From its own ``Annotated`` annotation, or, for a ``forward`` without annotated ports, from
    a literal ``input_types`` in the same module (not replaced by ``@typecheck(...)``).
    """
    meta = get_ports_metadata(info) or {}
    entry = (meta.get("sources") or {}).get(method)
    if entry is not None:
        if entry.get("line") != line:
            return None
        spec: Spec | None = entry["params"].get(param)
        if spec is not None or entry["params"]:
            return spec
    forward = meta.get("forward") or {}
    if method != "forward" or "in" in meta.get("override", ()) or forward.get("params"):
        return None
    sym = info.names.get("forward")
    node = None if sym is None else sym.node
    node = getattr(node, "func", node)  # a decorated ``forward``
    if node is None or getattr(node, "line", None) != line:
        return None
    owner = _owner(info, "input_types")
    if owner is None or owner.module_name != info.module_name:
        return None  # another file: its edits would not re-check this body under dmypy
    legacy = (get_ports_metadata(owner) or {}).get("legacy_in")
    if not isinstance(legacy, dict):
        return None
    found: Spec | None = legacy.get(param)
    return found if isinstance(found, dict) and found["depth"] == 0 else None
