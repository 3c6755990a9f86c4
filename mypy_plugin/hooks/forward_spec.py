"""Semantic analysis: extract a module class's ports from source into its metadata.

Runs from ``get_base_class_hook``; re-parses the class's file (mypy drops ``Annotated``
metadata), stores it as JSON text in ``TypeInfo.metadata["neuraltypes"]``, mirrors a digest
of that text into a ``__neuraltypes__: Final`` literal (snapshotted by dmypy) and routes dmypy
triggers.
"""

from __future__ import annotations

import ast
import hashlib
import re
from dataclasses import replace
from typing import Any

from mypy.nodes import (
    ARG_STAR,
    ARG_STAR2,
    Argument,
    Context,
    FuncDef,
    ImportAll,
    MypyFile,
    PlaceholderNode,
    SymbolNode,
    TypeAlias,
    TypeInfo,
    Var,
)
from mypy.plugin import ClassDefContext, SemanticAnalyzerPluginInterface
from mypy.plugins.common import add_attribute_to_class, add_method_to_class
from mypy.server.trigger import make_trigger
from mypy.types import AnyType, LiteralType, TypeOfAny

from .. import messages
from ..fullnames import MODULE_FULLNAME, NEMO_PREFIXES, is_skipped_module
from ..metadata import (
    NeuralTypesMetadata,
    get_ports_metadata,
    get_raw_metadata,
    record_text,
    set_ports_metadata,
)
from ..source.config_attrs import BUILDER_WORDS, config_attributes
from ..source.decorated import decorated_ports, with_decorated
from ..source.extract import Problem, Resolver
from ..source.ports import class_ports
from ..source.sources import assignment_named, class_at, class_named, source_mentions
from .class_gate import may_declare
from .containers import with_containers
from .vocabulary import require_vocabulary

__all__ = ["forward_spec_callback", "is_skipped_module"]

MIRROR_NAME = "__neuraltypes__"


class _Defer(Exception):
    """A name is not ready yet; ask mypy for another pass."""


class _ModuleResolver:
    """Resolve dotted names in a module's top-level scope (or the class being analysed)."""

    def __init__(
        self, api: SemanticAnalyzerPluginInterface, module: str, ctx: Any, read: set[str]
    ) -> None:
        self.api = api
        self.module = module
        self.ctx = ctx  # ClassDefContext when resolving in the class's own module
        self.read = read  # full names whose source was read (shared with nested resolvers)
        self._known: dict[str, SymbolNode | None] = {}  # lookups in this scope, this pass

    def _node(self, dotted: str) -> SymbolNode | None:
        if dotted in self._known:
            return self._known[dotted]
        node = self._lookup(dotted)
        if isinstance(node, PlaceholderNode):
            raise _Defer
        self._known[dotted] = node
        return node

    def _lookup(self, dotted: str) -> SymbolNode | None:
        if self.ctx is not None:
            sym = self.api.lookup_qualified(dotted, self.ctx.cls, suppress_errors=True)
            node = None if sym is None else sym.node
        else:
            modules: dict[str, MypyFile] = getattr(self.api, "modules", {})
            tree = modules.get(self.module)
            parts = dotted.split(".")
            sym = None if tree is None else tree.names.get(parts[0])
            if sym is None and "builtins" in modules:  # ``tuple("B")`` in an imported alias
                sym = modules["builtins"].names.get(parts[0])
            node = None if sym is None else sym.node
            for part in parts[1:]:
                if isinstance(node, MypyFile | TypeInfo):
                    nxt = node.names.get(part)
                    node = None if nxt is None else nxt.node
                else:
                    return None
        return node

    def fullname(self, dotted: str) -> str | None:
        node = self._node(dotted)
        if node is None:
            return None
        return node.fullname or None

    def undefined(self, dotted: str) -> bool:
        """Whether ``dotted`` certainly names nothing in the class's own module.

        Its first name is not defined (mypy's last pass, so nothing defined further down is
        missed), or it is a missing attribute of a ``neuraltypes`` module; never when a star
        import from a module mypy does not analyse, or a module ``__getattr__``, could supply it.
        """
        if self.ctx is None:  # another module's alias: reported where it is used, if at all
            return False
        head, _, rest = dotted.partition(".")
        node = self._node(head)
        modules: dict[str, MypyFile] = getattr(self.api, "modules", {})
        if node is None:
            if not self.api.final_iteration:
                raise _Defer  # defined further down, perhaps: ask for mypy's last pass
            return not _names_unknown(modules.get(self.module), modules)
        # ``nt.X``: only for neuraltypes's own modules, whose names mypy lists in full (its
        # lazy ``__getattr__`` serves only names it also imports for type checkers). Another
        # module read from mypy's cache keeps no imports, so a star import from a module mypy
        # does not analyse could not be told apart, and a warm run must report what a cold
        # one does.
        if not isinstance(node, MypyFile) or not rest or "." in rest:
            return False
        return (
            node.fullname.partition(".")[0] == "neuraltypes"
            and rest not in node.names
            and f"{node.fullname}.{rest}" not in modules
        )

    def names(self) -> list[str]:
        """The names defined in the class's module (for "did you mean")."""
        modules: dict[str, MypyFile] = getattr(self.api, "modules", {})
        tree = modules.get(self.module)
        return [] if tree is None else list(tree.names)

    def alias(self, dotted: str) -> tuple[ast.expr, Resolver] | None:
        node = self._node(dotted)
        if not isinstance(node, TypeAlias | Var) or not node.fullname:
            return None
        module, _, name = node.fullname.rpartition(".")
        modules: dict[str, MypyFile] = getattr(self.api, "modules", {})
        tree = modules.get(module)
        if tree is None or not tree.path:
            return None
        # By name, never by ``node.line``: nodes read from mypy's cache have no line.
        value = assignment_named(tree.path, name)
        if value is None:
            return None
        self.read.add(node.fullname)
        cur = getattr(self.api, "cur_mod_id", None)
        if module == cur and self.ctx is not None:
            return value, self
        return value, _ModuleResolver(self.api, module, None, self.read)

    def namedtuple(self, dotted: str) -> tuple[ast.ClassDef, Resolver] | None:
        """The source of the NamedTuple class ``dotted`` names, with its module's resolver."""
        node = self._node(dotted)
        if not isinstance(node, TypeInfo) or not node.is_named_tuple:
            return None
        modules: dict[str, MypyFile] = getattr(self.api, "modules", {})
        tree = modules.get(node.module_name)
        if tree is None or not tree.path or tree.path.endswith(".pyi"):
            return None
        cls = class_named(tree.path, node.fullname[len(node.module_name) + 1 :])
        if cls is None or cls.name != node.name:
            return None
        self.read.add(node.fullname)
        cur = getattr(self.api, "cur_mod_id", None)
        if node.module_name == cur and self.ctx is not None:
            return cls, self
        return cls, _ModuleResolver(self.api, node.module_name, None, self.read)


