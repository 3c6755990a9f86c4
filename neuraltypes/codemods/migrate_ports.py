"""``MigratePortsCommand``: move literal port properties into ``forward``'s annotations.

>>> from libcst.codemod import CodemodContext
>>> import libcst as cst
>>> before = '''
... from torch import Tensor
... from neuraltypes import LossType, NeuralModule, NeuralType
... class Loss(NeuralModule):
...     @property
...     def output_types(self):
...         return {"loss": NeuralType(None, LossType())}
...     def forward(self, x: Tensor) -> Tensor:
...         return x.sum()
... '''
>>> after = MigratePortsCommand(CodemodContext()).transform_module(cst.parse_module(before)).code
>>> print(after.split("class Loss")[1].strip())
(NeuralModule):
    def forward(self, x: Tensor) -> Annotated[Tensor, NeuralType(None, LossType()), "loss"]:
        return x.sum()
"""

from __future__ import annotations

from collections import Counter
from typing import Any

import libcst as cst
import libcst.matchers as m
from libcst.codemod import CodemodContext
from libcst.metadata import PositionProvider

from ._apply import ApplyPlan
from ._forward import (
    class_body,
    find_method,
    named_params,
    namedtuple_fields,
    walk,
    walk_statements,
)
from ._imports import ImportTable
from ._inputs import PlanInputs
from ._names import is_neural_type_name
from ._nemo import (
    DERIVE_MODULE,
    DERIVERS,
    derived,
    nemo_attributes,
    nemo_classes,
    nemo_machinery,
    nemo_ports,
    ours,
)
from ._outputs import PlanOutputs
from ._ports import extract_ports, is_port_property
from ._reasons import (
    NESTED,
    NO_FORWARD,
    SCRIPTED,
    LeaveAsIs,
)
from ._speed import SOURCE_KEY, NoCopyMetadata, StatementsOnly, lines_of_defs

__all__ = ["LEAVE_NEMO_KEY", "STATS_KEY", "MigratePortsCommand"]

STATS_KEY = "neuraltypes.migrate"  # context.scratch[STATS_KEY] = {"moved": int, "left": Counter}
# context.scratch[LEAVE_NEMO_KEY] = True: the code leaves NeMo (--rewrite-imports), so NeMo
# classes lose their properties too, with a warning when they still use NeMo-only machinery.
LEAVE_NEMO_KEY = "neuraltypes.leave_nemo"

_NAMEDTUPLE = {"typing.NamedTuple", "typing_extensions.NamedTuple"}
_JIT_SCRIPT = m.Attribute(attr=m.Name("script")) | m.Name("script")


