"""Model configs (YAML): which class each config node's ``_target_`` names.

A *wiring* is one ``CLASS=FILE[:KEY]`` entry: the mapping at ``KEY`` (dotted, default the
root) of a YAML file, with OmegaConf interpolations (``${model.preprocessor.features}``)
resolved. Nothing here imports mypy or torch; PyYAML is imported only when a config is read.

>>> import tempfile, os
>>> with tempfile.NamedTemporaryFile("w", suffix=".yaml", delete=False) as f:
...     _ = f.write("n: ${model.encoder._target_}\\nmodel:\\n  encoder:\\n    _target_: pkg.Enc\\n")
>>> w = load_wiring(parse_entry(f"pkg.Model={f.name}:model"))
>>> w.target("encoder")
('pkg.Enc', '')
>>> w.target("decoder")
(None, '')
>>> os.unlink(f.name)
"""

from __future__ import annotations

import hashlib
import importlib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

from .chain_store import ClassChain

__all__ = [
    "ConfigEntry",
    "ModelConfigError",
    "ModelWirings",
    "Wiring",
    "config_entry",
    "file_digest",
    "load_wiring",
    "parse_entry",
]

#: Keys naming the class a node builds (Hydra ``_target_``, NeMo's older ``cls``/``target``).
TARGET_KEYS: Final = ("_target_", "cls", "target")
_INTERPOLATION: Final = re.compile(r"\$\{([^${}]+)\}")


class ModelConfigError(ValueError):
    """A model config entry that cannot be read (file, YAML, or key)."""


@dataclass(frozen=True)
class ConfigEntry:
    """``CLASS=FILE[:KEY]``: the class the config wires, the file, the dotted key."""

    cls: str
    file: str
    key: str = ""

    @property
    def label(self) -> str:
        """``conf/a.yaml:model``: the file (from the working directory if under it), the key."""
        return f"{_shown(self.file)}:{self.key}" if self.key else _shown(self.file)


def parse_entry(text: str, base: Path | None = None) -> ConfigEntry:
    """Parse ``CLASS=FILE[:KEY]``; a relative FILE is taken from ``base``.

    >>> parse_entry("pkg.M=conf/a.yaml:model", Path("/p")).file
    '/p/conf/a.yaml'
    """
    cls, sep, rest = text.partition("=")
    cls, rest = cls.strip(), rest.strip()
    if not sep or not cls or not rest or not re.fullmatch(r"[\w.]+", cls) or "." not in cls:
        raise ModelConfigError(
            f"model config {text!r}: expected CLASS=FILE[:KEY] with CLASS a full name "
            "(e.g. pkg.models.MyModel=conf/model.yaml:model)"
        )
    return config_entry(cls, rest, base)


def config_entry(cls: str, spec: str, base: Path | None = None) -> ConfigEntry:
    """``FILE[:KEY]`` for class ``cls``; a relative FILE is taken from ``base``."""
    file, key = spec, ""
    head, sep, tail = spec.rpartition(":")
    if sep and head and re.fullmatch(r"[\w.\-]*", tail) and not re.fullmatch(r"[A-Za-z]", head):
        file, key = head, tail.strip(".")
    path = Path(file).expanduser()
    if base is not None and not path.is_absolute():
        path = base / path
    return ConfigEntry(cls, str(path), key)


class Wiring:
    """The mapping at one entry's key, read and resolved."""

    def __init__(self, entry: ConfigEntry, root: dict[str, Any], node: dict[str, Any]) -> None:
        self.entry = entry
        self.root = root
        self.node = node

    def lookup(self, path: str) -> Any:
        """The value at dotted ``path`` under the entry's key (``None`` if absent)."""
        return _get(self.node, path)

    def target(self, path: str) -> tuple[str | None, str]:
        """``(class name, problem)`` for the node at ``path``.

        ``(None, "")`` when the node is absent or null (the module is not built from this
        config); ``(None, reason)`` when it is there but names no class we can read.
        """
        node = self.lookup(path)
        if node is None:
            return None, ""
        if not isinstance(node, dict):
            return None, f"{self.where(path)} is not a mapping"
        for key in TARGET_KEYS:
            value = node.get(key)
            if value is None:
                continue
            value = _resolve(value, self.root, 0)
            if isinstance(value, str) and re.fullmatch(r"[A-Za-z_][\w]*(\.[A-Za-z_]\w*)+", value):
                return value, ""
            return None, f"{self.where(path)}.{key} is not a class name: {value!r}"
        return None, f"{self.where(path)} has no _target_"

    def where(self, path: str) -> str:
        """``conf/a.yaml:model.encoder`` (the file as given, the full key)."""
        key = ".".join(p for p in (self.entry.key, path) if p)
        return f"{_shown(self.entry.file)}:{key}" if key else _shown(self.entry.file)


def load_wiring(entry: ConfigEntry) -> Wiring:
    """Read ``entry``'s YAML file and select its key.

    Raises:
        ModelConfigError: unreadable file, invalid YAML, missing key, or not a mapping.
    """
    root = _load_yaml(entry.file)
    node = _get(root, entry.key) if entry.key else root
    if node is None:
        raise ModelConfigError(f"{entry.file}: no key {entry.key!r} (model config for {entry.cls})")
    if not isinstance(node, dict):
        raise ModelConfigError(f"{entry.label}: expected a mapping, got {type(node).__name__}")
    return Wiring(entry, root, node)


