"""Bind a schedule to a model: resolve names, precompute the segments, check it can train."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace

import torch
from torch.nn.parallel import DistributedDataParallel

from . import _registry
from ._ddp import HINT_FIND_UNUSED, HINT_WRAP_TIME, DDPInfo, ddp_problems, unwrap
from ._policy import is_norm, keeps_params_trainable, stays_in_train_mode
from ._registry import original_requires_grad
from ._resolve import resolve_entries
from ._schedule import FOREVER, FreezeEntry, FreezeSchedule

__all__ = ["Plan", "Unit", "build_plan", "ddp_checks", "optimizer_problems"]


@dataclass(frozen=True)
class Unit:
    """One resolved module of the schedule and what freezing it touches."""

    name: str
    policy: str
    where: str
    params: frozenset[str]
    eval_modules: frozenset[str]
    batch_stats_modules: frozenset[str]
    members: frozenset[str]
    numel: int
    output_requires_grad: bool = False


@dataclass
class Plan:
    """The schedule resolved against one model; ``bounds[i]`` starts segment ``i``."""

    schedule: FreezeSchedule
    module: torch.nn.Module
    ddp: DDPInfo | None
    params: dict[str, torch.nn.Parameter]
    modules: dict[str, torch.nn.Module]
    units: dict[str, Unit]
    bounds: list[int]
    seg_units: list[frozenset[str]]
    problems: list[str] = field(default_factory=list)
    hints: list[str] = field(default_factory=list)
    owners: dict[str, tuple[torch.nn.Module, str]] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)

    def refresh(self) -> list[str]:
        """Re-read every parameter from the module that holds it *now*; return the lost ones.

        Wrappers such as FSDP2's ``fully_shard`` replace a module's parameters with new
        objects: the plan follows them by name (moving each recorded own flag to the new
        object). A parameter its module no longer holds cannot be followed.
        """
        lost = []
        for name, (owner, attr) in self.owners.items():
            now = owner._parameters.get(attr)
            old = self.params[name]
            if now is None:
                lost.append(name)
            elif now is not old:
                _registry.move_record(old, now)
                self.params[name] = now
        return lost

    def segment_end(self, seg: int) -> int:
        """Last update of segment ``seg`` (``FOREVER`` for the last one)."""
        return self.bounds[seg + 1] - 1 if seg + 1 < len(self.bounds) else FOREVER

    def frozen_params(self, units: frozenset[str]) -> set[str]:
        """Names of the parameters frozen while ``units`` are frozen."""
        out: set[str] = set()
        for u in units:
            out |= self.units[u].params
        return out

    def span(self, seg: int) -> str:
        """Segment ``seg`` as text: ``updates 1..200`` or ``updates 201..end``."""
        end = self.segment_end(seg)
        return f"updates {self.bounds[seg]}..{'end' if end == FOREVER else end}"


def build_plan(
    schedule: FreezeSchedule,
    model: torch.nn.Module,
    ddp_wrapper: DistributedDataParallel | None = None,
) -> Plan:
    """Resolve ``schedule`` against ``model``; problems are collected in ``plan.problems``.

    ``ddp_wrapper`` is a DDP object around ``model`` (or a wrapper of it) when ``model``
    itself is not the DDP object, as under Lightning.
    """
    inner, ddp = unwrap(model)
    if ddp is None and ddp_wrapper is not None:
        ddp = DDPInfo.of(ddp_wrapper)
    modules = dict(inner.named_modules())
    owners = {
        f"{mod}.{attr}" if mod else attr: (m, attr)
        for mod, m in modules.items()
        for attr, p in m._parameters.items()
        if p is not None
    }
    params = dict(inner.named_parameters())
    pname = {id(p): n for n, p in params.items()}
    mname = {id(m): n for n, m in modules.items()}
    entries = schedule.active_entries
    resolved, problems = resolve_entries(entries, list(modules))
    units: dict[str, Unit] = {}
    covered_by: dict[str, tuple[str, str]] = {}  # module name -> (policy, entry where)
    for entry, names in zip(entries, resolved, strict=True):
        policy = entry.norm or schedule.norm
        for name in names:
            prev = units.get(name)
            if prev is not None:
                if prev.policy != policy:
                    problems.append(
                        f"{entry.where}: norm policy {policy!r} conflicts with {prev.policy!r} "
                        f"of {prev.where} for module {name!r}"
                    )
                continue
            units[name] = _unit(name, policy, entry.where, modules[name], pname, mname)
            if entry.output_requires_grad or (
                entry.output_requires_grad is None and schedule.output_requires_grad
            ):
                units[name] = replace(units[name], output_requires_grad=True)
            for sub in units[name].members:
                old = covered_by.setdefault(sub, (policy, entry.where))
                if old[0] != policy:
                    problems.append(
                        f"{entry.where}: norm policy {policy!r} conflicts with {old[0]!r} of "
                        f"{old[1]} on submodule {sub!r}; give overlapping entries one policy"
                    )
    bounds = list(schedule.boundaries())
    seg_units = []
    for b in bounds:
        active = [i for i, e in enumerate(entries) if e.frozen_at(b)]
        seg_units.append(frozenset(n for i in active for n in resolved[i]))
    plan = Plan(schedule, inner, ddp, params, modules, units, bounds, seg_units, problems)
    plan.owners = {n: owners[n] for n in params if n in owners}
    plan.warnings = _without_params(plan, entries, resolved)
    if not problems:
        problems += _nothing_trainable(plan)
    return plan


def _without_params(
    plan: Plan, entries: Sequence[FreezeEntry], resolved: Sequence[tuple[str, ...]]
) -> list[str]:
    """Entries that freeze no parameter at all (a Dropout, an activation, an empty module)."""
    out = []
    for entry, names in zip(entries, resolved, strict=True):
        units = [plan.units[n] for n in names if n in plan.units]
        if units and not any(u.params for u in units):
            kinds = sorted({type(plan.modules[u.name]).__name__ for u in units})
            what = f"module {names[0]!r}" if len(names) == 1 else f"{len(names)} modules"
            changes_mode = any(_has_mode(plan.modules[m]) for u in units for m in u.eval_modules)
            effect = (
                "freezing it only switches it to eval mode (dropout off, statistics fixed)"
                if changes_mode
                else "freezing it does nothing"
            )
            out.append(
                f"{entry.where}: {what} ({', '.join(kinds)}) {'has' if len(names) == 1 else 'have'}"
                f" no parameters: {effect}; did you mean its parent module?"
            )
    return out


def _unit(
    name: str,
    policy: str,
    where: str,
    root: torch.nn.Module,
    pname: dict[int, str],
    mname: dict[int, str],
) -> Unit:
    ps: set[str] = set()
    evals: set[str] = set()
    stats: set[str] = set()
    members: set[str] = set()
    for _, m in root.named_modules(prefix=name):
        members.add(mname[id(m)])
        if not keeps_params_trainable(m, policy):
            ps.update(pname[id(p)] for p in m.parameters(recurse=False))
        if not stays_in_train_mode(m, policy):
            evals.add(mname[id(m)])
        elif policy == "batch_stats":
            stats.add(mname[id(m)])
    numel = sum(p.numel() for p in root.parameters() if id(p) in pname and pname[id(p)] in ps)
    return Unit(
        name,
        policy,
        where,
        frozenset(ps),
        frozenset(evals),
        frozenset(stats),
        frozenset(members),
        numel,
    )


def _has_mode(module: torch.nn.Module) -> bool:
    """Whether eval mode changes what ``module`` computes (dropout, norm statistics)."""
    return is_norm(module) or isinstance(module, torch.nn.modules.dropout._DropoutNd)


def _nothing_trainable(plan: Plan) -> list[str]:
    trainable = {n for n, p in plan.params.items() if original_requires_grad(p)}
    if not trainable:
        return []
    bad = [i for i, u in enumerate(plan.seg_units) if u and trainable <= plan.frozen_params(u)]
    if not bad:
        return []
    runs: list[list[int]] = []
    for i in bad:
        if runs and runs[-1][1] == i - 1:
            runs[-1][1] = i
        else:
            runs.append([i, i])
    spans = [f"updates {plan.bounds[a]}..{plan.span(b).split('..')[1]}" for a, b in runs]
    return [
        f"no parameter of the model is trainable during {', '.join(spans)}: every trainable "
        "parameter is frozen there, and training cannot step with nothing to train"
    ]


def ddp_checks(plan: Plan, requires_grad_mode: bool) -> tuple[list[str], list[str]]:
    """Problems and hints of the DDP wrapper bound: its settings (``requires_grad`` mode
    only) and parameters that a scheduler had frozen when DDP was built (any mode)."""
    if plan.ddp is None:
        return [], []
    reducer = plan.ddp.reducer
    scheduled = plan.frozen_params(frozenset(plan.units))
    hints: list[str] = []
    problems: list[str] = []
    if requires_grad_mode:
        synced = any(id(plan.params[n]) in reducer for n in scheduled)
        problems = ddp_problems(plan.ddp, synced)
        if problems:
            hints.append(HINT_FIND_UNUSED)
    stale = sorted(
        n
        for n in scheduled
        if id(plan.params[n]) not in reducer and original_requires_grad(plan.params[n])
    )
    if stale:
        problems.append(
            f"{len(stale)} scheduled parameter(s) ({', '.join(stale[:4])}) were frozen when "
            "the model was wrapped in DistributedDataParallel and would train unsynchronised "
            "after unfreezing"
        )
        hints.append(HINT_WRAP_TIME)
    return problems, hints


def optimizer_problems(plan: Plan, optimizers: Sequence[torch.optim.Optimizer]) -> list[str]:
    """Scheduled parameters that will be trainable at some update but are in no param group."""
    if not optimizers:
        return []
    in_groups = {id(p) for opt in optimizers for g in opt.param_groups for p in g["params"]}
    problems = []
    for unit in plan.units.values():
        if all(unit.name in units for units in plan.seg_units):
            continue  # frozen for the whole run: never trains
        missing = sorted(
            n
            for n in unit.params
            if id(plan.params[n]) not in in_groups and original_requires_grad(plan.params[n])
        )
        if missing:
            problems.append(
                f"{unit.where}: {len(missing)} parameter(s) of {unit.name!r} "
                f"({', '.join(missing[:3])}{', ...' if len(missing) > 3 else ''}) are in no "
                "optimizer param group, so they would not train after unfreezing"
            )
    return problems
