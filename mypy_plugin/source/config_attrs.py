"""Attributes a class builds from its config (``self.enc = X.from_config_dict(self._cfg.enc)``).

Recognised builders: any ``*.from_config_dict(node)`` (``self.``, ``Model.``, ``ModelPT.``),
and ``instantiate(node, ...)`` (``hydra.utils.instantiate``, imported or qualified). A node
is a chain of attributes or string subscripts rooted at ``self.cfg``, ``self._cfg`` or a
name ``cfg``: ``self._cfg.encoder`` is the node ``encoder`` of the model's config.

>>> import ast
>>> src = '''
... class M:
...     def __init__(self, cfg):
...         self.pre = M.from_config_dict(self._cfg.preprocessor)
...         self.enc = hydra.utils.instantiate(cfg["encoder"], n=2)
...         self.dec = self.from_config_dict(self.cfg.decoder)
...         self.dec = self.from_config_dict(new_decoder_config)
...         self.aug = None
... '''
>>> config_attributes(ast.parse(src).body[0])
{'pre': 'preprocessor', 'enc': 'encoder', 'dec': 'decoder'}
"""

from __future__ import annotations

import ast
from typing import Final

from .extract import dotted_name
from .walk import select

__all__ = ["BUILDER_WORDS", "config_attributes"]

#: Words every recognised builder call is written with (its last name): a source without
#: them builds nothing from a config, and its classes need not be walked.
BUILDER_WORDS: Final = (b"from_config_dict", b"instantiate")
_CFG_ROOTS: Final = ("self.cfg", "self._cfg", "cfg")
_FUNCS = ast.FunctionDef | ast.AsyncFunctionDef
_ASSIGN: Final = frozenset({ast.Assign})


def config_attributes(cls: ast.ClassDef) -> dict[str, str]:
    """``{attribute: node path}`` for attributes built from a node of the model's config.

    An attribute built from two different nodes is left out (ambiguous); re-building it
    from a computed config (NeMo's ``change_vocabulary``) keeps the node it was built from.
    """
    found: dict[str, set[str]] = {}
    for method in (s for s in cls.body if isinstance(s, _FUNCS)):
        for node in select(method, _ASSIGN):
            if not isinstance(node.value, ast.Call):
                continue
            path = _built_from(node.value)
            if path is None:
                continue
            for target in node.targets:
                attr = _self_attribute(target)
                if attr is not None:
                    found.setdefault(attr, set()).add(path)
    result: dict[str, str] = {}
    for attr, paths in found.items():
        named = paths - {""}
        if len(named) == 1:
            result[attr] = next(iter(named))
    return result


def _self_attribute(target: ast.expr) -> str | None:
    if (
        isinstance(target, ast.Attribute)
        and isinstance(target.value, ast.Name)
        and target.value.id == "self"
    ):
        return target.attr
    return None


def _built_from(call: ast.Call) -> str | None:
    """The node path a builder call reads (``""`` for a computed config), else ``None``."""
    func = dotted_name(call.func) or ""
    last = func.rpartition(".")[2]
    if last not in ("from_config_dict", "instantiate") or not call.args:
        return None
    if last == "from_config_dict" and func == last:
        return None  # a plain function of that name: not the classmethod
    path = _node_path(call.args[0])
    return "" if path is None else path


def _node_path(node: ast.expr) -> str | None:
    parts: list[str] = []
    while True:
        if isinstance(node, ast.Attribute):
            text = dotted_name(node)
            if text in _CFG_ROOTS:
                break
            parts.append(node.attr)
            node = node.value
        elif isinstance(node, ast.Subscript):
            key = node.slice
            if not (isinstance(key, ast.Constant) and isinstance(key.value, str)):
                return None
            parts.append(key.value)
            node = node.value
        elif isinstance(node, ast.Name) and node.id in _CFG_ROOTS:
            break
        else:
            return None
    return ".".join(reversed(parts)) or None
