"""Count the module-to-module calls the static check decides, and why the others are not.

Runs mypy in this process with the neuraltypes plugin (as ``neuraltypes check`` would: the
project's config merged, ``check_untyped_defs``, ``follow_imports = silent``, NeMo stubs when
NeMo is not installed), then walks every class method under ``--count-under`` and sorts each
module call (``self.encoder(...)``, ``self(...)``, ``m.forward(...)``, a local module) by
what the checker could do with it:

- ``decided``: at least one argument's neural type was compared with its port;
- ``callee built from config (Any)``: ``self.x = from_config_dict(...)``/``instantiate(...)``;
- ``callee Any (other)``: mypy cannot type the callee;
- ``callee declares no ports``: a typed module without neural ports (torch layers, ...);
- ``no argument carries a tracked type``: ports, but every value is unchecked.

Usage::

    python benchmarks/reach_stats.py nemo/collections/tts --count-under nemo/collections/tts/models
        [--model-config CLASS=FILE[:KEY] ...] [--json]

It patches nothing in the plugin's logic: a recorder wraps ``believed`` (the trust rule) as
the connection check calls it, so any plugin version can be measured the same way.
"""

from __future__ import annotations

import argparse
import ast
import json
import os
import sys
import tempfile
from collections import Counter
from pathlib import Path
from typing import Any

_WALK = (
    "defs", "body", "else_body", "finally_body", "handlers", "expr", "exprs", "rvalue",
    "lvalues", "callee", "args", "items", "left", "right", "operands", "base", "index",
    "if_expr", "else_expr", "cond", "func", "generator", "left_expr", "right_expr",
    "sequences", "condlists", "value", "target", "index_expr", "begin_index", "end_index",
    "stride", "key", "decorators", "original_def",
)  # fmt: skip


def _children(node: Any) -> list[Any]:
    out: list[Any] = []
    for name in _WALK:
        value = getattr(node, name, None)
        if value is None or isinstance(value, str | int | float | bool | bytes):
            continue
        if isinstance(value, list | tuple):
            for item in value:
                if isinstance(item, list | tuple):
                    out.extend(x for x in item if x is not None)
                elif item is not None:
                    out.append(item)
        else:
            out.append(value)
    return out


def _calls(node: Any, out: list[Any], seen: set[int]) -> None:
    from mypy.nodes import CallExpr

    if id(node) in seen:
        return
    seen.add(id(node))
    if isinstance(node, CallExpr):
        out.append(node)
    for child in _children(node):
        if hasattr(child, "line"):
            _calls(child, out, seen)


def _config_built(path: str) -> set[str]:
    """``self.x`` attributes assigned ``*.from_config_dict(...)`` or ``instantiate(...)``."""
    try:
        tree = ast.parse(Path(path).read_bytes())
    except (OSError, SyntaxError):
        return set()
    found: set[str] = set()
    for node in ast.walk(tree):
        if not isinstance(node, ast.Assign) or not isinstance(node.value, ast.Call):
            continue
        func = node.value.func
        name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
        if name not in ("from_config_dict", "instantiate"):
            continue
        for target in node.targets:
            if isinstance(target, ast.Attribute) and getattr(target.value, "id", "") == "self":
                found.add(target.attr)
    return found


def _mypy_options(paths: list[str], model_configs: list[str], tmp: str) -> list[str]:
    from neuraltypes.check._command import _nemo_stubs
    from neuraltypes.check._config import find_config_file, merged_config

    common = os.path.commonpath([str(Path(p).resolve()) for p in paths])
    config = merged_config(find_config_file(Path(common)), plugin="mypy_plugin")
    if model_configs:  # (a plugin without model configs can be measured without them)
        from neuraltypes.check._command import _model_configs

        config.add_model_configs(_model_configs(model_configs), Path.cwd(), "--model-config")
    stubs = _nemo_stubs()
    if stubs is not None:
        config.add_mypy_path(stubs)
    merged = Path(tmp, "mypy.toml")
    merged.write_text(config.to_toml(), encoding="utf-8")
    return ["--config-file", str(merged), "--check-untyped-defs", "--no-incremental", *paths]


def count(paths: list[str], under: str, model_configs: list[str]) -> Counter[str]:
    """Reasons for every module call in class methods of files under ``under``."""
    from mypy import build
    from mypy.main import process_options
    from mypy.nodes import ClassDef, MemberExpr, NameExpr, TypeInfo
    from mypy.types import AnyType, Instance, get_proper_type

    import mypy_plugin.hooks.module_call as module_call
    from mypy_plugin.fullnames import MODULE_FULLNAME
    from mypy_plugin.metadata import module_ports

    decided: set[tuple[str, int, int]] = set()
    original = module_call.believed

    def recording(api: Any, expr: Any, typ: Any, *rest: Any) -> Any:
        found = original(api, expr, typ, *rest)
        if found is not None:
            decided.add((getattr(api, "path", ""), expr.line, expr.column))
        return found

    module_call.believed = recording  # type: ignore[assignment]
    with tempfile.TemporaryDirectory() as tmp:
        sources, options = process_options(_mypy_options(paths, model_configs, tmp))
        options.export_types = True
        options.preserve_asts = True
        result = build.build(sources, options)
    root = str(Path(under).resolve())
    reasons: Counter[str] = Counter()
    for state in result.graph.values():
        tree, path = state.tree, state.xpath
        if tree is None or not str(Path(path).resolve()).startswith(root):
            continue
        built = _config_built(path)
        calls: list[Any] = []
        seen: set[int] = set()
        for defn in tree.defs:
            if isinstance(defn, ClassDef):
                _calls(defn, calls, seen)
        for call in calls:
            callee = call.callee
            if isinstance(callee, MemberExpr) and callee.name == "forward":
                callee = callee.expr
            typ = get_proper_type(result.types.get(callee))
            is_self_attr = isinstance(callee, MemberExpr) and isinstance(callee.expr, NameExpr)
            is_self_attr = is_self_attr and callee.expr.name == "self"
            if isinstance(typ, AnyType):
                if is_self_attr and callee.name in built:
                    reasons["callee built from config (Any)"] += 1
                elif is_self_attr:
                    reasons["callee Any (other)"] += 1
                continue
            if not isinstance(typ, Instance) or not isinstance(typ.type, TypeInfo):
                continue
            info = typ.type
            if not (info.has_base(MODULE_FULLNAME) or info.fallback_to_any):
                continue
            if info.fallback_to_any and not info.has_base(MODULE_FULLNAME):
                if module_ports(info) is None and not is_self_attr:
                    continue
            if any((path, a.line, a.column) in decided for a in call.args):
                reasons["decided"] += 1
            elif module_ports(info) is None:
                reasons["callee declares no ports"] += 1
            else:
                reasons["no argument carries a tracked type"] += 1
    return reasons


def main() -> None:
    """Print the table (or JSON) for one tree."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("paths", nargs="+")
    parser.add_argument("--count-under", default=None)
    parser.add_argument("--model-config", action="append", default=[])
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    reasons = count(args.paths, args.count_under or args.paths[0], args.model_config)
    total = sum(reasons.values())
    if args.json:
        print(json.dumps({"total": total, **reasons}))
        return
    print("| reason | calls |\n|---|---|")
    for reason, n in reasons.most_common():
        print(f"| {reason} | {n} |")
    print(f"| **total** | {total} |")


if __name__ == "__main__":
    main()
    sys.stdout.flush()
    os._exit(0)  # skip tearing down mypy's build state (minutes on a large tree)
