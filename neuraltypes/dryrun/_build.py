"""Build the model for a dry run: import ``MODULE:FACTORY``, read the config, construct on meta.

The factory is called under ``torch.device("meta")``: no weights are allocated. A factory
that computes with tensors while it builds (NeMo's subsampling calls ``int()`` on a tensor) is
retried with only parameters on meta: they are created, then moved to meta as they are
registered, so the computing code sees real (small) CPU tensors.

>>> factory, _ = load_factory("collections:OrderedDict")
>>> factory.__name__
'OrderedDict'
"""

from __future__ import annotations

import importlib
import inspect
import os
import re
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import torch
from torch import nn

__all__ = ["BuildError", "build_model", "load_config", "load_factory"]


class BuildError(Exception):
    """The model could not be imported, configured or built (exit status 2)."""


def load_factory(spec: str) -> tuple[Callable[..., Any], str]:
    """``(callable, spec)`` for ``"package.module:factory"`` (the current folder is importable)."""
    mod_name, _, attr = spec.partition(":")
    if not mod_name or not attr:
        raise BuildError(f"--model {spec!r}: expected MODULE:FACTORY, e.g. mypkg.models:build")
    if os.getcwd() not in sys.path:
        sys.path.insert(0, os.getcwd())
    try:
        obj: Any = importlib.import_module(mod_name)
    except Exception as exc:
        raise BuildError(
            f"--model {spec!r}: cannot import {mod_name}: {type(exc).__name__}: {exc}"
        ) from None
    for part in attr.split("."):
        try:
            obj = getattr(obj, part)
        except AttributeError:
            raise BuildError(f"--model {spec!r}: {mod_name} has no attribute {attr!r}") from None
    if not callable(obj):
        raise BuildError(f"--model {spec!r}: {attr} is not callable")
    return obj, spec


def load_config(spec: str, overrides: tuple[str, ...] = ()) -> tuple[Any, str]:
    """The YAML node named by ``FILE[:KEY]`` (dotted key), interpolations resolved.

    An OmegaConf ``DictConfig`` when OmegaConf is installed, else a plain dict.
    ``overrides`` are ``key=value`` dotted assignments applied to the whole file first.
    """
    path_text, key = spec, ""
    if not Path(spec).exists() and ":" in spec:
        path_text, _, key = spec.rpartition(":")
    path = Path(path_text)
    if not path.is_file():
        raise BuildError(f"--config {spec!r}: no such file {path_text!r}")
    where = f"{path_text}:{key}" if key else path_text
    try:
        from omegaconf import OmegaConf
    except ImportError:
        return _plain_config(path, key, overrides, where), where
    try:
        root: Any = OmegaConf.load(path)
        if overrides:
            root = OmegaConf.merge(root, OmegaConf.from_dotlist(list(overrides)))
        node = OmegaConf.select(root, key, throw_on_missing=False) if key else root
        if node is None:
            raise BuildError(f"--config {spec!r}: {path_text} has no key {key!r}")
        resolved = OmegaConf.to_container(node, resolve=True)
    except BuildError:
        raise
    except Exception as exc:
        raise BuildError(f"--config {where}: {type(exc).__name__}: {exc}") from None
    return OmegaConf.create(resolved), where


def _plain_config(path: Path, key: str, overrides: tuple[str, ...], where: str) -> Any:
    try:
        yaml: Any = importlib.import_module("yaml")
    except ImportError:
        raise BuildError("--config needs PyYAML or OmegaConf: pip install omegaconf") from None
    try:
        node: Any = yaml.safe_load(path.read_text())
    except Exception as exc:
        raise BuildError(f"--config {where}: {type(exc).__name__}: {exc}") from None
    for item in overrides:
        dotted, _, value = item.partition("=")
        target = node
        parts = dotted.split(".")
        for part in parts[:-1]:
            target = target.setdefault(part, {})
        target[parts[-1]] = yaml.safe_load(value)
    node = _resolve(node, node, (), where)
    for part in [p for p in key.split(".") if p]:
        if not isinstance(node, dict) or part not in node:
            raise BuildError(f"--config {where}: no key {key!r}")
        node = node[part]
    return node


_REF = re.compile(r"\$\{([^${}]+)\}")