def _names_unknown(tree: MypyFile | None, modules: dict[str, MypyFile]) -> bool:
    """Whether the module being analysed, ``tree``, may have names mypy does not list: a
    stub, a module ``__getattr__``, or a star import from anything but ``neuraltypes``.

    A star-imported module may itself star-import one mypy does not analyse, or serve names
    from ``__getattr__`` through ``__all__``; read from mypy's cache it keeps no imports to
    tell, so only ``neuraltypes``'s own modules (whose names mypy lists in full) are trusted.
    """
    if tree is None or tree.is_stub or "__getattr__" in tree.names:
        return True
    return any(
        isinstance(imp, ImportAll)
        and (imp.relative > 0 or imp.id not in modules or imp.id.partition(".")[0] != "neuraltypes")
        for imp in tree.imports
    )


def _is_candidate(info: TypeInfo) -> bool:
    if info.has_base(MODULE_FULLNAME) or info.fallback_to_any:
        return True
    return any(base.fullname.startswith(NEMO_PREFIXES) for base in info.mro)


def forward_spec_callback(
    ctx: ClassDefContext, deps: dict[str, set[str]], config_attrs: bool = False
) -> None:
    """Extract the ports of a ``nn.Module`` subclass into its metadata.

    The modules whose source was read (aliases, NamedTuples) are added to ``deps[module]``:
    reported as indirect dependencies, their edits re-check this module on a warm cache.
    With ``config_attrs`` (model configs given), also the attributes it builds from its
    config (``source/config_attrs.py``).
    """
    info = ctx.cls.info
    module: str = getattr(ctx.api, "cur_mod_id", "")
    if is_skipped_module(module):
        return
    require_vocabulary(ctx)
    if not _is_candidate(info):
        return
    modules: dict[str, MypyFile] = getattr(ctx.api, "modules", {})
    tree = modules.get(module)
    if tree is None or not tree.path or tree.path.endswith(".pyi"):
        return
    if not may_declare(ctx, tree, config_attrs):
        set_ports_metadata(info, None)  # what reading its source would find: nothing
        _mirror(ctx, None)
        return
    node = class_at(tree.path, ctx.cls.line)
    if node is None or node.name != ctx.cls.name:
        return
    problems: list[Problem] = []
    read: set[str] = set()
    try:
        resolver = _ModuleResolver(ctx.api, module, ctx, read)
        payload = class_ports(node, resolver, problems)
        payload = with_containers(ctx, node, resolver, payload)
        # a builder is recognised by its name: a file that never writes it builds nothing
        built = (
            config_attributes(node)
            if config_attrs and source_mentions(tree.path, BUILDER_WORDS)
            else None
        )
        if built:
            payload = replace(payload or NeuralTypesMetadata(), config_attrs=built)
        decorated = decorated_ports(node, resolver)
        if decorated:
            payload = with_decorated(payload or NeuralTypesMetadata(), decorated)
    except _Defer:
        if not ctx.api.final_iteration:
            ctx.api.defer()
        return
    for problem in problems:
        where = Context(problem.line, problem.column)
        messages.malformed_annotation(ctx.api, where, problem.port, info.name, problem.reason)
    _depend_on_sources(ctx, read, deps)
    set_ports_metadata(info, payload)
    _mirror(ctx, payload)
    if payload is not None and info.fallback_to_any and not info.has_base(MODULE_FULLNAME):
        _add_call(ctx, payload)


