"""Parse and validate ``freeze_updates`` from a dict, an OmegaConf config, YAML text or a file."""

from __future__ import annotations

import difflib
import importlib
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any, cast

from ._errors import FreezeConfigError
from ._schedule import (
    FOREVER,
    FREEZE_MODES,
    NORM_POLICIES,
    OPTIMIZER_STATE_POLICIES,
    FreezeEntry,
    FreezeMode,
    FreezeSchedule,
    NormPolicy,
    OptimizerStatePolicy,
)

__all__ = ["parse_config"]

_TOP_KEYS = ("enabled", "modules", "norm", "optimizer_state", "output_requires_grad", "mode")
_ENTRY_KEYS = ("steps", "norm", "output_requires_grad")
HINT = (
    "each module value is N (frozen for updates 1..N), -1 (frozen for the whole run), "
    "[start, end] with 1 <= start <= end (end = -1: no end), or {steps: ..., norm: "
    f"{'|'.join(NORM_POLICIES)}, output_requires_grad: true|false}}; top-level keys are "
    f"{', '.join(_TOP_KEYS)}"
)


def parse_config(cfg: Any) -> FreezeSchedule:
    """Parse any supported config form into a ``FreezeSchedule``.

    >>> parse_config("enabled: true\\nmodules: {encoder: 200, decoder: [50, -1]}").boundaries()
    (1, 50, 201)
    """
    if isinstance(cfg, FreezeSchedule):
        return cfg
    origin, lines, data = _load(cfg)
    where_prefix = f"{origin}: " if origin else ""
    if not isinstance(data, Mapping):
        raise FreezeConfigError.from_problems(
            [f"{where_prefix}expected a mapping, got {type(data).__name__}"], HINT
        )
    section, path = _locate(data, where_prefix)
    if section is None:
        return FreezeSchedule.disabled()

    def where(*keys: str) -> str:
        full = (*path, *keys)
        line = lines.get(full)
        loc = f"{origin}:{line}: " if line is not None and origin else ""
        if line is not None and not origin:
            loc = f"line {line}: "
        return loc + ".".join(full)

    return _parse_section(section, where)


def _load(cfg: Any) -> tuple[str, dict[tuple[str, ...], int], Any]:
    """Return (origin for messages, key path -> line, plain data)."""
    if type(cfg).__module__.startswith("omegaconf"):
        from omegaconf import OmegaConf

        return "", {}, OmegaConf.to_container(cfg, resolve=True)
    if isinstance(cfg, os.PathLike) or (
        isinstance(cfg, str) and "\n" not in cfg and cfg.strip().endswith((".yaml", ".yml"))
    ):
        path = Path(os.fspath(cfg))
        if not path.is_file():
            raise FreezeConfigError.from_problems(
                [f"config file {str(path)!r} does not exist"], "pass a YAML file path or text"
            )
        return _load_yaml(path.read_text(encoding="utf-8"), str(path))
    if isinstance(cfg, str):
        return _load_yaml(cfg, "")
    if isinstance(cfg, Mapping):
        return "", {}, cfg
    raise FreezeConfigError.from_problems(
        [f"cannot read a freeze config from {type(cfg).__name__}"],
        "pass a dict, an OmegaConf DictConfig, YAML text or a YAML file path",
    )


def _load_yaml(text: str, origin: str) -> tuple[str, dict[tuple[str, ...], int], Any]:
    try:
        yaml: Any = importlib.import_module("yaml")
    except ImportError:  # pragma: no cover - pyyaml is in the freeze extra
        raise FreezeConfigError(
            "freeze_updates: reading YAML needs PyYAML. HINT: pip install 'neuraltypes[freeze]'"
        ) from None
    try:
        data = yaml.safe_load(text)
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        raise FreezeConfigError.from_problems(
            [f"{origin or 'YAML text'}: not valid YAML: {exc}"], "fix the YAML syntax"
        ) from None
    lines: dict[tuple[str, ...], int] = {}
    _collect_lines(node, (), lines)
    return origin or "<yaml>", lines, data


def _collect_lines(node: Any, path: tuple[str, ...], out: dict[tuple[str, ...], int]) -> None:
    if type(node).__name__ == "MappingNode":
        for key, value in node.value:
            sub = (*path, str(key.value))
            out[sub] = key.start_mark.line + 1
            _collect_lines(value, sub, out)


def _locate(
    data: Mapping[str, Any], prefix: str
) -> tuple[Mapping[str, Any] | None, tuple[str, ...]]:
    """Find the ``freeze_updates`` mapping in a whole config, or take ``data`` as it."""
    model = data.get("model")
    path: tuple[str, ...]
    if isinstance(model, Mapping) and "freeze_updates" in model:
        section, path = model["freeze_updates"], ("model", "freeze_updates")
    elif "freeze_updates" in data:
        section, path = data["freeze_updates"], ("freeze_updates",)
    elif "enabled" in data or "modules" in data:
        return data, ()
    else:
        keys = [str(k) for k in (model.keys() if isinstance(model, Mapping) else data.keys())]
        close = difflib.get_close_matches("freeze_updates", keys, n=1)
        found = f" ({close[0]!r} looks like a typo of 'freeze_updates')" if close else ""
        raise FreezeConfigError.from_problems(
            [f"{prefix}no freeze_updates section found{found}; keys are {keys}"],
            "pass the freeze_updates mapping (enabled, modules) or a config holding it "
            "as freeze_updates or model.freeze_updates",
        )
    if section is None:
        return None, path
    if not isinstance(section, Mapping):
        raise FreezeConfigError.from_problems(
            [f"{prefix}{'.'.join(path)} must be a mapping, got {section!r}"], HINT
        )
    return section, path