def _resolve(value: Any, root: Any, seen: tuple[str, ...], where: str) -> Any:
    """OmegaConf-style ``${a.b}`` interpolations, resolved against the file's root."""
    if isinstance(value, dict):
        return {k: _resolve(v, root, seen, where) for k, v in value.items()}
    if isinstance(value, list):
        return [_resolve(v, root, seen, where) for v in value]
    if not isinstance(value, str) or "${" not in value:
        return value

    def target(ref: str) -> Any:
        if ref in seen:
            raise BuildError(f"--config {where}: interpolation cycle through ${{{ref}}}")
        return _resolve(_lookup(root, ref, where), root, (*seen, ref), where)

    whole = _REF.fullmatch(value)
    if whole:
        return target(whole.group(1))
    return _REF.sub(lambda m: str(target(m.group(1))), value)


def _lookup(root: Any, ref: str, where: str) -> Any:
    node = root
    for part in ref.strip().split("."):
        if isinstance(node, dict) and part in node:
            node = node[part]
        elif isinstance(node, list) and part.isdigit() and int(part) < len(node):
            node = node[int(part)]
        else:
            raise BuildError(f"--config {where}: interpolation ${{{ref}}} names no key")
    return node


def build_model(
    factory: Callable[..., Any], config: Any, has_config: bool, where: str
) -> tuple[nn.Module, list[str]]:
    """Call ``factory(config)`` (or ``factory()``) on meta; ``(model, notes)``."""
    notes: list[str] = []
    try:
        with torch.device("meta"):
            model = _call(factory, config, has_config)
    except BuildError:
        raise
    except Exception as exc:
        if not _meta_problem(exc):
            raise _build_error(exc, where) from None
        notes.append(
            "the factory computes with tensors while building "
            f"({_first_line(exc)}): built again with only parameters on meta"
        )
        try:
            with parameters_on_meta():
                model = _call(factory, config, has_config)
        except Exception as exc2:
            raise _build_error(exc2, where) from None
    if not isinstance(model, nn.Module):
        raise BuildError(f"the factory returned {type(model).__name__}, not a torch.nn.Module")
    return model, notes


def _call(factory: Callable[..., Any], config: Any, has_config: bool) -> Any:
    if not has_config:
        return factory()
    if inspect.isclass(factory):
        try:
            params = inspect.signature(factory).parameters
        except (TypeError, ValueError):
            params = {}  # type: ignore[assignment]
        if "cfg" in params:
            return factory(cfg=config)  # type: ignore[call-arg]  # NeMo style: EncDecCTCModel(cfg=...)
    return factory(config)


def _meta_problem(exc: BaseException) -> bool:
    seen: BaseException | None = exc
    while seen is not None:
        text = str(seen).lower()
        if "meta" in text or isinstance(seen, NotImplementedError):
            return True
        seen = seen.__cause__ or seen.__context__
    return False


def _first_line(exc: BaseException) -> str:
    """The first line of the deepest cause's message, with its type."""
    while exc.__cause__ is not None:
        exc = exc.__cause__
    lines = [f"{type(exc).__name__}: {line}" for line in str(exc).strip().splitlines()]
    return lines[0] if lines else ""


def _build_error(exc: BaseException, where: str) -> BuildError:
    text = str(exc).strip()
    origin = _origin(exc)
    config = f" (config {where})" if where else ""
    return BuildError(f"building the model failed{config}: {type(exc).__name__}: {text}{origin}")


def _origin(exc: BaseException) -> str:
    """``raised at file.py:12 in fn``: the deepest frame of the deepest cause outside the
    config and torch machinery (OmegaConf, Hydra, torch, this package)."""
    import traceback

    while exc.__cause__ is not None:
        exc = exc.__cause__
    frames = traceback.extract_tb(exc.__traceback__)
    skip = ("/omegaconf/", "/hydra/", "/torch/", "/neuraltypes/dryrun/")
    chosen = [f for f in frames if not any(s in f.filename.replace("\\", "/") for s in skip)]
    if not (chosen or frames):
        return ""
    frame = (chosen or frames)[-1]
    return f"\n  raised at {frame.filename}:{frame.lineno} in {frame.name}"


@contextmanager
def parameters_on_meta() -> Iterator[None]:
    """Move every parameter to ``meta`` as it is registered (buffers stay real)."""
    original = nn.Module.register_parameter

    def register(module: nn.Module, name: str, param: nn.Parameter | None) -> None:
        original(module, name, param)
        if param is not None and param.device.type != "meta":
            meta = nn.Parameter(param.to("meta"), requires_grad=param.requires_grad)
            module._parameters[name] = meta

    nn.Module.register_parameter = register  # type: ignore[method-assign, assignment]
    try:
        yield
    finally:
        nn.Module.register_parameter = original  # type: ignore[method-assign]