def _depend_on_sources(ctx: ClassDefContext, read: set[str], deps: dict[str, set[str]]) -> None:
    """Record the modules whose source this class's ports were read from (aliases elsewhere,
    NamedTuples) as indirect dependencies: a warm run re-analyses the class when they change.
    """
    module: str = getattr(ctx.api, "cur_mod_id", "")
    modules: dict[str, MypyFile] = getattr(ctx.api, "modules", {})
    for fullname in sorted(read):
        owner = fullname.rpartition(".")[0]
        while owner and owner not in modules:
            owner = owner.rpartition(".")[0]  # a nested class: its module
        if owner and owner != module:
            deps.setdefault(module, set()).add(owner)


def _add_call(ctx: ClassDefContext, payload: NeuralTypesMetadata) -> None:
    """Give a port-declaring class with an unresolvable (``Any``) base a ``__call__``.

    mypy runs no hook for calls to such a class (attribute lookups fall back to ``Any``);
    ``__call__(self, *args: Any, **kwargs: Any) -> Any`` makes the call hooks fire, and is
    compatible with any override. The hooks keep the argument types ``Any``.
    """
    if not (payload.forward or isinstance(payload.legacy_in, dict)):
        if not isinstance(payload.legacy_out, dict):
            return
    existing = ctx.cls.info.get("__call__")
    if existing is not None and not existing.plugin_generated:
        return
    if existing is not None and not isinstance(existing.node, FuncDef):
        return
    any_t = AnyType(TypeOfAny.explicit)
    args = [
        Argument(Var("args", any_t), any_t, None, ARG_STAR),
        Argument(Var("kwargs", any_t), any_t, None, ARG_STAR2),
    ]
    add_method_to_class(ctx.api, ctx.cls, "__call__", args, any_t)


#: An element class in a stored record (``"elem":"pkg.mod.Class"``, keys sorted, no spaces).
_ELEM = re.compile(r'"elem":"([^"\\]+)"')


def _elements(text: str) -> set[str]:
    """The element classes a record's JSON text names (at least every port's)."""
    return set(_ELEM.findall(text))


def _mirror(ctx: ClassDefContext, payload: NeuralTypesMetadata | None) -> None:
    """Mirror the payload into a Final literal and route dmypy triggers to ``C.__call__``.

    Callers of ``C(...)`` depend on ``<C.__call__>``; the class's own mirror, its bases'
    mirrors and its element classes are routed there.
    """
    info = ctx.cls.info
    target = make_trigger(f"{info.fullname}.__call__")
    for base in info.mro:
        if base is info or get_ports_metadata(base) is not None:
            ctx.api.add_plugin_dependency(make_trigger(f"{base.fullname}.{MIRROR_NAME}"), target)
    if payload is None:
        return
    text = get_raw_metadata(info)  # what ``set_ports_metadata`` just wrote
    if text is None:
        text = record_text(payload)
    for elem in sorted(_elements(text)):
        if "." in elem:
            ctx.api.add_plugin_dependency(make_trigger(elem), target)
    # A digest is enough for dmypy's snapshot to see a change, and keeps the cache small.
    digest = hashlib.blake2b(text.encode(), digest_size=16).hexdigest()
    literal = LiteralType(digest, ctx.api.named_type("builtins.str"))
    add_attribute_to_class(
        ctx.api, ctx.cls, MIRROR_NAME, literal, final=True, overwrite_existing=True
    )
