"""Model configs and mypy's build: module dependencies and cache invalidation.

mypy analyses and checks one import cycle at a time, in import order. A model's base
(``EncDecCTCModel``) is checked before the config's targets (``ConformerEncoder``) are even
analysed, unless it depends on them. The configured class's chain of bases is read from
source (``source/config_chain``), so only the chain's files that read a config-built
attribute (``self.encoder``) get the targets' modules as extra dependencies: never the
configured class's module (which imports the base: an import cycle, which changed mypy's
checking order and its own errors on NeMo), never a file outside the chain. A class whose
source is not found falls back to the broad rule: every file that calls a builder depends
on the configured class's module and on every target's.

The chains are part of every module's cache key (``NeuralTypesConfig.find_chains``): an
edited base that changes them re-checks everything, as a cold run would.

A config file's contents are part of ``report_config_data`` (the incremental cache) and of
the plugin module's ``__version__``, which ``dmypy run`` compares before each check (a
change restarts the daemon: nothing stale survives an edited YAML file).
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path
from typing import Any, Final

from mypy.nodes import MypyFile
from mypy.options import Options

from ..source.chain_store import find_module
from ..source.model_config import ModelWirings

__all__ = ["config_deps", "forget_modules", "publish_config_digest"]

#: mypy's priority for an import inside a function (below module-level imports).
_PRI_MED: Final = 10
_BUILDERS: Final = (b"from_config_dict", b"instantiate")
_EXISTS: dict[tuple[str, str], bool] = {}


def config_deps(
    file: MypyFile, wirings: ModelWirings, options: Options
) -> list[tuple[int, str, int]]:
    """Extra dependencies of ``file``: the modules of the targets its config-built
    attributes name (and, for a class whose chain was not found, the class's module).
    """
    if file.fullname.partition(".")[0] not in wirings.packages() or not file.path:
        return []
    try:
        text = Path(file.path).read_bytes()
    except OSError:
        return []
    names: set[str] = set()
    unchained = [cls for cls in wirings.by_class if wirings.chains.get(cls) is None]
    if unchained and any(word in text for word in _BUILDERS):
        names.update(unchained, wirings.targets())
    for cls, chain in wirings.chains.items():
        if chain is None or file.fullname not in chain.modules:
            continue
        reads = wirings.chain_reads(cls)
        if reads is not None and reads.search(text):
            names.update(wirings.chain_targets(cls))
    if not names:
        return []
    roots = [_root(file), *options.mypy_path, *sys.path]
    modules = {name.rpartition(".")[0] for name in names}
    found = [m for m in sorted(modules) if m and m != file.fullname and _exists(m, roots)]
    return [(_PRI_MED, module, -1) for module in found]


def forget_modules() -> None:
    """Forget which modules exist: each build looks again (a process may run several builds,
    as a language server does, and a module may appear between them)."""
    _EXISTS.clear()


def publish_config_digest(module_name: str, data: dict[str, Any]) -> None:
    """Put a digest of the plugin's options (model configs' contents included) into the
    plugin modules' ``__version__``, part of mypy's plugin snapshot (``dmypy run``)."""
    text = json.dumps(data, sort_keys=True)
    digest = hashlib.blake2b(text.encode(), digest_size=8).hexdigest()
    for name in {module_name, module_name.partition(".")[0]}:
        module = sys.modules.get(name)
        if module is not None:
            version = f"{data.get('neuraltypes_plugin')}+{digest}"
            setattr(module, "__version__", version)  # noqa: B010 - a module's attribute


def _root(file: MypyFile) -> str:
    """The directory ``file``'s top-level package lives in."""
    parts = file.fullname.count(".") + 1
    path = Path(file.path)
    up = parts if path.stem == "__init__" else parts - 1
    return str(path.parents[up]) if up < len(path.parents) else str(path.parent)


def _exists(module: str, roots: list[str]) -> bool:
    """Whether ``module`` has a source file (or package) under one of ``roots``."""
    for root in roots:
        key = (module, root)
        hit = _EXISTS.get(key)
        if hit is None:
            hit = find_module(module, [root]) is not None
            _EXISTS[key] = hit
        if hit:
            return True
    return False