class MigratePortsCommand(NoCopyMetadata, PlanInputs, PlanOutputs, ApplyPlan, StatementsOnly):
    """Annotate ``forward`` from literal port properties; drop (or, on NeMo, derive) them."""

    DESCRIPTION: str = "Move input_types/output_types properties into annotated forward signatures"
    # Names are resolved by ImportTable (see _imports.py: QualifiedNameProvider's answers for
    # module-level imports, without its whole-module scope analysis); positions are resolved
    # only when a warning needs a line number.

    def __init__(self, context: CodemodContext) -> None:
        super().__init__(context)
        self.reset(context)

    def reset(self, context: CodemodContext) -> None:
        """Start over on a new file (the CLI reuses one instance: libcst's __init__ is slow)."""
        self.context = context
        self._annotations: dict[cst.CSTNode, cst.BaseExpression] = {}
        self._remove: set[cst.CSTNode] = set()
        self._derive: dict[cst.CSTNode, str] = {}  # property -> its class (stays on NeMo)
        self._comments: dict[cst.CSTNode, list[str]] = {}  # forward -> kept comment lines
        self._table: ImportTable | None = None
        self._skip: set[cst.CSTNode] = set()
        self._namedtuples: dict[str, cst.ClassDef] = {}
        self._statements: list[cst.CSTNode] = []
        self._all: list[cst.CSTNode] | None = None  # every node, walked on first need
        self._module: cst.Module | None = None
        self._attributes: list[cst.Attribute] | None = None
        self._add: list[tuple[str, str]] = []
        self._drop: set[tuple[str, str]] = set()
        stats: dict[str, Any] = {"moved": 0, "left": Counter()}
        self.stats: dict[str, Any] = context.scratch.setdefault(STATS_KEY, stats)

    @property
    def _everything(self) -> list[cst.CSTNode]:
        """Every node of the module (walked once, when first needed)."""
        if self._all is None:
            self._all = walk(self._module) if self._module is not None else []
        return self._all

    def plan(self, module: cst.Module) -> bool:
        """Plan without applying: whether the module would change (warnings and stats as usual).

        ``--check`` needs no new text: a planned change always changes the file (a property
        goes or is derived), so the transform and the code generation are skipped.
        """
        with self._handle_metadata_reference(module) as tree:
            return self.visit_Module(tree)

    # -- name resolution -------------------------------------------------------------------
    def qn(self, node: cst.CSTNode) -> set[str]:
        """Qualified names ``node`` may denote (``nt.NeuralType`` -> ``neuraltypes.NeuralType``)."""
        return self._table.qualify(node) if self._table is not None else set()

    # -- planning (whole module, before anything changes) ----------------------------------
    def visit_Module(self, node: cst.Module) -> bool:
        self._table = ImportTable(node)
        self._module = node
        statements = self._statements = walk_statements(node)
        classes = [c for c in statements if isinstance(c, cst.ClassDef)]
        for cls in classes:
            if any(self.qn(b.value) & _NAMEDTUPLE for b in cls.bases):
                self._namedtuples[cls.name.value] = cls
        source = self.context.scratch.get(SOURCE_KEY)
        scripted = (not isinstance(source, str) or "script" in source) and any(
            "torch.jit.script" in self.qn(n)
            for n in self._everything
            if isinstance(n, cst.Attribute | cst.Name) and m.matches(n, _JIT_SCRIPT)
        )
        leave_nemo = bool(self.context.scratch.get(LEAVE_NEMO_KEY))
        on_nemo = set() if leave_nemo else set(nemo_classes(node, statements, self.qn))
        for cls in classes:
            if not any(is_port_property(s) for s in class_body(cls)):
                continue
            keep = cls in on_nemo or (
                not leave_nemo and nemo_ports(cls, self.qn) and not ours(cls, classes, self.qn)
            )
            self._plan_class(cls, scripted, keep, top=cls in node.body)
            if leave_nemo:
                self._warn_machinery(cls)
        # only walk into what changes: libcst's per-node cost dominates on large trees
        touched = [c for c in classes if self._touches(c)]
        self._skip = {c for c in classes if c not in touched}
        for cls in touched:
            self._skip.update(
                s
                for s in class_body(cls)
                if isinstance(s, cst.FunctionDef)
                and s not in self._annotations
                and s not in self._derive
                and not any(p in self._annotations for p in named_params(s))
            )
        return bool(self._annotations or self._remove or self._derive)

    def _touches(self, cls: cst.ClassDef) -> bool:
        changed = (self._remove, self._annotations, self._derive)
        return any(s in c for s in class_body(cls) for c in changed) or any(
            f in self._annotations for f in namedtuple_fields(cls)
        )

    def visit_ClassDef(self, node: cst.ClassDef) -> bool:
        return node not in self._skip

    def visit_FunctionDef(self, node: cst.FunctionDef) -> bool:
        return node not in self._skip

    def _warn_machinery(self, cls: cst.ClassDef) -> None:
        if self._attributes is None:
            source = self.context.scratch.get(SOURCE_KEY)
            text = source if isinstance(source, str) else None
            self._attributes = nemo_attributes(text, lambda: self._everything)
        uses = nemo_machinery(cls, self._attributes, self.qn)
        if uses:
            line = self._line(cls)
            self.warn(
                f"line {line}: {cls.name.value} still uses NeMo-only machinery "
                f"({', '.join(uses)}) that neuraltypes' NeuralModule lacks, so it will not work "
                "with --rewrite-imports. HINT: run without --rewrite-imports to annotate it and "
                "keep it on NeMo"
            )

    def _plan_class(self, cls: cst.ClassDef, scripted: bool, keep: bool, top: bool) -> None:
        """Plan each port property of ``cls``; ``keep``: the class stays on NeMo."""
        props = [s for s in class_body(cls) if is_port_property(s)]
        forward = find_method(cls, "forward")
        for prop in props:
            prop = cst.ensure_type(prop, cst.FunctionDef)
            where = f"line {self._line(prop)}: {cls.name.value}.{prop.name.value} left as is"
            try:
                if scripted:
                    raise LeaveAsIs(
                        SCRIPTED,
                        "the file calls torch.jit.script, which rejects Annotated[...] signatures",
                    )
                if derived(prop, self.qn):
                    continue  # migrated already: its ports come from forward's annotations
                ports = extract_ports(prop, self.qn)
                if keep and not ports:
                    continue  # None or {}: NeMo's own default, nothing to derive
                if keep and not top:
                    raise LeaveAsIs(NESTED, "the class stays on NeMo but is not at module level")
                if forward is None:
                    raise LeaveAsIs(NO_FORWARD, "the class defines no forward to annotate")
                if ports is None:
                    planned = self._plan_none(prop.name.value, forward)
                    ports = []
                elif prop.name.value == "input_types":
                    planned = self._plan_inputs(ports, forward, keep)
                else:
                    planned = self._plan_outputs(ports, forward)
            except LeaveAsIs as why:
                self.warn(f"{where}: {why}")
                self.stats["left"][why.key] += _raw_count(prop)
                continue
            self._annotations.update(planned)
            self.stats["moved"] += len(ports)
            self._drop_imports(prop.body)
            if keep:
                self._derive[prop] = cls.name.value
                self._need(DERIVE_MODULE, DERIVERS[prop.name.value])
            else:
                self._remove.add(prop)
                notes = [c.value for c in walk(prop) if isinstance(c, cst.Comment)]
                if notes and forward is not None:
                    self._comments.setdefault(forward, []).extend(notes)

    def _typed(self, node: cst.CSTNode) -> bool:
        calls = [c for c in walk(node) if isinstance(c, cst.Call)]
        return any(
            is_neural_type_name(q)
            for c in calls
            for q in self.qn(cst.ensure_type(c, cst.Call).func)
        )

    def _line(self, node: cst.FunctionDef | cst.ClassDef) -> int:
        source = self.context.scratch.get(SOURCE_KEY)
        if isinstance(source, str):  # cheap: match the n-th "def name" in the text
            kind = cst.FunctionDef if isinstance(node, cst.FunctionDef) else cst.ClassDef
            same = [
                f
                for f in self._statements
                if isinstance(f, kind) and f.name.value == node.name.value
            ]
            keyword = "def" if kind is cst.FunctionDef else "class"
            lines = lines_of_defs(source, node.name.value, keyword)
            if len(lines) == len(same):
                return lines[same.index(node)]
        wrapper = self.context.wrapper
        if wrapper is None:
            return 0
        return wrapper.resolve(PositionProvider)[node.name].start.line

    def _drop_imports(self, body: cst.CSTNode) -> None:
        for name in walk(body):
            for q in self.qn(name):
                module, _, obj = q.rpartition(".")
                if module in ("typing", "collections", "typing_extensions"):
                    self._drop.add((module, obj))


def _raw_count(prop: cst.FunctionDef) -> int:
    """How many ports a property seems to declare (for the summary), at least 1."""
    for node in walk(prop):
        if isinstance(node, cst.Dict):
            return max(1, len(node.elements))
        if isinstance(node, cst.Call) and len(node.args) == 1:
            arg = node.args[0].value
            if isinstance(arg, cst.List | cst.Tuple):
                return max(1, len(arg.elements))
    return 1