def _parse_section(section: Mapping[str, Any], where: Any) -> FreezeSchedule:
    problems: list[str] = []
    for key in section:
        if key not in _TOP_KEYS:
            close = difflib.get_close_matches(str(key), _TOP_KEYS, n=1)
            extra = f" (did you mean {close[0]!r}?)" if close else ""
            problems.append(f"{where(str(key))}: unknown key{extra}")
    enabled = section.get("enabled")
    if "enabled" not in section:
        problems.append(
            f"{where('enabled')}: missing; NeMo treats a missing 'enabled' as false, "
            "so say 'enabled: true' or 'enabled: false'"
        )
    elif not isinstance(enabled, bool):
        problems.append(f"{where('enabled')}: {enabled!r} is not true or false")
    norm = section.get("norm", "eval")
    if norm not in NORM_POLICIES:
        problems.append(f"{where('norm')}: {norm!r} is not one of {', '.join(NORM_POLICIES)}")
    opt_state = section.get("optimizer_state", "reset")
    if opt_state not in OPTIMIZER_STATE_POLICIES:
        problems.append(
            f"{where('optimizer_state')}: {opt_state!r} is not one of "
            f"{', '.join(OPTIMIZER_STATE_POLICIES)}"
        )
    mode = section.get("mode", "auto")
    if mode not in FREEZE_MODES:
        problems.append(f"{where('mode')}: {mode!r} is not one of {', '.join(FREEZE_MODES)}")
    out_grads = section.get("output_requires_grad", False)
    if not isinstance(out_grads, bool):
        problems.append(f"{where('output_requires_grad')}: {out_grads!r} is not true or false")
    modules = section.get("modules")
    entries: list[FreezeEntry] = []
    if modules is None:
        if enabled is True:
            problems.append(f"{where('modules')}: missing; list the modules to freeze")
    elif not isinstance(modules, Mapping):
        problems.append(f"{where('modules')}: must be a mapping of module name to steps")
    else:
        for raw_name, value in modules.items():
            name = str(raw_name)
            loc = where("modules", name)
            if not name.strip():
                problems.append(f"{loc}: empty module name")
                continue
            entry = _parse_entry(name, value, loc, problems)
            if entry is not None:
                entries.append(entry)
    if problems:
        raise FreezeConfigError.from_problems(problems, HINT)
    return FreezeSchedule(
        enabled=bool(enabled),
        entries=tuple(entries),
        norm=cast(NormPolicy, norm),
        optimizer_state=cast(OptimizerStatePolicy, opt_state),
        output_requires_grad=bool(out_grads),
        mode=cast(FreezeMode, mode),
    )


def _parse_entry(name: str, value: Any, loc: str, problems: list[str]) -> FreezeEntry | None:
    norm: NormPolicy | None = None
    out_grads: bool | None = None
    if isinstance(value, Mapping):
        bad = [str(k) for k in value if k not in _ENTRY_KEYS]
        if bad:
            problems.append(
                f"{loc}: unknown key(s) {bad}; an entry mapping has {', '.join(_ENTRY_KEYS)}"
            )
            return None
        out_grads = value.get("output_requires_grad")
        if out_grads is not None and not isinstance(out_grads, bool):
            problems.append(f"{loc}.output_requires_grad: {out_grads!r} is not true or false")
            return None
        if "steps" not in value:
            problems.append(f"{loc}: missing 'steps'")
            return None
        if "norm" in value:
            if value["norm"] not in NORM_POLICIES:
                problems.append(
                    f"{loc}.norm: {value['norm']!r} is not one of {', '.join(NORM_POLICIES)}"
                )
                return None
            norm = value["norm"]
        value = value["steps"]
    window = _parse_steps(value, loc, problems)
    if window is None:
        return None
    return FreezeEntry(name, window[0], window[1], norm, loc, out_grads)


def _is_int(v: Any) -> bool:
    return isinstance(v, int) and not isinstance(v, bool)


def _parse_steps(value: Any, loc: str, problems: list[str]) -> tuple[int, int] | None:
    if _is_int(value):
        if value == -1:
            return 1, FOREVER
        if value >= 1:
            return 1, int(value)
        why = "0 would never freeze (remove the entry)" if value == 0 else f"{value} is negative"
        problems.append(f"{loc}: {why}; use N >= 1 or -1")
        return None
    if isinstance(value, list | tuple):
        if len(value) != 2:
            problems.append(f"{loc}: {list(value)!r} has {len(value)} items; expected [start, end]")
            return None
        start, end = value
        if not (_is_int(start) and _is_int(end)):
            problems.append(f"{loc}: {list(value)!r} must be two integers")
            return None
        if start < 1:
            problems.append(f"{loc}: start {start} must be >= 1 (updates are 1-based)")
            return None
        if end == -1:
            return start, FOREVER
        if end < 1:
            problems.append(f"{loc}: end {end} must be >= 1 or -1 (no end)")
            return None
        if start > end:
            problems.append(f"{loc}: {list(value)!r} has start > end")
            return None
        return start, end
    problems.append(f"{loc}: {value!r} is not an integer or [start, end]")
    return None
