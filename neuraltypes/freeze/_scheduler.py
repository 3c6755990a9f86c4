"""``FreezeScheduler``: put a model in the state a schedule wants for an optimizer update."""

from __future__ import annotations

import warnings
from bisect import bisect_right
from collections.abc import Sequence
from typing import Any

import torch
from torch.nn.parallel import DistributedDataParallel

from . import _registry
from ._bind import Plan, build_plan, ddp_checks, optimizer_problems
from ._change import UNCHANGED, FreezeChange, log_transition
from ._drop import GradDropper
from ._errors import FreezeConfigError
from ._mode import HINT_FSDP1, Mode, choose_mode, detect, fsdp_imported, wrapping_problems
from ._norm_modes import ModuleModes
from ._schedule import FOREVER, FreezeSchedule

__all__ = ["FreezeScheduler"]

_STATE_VERSION = 1
_HINT = "fix the names or windows in freeze_updates, or the model/optimizer setup described"


class FreezeScheduler:
    """A schedule bound to a model. Call ``apply(step)`` once per optimizer update.

    ``step`` is 1-based (NeMo's ``trainer.global_step + 1``); call it before the first
    micro-batch of each update, never between ``backward()`` and ``step()``.

    >>> m = torch.nn.Sequential(torch.nn.Linear(2, 2), torch.nn.Linear(2, 1))
    >>> s = FreezeSchedule.from_config({"enabled": True, "modules": {"0": 2}}).bind(m)
    >>> s.apply(1).frozen, bool(s.apply(2)), s.apply(3).unfrozen, m[0].weight.requires_grad
    (('0',), False, ('0',), True)
    """

    def __init__(
        self,
        schedule: FreezeSchedule,
        model: torch.nn.Module,
        optimizer: torch.optim.Optimizer | Sequence[torch.optim.Optimizer] | None = None,
        *,
        ddp: DistributedDataParallel | None = None,
    ) -> None:
        self.schedule = schedule
        self.model = model
        self._plan: Plan = build_plan(schedule, model, ddp)
        self.optimizers: tuple[torch.optim.Optimizer, ...] = ()
        self._mode: Mode = "requires_grad"
        self._hints: list[str] = []
        self._dropper = GradDropper()
        self._modes = ModuleModes(self._plan)
        self._lo = 0  # current segment is [_lo, _hi); empty until the first apply
        self._hi = 0
        self._step: int | None = None
        self._active: frozenset[str] = frozenset()
        self._frozen: set[str] = set()
        problems = list(self._plan.problems)
        problems += self._set_optimizers(optimizer)
        if not problems:
            problems += self._check_wrapping("")
        if problems:
            raise FreezeConfigError.from_problems(problems, self._hint())
        for text in self._plan.warnings:
            warnings.warn(f"freeze_updates: {text}", UserWarning, stacklevel=3)

    # -- public API ---------------------------------------------------------------------
    @property
    def step(self) -> int | None:
        """The last update passed to ``apply`` (``None`` before the first)."""
        return self._step

    @property
    def frozen_modules(self) -> tuple[str, ...]:
        """Names of the scheduled modules that are frozen now."""
        return tuple(sorted(self._active))

    @property
    def mode(self) -> Mode:
        """How parameters are frozen now: ``requires_grad`` or ``drop_grads``.

        ``mode: auto`` settles at bind and again at each transition while nothing is frozen,
        so a process group initialised after bind still gets ``drop_grads``.
        """
        return self._mode

    @property
    def plan(self) -> Plan:
        """The resolved schedule (units, segment boundaries); used by ``freeze-plan``."""
        return self._plan

    def set_optimizers(self, *optimizers: torch.optim.Optimizer) -> None:
        """Attach the optimizer(s) after bind; raises if an unfreezing module is in none."""
        problems = self._set_optimizers(list(optimizers))
        if problems:
            raise FreezeConfigError.from_problems(problems, self._hint())

    def apply(self, step: int) -> FreezeChange:
        """Put the model in the state for update ``step``; return what changed.

        Idempotent and history-free: any step gives the right state. When nothing changes
        it compares two integers and returns the shared, falsy ``UNCHANGED``.
        """
        if self._lo <= step < self._hi and type(step) is int:
            self._step = step
            return UNCHANGED
        return self._transition(step)

    def drop_frozen_grads(self) -> None:
        """Drop the frozen parameters' gradients now (mode ``drop_grads``).

        The optimizer step pre-hook does it anyway; call this before clipping gradients
        (``clip_grad_norm_``) so the frozen parts do not count in the norm.
        """
        if self._mode == "drop_grads":
            self._dropper.drop()

    def release(self) -> FreezeChange:
        """Unfreeze everything, restore every recorded flag and mode, remove the hooks."""
        change = self._move_to(frozenset(), self._step or 0)
        self._lo = self._hi = 0
        return change

    def state_dict(self) -> dict[str, Any]:
        """What a checkpoint needs: the step, the schedule and the recorded own flags."""
        params = self._plan.params
        return {
            "version": _STATE_VERSION,
            "step": self._step,
            "schedule": self.schedule.to_config(),
            "requires_grad": {
                n: _registry.original_requires_grad(params[n]) for n in sorted(self._frozen)
            },
            "training": dict(self._modes.saved_training),
            "track_running_stats": dict(self._modes.saved_stats),
        }

    def load_state_dict(self, state: dict[str, Any]) -> None:
        """Restore recorded flags from ``state_dict()``; then call ``apply(step)`` as usual."""
        if state.get("version") != _STATE_VERSION:
            raise FreezeConfigError(
                f"freeze_updates: unsupported scheduler state version {state.get('version')!r}"
            )
        if not self._same_schedule(state.get("schedule")):
            warnings.warn(
                "freeze_updates: the checkpoint was saved with a different schedule; the "
                "current one is applied from the restored step. HINT: this is expected only "
                "if you changed the config on purpose",
                stacklevel=2,
            )
        for name, flag in state.get("requires_grad", {}).items():
            p = self._plan.params.get(name)
            if p is not None and name not in self._frozen:
                _registry.record(p, bool(flag))
        for name, flag in state.get("training", {}).items():
            self._modes.saved_training.setdefault(name, bool(flag))
        for name, flag in state.get("track_running_stats", {}).items():
            self._modes.saved_stats.setdefault(name, bool(flag))
        self._step = state.get("step")
        self._lo = self._hi = 0

    # -- internals ----------------------------------------------------------------------
    def _same_schedule(self, saved: Any) -> bool:
        """Compare parsed schedules, so keys added in later versions compare as defaults."""
        try:
            return FreezeSchedule.from_config(saved) == self.schedule
        except FreezeConfigError:
            return False

    def _hint(self) -> str:
        top = [n for n in self._plan.modules if n and "." not in n]
        shown = ", ".join(top[:12]) + (", ..." if len(top) > 12 else "")
        if self._hints:
            return "; ".join(self._hints)
        return f"{_HINT}; top-level modules of the model are: {shown or '(none)'}"

    def _set_optimizers(
        self, optimizer: torch.optim.Optimizer | Sequence[torch.optim.Optimizer] | None
    ) -> list[str]:
        if optimizer is None:
            return []
        opts = (optimizer,) if isinstance(optimizer, torch.optim.Optimizer) else tuple(optimizer)
        self.optimizers = opts
        self._plan.refresh()  # the optimizer holds what the modules hold now
        return optimizer_problems(self._plan, opts)

    def _check_wrapping(self, at: str) -> list[str]:
        """Follow replaced parameters, settle ``auto``, and refuse what is unsafe now."""
        plan = self._plan
        lost = plan.refresh()
        modules = [self.model, *plan.modules.values()]
        held = (p for m in modules for p in m._parameters.values() if p is not None)
        wrapping = detect(modules, [*plan.params.values(), *held], plan.ddp)
        if lost or wrapping.fsdp == "fsdp1":
            self._hints = [HINT_FSDP1]
        if lost and wrapping.fsdp != "fsdp1":
            cause = " (FSDP1 FullyShardedDataParallel does so)" if fsdp_imported() else ""
            return [
                f"{at}{len(lost)} parameter(s) ({', '.join(lost[:4])}) are no longer held by "
                f"their modules: a wrapper replaced or flattened them{cause}, so the "
                "scheduler cannot be sure what it freezes"
            ]
        if not self._frozen:  # nothing frozen: the mode may still change
            self._mode = choose_mode(self.schedule.mode, wrapping)
        problems, self._hints = wrapping_problems(self._mode, wrapping)
        ddp_problems, ddp_hints = ddp_checks(plan, self._mode == "requires_grad")
        self._hints += ddp_hints
        return [f"{at}{p}" for p in problems + ddp_problems]

    def _transition(self, step: int) -> FreezeChange:
        if type(step) is not int or step < 1:
            raise ValueError(
                f"freeze_updates: step must be a 1-based int optimizer update, got {step!r}. "
                "HINT: pass trainer.global_step + 1"
            )
        if self.schedule.active_entries:
            problems = self._check_wrapping(f"update {step}: ")
            if problems:
                raise FreezeConfigError.from_problems(problems, self._hint())
        plan = self._plan
        seg = bisect_right(plan.bounds, step) - 1
        change = self._move_to(plan.seg_units[seg], step)
        self._lo = plan.bounds[seg]
        self._hi = plan.bounds[seg + 1] if seg + 1 < len(plan.bounds) else FOREVER
        self._step = step
        return change

    def _move_to(self, units: frozenset[str], step: int) -> FreezeChange:
        if units == self._active:
            return UNCHANGED
        plan = self._plan
        want = plan.frozen_params(units)
        to_freeze = want - self._frozen
        to_unfreeze = self._frozen - want
        self._check_unfreeze(to_unfreeze, step)
        drop = self._mode == "drop_grads"
        for n in to_freeze:
            if drop:
                plan.params[n].grad = None  # a pending gradient must not reach the step
            else:
                _registry.freeze_param(plan.params[n])
        froze = {n for n in to_freeze if _registry.original_requires_grad(plan.params[n])}
        reset = self.schedule.optimizer_state == "reset"
        unfroze = set()  # the parameters that really train again (own flag True)
        for n in to_unfreeze:
            p = plan.params[n]
            if drop:
                p.grad = None  # left over from the frozen window (a skipped AMP step)
            if p.requires_grad if drop else _registry.unfreeze_param(p):
                unfroze.add(n)
                for opt in self.optimizers if reset else ():
                    opt.state.pop(p, None)
        self._frozen = want
        self._dropper.set_targets(
            [(n, *plan.owners[n], plan.params[n]) for n in sorted(want)] if drop else []
        )
        self._modes.set(units)
        frozen = tuple(sorted(units - self._active))
        unfrozen = tuple(sorted(self._active - units))
        self._active = units
        return FreezeChange(
            step,
            frozen,
            unfrozen,
            self._log(step, "froze", frozen, froze),
            self._log(step, "unfroze", unfrozen, unfroze),
        )

    def _check_unfreeze(self, names: set[str], step: int) -> None:
        params = self._plan.params
        will_train = [n for n in names if _registry.original_requires_grad(params[n])]
        problems = []
        ddp = self._plan.ddp
        if ddp is not None:
            drift = sorted(n for n in will_train if id(params[n]) not in ddp.reducer)
            if drift:
                problems.append(
                    f"update {step}: {', '.join(drift[:4])} would unfreeze but were frozen "
                    "when DistributedDataParallel was built, so ranks would drift apart"
                )
        if self.optimizers:
            groups = {id(p) for o in self.optimizers for g in o.param_groups for p in g["params"]}
            missing = sorted(n for n in will_train if id(params[n]) not in groups)
            if missing:
                problems.append(
                    f"update {step}: {', '.join(missing[:4])} would unfreeze but are in no "
                    "optimizer param group, so they would not train"
                )
        if problems:
            raise FreezeConfigError.from_problems(
                problems,
                "build the optimizer (and DDP) from all model.parameters() before the first "
                "apply: frozen parameters have grad None, so optimizers skip them",
            )

    def _log(self, step: int, action: str, units: tuple[str, ...], changed: set[str]) -> int:
        """Log each unit; a parameter is counted once, by the first (outermost) unit."""
        total = 0
        for u in units:
            names = self._plan.units[u].params & changed
            changed = changed - names
            numel = sum(self._plan.params[n].numel() for n in names)
            log_transition(step, action, u, len(names), numel)
            total += numel
        return total