def file_digest(path: str) -> str:
    """A short content hash of ``path`` (``"missing"`` if unreadable)."""
    try:
        data = Path(path).read_bytes()
    except OSError:
        return "missing"
    return hashlib.blake2b(data, digest_size=8).hexdigest()


def _shown(path: str) -> str:
    """``path`` relative to the working directory when it lies under it."""
    try:
        return str(Path(path).resolve().relative_to(Path.cwd()))
    except ValueError:
        return path


def _load_yaml(path: str) -> dict[str, Any]:
    try:
        yaml: Any = importlib.import_module("yaml")
    except ImportError:  # pragma: no cover - pyyaml is a dependency of the check extra
        raise ModelConfigError(
            "model configs need PyYAML. HINT: pip install 'neuraltypes[check]'"
        ) from None
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise ModelConfigError(f"{path}: cannot read model config: {exc.strerror}") from None
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f":{mark.line + 1}" if mark is not None else ""
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise ModelConfigError(f"{path}{where}: invalid YAML: {problem}") from None
    if not isinstance(data, dict):
        raise ModelConfigError(f"{path}: a model config must be a mapping at the top")
    return data


def _get(node: Any, path: str) -> Any:
    for part in (p for p in path.split(".") if p):
        if isinstance(node, dict):
            node = node.get(part)
        elif isinstance(node, list) and part.isdigit() and int(part) < len(node):
            node = node[int(part)]
        else:
            return None
    return node


def _resolve(value: Any, root: dict[str, Any], depth: int) -> Any:
    """Resolve ``${a.b}`` interpolations against ``root`` (OmegaConf's absolute form).

    Resolvers (``${oc.env:X}``) and relative keys are left as written (never guessed).
    """
    if not isinstance(value, str) or "${" not in value or depth > 8:
        return value
    whole = _INTERPOLATION.fullmatch(value)
    if whole is not None and ":" not in whole[1] and not whole[1].startswith("."):
        found = _get(root, whole[1])
        return value if found is None else _resolve(found, root, depth + 1)

    def one(match: re.Match[str]) -> str:
        if ":" in match[1] or match[1].startswith("."):
            return match[0]
        found = _resolve(_get(root, match[1]), root, depth + 1)
        return match[0] if found is None or isinstance(found, dict | list) else str(found)

    return _INTERPOLATION.sub(one, value)


class ModelWirings:
    """Every configured class's wirings, read once when the plugin starts.

    Raises ``ModelConfigError`` (from ``__init__``) for an unreadable entry.
    """

    def __init__(
        self, entries: list[ConfigEntry], chains: dict[str, ClassChain | None] | None = None
    ) -> None:
        self.by_class: dict[str, list[Wiring]] = {}
        #: Each class's bases read from source (``None``: not found, mypy's classes are used).
        self.chains: dict[str, ClassChain | None] = dict(chains or {})
        self._chain_targets: dict[str, frozenset[str]] = {}
        self._chain_reads: dict[str, re.Pattern[bytes] | None] = {}
        for entry in entries:
            self.by_class.setdefault(entry.cls, []).append(load_wiring(entry))

    def __bool__(self) -> bool:
        return bool(self.by_class)

    def targets(self) -> frozenset[str]:
        """Every class name a ``_target_`` (``cls``, ``target``) names, in every wiring
        (computed once: asked for every file mypy parses)."""
        known: frozenset[str] | None = getattr(self, "_targets", None)
        if known is None:
            found: set[str] = set()
            for wirings in self.by_class.values():
                for wiring in wirings:
                    _collect_targets(wiring.node, wiring.root, found)
            known = self._targets = frozenset(found)
        return known

    def chain_targets(self, cls: str) -> frozenset[str]:
        """The classes the config nodes of ``cls``'s chain (its config attributes) name."""
        known = self._chain_targets.get(cls)
        if known is None:
            chain = self.chains.get(cls)
            paths = chain.config_attrs.values() if chain is not None else ()
            found = {
                name
                for wiring in self.by_class.get(cls, [])
                for name, _ in map(wiring.target, paths)
                if name is not None
            }
            known = self._chain_targets[cls] = frozenset(found)
        return known

    def chain_reads(self, cls: str) -> re.Pattern[bytes] | None:
        """Matches source reading one of the config attributes of ``cls``'s chain
        (``self.encoder``); ``None`` without a chain or attributes."""
        if cls not in self._chain_reads:
            chain = self.chains.get(cls)
            attrs = sorted(chain.config_attrs) if chain is not None else []
            words = b"|".join(re.escape(a.encode()) for a in attrs)
            pattern = re.compile(rb"\bself\.(?:" + words + rb")\b") if attrs else None
            self._chain_reads[cls] = pattern
        return self._chain_reads[cls]

    def packages(self) -> frozenset[str]:
        """Top-level packages of the configured classes and of their targets."""
        known: frozenset[str] | None = getattr(self, "_packages", None)
        if known is None:
            names = {*self.by_class, *self.targets()}
            known = self._packages = frozenset(name.partition(".")[0] for name in names)
        return known


def _collect_targets(node: Any, root: dict[str, Any], out: set[str]) -> None:
    if isinstance(node, dict):
        for key in TARGET_KEYS:
            value = _resolve(node.get(key), root, 0)
            if isinstance(value, str) and "." in value and "${" not in value:
                out.add(value)
        for value in node.values():
            _collect_targets(value, root, out)
    elif isinstance(node, list):
        for value in node:
            _collect_targets(value, root, out)
